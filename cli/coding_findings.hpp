// What `check` reports of a rubric's appraisal, and what `serve` counts in a
// study's state: the findings about the coding itself (every error, and the
// warnings that a question was left unanswered or not assessed), not the
// judgements nor the study's weaknesses.
#pragma once

#include <string_view>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise::cli {

[[nodiscard]] inline bool about_the_coding(const sdk::finding& finding) {
    if (finding.level == sdk::severity::error) return true;
    if (finding.level != sdk::severity::warning) return false;
    const std::string_view id = finding.id;
    return id.find("/unanswered") != std::string_view::npos || id.find("/not-answered") != std::string_view::npos ||
           id.find("not-assessed") != std::string_view::npos;
}

}  // namespace appraise::cli
