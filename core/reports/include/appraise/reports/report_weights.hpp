// Study weights for weighted summaries (`--weight FIELD`): the engine copies
// the field into each study's facets; this checks it is a plain non-negative
// number and turns a missing or bad value into an input error at the study.
#pragma once

#include <optional>
#include <string>

#include "appraise/model/study_result.hpp"

namespace appraise {

// Adds an error diagnostic to every appraised study of `file` whose `field` is
// missing or not a plain number, and marks it skipped. Safe to call twice.
void check_weights(file_result& file, const std::string& field);

// The weight as written (a plain decimal, as robvis needs it), or nullopt.
[[nodiscard]] std::optional<std::string> weight_text(const study_result& study, const std::string& field);

}  // namespace appraise
