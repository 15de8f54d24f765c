// confounded-by-cluster: an arm has a single cluster (WWC's n = 1 confound).
#include <algorithm>
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().cluster || c.design().single_group) return c.not_applicable();
    const auto clusters = c.number("design.clusters");
    const std::size_t arm_count = std::max<std::size_t>(2, c.arm_sizes().size());
    if (!clusters)
        return c.unreported(
            "clusters were allocated but their number is not reported: whether an arm is a single school or village, "
            "whose effect cannot be told from the intervention's, is unknown",
            c.where("design.clusters"));
    // With fewer than two per arm some arm has only one.
    if (*clusters >= 2 * static_cast<double>(arm_count)) return c.passed();
    c.weakness(number_text(*clusters) + " clusters across " + std::to_string(arm_count) +
                   " arms: at least one arm is a single cluster, so the intervention's effect cannot be separated "
                   "from that school or village (everything about it differs between the arms)",
               c.where("design.clusters"));
}

}  // namespace

check confounded_by_cluster() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "confounded-by-cluster",
                .level = sev::warning,
                .title = "an arm consists of a single cluster",
                .reads = {"design.clusters", "design.unit", "sample.arms"},
                .applies_to = cluster_designs,
                .why = "when one school or village makes up an arm, everything about it (teachers, leadership, "
                       "catchment) is always present with the intervention and never without it",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "WWC Standards Handbook v5.0, confounding factor (n = 1: one teacher, classroom, school or "
                          "district in a condition; such a study cannot meet standards)"},
        .domain = "allocation",
        .weight = grade::critical,
        .run = run,
    };
}

}  // namespace design_weakness
