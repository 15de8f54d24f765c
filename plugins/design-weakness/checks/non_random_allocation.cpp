// non-random-allocation: participants or clusters were not randomly allocated.
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().controlled) return c.not_applicable();
    const auto allocation = c.text("design.allocation");
    if (allocation == "random") return c.passed();
    if (allocation == "non-random" || allocation == "quasi-random") {
        const std::string how = *allocation == "quasi-random"
                                    ? "quasi-random allocation (e.g. alternation or date of birth) is predictable"
                                    : "non-random allocation lets groups differ in ways that affect the outcome";
        return c.weakness("allocation was " + *allocation + ": " + how, c.where("design.allocation"));
    }
    if (c.design().randomised) return c.passed();
    if (!c.design().type.empty())
        return c.weakness("the design (" + c.design().type +
                              ") did not allocate at random: groups can differ in ways that also affect the outcome",
                          c.where("design.type"));
    c.unreported(
        "how participants reached the arms is not reported (no design.allocation): selection bias cannot be ruled out",
        c.where("design.allocation"));
}

}  // namespace

check non_random_allocation() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "non-random-allocation",
                .level = sev::warning,
                .title = "participants or clusters were not randomly allocated",
                .reads = {"design.type", "design.allocation"},
                .applies_to = controlled_designs,
                .why = "when people or schools choose or are chosen for the intervention, the groups can differ in "
                       "ways that also affect the outcome (selection bias)",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "WWC Standards Handbook v5.0 (a quasi-experimental design can at best meet standards with "
                          "reservations, and only with baseline equivalence); CONSORT 2010 item 8a / CONSORT 2025 "
                          "(sequence generation)"},
        .domain = "allocation",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
