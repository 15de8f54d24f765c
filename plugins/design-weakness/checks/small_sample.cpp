// small-sample: smallest arm below min_arm_size participants.
#include <algorithm>
#include <cstdint>
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    const std::int64_t min_arm_size = c.option_integer("min_arm_size");
    if (!c.design().intervention) return c.not_applicable();
    const auto arms = c.arm_sizes();
    const auto minimum = static_cast<double>(min_arm_size);
    if (!arms.empty()) {
        const double smallest = *std::min_element(arms.begin(), arms.end());
        if (smallest >= minimum) return c.passed();
        return c.weakness("smallest arm has " + number_text(smallest) + " participants (below " +
                              std::to_string(min_arm_size) +
                              "): estimates are imprecise and chance imbalance between arms is likely",
                          c.where("sample.arms"));
    }
    if (const auto enrolled = c.number("sample.enrolled")) {
        const double arms_assumed = c.design().controlled ? 2 : 1;
        const double per_arm = *enrolled / arms_assumed;
        if (per_arm >= minimum) return c.passed();
        return c.weakness(
            number_text(*enrolled) + " enrolled" +
                (c.design().controlled ? " (about " + number_text(per_arm) + " per arm)" : std::string()) + ", below " +
                std::to_string(min_arm_size) + " per arm: estimates are imprecise",
            c.where("sample.enrolled"));
    }
    c.unreported("the sample size is not reported (no sample.arms or sample.enrolled)", c.where("sample.arms"));
}

}  // namespace

check small_sample() {
    using sev = appraise::sdk::severity;
    using ok = appraise::sdk::option_spec::kind;
    return {
        .row =
            {.slug = "small-sample",
             .level = sev::warning,
             .title = "smallest arm below min_arm_size participants",
             .reads = {"sample.arms", "sample.enrolled"},
             .applies_to = intervention_designs,
             .why = "small arms give imprecise estimates and chance imbalances, and small studies that are "
                    "published tend to overstate effects",
             .concern = appraise::sdk::finding_concern::precision,
             .source =
                 "this project's threshold (option min_arm_size); CONSORT 2010 item 7a and CONSORT 2025 (sample size)"},
        .domain = "sample",
        .weight = grade::minor,
        .options = {{.name = "min_arm_size",
                     .type = ok::integer,
                     .default_value = "30",
                     .min = 1,
                     .max = std::nullopt,
                     .description = "smallest arm size before small-sample fires"}},
        .run = run,
    };
}

}  // namespace design_weakness
