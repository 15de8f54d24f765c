// too-few-clusters: too few clusters per arm (option min_clusters_per_arm), or,
// with an ICC, too few effective participants per arm (design effect).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

// Participants in the study: the arms, else the enrolled total.
std::optional<double> participants(const check_context& c) {
    const auto arms = c.arm_sizes();
    if (!arms.empty()) return std::accumulate(arms.begin(), arms.end(), 0.0);
    return c.number("sample.enrolled");
}

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
    const bool few = per_arm < static_cast<double>(min_clusters_per_arm);
    const std::string counted = number_text(*clusters) + " clusters across " + std::to_string(arm_count) + " arms (" +
                                number_text(per_arm) + " per arm";
    // With an ICC the design effect says how many independent children the
    // clusters are worth (Hemming et al. 2011).
    const auto icc = c.number("design.icc");
    const auto total = participants(c);
    if (icc && total && *total > 0) {
        const double cluster_size = *total / *clusters;
        const double design_effect = 1 + (cluster_size - 1) * *icc;
        const double effective = *total / design_effect;
        const double effective_per_arm = effective / static_cast<double>(arm_count);
        const auto min_arm_size = static_cast<double>(c.option_integer("min_arm_size"));
        const bool thin = effective_per_arm < min_arm_size - 1e-9;
        if (!few && !thin) return c.passed();
        return c.weakness(counted + (few ? ", fewer than " + std::to_string(min_clusters_per_arm) : std::string()) +
                              "); with ICC " + number_text(*icc) + " and about " +
                              number_text(std::round(cluster_size)) + " per cluster the design effect is " +
                              number_text(design_effect) + ", so the " + number_text(*total) +
                              " participants count as about " + number_text(std::round(effective)) +
                              " independent ones (" + number_text(std::round(effective_per_arm)) + " per arm" +
                              (thin ? ", below " + number_text(min_arm_size) : std::string()) +
                              "): the estimate is imprecise and the effect hard to separate from the clusters",
                          c.where("design.icc"));
    }
    if (!few) return c.passed();
    c.weakness(counted + ", fewer than " + std::to_string(min_clusters_per_arm) +
                   "): the intervention effect cannot be separated from differences between the clusters" +
                   (icc ? std::string() : " (no ICC is reported, so the design effect cannot be computed)"),
               c.where("design.clusters"));
}

}  // namespace

check too_few_clusters() {
    using sev = appraise::sdk::severity;
    using ok = appraise::sdk::option_spec::kind;
    return {
        .row =
            {.slug = "too-few-clusters",
             .level = sev::warning,
             .title = "too few clusters per arm (option min_clusters_per_arm), or too few effective participants "
                      "per arm given the ICC (option min_arm_size)",
             .reads = {"design.unit", "design.clusters", "sample.arms", "design.icc", "sample.enrolled"},
             .applies_to = cluster_designs,
             .why = "with one or two clusters per arm the intervention effect cannot be separated from differences "
                    "between the schools or villages themselves",
             .concern = appraise::sdk::finding_concern::precision,
             .source =
                 "Hemming et al. 2011, BMC Med Res Methodol 11:102 (with a fixed number of clusters the design effect "
                 "1 + (m - 1) x ICC caps the power a trial can reach); WWC Standards Handbook v5.0 (cluster designs)"},
        .domain = "sample",
        .weight = grade::minor,
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
