// The design-weakness checks: each reads study facts, decides whether it
// applies to the study's design, and emits at most a few findings that say
// what was found, whether it was reported as such or not reported at all, and
// why it matters.
#pragma once

#include <string>
#include <vector>

#include <appraise/sdk/rubric_api.hpp>

namespace design_weakness {

struct settings {
    std::int64_t min_clusters_per_arm = 4;
    std::int64_t min_arm_size = 30;
    double min_completion = 0.8;
    double max_attrition_gap = 0.1;
    bool flag_not_reported = true;

    [[nodiscard]] static settings from(const appraise::sdk::option_values& options);
};

enum class check_status {
    not_applicable,     // the design makes the check meaningless
    passed,             // the facts show no weakness
    reported_weakness,  // the study reports the weakness (e.g. registered = false)
    unreported,         // the facts the check needs were not reported
};

struct check_outcome {
    std::string_view slug;  // a string literal of the catalogue
    check_status status = check_status::not_applicable;
    appraise::sdk::severity level = appraise::sdk::severity::warning;  // of the check's findings
    std::string_view domain;
};

struct check_results {
    std::vector<appraise::sdk::finding> findings;
    std::vector<check_outcome> outcomes;  // one per check, catalogue order
};

[[nodiscard]] check_results run_checks(const appraise::sdk::study& study, const settings& config);

}  // namespace design_weakness
