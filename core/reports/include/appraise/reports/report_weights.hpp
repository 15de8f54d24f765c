// Study weights for weighted summaries (`--weight FIELD`): the engine copies
// the field into each study's facets. What a weight is (a plain non-negative
// number, as robvis reads it) is defined once here: the input check the CLI
// hands the engine (a study check, run before any writer sees the study), and
// the reading the writers do.
#pragma once

#include <optional>
#include <string>

#include "appraise/model/study_result.hpp"

namespace appraise {

// If `study` is appraised and its `field` is missing or not a plain number,
// adds an error diagnostic at the study and marks it skipped. Safe to call twice.
void check_weight(study_result& study, const std::string& field);

// The weight as written (a plain decimal, as robvis needs it), or nullopt.
[[nodiscard]] std::optional<std::string> weight_text(const study_result& study, const std::string& field);

// The same weight as a number (finite: a weight too large for a double is not
// a weight), or nullopt.
[[nodiscard]] std::optional<double> weight_value(const study_result& study, const std::string& field);

}  // namespace appraise
