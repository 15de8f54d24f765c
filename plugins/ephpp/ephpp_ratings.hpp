// The EPHPP dictionary's component ratings (A-F: strong, moderate, weak) from
// the question codes, and the global rating. Combinations the dictionary
// leaves unrated are reported as such; the caller applies the configured
// default and says so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ephpp_settings.hpp"

namespace ephpp {

struct component_rating {
    std::optional<std::string> rating;  // "strong" | "moderate" | "weak" | "not-applicable"; nullopt: unrated
    std::string rule;                   // the rule that fired, or why none did
};

// `codes` are the component's answer codes in question order (A: A1, A2; ...).
// `config` decides the cells the reference leaves to an option.
[[nodiscard]] component_rating rate_component(char component, const std::vector<int>& codes, const settings& config);

struct global_rating {
    std::string rating;
    std::string rule;
};

// Over the final ratings of A-F (in order): no weak = strong, one = moderate,
// two or more = weak. "not-applicable" adds no weak.
[[nodiscard]] global_rating rate_global(const std::vector<std::string>& components);

// The rules in words, for `appraise explain ephpp`.
[[nodiscard]] std::string rating_rules_text();

}  // namespace ephpp
