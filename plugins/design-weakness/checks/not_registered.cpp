// not-registered: not prospectively registered.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    const auto registered = c.flag("design.registered");
    if (registered == true) return c.passed();
    if (registered == false)
        return c.weakness(
            "the study reports that it was not registered: selective reporting of outcomes cannot be detected",
            c.where("design.registered"));
    c.unreported("prospective registration is not reported: selective reporting cannot be detected",
                 c.where("design.registered"));
}

}  // namespace

check not_registered() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "not-registered",
                .level = sev::info,
                .title = "not prospectively registered",
                .reads = {"design.registered"},
                .applies_to = intervention_designs,
                .why = "without registration, selective reporting of outcomes and analyses cannot be detected",
                .concern = appraise::sdk::finding_concern::reporting,
                .source = "CONSORT 2010 item 23 and CONSORT 2025 open-science items (trial registration)"},
        .domain = "transparency",
        .weight = grade::minor,
        .run = run,
    };
}

}  // namespace design_weakness
