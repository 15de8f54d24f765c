#include "v2_codes.hpp"

#include <array>
#include <cctype>

namespace robins_i_v2 {

namespace {
constexpr std::array<code, 10> all_codes{code::y,  code::py, code::wn, code::sn, code::sy,
                                         code::wy, code::pn, code::n,  code::ni, code::na};
}

std::string_view to_text(code c) {
    switch (c) {
        case code::y:
            return "Y";
        case code::py:
            return "PY";
        case code::wn:
            return "WN";
        case code::sn:
            return "SN";
        case code::sy:
            return "SY";
        case code::wy:
            return "WY";
        case code::pn:
            return "PN";
        case code::n:
            return "N";
        case code::ni:
            return "NI";
        case code::na:
            return "NA";
    }
    return "NA";
}

std::optional<code> parse_code(std::string_view text) {
    std::string upper;
    for (const char ch : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    for (const code c : all_codes)
        if (to_text(c) == upper) return c;
    return std::nullopt;
}

std::string to_text(code_set set, std::string_view separator) {
    return appraise::sdk::join_codes(
        set, all_codes, [](code c) { return to_text(c); }, separator);
}

}  // namespace robins_i_v2
