// The study fields an expression reads, for `explain` and for a finding's
// default location.
#pragma once

#include <string>
#include <vector>

#include "appraise/declarative/expression.hpp"

namespace appraise::declarative {

// Every codebook path `e` reads, through definitions too, in first-use order,
// added to `reads` (those already there keep their place). A definition's own
// reads are taken from definition::reads, collected once when it was checked,
// so the work is linear in the expression's nodes.
void collect_reads(const expression& e, const std::vector<definition>& definitions, std::vector<std::string>& reads);

}  // namespace appraise::declarative
