// assessors-not-blinded: outcome assessors not blinded, or blinding not reported.
#include "check.hpp"

namespace design_weakness {
namespace {

// For a self-reported outcome the participant is the assessor (RoB 2), so
// participant blinding decides; for the others, assessor blinding.
void run(check_context& c) {
    if (!c.design().controlled) return c.not_applicable();
    bool self_reported = false;
    bool observed = false;  // an outcome not self-reported, or none coded
    if (const auto* outcomes = c.at("outcomes"); outcomes != nullptr)
        for (const auto& outcome : outcomes->items) {
            const auto* self = outcome.get("self_report");
            (self != nullptr && self->boolean ? self_reported : observed) = true;
        }
    if (!self_reported) observed = true;
    const auto assessors = c.flag("blinding.assessors");
    const auto participants = c.flag("blinding.participants");
    // Not blinded, reported as such, on either side that applies.
    if (self_reported && participants == false)
        return c.weakness(
            "a self-reported outcome was measured and participants were reported as not blinded: the participant is "
            "the assessor, and knowing the arm can colour their answers",
            c.where("blinding.participants"));
    if (observed && assessors == false)
        return c.weakness(
            "outcome assessors were reported as not blinded: knowing the allocation can bias their ratings",
            c.where("blinding.assessors"));
    if ((!self_reported || participants == true) && (!observed || assessors == true)) return c.passed();
    if (self_reported && !participants)
        return c.unreported(
            "a self-reported outcome was measured and whether participants (its assessors) were blinded is not "
            "reported: detection bias cannot be ruled out",
            c.where("blinding.participants"));
    c.unreported("blinding of outcome assessors is not reported: detection bias cannot be ruled out",
                 c.where("blinding.assessors"));
}

}  // namespace

check assessors_not_blinded() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "assessors-not-blinded",
                .level = sev::warning,
                .title = "outcome assessors not blinded, or blinding not reported",
                .reads = {"blinding.assessors", "blinding.participants", "outcomes.self_report"},
                .applies_to = controlled_designs,
                .why = "assessors who know the allocation can, knowingly or not, rate the intervention group more "
                       "favourably; for a self-reported outcome the assessor is the participant, so participant "
                       "blinding decides",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "CONSORT 2010 item 11a and CONSORT 2025 (who was blinded); RoB 2 guidance (for a "
                          "self-reported outcome the participant is the outcome assessor)"},
        .domain = "measurement",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
