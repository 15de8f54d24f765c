// What `check` reports of a rubric's appraisal, and what `serve` counts in a
// study's state: the findings about the coding itself (every error, and the
// warnings that a question was left unanswered or not assessed), not the
// judgements nor the study's weaknesses. The SDK holds the rule, so a rubric
// asked for the coding scope (sdk::appraisal_scope) keeps the same findings.
#pragma once

#include "appraise/sdk/rubric_api.hpp"

namespace appraise::cli {

[[nodiscard]] inline bool about_the_coding(const sdk::finding& finding) {
    return sdk::is_about_the_coding(finding);
}

}  // namespace appraise::cli
