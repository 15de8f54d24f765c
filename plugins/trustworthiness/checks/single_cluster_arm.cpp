// single-cluster-arm: an arm of a cluster-allocated study is one cluster.
#include <algorithm>
#include <string>

#include "check.hpp"

namespace trustworthiness {
namespace {

void run(check_context& c) {
    if (!c.cluster_allocated() || !c.controlled())
        return c.not_applicable("clusters were not allocated to two or more arms");
    const auto clusters = c.number("design.clusters");
    if (!clusters) return c.not_assessed("needs design.clusters");
    const std::size_t arms = std::max<std::size_t>(2, c.numbers("sample.arms").size());
    if (*clusters >= 2 * static_cast<double>(arms))
        return c.consistent(number_text(*clusters) + " clusters across " + std::to_string(arms) + " arms");
    const bool randomised = c.text("design.allocation") == "random" || c.text("design.type") == "cluster-rct";
    c.flag(number_text(*clusters) + " clusters across " + std::to_string(arms) +
               " arms: at least one arm is a single cluster, so the comparison is of one school or village with "
               "another" +
               (randomised ? "; a randomised allocation of so few clusters is a coin toss between units: check how "
                             "the allocation is described"
                           : std::string{}),
           c.where("design.clusters"));
}

}  // namespace

check single_cluster_arm() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "single-cluster-arm",
                .level = sev::warning,
                .title = "an arm of a cluster-allocated study is a single cluster",
                .reads = {"design.clusters", "design.unit", "design.type", "sample.arms"},
                .applies_to = "cluster-allocated studies with two or more arms",
                .why = "with one cluster in an arm, the effect cannot be told from that cluster's, and a "
                       "\"randomised\" allocation of two schools is a coin toss between two units",
                .concern = appraise::sdk::finding_concern::integrity,
                .source = "WWC Standards Handbook v5.0, confounding factor (n = 1); instruments-2.md section 6, "
                          "computable flag `clusters`"},
        .domain = "conduct",
        .informs = "",
        .run = run,
    };
}

}  // namespace trustworthiness
