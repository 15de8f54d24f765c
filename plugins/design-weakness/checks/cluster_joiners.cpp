// cluster-joiners: participants were recruited into clusters after the
// clusters were randomised.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().cluster || !c.design().randomised) return c.not_applicable();
    const auto joiners = c.flag("design.joiners");
    if (joiners == false) return c.passed();
    if (joiners == true)
        return c.weakness(
            "participants were recruited into clusters after the clusters were randomised: who joined can depend on "
            "the arm, so the arms may no longer be comparable",
            c.where("design.joiners"));
    c.unreported(
        "whether participants were recruited before or after the clusters were randomised is not reported: joiners "
        "who knew the arm could make the arms differ",
        c.where("design.joiners"));
}

}  // namespace

check cluster_joiners() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "cluster-joiners",
                .level = sev::warning,
                .title = "participants joined clusters after randomisation, or timing not reported",
                .reads = {"design.joiners"},
                .applies_to = "cluster-randomised studies",
                .why = "when children are recruited once the school's arm is known, recruiters or families can select "
                       "who enters, and randomisation no longer protects the comparison",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "WWC Standards Handbook v5.0, cluster designs (risk of bias from joiners); RoB 2 for "
                          "cluster-randomised trials, domain 1b (timing of identification and recruitment)"},
        .domain = "allocation",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
