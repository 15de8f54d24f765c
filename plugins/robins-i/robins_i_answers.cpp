#include "robins_i_answers.hpp"

#include <array>
#include <cctype>

namespace robins_i {

namespace {
constexpr std::array<std::pair<answer_code, std::string_view>, 6> codes{{
    {answer_code::y, "Y"},
    {answer_code::py, "PY"},
    {answer_code::pn, "PN"},
    {answer_code::n, "N"},
    {answer_code::ni, "NI"},
    {answer_code::na, "NA"},
}};
}  // namespace

std::string_view code_text(answer_code code) {
    for (const auto& [c, text] : codes)
        if (c == code) return text;
    return "NI";
}

std::optional<answer_code> parse_code(std::string_view text) {
    std::string upper;
    for (const char ch : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    for (const auto& [c, word] : codes)
        if (word == upper) return c;
    return std::nullopt;
}

}  // namespace robins_i
