// no-follow-up: nothing measured after the post-test.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    const auto weeks = c.number("followup.weeks_after");
    if (weeks && *weeks > 0) return c.passed();
    if (weeks)
        return c.weakness(
            "outcomes were measured only at the post-test (weeks_after = 0): whether any effect lasts is unknown",
            c.where("followup.weeks_after"));
    c.unreported("follow-up after the intervention is not reported: whether any effect lasts is unknown",
                 c.where("followup.weeks_after"));
}

}  // namespace

check no_follow_up() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "no-follow-up",
                .level = sev::warning,
                .title = "nothing measured after the post-test",
                .reads = {"followup.weeks_after"},
                .applies_to = intervention_designs,
                .why = "an effect measured only at the end of the intervention says nothing about whether it lasts, "
                       "which is what matters for children's health",
                .concern = appraise::sdk::finding_concern::applicability,
                .source = "CONSORT 2010 item 14a and CONSORT 2025 (periods of follow-up)"},
        .domain = "measurement",
        .weight = grade::minor,
        .run = run,
    };
}

}  // namespace design_weakness
