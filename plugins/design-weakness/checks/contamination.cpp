// contamination: the comparison group could receive the intervention.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().controlled) return c.not_applicable();
    if (c.flag("design.contamination") != true) return c.passed();
    c.weakness(
        "the comparison group could receive the intervention (contamination reported): the difference between arms "
        "is diluted, so the effect is likely underestimated",
        c.where("design.contamination"));
}

}  // namespace

check contamination() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "contamination",
                .level = sev::info,
                .title = "the comparison group could receive the intervention",
                .reads = {"design.contamination"},
                .applies_to = controlled_designs,
                .why = "when both arms sit in the same school or village, children, teachers or parents carry the "
                       "intervention across, shrinking the contrast the study measures",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "CONSORT-SPI 2018 and CONSORT 2025 (how the comparator was delivered and what it received); "
                          "EPOC risk of bias criteria (protection against contamination)"},
        .domain = "allocation",
        .weight = grade::minor,
        .run = run,
    };
}

}  // namespace design_weakness
