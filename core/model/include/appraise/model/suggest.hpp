// "Did you mean ...?": the nearest known word to a misspelt one. One
// implementation, in the SDK, serves the host and every plugin.
#pragma once

#include "appraise/sdk/helpers.hpp"

namespace appraise {

using sdk::edit_distance;
using sdk::nearest;

}  // namespace appraise
