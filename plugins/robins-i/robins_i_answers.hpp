// ROBINS-I signalling-question answer codes (Y, PY, PN, N, NI, NA) and the
// sets the gates are written in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace robins_i {

enum class answer_code { y, py, pn, n, ni, na };

[[nodiscard]] std::string_view code_text(answer_code code);
// Case-insensitive: "py" and "PY" are the same answer. nullopt: not a code.
[[nodiscard]] std::optional<answer_code> parse_code(std::string_view text);

[[nodiscard]] inline bool is_yes(answer_code c) {
    return c == answer_code::y || c == answer_code::py;
}
[[nodiscard]] inline bool is_no(answer_code c) {
    return c == answer_code::n || c == answer_code::pn;
}

}  // namespace robins_i
