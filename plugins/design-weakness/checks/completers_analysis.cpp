// completers-analysis: only completers (or per protocol / as treated) analysed.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    const auto analysis = c.text("attrition.analysis");
    if (analysis == "completers" || analysis == "per-protocol" || analysis == "as-treated")
        return c.weakness("the analysis population is " + *analysis +
                              ", not everyone allocated: excluding those who left inflates the effect when leaving is "
                              "related to the intervention",
                          c.where("attrition.analysis"));
    if (analysis) return c.passed();
    const auto completion = c.overall_completion();
    if (completion && *completion >= 1.0) return c.passed();
    c.unreported(
        "which participants were analysed is not reported (no attrition.analysis) although some may have left: a "
        "completers-only analysis cannot be ruled out",
        c.where("attrition.analysis"));
}

}  // namespace

check completers_analysis() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "completers-analysis",
                .level = sev::warning,
                .title = "only completers (or per protocol / as treated) analysed",
                .reads = {"attrition.analysis", "attrition.completion"},
                .applies_to = intervention_designs,
                .why =
                    "dropping those who left exaggerates effects when leaving is related to how the intervention went",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "CONSORT 2010 item 16 and CONSORT 2025 (numbers analysed, by original assigned groups)"},
        .domain = "attrition",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
