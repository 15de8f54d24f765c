// Parses an expression's text into its syntax tree, or reports where it does
// not parse. The size and nesting limits of expression.hpp are enforced here.
#pragma once

#include <string>
#include <vector>

#include "appraise/declarative/expression.hpp"

namespace appraise::declarative {

// Parses `source`; syntax errors (and the limits) go to `errors`.
[[nodiscard]] expression parse_expression(const std::string& source, std::vector<expression_error>& errors);

}  // namespace appraise::declarative
