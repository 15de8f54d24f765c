// ROBINS-I V2 answer codes: the standard Y/PY/PN/N/NI, the graded noes WN
// ("no, not substantial") and SN ("no, probably substantial"), the graded
// yeses SY/WY, and NA (instruments-2.md section 3, "Codes"), with the sets
// the gates and algorithms are written in.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <appraise/sdk/helpers.hpp>

namespace robins_i_v2 {

enum class code : std::uint8_t { y, py, wn, sn, sy, wy, pn, n, ni, na };

[[nodiscard]] std::string_view to_text(code c);
// Case-insensitive ("py" is PY); nullopt for anything else.
[[nodiscard]] std::optional<code> parse_code(std::string_view text);

using code_set = appraise::sdk::code_set<code>;

// YES = {Y, PY}, NO = {N, PN} (instruments-2.md, "Codes").
inline constexpr code_set yes_set{code::y, code::py};
inline constexpr code_set no_set{code::n, code::pn};
inline constexpr code_set no_or_ni{code::n, code::pn, code::ni};
inline constexpr code_set yes_or_ni{code::y, code::py, code::ni};
// The answer sets of section 3.2.
inline constexpr code_set standard{code::y, code::py, code::pn, code::n, code::ni};
inline constexpr code_set binary{code::y, code::py, code::pn, code::n};  // no NI (1A.4, 1B.5, B1-B3, 4.11)
inline constexpr code_set graded_no{code::y, code::py, code::wn, code::sn, code::ni};   // Y/PY/WN/SN/NI
inline constexpr code_set graded_yes{code::sy, code::wy, code::pn, code::n, code::ni};  // SY/WY/PN/N/NI

// "Y/PY/WN/SN/NI": in the order of `code`.
[[nodiscard]] std::string to_text(code_set set, std::string_view separator = "/");

[[nodiscard]] inline bool in(code c, code_set set) {
    return set.has(c);
}

// Each question's effective answer so far: NA when gated out or not yet
// read; a reached question left out or answered invalidly reads as NI, so the
// questions it may open are asked too.
class answer_sheet {
public:
    void set(std::string_view id, code c) { codes_[std::string(id)] = c; }
    [[nodiscard]] code at(std::string_view id) const {
        const auto found = codes_.find(id);
        return found == codes_.end() ? code::na : found->second;
    }

private:
    std::map<std::string, code, std::less<>> codes_;
};

}  // namespace robins_i_v2
