// A coded value (sdk::node) as people read it in a message, a table cell or
// an audit group: a string as it is (no quotes), true or false, a number as
// format_number writes it (so 9.0 and 9 read alike). A table or an array
// reads "(table)" or "(array)": where its contents matter, write it in a
// language that keeps them apart (agreement uses inline TOML, so ["a, b"]
// and ["a", "b"] stay two values).
#pragma once

#include <string>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

[[nodiscard]] std::string node_text(const sdk::node& value);

// A string, integer, number or boolean: one that node_text writes in full.
[[nodiscard]] bool is_scalar(const sdk::node& value);

}  // namespace appraise
