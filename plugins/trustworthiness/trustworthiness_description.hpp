// What `appraise explain trustworthiness` prints: domains, scale, the
// catalogue (computed flags from check_list, reviewer checks from
// inspect_checks, and the rubric's own notes and errors), questions, options.
#pragma once

#include <appraise/sdk/rubric_api.hpp>

namespace trustworthiness {

[[nodiscard]] appraise::sdk::rubric_description describe();

}  // namespace trustworthiness
