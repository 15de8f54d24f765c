// no-comparison-group: no comparison group.
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (c.design().qualitative || c.design().observational) return c.not_applicable();
    if (c.design().single_group) {
        const char* path = c.text("design.comparator") == "none"   ? "design.comparator"
                           : c.text("design.allocation") == "none" ? "design.allocation"
                                                                   : "design.type";
        return c.weakness("no comparison group (" + std::string(path) + " = \"" + c.text(path).value_or("") +
                              "\"): improvement from before to after cannot be separated from maturation, regression "
                              "to the mean or other events",
                          c.where(path));
    }
    if (!c.design().controlled)
        return c.unreported(
            "whether there was a comparison group is not reported (no design.comparator or allocation, and design.type "
            "does not imply one): the effect cannot be attributed to the intervention",
            c.where("design.comparator"));
    c.passed();
}

}  // namespace

check no_comparison_group() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "no-comparison-group",
                .level = sev::warning,
                .title = "no comparison group",
                .reads = {"design.type", "design.comparator", "design.allocation"},
                .applies_to = intervention_designs,
                .why = "without a comparison group, change over time (maturation, seasonal effects, regression to the "
                       "mean, other programmes) cannot be told apart from the intervention's effect",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "WWC Standards Handbook v5.0 (only studies that compare an intervention group with a "
                          "comparison group are eligible: RCTs and quasi-experimental designs); EPOC study design "
                          "criteria (an uncontrolled before-after study is not an eligible design)"},
        .domain = "allocation",
        .weight = grade::critical,
        .run = run,
    };
}

}  // namespace design_weakness
