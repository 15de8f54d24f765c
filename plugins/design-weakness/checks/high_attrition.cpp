// high-attrition: overall attrition above the WWC boundary whatever the
// differential (or completion below min_completion), or withdrawals not reported.
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

// The WWC boundary judges the pair (overall, differential); this check says
// when overall attrition alone puts a study above it, differential-attrition
// the rest. Without two arms, or without completion per arm, there is no
// pair, and min_completion applies.
void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    const auto completion = c.overall_completion();
    if (!completion)
        return c.unreported(
            "how many participants completed the study is not reported (no attrition.completion, "
            "sample.arms_analysed, or analysed and enrolled): attrition bias cannot be judged",
            c.where("attrition.completion"));
    const char* path = c.at("attrition.completion")   ? "attrition.completion"
                       : c.at("sample.arms_analysed") ? "sample.arms_analysed"
                                                      : "attrition.analysed";
    const auto rule = c.attrition();
    // Without completion per arm the WWC pair cannot be formed, and overall
    // attrition alone would pass up to the boundary's last row (57% or 65%):
    // min_completion judges the overall figure instead.
    const bool no_pair = c.design().controlled && c.arm_completion().size() < 2;
    if (rule == attrition_rule::cut_offs || !c.design().controlled || no_pair) {
        const double min_completion = c.option_number("min_completion");
        if (*completion >= min_completion) return c.passed();
        return c.weakness(percent_text(*completion) + " completed (below " + percent_text(min_completion) +
                              (rule != attrition_rule::cut_offs && no_pair
                                   ? "; completion per arm is not reported, so the WWC boundary cannot be applied"
                                   : "") +
                              "): those who left may differ from those who stayed",
                          c.where(path));
    }
    const double overall = 1 - *completion;
    if (wwc_max_differential(rule, overall * 100)) return c.passed();  // the differential decides
    c.weakness("overall attrition is " + percent_text(overall) + ": above the WWC " + std::string(to_string(rule)) +
                   " boundary whatever the difference between arms (it tolerates no differential above " +
                   (rule == attrition_rule::wwc_cautious ? "57%" : "65%") +
                   " overall): those who left may differ from those who stayed",
               c.where(path));
}

}  // namespace

check high_attrition() {
    using sev = appraise::sdk::severity;
    using ok = appraise::sdk::option_spec::kind;
    return {
        .row = {.slug = "high-attrition",
                .level = sev::warning,
                .title = "attrition too high overall (WWC boundary, or min_completion), or withdrawals not reported",
                .reads = {"attrition.completion", "sample.arms_analysed", "sample.arms", "attrition.analysed",
                          "sample.enrolled"},
                .applies_to = intervention_designs,
                .why = "when many participants drop out, those who remain may differ from those who left, biasing the "
                       "estimate",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "WWC Standards Handbook v5.0 (attrition boundary: overall and differential attrition judged "
                          "together, cautious or optimistic boundary; values of the v4.1 table); option attrition_rule "
                          "= cut-offs: this project's min_completion"},
        .domain = "attrition",
        .weight = grade::major,
        .options = {{.name = "min_completion",
                     .type = ok::number,
                     .default_value = "0.8",
                     .min = 0,
                     .max = 1,
                     .description = "completion below this fires high-attrition under attrition_rule = \"cut-offs\", "
                                    "for designs without a comparison group, and when completion per arm is not "
                                    "reported (the WWC boundary needs it)"}},
        .run = run,
    };
}

}  // namespace design_weakness
