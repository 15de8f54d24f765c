// The templates robvis draws (rob_tools() in robvis 0.3.0.900, read from its
// code: ../shared/reference/robvis.md). A rubric names the one its results
// fit (sdk::robvis_layout); the host checks the name and the column count
// when the plugin registers, and the robvis writer spells judgements with the
// template's own words, because robvis keeps only the first letter of each
// word and silently mis-reads any other tool's words.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace appraise {

struct robvis_template_info {
    std::string_view name;       // as robvis's `tool` argument wants it (case-sensitive)
    std::size_t domain_columns;  // fixed number of domain columns; 0: any (Generic)
    // The judgement words robvis reads under this template, kebab-case as
    // rubrics write them; empty: Generic (every word through the level ladder).
    std::span<const std::string_view> words;
    bool summary_plot = true;  // false: rob_traffic_light() only (ROB2-Cluster has no rob_summary() template)
};

// The template called `name`, or nullptr when robvis has none by that name.
[[nodiscard]] const robvis_template_info* find_robvis_template(std::string_view name);

// robvis Generic: any number of domains, words mapped through the ladder.
[[nodiscard]] const robvis_template_info& generic_robvis_template();

// Every template, for messages ("one of: ROB2, ...").
[[nodiscard]] std::span<const robvis_template_info> robvis_templates();

}  // namespace appraise
