// The ephpp rubric's description: components a..f (rated) and g, h (recorded),
// the scale, every finding it can emit, its options and the text `appraise
// explain ephpp` prints (questions, responses, derivations, rules).
#pragma once

#include <vector>

#include <appraise/sdk/rubric_api.hpp>

namespace ephpp {

inline constexpr const char* rubric_id = "ephpp";
inline constexpr const char* rubric_version = "1.0.0";

// a..h in order, with the names other writers (robvis, HTML) rely on.
[[nodiscard]] const std::vector<appraise::sdk::domain_spec>& domain_specs();

[[nodiscard]] appraise::sdk::rubric_description describe();

}  // namespace ephpp
