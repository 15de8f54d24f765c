// clustering-ignored: clusters allocated but the analysis treats children as independent.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().cluster) return c.not_applicable();
    const auto adjusted = c.flag("analysis.cluster_adjusted");
    const auto unit = c.text("analysis.unit");
    if (adjusted == true || unit == "cluster") return c.passed();
    if (adjusted == false)
        return c.weakness(
            "the design is clustered but the analysis is reported as not accounting for clustering: standard errors "
            "are too small and chance differences look significant",
            c.where("analysis.cluster_adjusted"));
    if (unit == "individual")
        return c.weakness(
            "the design is clustered but children were analysed as individuals with no adjustment for clustering "
            "reported: standard errors are likely too small",
            c.where("analysis.unit"));
    c.unreported("the design is clustered but whether the analysis accounted for clustering is not reported",
                 c.where("analysis.cluster_adjusted"));
}

}  // namespace

check clustering_ignored() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "clustering-ignored",
                .level = sev::warning,
                .title = "clusters allocated but the analysis treats children as independent",
                .reads = {"analysis.unit", "analysis.cluster_adjusted", "design.unit"},
                .applies_to = cluster_designs,
                .why = "ignoring clustering understates standard errors, so chance differences look significant",
                .concern = appraise::sdk::finding_concern::precision,
                .source = "WWC Standards Handbook v5.0 (mismatch between unit of assignment and unit of analysis); "
                          "Hemming et al. 2011 (design effect)"},
        .domain = "analysis",
        .weight = grade::minor,
        .run = run,
    };
}

}  // namespace design_weakness
