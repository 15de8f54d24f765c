// researcher-developed-measure: an outcome measure made by the study's own team.
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    const auto* outcomes = c.at("outcomes");
    bool fired = false;
    if (outcomes != nullptr)
        for (const auto& outcome : outcomes->items) {
            const auto* own = outcome.get("researcher_developed");
            if (own == nullptr || !own->boolean) continue;
            const auto* id = outcome.get("id");
            fired = true;
            c.emit((id != nullptr ? "outcome \"" + id->text + "\"" : std::string("an outcome")) +
                       ": the measure was developed by the study's own team: it may be aligned with what the "
                       "intervention taught and overstate the effect",
                   own->where);
        }
    c.record(fired ? check_status::reported_weakness : check_status::passed);
}

}  // namespace

check researcher_developed_measure() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "researcher-developed-measure",
                .level = sev::info,
                .title = "an outcome measure was developed by the study's own team",
                .reads = {"outcomes.researcher_developed"},
                .applies_to = intervention_designs,
                .why = "a measure written by those who designed the intervention can be over-aligned with it, and "
                       "such measures show larger effects than independent standardised ones",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "WWC Standards Handbook v5.0 (outcome measures must not be over-aligned with the "
                          "intervention)"},
        .domain = "measurement",
        .weight = grade::minor,
        .run = run,
    };
}

}  // namespace design_weakness
