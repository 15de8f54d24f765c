// outcome-not-prespecified: an outcome not named in a protocol or
// registration before the analysis.
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

std::string name_of(const appraise::sdk::node& outcome) {
    const auto* id = outcome.get("id");
    return id != nullptr ? "outcome \"" + id->text + "\"" : "an outcome";
}

void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    const auto* outcomes = c.at("outcomes");
    if (outcomes == nullptr || outcomes->items.empty()) return c.not_applicable();  // unvalidated-outcome says so
    bool reported = false;
    bool unknown = false;
    for (const auto& outcome : outcomes->items) {
        const auto* prespecified = outcome.get("prespecified");
        if (prespecified != nullptr && !prespecified->boolean) {
            reported = true;
            c.emit(name_of(outcome) +
                       " was not prespecified in a protocol or registration: it may have been chosen after seeing "
                       "the results",
                   prespecified->where);
        } else if (prespecified == nullptr) {
            unknown = true;
        }
    }
    if (reported) return c.record(check_status::reported_weakness);
    if (!unknown) return c.passed();
    c.unreported(
        "whether the outcomes were prespecified in a protocol or registration is not reported: outcomes chosen after "
        "seeing the results cannot be ruled out",
        c.where("outcomes.prespecified"));
}

}  // namespace

check outcome_not_prespecified() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "outcome-not-prespecified",
                .level = sev::warning,
                .title = "an outcome was not prespecified, or prespecification is not reported",
                .reads = {"outcomes.prespecified"},
                .applies_to = intervention_designs,
                .why = "outcomes picked after the data are seen favour those that happened to show an effect "
                       "(selective reporting)",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "CONSORT 2010 item 6a and CONSORT 2025 (prespecified outcomes; changes after the trial "
                          "began, item 6b)"},
        .domain = "transparency",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
