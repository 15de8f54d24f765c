// differential-attrition: completion differs between arms by more than the WWC
// boundary tolerates at that overall attrition (or max_attrition_gap), or is not
// reported per arm.
#include <algorithm>
#include <cmath>
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().controlled) return c.not_applicable();
    const auto per_arm = c.arm_completion();
    const auto rule = c.attrition();
    const auto completion = c.overall_completion();
    if (per_arm.size() < 2) {
        std::string tolerated;
        if (rule != attrition_rule::cut_offs && completion)
            if (const auto boundary = wwc_max_differential(rule, (1 - *completion) * 100))
                tolerated = " (at " + percent_text(1 - *completion) + " overall attrition the WWC " +
                            std::string(to_string(rule)) + " boundary tolerates a difference of " +
                            number_text(*boundary) + " points)";
        return c.unreported(
            "completion per arm is not reported (no per-arm attrition.completion, or "
            "sample.arms_analysed with sample.arms): differential attrition cannot be judged" +
                tolerated,
            c.where("attrition.completion"));
    }
    const auto [low, high] = std::minmax_element(per_arm.begin(), per_arm.end());
    const double lowest = *low;
    const double highest = *high;
    const double gap = highest - lowest;
    const auto where = c.where(c.arm_completion_path());
    const std::string spread = " (" + percent_text(lowest) + " to " + percent_text(highest);
    const std::string harm = "): uneven drop-out breaks the comparability allocation created";
    if (rule == attrition_rule::cut_offs) {
        const double max_attrition_gap = c.option_number("max_attrition_gap");
        if (gap <= max_attrition_gap + 1e-9) return c.passed();
        return c.weakness("completion differs between arms by " + percent_text(gap) + spread + ", more than " +
                              percent_text(max_attrition_gap) + harm,
                          where);
    }
    if (!completion)  // arms of size 0 leave nothing to weight the arms' completion by
        return c.unreported(
            "overall completion cannot be computed from the arms coded (sample.arms sums to 0): "
            "differential attrition cannot be judged against the WWC boundary",
            c.where("sample.arms"));
    const double overall = 1 - *completion;
    const auto boundary = wwc_max_differential(rule, overall * 100);
    if (!boundary) return c.not_applicable();  // high whatever the differential: high-attrition says so
    if (wwc_low_attrition(rule, overall * 100, gap * 100)) return c.passed();
    c.weakness("completion differs between arms by " + number_text(std::round(gap * 1000) / 10) + " points" + spread +
                   ", at " + percent_text(overall) + " overall attrition, where the WWC " +
                   std::string(to_string(rule)) + " boundary tolerates " + number_text(*boundary) + harm,
               where);
}

}  // namespace

check differential_attrition() {
    using sev = appraise::sdk::severity;
    using ok = appraise::sdk::option_spec::kind;
    return {
        .row = {.slug = "differential-attrition",
                .level = sev::warning,
                .title = "completion differs between arms by more than the WWC boundary allows (or max_attrition_gap), "
                         "or is not reported per arm",
                .reads = {"attrition.completion", "sample.arms_analysed", "sample.arms"},
                .applies_to = controlled_designs,
                .why = "uneven drop-out between arms breaks the comparability that allocation created",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "WWC Standards Handbook v5.0 (attrition boundary: the differential tolerated shrinks as "
                          "overall attrition grows; values of the v4.1 table); option attrition_rule = cut-offs: this "
                          "project's max_attrition_gap"},
        .domain = "attrition",
        .weight = grade::major,
        .options = {{.name = "max_attrition_gap",
                     .type = ok::number,
                     .default_value = "0.1",
                     .min = 0,
                     .max = 1,
                     .description =
                         "largest difference in completion between arms before differential-attrition fires, under "
                         "attrition_rule = \"cut-offs\""}},
        .run = run,
    };
}

}  // namespace design_weakness
