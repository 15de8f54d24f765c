// The INSPECT-SR checks a reviewer answers under [appraisal.trustworthiness]
// ("1.1" = "yes" | "no" | "not-applicable"; "yes" is a concern), in our own
// words: the ten checks instruments-2.md section 6 names (five VERIFIED
// against the guidance, five from secondary sources, each row's `source` says
// which); INSPECT-SR's other eleven are not shipped until confirmed.
#pragma once

#include <string_view>
#include <vector>

namespace trustworthiness {

struct inspect_check {
    std::string_view id;      // "1.1"
    std::string_view domain;  // notices, conduct, text, results
    std::string_view prompt;  // paraphrased
    std::string_view slug;    // the finding a "yes" raises
    std::string_view title;   // of that finding, for explain
    std::string_view why;     // what a "yes" means for the review
    std::string_view source;
    bool serious = false;  // a "yes" proposes serious concerns for its domain on its own
};

[[nodiscard]] const std::vector<inspect_check>& inspect_checks();
[[nodiscard]] const inspect_check* find_inspect_check(std::string_view id);

// The words an answer takes: yes (a concern), no, not-applicable.
[[nodiscard]] const std::vector<std::string_view>& answer_words();

}  // namespace trustworthiness
