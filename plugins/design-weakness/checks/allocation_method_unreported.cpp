// allocation-method-unreported: random allocation claimed but the method is not described.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().randomised) return c.not_applicable();
    if (c.at("design.allocation_method")) return c.passed();
    c.unreported(
        "randomisation is claimed but the sequence generation method is not reported: a reader cannot judge it and a "
        "replication cannot repeat it",
        c.where("design.allocation_method"));
}

}  // namespace

check allocation_method_unreported() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "allocation-method-unreported",
                .level = sev::warning,
                .title = "random allocation claimed but the method is not described",
                .reads = {"design.allocation_method"},
                .applies_to = randomised_designs,
                .why = "'randomly divided' without a method often hides alternation or convenience; a reader cannot "
                       "judge the sequence and a replication cannot repeat it",
                .concern = appraise::sdk::finding_concern::bias,
                .source =
                    "CONSORT 2010 item 8a and CONSORT 2025 (how the random sequence was generated); CONSORT-SPI 2018"},
        .domain = "allocation",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
