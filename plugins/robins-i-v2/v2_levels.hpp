// The ROBINS-I V2 judgement levels, best first, and the three transcriptions
// of the draft's algorithms (instruments-2.md section 3.3: E1 is the default,
// E2 and E3 are computed beside it so a disagreement is shown, never hidden).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace robins_i_v2 {

// Low; Low except for concerns about uncontrolled confounding (the best level
// of domain 1 and of the overall); Moderate; Serious; Critical. NI is an
// answer, not a level (instruments-2.md section 3.2, "Domain levels").
enum class level { low, low_except, moderate, serious, critical };

[[nodiscard]] std::string_view level_word(level l);   // "low-except-uncontrolled-confounding"
[[nodiscard]] std::string_view level_title(level l);  // "Low except for concerns about uncontrolled confounding"
[[nodiscard]] std::optional<level> parse_level(std::string_view word);
[[nodiscard]] const std::vector<level>& all_levels();
[[nodiscard]] int rank(level l);  // 0 best
// The additive ladders of D2 and D4: 0 Low, 1 Moderate, 2 Serious, 3 or more Critical.
[[nodiscard]] level from_steps(int steps);

enum class encoding { e1, e2, e3 };
inline constexpr encoding all_encodings[] = {encoding::e1, encoding::e2, encoding::e3};

[[nodiscard]] std::string_view encoding_name(encoding e);  // "E1"
[[nodiscard]] std::optional<encoding> parse_encoding(std::string_view text);

// What one encoding makes of a domain's answers. No judgement: the encoding
// has no rule for these answers (E2's dead ends).
struct verdict {
    std::optional<level> judgement;
    std::string rule;  // the rule that fired, in words
};

}  // namespace robins_i_v2
