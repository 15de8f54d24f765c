// One ROBINS-I V2 result: reads the preliminaries and triage, the signalling
// answers of the domains the variant selects, judges each domain with the
// selected encoding (E2 and E3 beside it, a disagreement flagged as
// disputed), applies the reviewer's overrides and decides the overall.
#pragma once

#include <string>
#include <string_view>

#include <appraise/sdk/rubric_api.hpp>

#include "v2_levels.hpp"

namespace robins_i_v2 {

inline constexpr std::string_view rubric_id = "robins-i-v2";
inline constexpr const char* rubric_version = "0.1.0";
inline constexpr std::string_view tool_version = "robins-i-v2-20251120";  // the draft of 20 Nov 2025

struct settings {
    encoding reported = encoding::e1;
    bool q4_7_offers_n = true;
    static settings from(const appraise::sdk::option_values& options);
};

[[nodiscard]] appraise::sdk::appraisal appraise_result(const appraise::sdk::study& study,
                                                       const appraise::sdk::node& answers, const settings& config,
                                                       std::string label);

}  // namespace robins_i_v2
