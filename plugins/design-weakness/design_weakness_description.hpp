// The design-weakness rubric's description: its domains, the catalogue (each
// check's row, from check_list.hpp) and its options (the rubric-wide one and
// each check's own). `appraise explain design-weakness` prints this.
#pragma once

#include <appraise/sdk/rubric_api.hpp>

namespace design_weakness {

[[nodiscard]] appraise::sdk::rubric_description describe();

}  // namespace design_weakness
