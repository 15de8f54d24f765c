// single-site: conducted at a single site.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    const auto sites = c.number("design.sites");
    if (!sites) return c.passed();
    if (*sites > 1) return c.passed();
    c.weakness(
        "conducted at a single site: the result may reflect that site's staff and circumstances and may not generalise",
        c.where("design.sites"));
}

}  // namespace

check single_site() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "single-site",
                .level = sev::info,
                .title = "conducted at a single site",
                .reads = {"design.sites"},
                .applies_to = intervention_designs,
                .why = "results from one school or village may reflect that site's staff and circumstances and may not "
                       "generalise",
                .concern = appraise::sdk::finding_concern::applicability,
                .source = "CONSORT 2010 item 4b and CONSORT 2025 (settings and locations); TIDieR item 7 (where)"},
        .domain = "sample",
        .weight = grade::minor,
        .run = run,
    };
}

}  // namespace design_weakness
