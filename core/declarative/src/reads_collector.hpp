// The study fields an expression reads, for `explain` and for a finding's
// default location.
#pragma once

#include <string>
#include <vector>

#include "appraise/declarative/expression.hpp"

namespace appraise::declarative {

// Every codebook path the expression reads, through definitions too, in first-use order.
void collect_reads(const expression& e, const std::vector<expression>& definitions, std::vector<std::string>& reads);

}  // namespace appraise::declarative
