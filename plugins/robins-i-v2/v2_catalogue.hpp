// The robins-i-v2 description: domains, findings catalogue, options and the
// `appraise explain` text (version, sources, what is verified, what is an option).
#pragma once

#include <appraise/sdk/rubric_api.hpp>

namespace robins_i_v2 {

[[nodiscard]] appraise::sdk::rubric_description describe();

}  // namespace robins_i_v2
