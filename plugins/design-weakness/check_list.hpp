// Every design-weakness check, in catalogue order: the order `appraise
// explain` lists them in and each domain's answers follow.
#pragma once

#include <vector>

#include <appraise/sdk/rubric_api.hpp>

#include "check.hpp"

namespace design_weakness {

[[nodiscard]] const std::vector<check>& all_checks();

// Runs every check on one study.
[[nodiscard]] check_results run_checks(const appraise::sdk::study& study, const appraise::sdk::option_values& options,
                                       bool flag_not_reported);

}  // namespace design_weakness
