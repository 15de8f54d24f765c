#include "appraise/model/robvis_templates.hpp"

#include <algorithm>
#include <array>

namespace appraise {
namespace {

// Legend words per template (robvis.md, "Judgement strings per template").
constexpr std::array<std::string_view, 4> rob2_words{"low", "some-concerns", "high", "no-information"};
// ROB2-Cluster's legend also has "Not applicable" (domain 1b when no participants were recruited after randomisation).
constexpr std::array<std::string_view, 5> rob2_cluster_words{"low", "some-concerns", "high", "no-information",
                                                             "not-applicable"};
constexpr std::array<std::string_view, 5> robins_i_words{"low", "moderate", "serious", "critical", "no-information"};
constexpr std::array<std::string_view, 5> robins_e_words{"low", "some-concerns", "high", "very-high", "no-information"};
constexpr std::array<std::string_view, 4> quips_words{"low", "moderate", "high", "no-information"};

constexpr std::array<robvis_template_info, 7> templates{{
    {"ROB2", 5, rob2_words, true},
    {"ROB2-Cluster", 6, rob2_cluster_words, false},
    {"ROBINS-I", 7, robins_i_words, true},
    {"ROBINS-E", 7, robins_e_words, true},
    {"QUADAS-2", 4, rob2_words, true},
    {"QUIPS", 6, quips_words, true},
    {"Generic", 0, {}, true},
}};

}  // namespace

const robvis_template_info* find_robvis_template(std::string_view name) {
    const auto* found =
        std::find_if(templates.begin(), templates.end(), [&](const robvis_template_info& t) { return t.name == name; });
    return found == templates.end() ? nullptr : found;
}

const robvis_template_info& generic_robvis_template() {
    return templates.back();
}

std::span<const robvis_template_info> robvis_templates() {
    return templates;
}

}  // namespace appraise
