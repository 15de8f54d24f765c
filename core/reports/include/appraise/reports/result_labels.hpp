// How reports name one assessed result: the study id, the rubric's result
// label in parentheses ("chen-2017 (depression (assignment))"), and " #2",
// " #3" when a study repeats a label within one rubric, so every row of a
// table or plot can be told apart.
#pragma once

#include <string>
#include <vector>

#include "appraise/model/study_result.hpp"

namespace appraise {

// One label per element of study.appraisals, in the same order.
[[nodiscard]] std::vector<std::string> result_labels(const study_result& study);

}  // namespace appraise
