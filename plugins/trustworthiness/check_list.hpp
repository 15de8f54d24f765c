// Every computable trustworthiness check, in catalogue order: the order
// `appraise explain` lists them in and each domain's answers follow.
#pragma once

#include <vector>

#include <appraise/sdk/rubric_api.hpp>

#include "check.hpp"

namespace trustworthiness {

[[nodiscard]] const std::vector<check>& all_checks();

struct check_results {
    std::vector<appraise::sdk::finding> findings;
    std::vector<check_outcome> outcomes;  // one per check, in list order
};

// Runs every check on one study.
[[nodiscard]] check_results run_checks(const appraise::sdk::study& study, const appraise::sdk::option_values& options);

}  // namespace trustworthiness
