// The rob2 rubric's description: domains, the judgement scale, every finding
// it can emit, its options, and the text `appraise explain rob2` prints (each
// question paraphrased with its id, allowed answers and gate, and each domain's
// algorithm in words), generated from the question bank so it cannot drift.
#pragma once

#include <appraise/sdk/rubric_api.hpp>

#include "rob2_algorithms.hpp"

namespace rob2 {

inline constexpr const char* rubric_version = "1.0.0";

[[nodiscard]] appraise::sdk::rubric_description describe();

[[nodiscard]] algorithm_settings settings_from(const appraise::sdk::option_values& options);

}  // namespace rob2
