// baseline-imbalance: groups differed at baseline, or comparability was not reported.
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().controlled) return c.not_applicable();
    const auto equivalent = c.flag("baseline.equivalent");
    if (equivalent == true) return c.passed();
    if (equivalent == false) {
        const auto differences = c.text("baseline.differences");
        return c.weakness("groups differed at baseline" + (differences ? " (" + *differences + ")" : std::string()) +
                              ": the difference confounds the comparison unless the analysis adjusts for it",
                          c.where("baseline.equivalent"));
    }
    c.unreported("baseline comparability of the groups is not reported: imbalance cannot be ruled out",
                 c.where("baseline.equivalent"));
}

}  // namespace

check baseline_imbalance() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "baseline-imbalance",
                .level = sev::warning,
                .title = "groups differed at baseline, or comparability was not reported",
                .reads = {"baseline.equivalent", "baseline.differences"},
                .applies_to = controlled_designs,
                .why = "differences at baseline confound the comparison unless the analysis adjusts for them"},
        .domain = "allocation",
        .run = run,
    };
}

}  // namespace design_weakness
