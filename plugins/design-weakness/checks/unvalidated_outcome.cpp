// unvalidated-outcome: outcome instrument not named, or its validity not shown.
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().intervention) return c.not_applicable();
    const auto* outcomes = c.at("outcomes");
    if (outcomes == nullptr || outcomes->items.empty())
        return c.unreported("no outcomes are coded: what was measured, and how, is not reported", c.study().id_where);
    bool fired = false;
    bool unreported_only = true;
    for (const auto& outcome : outcomes->items) {
        const auto* id = outcome.get("id");
        const std::string name = id != nullptr ? "outcome \"" + id->text + "\"" : "an outcome";
        const auto* instrument = outcome.get("instrument");
        const auto* validated = outcome.get("validated");
        if (instrument == nullptr) {
            fired = true;
            if (c.flag_not_reported())
                c.emit(name + ": no instrument is named: the measure cannot be judged or reused in a replication",
                       outcome.where);
        } else if (validated != nullptr && !validated->boolean) {
            fired = true;
            unreported_only = false;
            c.emit(name + " (" + instrument->text +
                       "): validity reported as not shown: it may not measure the intended construct",
                   validated->where);
        } else if (validated == nullptr) {
            fired = true;
            if (c.flag_not_reported())
                c.emit(name + " (" + instrument->text +
                           "): validity of the instrument is not reported: it may not measure the intended construct",
                       instrument->where);
        }
    }
    if (!fired) return c.passed();
    if (unreported_only && !c.flag_not_reported())
        return c.record(check_status::passed);  // not reported, and not flagged
    c.record(unreported_only ? check_status::unreported : check_status::reported_weakness);
}

}  // namespace

check unvalidated_outcome() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "unvalidated-outcome",
                .level = sev::warning,
                .title = "outcome instrument not named, or its validity not shown",
                .reads = {"outcomes.instrument", "outcomes.validated"},
                .applies_to = intervention_designs,
                .why = "an unnamed or self-made measure may not measure the construct at all, and a replication cannot "
                       "reuse it",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "CONSORT 2010 item 6a and CONSORT 2025 (outcome measures, how and when assessed); WWC "
                          "Standards Handbook v5.0 (outcome measures must show face validity and reliability)"},
        .domain = "measurement",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
