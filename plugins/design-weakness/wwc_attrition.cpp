#include "wwc_attrition.hpp"

#include <array>
#include <cmath>

namespace design_weakness {
namespace {

// Tolerated differential (points) at overall attrition 0, 1, ..., 65%; a
// negative entry: high at any differential.
constexpr std::array<double, 66> cautious{
    5.7, 5.8, 5.9, 5.9, 6.0, 6.1, 6.2, 6.3, 6.3, 6.3, 6.3, 6.2, 6.2, 6.1, 6.0, 5.9, 5.9, 5.8, 5.7, 5.5, 5.4, 5.3,
    5.2, 5.1, 4.9, 4.8, 4.7, 4.5, 4.4, 4.3, 4.1, 4.0, 3.8, 3.6, 3.5, 3.3, 3.2, 3.1, 2.9, 2.8, 2.6, 2.5, 2.3, 2.1,
    2.0, 1.8, 1.6, 1.5, 1.3, 1.2, 1.0, 0.9, 0.7, 0.6, 0.4, 0.3, 0.2, 0.0, -1,  -1,  -1,  -1,  -1,  -1,  -1,  -1};
constexpr std::array<double, 66> optimistic{
    10.0, 10.1, 10.2, 10.3, 10.4, 10.5, 10.7, 10.8, 10.9, 10.9, 10.9, 10.9, 10.9, 10.8, 10.8, 10.7, 10.6,
    10.5, 10.3, 10.2, 10.0, 9.9,  9.7,  9.5,  9.4,  9.2,  9.0,  8.8,  8.6,  8.4,  8.2,  8.0,  7.8,  7.6,
    7.4,  7.2,  7.0,  6.7,  6.5,  6.3,  6.0,  5.8,  5.6,  5.3,  5.1,  4.9,  4.6,  4.4,  4.2,  3.9,  3.7,
    3.5,  3.2,  3.0,  2.8,  2.6,  2.3,  2.1,  1.9,  1.6,  1.4,  1.1,  0.9,  0.7,  0.5,  0.3};

}  // namespace

std::optional<attrition_rule> attrition_rule_of(std::string_view word) {
    if (word == "wwc-cautious") return attrition_rule::wwc_cautious;
    if (word == "wwc-optimistic") return attrition_rule::wwc_optimistic;
    if (word == "cut-offs") return attrition_rule::cut_offs;
    return std::nullopt;
}

std::string_view to_string(attrition_rule rule) {
    switch (rule) {
        case attrition_rule::wwc_cautious:
            return "wwc-cautious";
        case attrition_rule::wwc_optimistic:
            return "wwc-optimistic";
        case attrition_rule::cut_offs:
            return "cut-offs";
    }
    return "wwc-cautious";
}

std::optional<double> wwc_max_differential(attrition_rule rule, double overall_percent) {
    const double rounded = std::round(overall_percent);
    if (rule == attrition_rule::cut_offs || rounded < 0 || rounded >= static_cast<double>(cautious.size()))
        return std::nullopt;
    const auto at = static_cast<std::size_t>(rounded);
    const double boundary = rule == attrition_rule::wwc_cautious ? cautious.at(at) : optimistic.at(at);
    return boundary < 0 ? std::nullopt : std::optional<double>(boundary);
}

bool wwc_low_attrition(attrition_rule rule, double overall_percent, double differential_points) {
    const auto boundary = wwc_max_differential(rule, overall_percent);
    return boundary && differential_points <= *boundary + 1e-8;
}

}  // namespace design_weakness
