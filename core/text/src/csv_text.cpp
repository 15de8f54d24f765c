#include "appraise/text/csv_text.hpp"

namespace appraise {

std::string csv_field(std::string_view text) {
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string line;
    for (const auto& field : fields) {
        if (!line.empty() || &field != &fields.front()) line += ',';
        line += csv_field(field);
    }
    line += '\n';
    return line;
}

}  // namespace appraise
