// The agreement report of `appraise agree` in its four forms: text for the
// terminal, JSON for programs, CSV (the statistics table, one row per item)
// and Markdown (the appendix table of a review, with the disagreements).
// A statistic that is not defined is "n/a" in text, Markdown and CSV (an
// empty cell, its reason in `notes`) and null with a reason in JSON; never NaN.
#pragma once

#include <iosfwd>
#include <string>

#include "appraise/agreement/agreement.hpp"

namespace appraise {

// "0.800 [0.421, 1.000]", or "n/a".
[[nodiscard]] std::string format_estimate(const agreement_estimate& estimate);

void write_agreement_text(std::ostream& out, const agreement_report& report);
void write_agreement_json(std::ostream& out, const agreement_report& report);
void write_agreement_csv(std::ostream& out, const agreement_report& report);
void write_agreement_markdown(std::ostream& out, const agreement_report& report);

}  // namespace appraise
