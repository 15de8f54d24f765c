// too-few-clusters: too few clusters per arm (option min_clusters_per_arm).
#include <algorithm>
#include <cstdint>
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    const std::int64_t min_clusters_per_arm = c.option_integer("min_clusters_per_arm");
    if (!c.design().cluster || c.design().single_group) return c.not_applicable();
    const auto clusters = c.number("design.clusters");
    const std::size_t arm_count = std::max<std::size_t>(2, c.arm_sizes().size());
    if (!clusters)
        return c.unreported(
            "clusters were allocated but their number is not reported: whether the effect can be separated from the "
            "sites cannot be judged",
            c.where("design.clusters"));
    const double per_arm = *clusters / static_cast<double>(arm_count);
    if (per_arm >= static_cast<double>(min_clusters_per_arm)) return c.passed();
    c.weakness(number_text(*clusters) + " clusters across " + std::to_string(arm_count) + " arms (" +
                   number_text(per_arm) + " per arm, fewer than " + std::to_string(min_clusters_per_arm) +
                   "): the intervention effect cannot be separated from differences between the clusters",
               c.where("design.clusters"));
}

}  // namespace

check too_few_clusters() {
    using sev = appraise::sdk::severity;
    using ok = appraise::sdk::option_spec::kind;
    return {
        .row = {.slug = "too-few-clusters",
                .level = sev::warning,
                .title = "too few clusters per arm (option min_clusters_per_arm)",
                .reads = {"design.unit", "design.clusters", "sample.arms"},
                .applies_to = cluster_designs,
                .why = "with one or two clusters per arm the intervention effect cannot be separated from differences "
                       "between the schools or villages themselves"},
        .domain = "sample",
        .options = {{.name = "min_clusters_per_arm",
                     .type = ok::integer,
                     .default_value = "4",
                     .min = 1,
                     .max = std::nullopt,
                     .description = "fewest clusters per arm before too-few-clusters fires"}},
        .run = run,
    };
}

}  // namespace design_weakness
