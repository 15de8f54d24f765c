// no-pretest: a quasi-experiment with no measurement before the intervention.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().controlled || c.design().randomised) return c.not_applicable();
    const auto pretest = c.flag("baseline.pretest");
    if (pretest == true) return c.passed();
    const auto waves = c.number("followup.waves");
    // A controlled before-after study measures before by definition (unless
    // the coding says otherwise: no pre-test, or a single occasion).
    if (!pretest && c.design().type == "controlled-before-after" && !(waves && *waves < 2)) return c.passed();
    if (pretest == false || (!pretest && waves && *waves < 2))
        return c.weakness(
            "a non-randomised comparison with no pre-test (" +
                std::string(pretest == false ? "baseline.pretest = false" : "one measurement occasion") +
                "): whether the groups started alike cannot be shown, so any difference may have been there before",
            c.where(pretest == false ? "baseline.pretest" : "followup.waves"));
    // A baseline difference coded in SD needs a pre-test. Two waves need not
    // include one (a post-test and a follow-up), so they do not pass.
    if (c.number("baseline.max_difference_sd")) return c.passed();
    c.unreported(
        "whether the outcome was measured before the intervention is not reported (no baseline.pretest): without a "
        "pre-test baseline equivalence cannot be shown",
        c.where("baseline.pretest"));
}

}  // namespace

check no_pretest() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "no-pretest",
                .level = sev::warning,
                .title = "a non-randomised comparison without a pre-test",
                .reads = {"baseline.pretest", "followup.waves", "baseline.max_difference_sd"},
                .applies_to = "non-randomised controlled studies (non-randomised-controlled, controlled-before-after, "
                              "or allocation quasi-random or non-random)",
                .why = "without a measurement before the intervention, a difference after it may simply be one that "
                       "was there from the start",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "WWC Standards Handbook v5.0 (a quasi-experiment must show baseline equivalence of the "
                          "analytic sample); EPOC study design criteria (a controlled before-after study measures both "
                          "groups before and after)"},
        .domain = "allocation",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
