// allocation-concealment-unreported: allocation concealment not reported, or not done.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().randomised) return c.not_applicable();
    const auto concealed = c.flag("design.concealment");
    if (concealed == true) return c.passed();
    if (concealed == false)
        return c.weakness(
            "allocation was reported as not concealed: those enrolling could foresee assignments and steer who entered "
            "each arm",
            c.where("design.concealment"));
    c.unreported("allocation concealment is not reported: a foreseeable sequence can undo randomisation",
                 c.where("design.concealment"));
}

}  // namespace

check allocation_concealment_unreported() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "allocation-concealment-unreported",
                .level = sev::warning,
                .title = "allocation concealment not reported, or not done",
                .reads = {"design.concealment"},
                .applies_to = randomised_designs,
                .why = "if recruiters can foresee the next assignment they can steer who enters which arm, undoing "
                       "randomisation",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "CONSORT 2010 item 9 and CONSORT 2025 (allocation concealment mechanism)"},
        .domain = "allocation",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
