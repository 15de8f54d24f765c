// confounded-by-cluster: an arm has a single cluster (WWC's n = 1 confound).
#include <algorithm>
#include <string>
#include <vector>

#include "check.hpp"

namespace design_weakness {
namespace {

// [12, 1] as the coding writes it.
std::string number_list(const std::vector<double>& values) {
    std::string text;
    for (const double value : values) text += (text.empty() ? "" : ", ") + number_text(value);
    return "[" + text + "]";
}

void run(check_context& c) {
    if (!c.design().cluster || c.design().single_group) return c.not_applicable();
    const auto per_arm = c.numbers("design.clusters_per_arm");
    if (!per_arm.empty()) {
        for (std::size_t arm = 0; arm < per_arm.size(); ++arm)
            if (per_arm[arm] < 2)
                return c.weakness("arm " + std::to_string(arm + 1) +
                                      " is a single cluster (design.clusters_per_arm = " + number_list(per_arm) +
                                      "): the intervention's effect cannot be separated from that school or village "
                                      "(everything about it differs between the arms)",
                                  c.where("design.clusters_per_arm"));
        return c.passed();
    }
    const auto clusters = c.number("design.clusters");
    const std::size_t arm_count = std::max<std::size_t>(2, c.arm_sizes().size());
    if (!clusters)
        return c.unreported(
            "clusters were allocated but their number is not reported: whether an arm is a single school or village, "
            "whose effect cannot be told from the intervention's, is unknown",
            c.where("design.clusters"));
    if (*clusters < static_cast<double>(arm_count))
        return c.weakness(number_text(*clusters) + (*clusters == 1 ? " cluster" : " clusters") + " for " +
                              std::to_string(arm_count) +
                              " arms: the arms cannot each have clusters of their own, so the intervention's effect "
                              "cannot be separated from the school or village",
                          c.where("design.clusters"));
    // With fewer than two per arm some arm has only one.
    if (*clusters < 2 * static_cast<double>(arm_count))
        return c.weakness(number_text(*clusters) + " clusters across " + std::to_string(arm_count) +
                              " arms: at least one arm is a single cluster, so the intervention's effect cannot be "
                              "separated from that school or village (everything about it differs between the arms)",
                          c.where("design.clusters"));
    // Enough in total, but an uneven split can still leave an arm with one.
    c.unreported(number_text(*clusters) + " clusters across " + std::to_string(arm_count) +
                     " arms, but how they were split between the arms is not reported (design.clusters_per_arm): "
                     "whether an arm is a single cluster is unknown",
                 c.where("design.clusters"));
}

}  // namespace

check confounded_by_cluster() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "confounded-by-cluster",
                .level = sev::warning,
                .title = "an arm consists of a single cluster",
                .reads = {"design.clusters_per_arm", "design.clusters", "design.unit", "sample.arms"},
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
