// Decides a condition without a study where the rubric alone settles it, so
// that rules which can never fire (or always fire) are refused at load.
#pragma once

#include <optional>

#include "appraise/declarative/expression.hpp"
#include "type_checker.hpp"

namespace appraise::declarative {

// True or false for every study, else nullopt. A definition's own truth is
// read from scope.definitions (definition::truth), so the work is linear in
// the expression's nodes; the recursion is its height (bounded by the parser).
[[nodiscard]] std::optional<bool> constant_truth(const expression& e, const check_scope& scope);

}  // namespace appraise::declarative
