// The What Works Clearinghouse attrition boundary: how much differential
// attrition (percentage points between arms) is tolerated at each level of
// overall attrition, under the cautious and the optimistic assumption.
// Values: instruments-2.md section 5 (Handbook v4.1 Table II.1 as encoded in
// 1-point steps; the same table in Handbook v5.0 is unverified there).
#pragma once

#include <optional>
#include <string_view>

namespace design_weakness {

enum class attrition_rule { wwc_cautious, wwc_optimistic, cut_offs };

// "wwc-cautious" -> attrition_rule::wwc_cautious; nullopt for any other word.
[[nodiscard]] std::optional<attrition_rule> attrition_rule_of(std::string_view word);
[[nodiscard]] std::string_view to_string(attrition_rule rule);

// The largest differential attrition (percentage points) the boundary
// tolerates at `overall_percent` (rounded to a whole percent first), or
// nullopt when attrition is high at any differential (cautious above 57%,
// both above 65%). Not for attrition_rule::cut_offs.
[[nodiscard]] std::optional<double> wwc_max_differential(attrition_rule rule, double overall_percent);

// Low attrition by the boundary: the differential is on or under it.
[[nodiscard]] bool wwc_low_attrition(attrition_rule rule, double overall_percent, double differential_points);

}  // namespace design_weakness
