// no-theory: no theoretical framework named.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (const auto theory = c.text("design.theory")) return c.passed();
    c.unreported(
        "no theoretical framework is reported: a replication cannot tell which parts of the intervention are essential",
        c.where("design.theory"));
}

}  // namespace

check no_theory() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "no-theory",
                .level = sev::info,
                .title = "no theoretical framework named",
                .reads = {"design.theory"},
                .applies_to = "every design",
                .why = "without a named theory of change, a replication cannot tell which parts of the intervention "
                       "are essential",
                .concern = appraise::sdk::finding_concern::reporting,
                .source = "TIDieR item 2 (why: rationale, theory or goal of the elements essential to the "
                          "intervention); CONSORT-SPI 2018"},
        .domain = "transparency",
        .weight = grade::minor,
        .run = run,
    };
}

}  // namespace design_weakness
