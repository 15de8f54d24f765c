// The robins-i rubric's description: domains d1..d7, the judgement scale,
// every finding it can emit, its options and the text `appraise explain
// robins-i` prints (questions, answers, gates, rules).
#pragma once

#include <vector>

#include <appraise/sdk/rubric_api.hpp>

namespace robins_i {

inline constexpr const char* rubric_id = "robins-i";
inline constexpr const char* rubric_version = "1.0.0";

// d1..d7 in order, with the names other writers (robvis, HTML) rely on.
[[nodiscard]] const std::vector<appraise::sdk::domain_spec>& domain_specs();

[[nodiscard]] appraise::sdk::rubric_description describe();

}  // namespace robins_i
