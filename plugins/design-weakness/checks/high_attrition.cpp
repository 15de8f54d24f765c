// high-attrition: completion below min_completion, or withdrawals not reported.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    const double min_completion = c.option_number("min_completion");
    if (!c.design().intervention) return c.not_applicable();
    const auto completion = c.overall_completion();
    if (!completion)
        return c.unreported(
            "how many participants completed the study is not reported (no attrition.completion, or analysed and "
            "enrolled): attrition bias cannot be judged",
            c.where("attrition.completion"));
    if (*completion >= min_completion) return c.passed();
    const char* path = c.at("attrition.completion") ? "attrition.completion" : "attrition.analysed";
    c.weakness(percent_text(*completion) + " completed (below " + percent_text(min_completion) +
                   "): those who left may differ from those who stayed",
               c.where(path));
}

}  // namespace

check high_attrition() {
    using sev = appraise::sdk::severity;
    using ok = appraise::sdk::option_spec::kind;
    return {
        .row = {.slug = "high-attrition",
                .level = sev::warning,
                .title = "completion below min_completion, or withdrawals not reported",
                .reads = {"attrition.completion", "attrition.analysed", "sample.enrolled"},
                .applies_to = intervention_designs,
                .why = "when many participants drop out, those who remain may differ from those who left, biasing the "
                       "estimate"},
        .domain = "attrition",
        .options = {{.name = "min_completion",
                     .type = ok::number,
                     .default_value = "0.8",
                     .min = 0,
                     .max = 1,
                     .description = "completion below this fires high-attrition"}},
        .run = run,
    };
}

}  // namespace design_weakness
