// A domain judged by several readings of its algorithm (ROBINS-I V2's
// encodings E1-E3) is disputed where they disagree. Reports for people show
// the readings then, in one wording; each writer escapes for its own language.
#pragma once

#include <string>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// Whether the readings give more than one judgement (a reading with no rule counts as one).
[[nodiscard]] bool readings_differ(const std::vector<sdk::alternative_judgement>& alternatives);

// "Readings differ: E1 Moderate, E2 Serious, E3 no judgement"; empty when they agree.
[[nodiscard]] std::string alternatives_text(const std::vector<sdk::alternative_judgement>& alternatives);

}  // namespace appraise
