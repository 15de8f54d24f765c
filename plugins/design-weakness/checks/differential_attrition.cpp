// differential-attrition: completion differs between arms by more than max_attrition_gap.
#include <algorithm>

#include "check.hpp"

namespace design_weakness {
namespace {

using kind = appraise::sdk::node::kind;

void run(check_context& c) {
    const double max_attrition_gap = c.option_number("max_attrition_gap");
    if (!c.design().controlled) return c.not_applicable();
    const auto* completion = c.at("attrition.completion");
    if (completion == nullptr || completion->type != kind::array || completion->items.size() < 2) return c.passed();
    double lowest = 1;
    double highest = 0;
    for (const auto& item : completion->items) {
        lowest = std::min(lowest, item.number);
        highest = std::max(highest, item.number);
    }
    const double gap = highest - lowest;
    if (gap <= max_attrition_gap + 1e-9) return c.passed();
    c.weakness("completion differs between arms by " + percent_text(gap) + " (" + percent_text(lowest) + " to " +
                   percent_text(highest) + ", more than " + percent_text(max_attrition_gap) +
                   "): uneven drop-out breaks the comparability allocation created",
               c.where("attrition.completion"));
}

}  // namespace

check differential_attrition() {
    using sev = appraise::sdk::severity;
    using ok = appraise::sdk::option_spec::kind;
    return {
        .row = {.slug = "differential-attrition",
                .level = sev::warning,
                .title = "completion differs between arms by more than max_attrition_gap",
                .reads = {"attrition.completion"},
                .applies_to = controlled_designs,
                .why = "uneven drop-out between arms breaks the comparability that allocation created"},
        .domain = "attrition",
        .options = {{.name = "max_attrition_gap",
                     .type = ok::number,
                     .default_value = "0.1",
                     .min = 0,
                     .max = 1,
                     .description =
                         "largest difference in completion between arms before differential-attrition fires"}},
        .run = run,
    };
}

}  // namespace design_weakness
