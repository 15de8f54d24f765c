// baseline-imbalance: the groups are not equivalent at baseline by the WWC
// bands (non-randomised designs, and randomised ones whose attrition is high or
// not reported), or comparability was not reported.
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

// WWC baseline equivalence, in standard deviations of the outcome's pre-test.
constexpr double satisfied_sd = 0.05;
constexpr double adjustable_sd = 0.25;

void bands(check_context& c, double difference) {
    const auto where = c.where("baseline.max_difference_sd");
    const std::string size = "the groups differed at baseline by " + number_text(difference) + " SD";
    if (difference <= satisfied_sd + 1e-9) return c.passed();
    if (difference > adjustable_sd + 1e-9)
        return c.weakness(size +
                              " (more than 0.25): WWC baseline equivalence is not satisfied, and no adjustment "
                              "makes up for a difference this large",
                          where);
    const auto adjusted = c.flag("analysis.baseline_adjusted");
    if (adjusted == true) return c.passed();  // 0.05-0.25 with adjustment satisfies the standard
    if (adjusted == false)
        return c.weakness(size +
                              " (between 0.05 and 0.25) and the analysis is reported as not adjusting for it: "
                              "WWC baseline equivalence needs that adjustment",
                          c.where("analysis.baseline_adjusted"));
    c.unreported(size +
                     " (between 0.05 and 0.25), and whether the analysis adjusted for it is not reported: WWC "
                     "baseline equivalence needs that adjustment",
                 c.where("analysis.baseline_adjusted"));
}

void run(check_context& c) {
    if (!c.design().controlled) return c.not_applicable();
    // In a randomised trial with low attrition, baseline differences are chance
    // by construction: not a weakness (CONSORT, RoB 2). The bands apply when
    // attrition is high or not known, as for non-randomised designs.
    // Individuals who joined clusters after randomisation were not randomised:
    // WWC then asks for equivalence of the analysed sample whatever the attrition.
    const auto high = c.high_attrition();
    const bool joiners = c.design().cluster && c.flag("design.joiners") == true;
    if (c.design().randomised && high == false && !joiners) return c.passed();
    if (const auto difference = c.number("baseline.max_difference_sd")) return bands(c, *difference);
    const std::string why = !c.design().randomised ? ""
                            : joiners
                                ? " (individuals joined the clusters after randomisation, so randomisation does not "
                                  "guarantee it)"
                            : high == true ? " (attrition is high, so randomisation no longer guarantees it)"
                                           : " (attrition is not known to be low)";
    const auto equivalent = c.flag("baseline.equivalent");
    if (equivalent == true) return c.passed();
    if (equivalent == false) {
        const auto differences = c.text("baseline.differences");
        return c.weakness("groups differed at baseline" + (differences ? " (" + *differences + ")" : std::string()) +
                              why +
                              ": the difference confounds the comparison unless the analysis adjusts for it (its "
                              "size is not coded as baseline.max_difference_sd)",
                          c.where("baseline.equivalent"));
    }
    c.unreported("baseline comparability of the groups is not reported" + why + ": imbalance cannot be ruled out",
                 c.where("baseline.equivalent"));
}

}  // namespace

check baseline_imbalance() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "baseline-imbalance",
                .level = sev::warning,
                .title = "groups not equivalent at baseline (WWC bands), or comparability not reported",
                .reads = {"baseline.max_difference_sd", "analysis.baseline_adjusted", "baseline.equivalent",
                          "baseline.differences", "attrition.completion", "sample.arms_analysed", "design.joiners"},
                .applies_to =
                    std::string(controlled_designs) +
                    "; in a randomised trial only when attrition is high or not reported, or individuals joined "
                    "clusters after randomisation",
                .why = "differences at baseline confound the comparison unless the analysis adjusts for them; in a "
                       "randomised trial with low attrition they are chance, which randomisation already accounts for",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "WWC Standards Handbook v5.0 (baseline equivalence: |g| <= 0.05 satisfied, 0.05 < |g| <= "
                          "0.25 only with statistical adjustment, > 0.25 not satisfied; required for quasi-experiments "
                          "and high-attrition RCTs); CONSORT 2010 item 15 and CONSORT 2025 (chance imbalance in an RCT "
                          "is expected and not tested)"},
        .domain = "allocation",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
