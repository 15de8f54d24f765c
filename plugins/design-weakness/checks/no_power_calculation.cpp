// no-power-calculation: no sample-size calculation.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    const auto power = c.flag("sample.power_calculation");
    if (power == true) return c.passed();
    if (power == false)
        return c.weakness(
            "the study reports that no sample-size calculation was done: a null result cannot be read as no effect",
            c.where("sample.power_calculation"));
    c.unreported("no sample-size calculation is reported: the study may be underpowered",
                 c.where("sample.power_calculation"));
}

}  // namespace

check no_power_calculation() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "no-power-calculation",
                .level = sev::warning,
                .title = "no sample-size calculation",
                .reads = {"sample.power_calculation"},
                .applies_to = intervention_designs,
                .why = "without a power calculation a null result cannot be read as absence of an effect, and the "
                       "sample size may have been chosen after seeing the data",
                .concern = appraise::sdk::finding_concern::precision,
                .source = "CONSORT 2010 item 7a and CONSORT 2025 (how the sample size was determined)"},
        .domain = "sample",
        .weight = grade::minor,
        .run = run,
    };
}

}  // namespace design_weakness
