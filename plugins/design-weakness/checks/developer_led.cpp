// developer-led: the intervention's developers led the evaluation.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    if (c.flag("design.developer_led") != true) return c.passed();
    c.weakness(
        "the evaluation was led by the intervention's developers: choices of measures, analyses and what is reported "
        "may favour it",
        c.where("design.developer_led"));
}

}  // namespace

check developer_led() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "developer-led",
                .level = sev::info,
                .title = "the evaluation was led by the intervention's developers",
                .reads = {"design.developer_led"},
                .applies_to = intervention_designs,
                .why = "developers have a stake in the result; evaluations they lead tend to report larger effects "
                       "than independent ones",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "CONSORT 2025 (funding, the role of funders and developers, conflicts of interest); "
                          "CONSORT-SPI 2018 (who developed and who evaluated the intervention)"},
        .domain = "transparency",
        .weight = grade::minor,
        .run = run,
    };
}

}  // namespace design_weakness
