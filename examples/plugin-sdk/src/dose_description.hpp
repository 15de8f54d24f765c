// What the intervention-dose rubric is, as `appraise list` and `appraise
// explain intervention-dose` show it and as the host validates options
// against: its id, judgement scale, domains, findings catalogue and options.
#pragma once

#include <appraise/sdk/rubric_api.hpp>

namespace intervention_dose {

inline constexpr const char* rubric_id = "intervention-dose";
inline constexpr const char* rubric_version = "1.0.0";

[[nodiscard]] appraise::sdk::rubric_description describe();

}  // namespace intervention_dose
