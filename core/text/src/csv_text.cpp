#include "appraise/text/csv_text.hpp"

namespace appraise {

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
