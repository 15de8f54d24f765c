// What kind of study this is, as far as the design-weakness checks care:
// whether it has a comparison group, was randomised, allocated clusters, ...
// Derived from design.type and, where that is missing, from the other facts.
#pragma once

#include <string>

#include <appraise/sdk/rubric_api.hpp>

namespace design_weakness {

struct design_profile {
    std::string type;            // design.type, empty when not reported
    bool qualitative = false;    // no effect estimate: quantitative checks stay silent
    bool observational = false;  // cohort, case-control, cross-sectional: nothing was allocated
    bool single_group = false;   // everyone received the intervention
    bool controlled = false;     // an intervention group compared with another group
    bool randomised = false;
    bool cluster = false;       // clusters, not individuals, were allocated
    bool intervention = false;  // a quantitative evaluation of an intervention
};

[[nodiscard]] design_profile profile_of(const appraise::sdk::study& study);

// The profiles above in words, for the `applies_to` of the checks' catalogue rows.
inline constexpr const char* controlled_designs =
    "studies comparing an intervention group with another group (rct, cluster-rct, crossover-rct, "
    "non-randomised-controlled, controlled-before-after, or a comparator coded)";
inline constexpr const char* randomised_designs =
    "randomised studies (rct, cluster-rct, crossover-rct, or allocation = random)";
inline constexpr const char* cluster_designs = "cluster-allocated studies (design.unit = cluster, or cluster-rct)";
inline constexpr const char* intervention_designs =
    "quantitative evaluations of an intervention (every design except qualitative, cohort, case-control and "
    "cross-sectional)";

}  // namespace design_weakness
