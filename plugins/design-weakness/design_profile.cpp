#include "design_profile.hpp"

#include <appraise/sdk/helpers.hpp>

#include <algorithm>
#include <array>

namespace design_weakness {
namespace {

template <std::size_t n>
bool one_of(const std::string& value, const std::array<const char*, n>& set) {
    return std::any_of(set.begin(), set.end(), [&](const char* s) { return value == s; });
}

using appraise::sdk::text_at;

}  // namespace

design_profile profile_of(const appraise::sdk::study& study) {
    constexpr std::array randomised_types{"rct", "cluster-rct", "crossover-rct"};
    constexpr std::array controlled_types{"rct", "cluster-rct", "crossover-rct", "non-randomised-controlled",
                                          "controlled-before-after"};
    constexpr std::array single_group_types{"pre-post", "case-series", "interrupted-time-series"};
    constexpr std::array observational_types{"cohort", "case-control", "cross-sectional"};

    design_profile p;
    p.type = text_at(study, "design.type");
    const std::string allocation = text_at(study, "design.allocation");
    const std::string comparator = text_at(study, "design.comparator");

    p.qualitative = p.type == "qualitative";
    p.observational = one_of(p.type, observational_types);
    // An interrupted time series with a coded comparator is a controlled one.
    const bool has_comparator = !comparator.empty() && comparator != "none";
    p.single_group = (one_of(p.type, single_group_types) && !(p.type == "interrupted-time-series" && has_comparator)) ||
                     comparator == "none" || allocation == "none";
    p.controlled = !p.qualitative && !p.single_group && !p.observational &&
                   (one_of(p.type, controlled_types) || has_comparator || allocation == "random" ||
                    allocation == "quasi-random" || allocation == "non-random");
    p.randomised = p.controlled && (one_of(p.type, randomised_types) || allocation == "random");
    p.intervention = !p.qualitative && !p.observational;
    p.cluster = p.intervention && (text_at(study, "design.unit") == "cluster" || p.type == "cluster-rct");
    return p;
}

}  // namespace design_weakness
