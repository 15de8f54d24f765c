// A rubric's options: defaults from its description, overridden by
// [options.<rubric-id>] in appraise.toml, checked for name, type and range.
#pragma once

#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// `configured` is the [options.<id>] table, or nullptr when there is none.
[[nodiscard]] sdk::option_values resolve_options(const sdk::rubric_description& rubric, const sdk::node* configured,
                                                 diagnostics& problems);

// The value as it would be written in TOML (for `explain` and reports).
[[nodiscard]] std::string option_text(const sdk::option_value& value);

}  // namespace appraise
