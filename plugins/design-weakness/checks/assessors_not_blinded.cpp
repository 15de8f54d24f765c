// assessors-not-blinded: outcome assessors not blinded, or blinding not reported.
#include "check.hpp"

namespace design_weakness {
namespace {

void run(check_context& c) {
    if (!c.design().controlled) return c.not_applicable();
    const auto blinded = c.flag("blinding.assessors");
    if (blinded == true) return c.passed();
    if (blinded == false)
        return c.weakness(
            "outcome assessors were reported as not blinded: knowing the allocation can bias their ratings",
            c.where("blinding.assessors"));
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
                .reads = {"blinding.assessors"},
                .applies_to = controlled_designs,
                .why = "assessors who know the allocation can, knowingly or not, rate the intervention group more "
                       "favourably"},
        .domain = "measurement",
        .run = run,
    };
}

}  // namespace design_weakness
