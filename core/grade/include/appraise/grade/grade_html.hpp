// The summary-of-findings table of the HTML report: one row per review
// outcome with its studies, starting level, the reviewer's rating of each
// GRADE domain, the computed risk-of-bias proposal (labelled as one) and the
// certainty with its ⊕ symbols and footnotes. `run --format html` asks for it
// through report_context::extra_section when the configuration declares
// [[review.outcomes]].
#pragma once

#include <string>
#include <vector>

#include "appraise/grade/grade_outcome.hpp"

namespace appraise {

// A complete <section id="summary-of-findings">; empty when there is no outcome.
[[nodiscard]] std::string summary_of_findings_html(const std::vector<outcome_grade>& grades,
                                                   const review_config& config);

}  // namespace appraise
