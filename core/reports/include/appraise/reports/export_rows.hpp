// What the per-result exports for other tools (robvis, RevMan Web) share:
// when a result's row would carry a judgement the reviewer did not make, and
// how its outcome is read from its label. Neither tool has a "not assessed"
// level, so such a row stays out and the notes say where and why.
#pragma once

#include <string>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// The domains (and overall) not assessed, with why: "Missing outcome data:
// question 3.1 is not answered; Overall: ..."; empty when all were judged.
[[nodiscard]] std::string unassessed_text(const sdk::appraisal& appraisal);

// The appraisal's error findings (a coding error: an answer not of the
// scale, an unknown key), located: "file:line:col: message [id]; ...";
// empty when there are none.
[[nodiscard]] std::string coding_error_text(const sdk::appraisal& appraisal);

// A result of outcome `id`: its label is the id, or starts "id (" (rob2,
// ROBINS-I: "reading (assignment)"). Outcome ids hold no blank or bracket.
[[nodiscard]] bool of_outcome(const std::string& label, const std::string& id);
// The outcome id a label starts with: "reading (assignment)" -> "reading".
[[nodiscard]] std::string outcome_of(const std::string& label);

// Items joined by ", ".
[[nodiscard]] std::string joined(const std::vector<std::string>& items);

}  // namespace appraise
