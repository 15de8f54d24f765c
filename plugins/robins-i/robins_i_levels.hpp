// The ROBINS-I judgement scale (Low, Moderate, Serious, Critical, No
// information) and the tool's rule for the overall judgement.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace robins_i {

enum class level { low, moderate, serious, critical, no_information };

[[nodiscard]] std::string_view level_word(level l);   // kebab-case: "no-information"
[[nodiscard]] std::string_view level_title(level l);  // for people: "No information"
// Case-insensitive; accepts "no-information", "No information", "no_information".
[[nodiscard]] std::optional<level> parse_level(std::string_view text);
[[nodiscard]] const std::vector<level>& all_levels();

struct overall_result {
    level judgement = level::low;
    std::string rationale;  // the rule that fired and the domains it read
};

// The 2016 rule over the seven domain judgements (in order d1..d7):
// Critical if any domain is Critical; else Serious if any is Serious; else No
// information if any is No information; else Moderate if any is Moderate;
// else Low.
[[nodiscard]] overall_result overall_of(const std::vector<level>& domains);

}  // namespace robins_i
