// flow-mismatch: per arm, allocated = not analysed (lost, withdrawn,
// excluded) + analysed (INSPECT-SR 4.6, inconsistent participant numbers).
#include <string>

#include "check.hpp"

namespace trustworthiness {
namespace {

void run(check_context& c) {
    const auto arms = c.numbers("sample.arms");
    const auto lost = c.numbers("sample.arms_lost");
    const auto analysed = c.numbers("sample.arms_analysed");
    if (arms.empty() || lost.empty() || analysed.empty())
        return c.not_assessed("needs sample.arms, sample.arms_lost and sample.arms_analysed");
    if (lost.size() != arms.size() || analysed.size() != arms.size())
        return c.not_assessed(
            "sample.arms, sample.arms_lost and sample.arms_analysed do not have one value per arm each");
    std::string mismatches;
    for (std::size_t i = 0; i < arms.size(); ++i) {
        const double accounted = lost[i] + analysed[i];
        if (accounted == arms[i]) continue;
        const double gap = arms[i] - accounted;
        mismatches += std::string(mismatches.empty() ? "" : "; ") + "arm " + std::to_string(i + 1) + ": " +
                      number_text(arms[i]) + " allocated, but " + number_text(lost[i]) + " not analysed + " +
                      number_text(analysed[i]) + " analysed = " + number_text(accounted) + " (" +
                      (gap > 0 ? number_text(gap) + " unaccounted for" : number_text(-gap) + " too many") + ")";
    }
    if (mismatches.empty())
        return c.consistent("every arm adds up: allocated " + list_text(arms) + " = not analysed " + list_text(lost) +
                            " + analysed " + list_text(analysed));
    c.flag("the participant flow does not add up: " + mismatches +
               "; check the flow diagram against the text before relying on the results",
           c.where("sample.arms_lost"));
}

}  // namespace

check participant_flow() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "flow-mismatch",
                .level = sev::warning,
                .title = "participants allocated to an arm are not all accounted for as analysed or not analysed",
                .reads = {"sample.arms", "sample.arms_lost", "sample.arms_analysed"},
                .applies_to = "any study with arm sizes, losses and analysed numbers coded per arm",
                .why = "numbers that do not add up within an arm are a marker of error or of fabricated data; "
                       "they are a flag for a reviewer to check, never an exclusion by themselves",
                .concern = appraise::sdk::finding_concern::integrity,
                .source = "INSPECT-SR check 4.6 (inconsistent participant numbers); CONSORT 2025 flow diagram "
                          "(allocated, lost to follow-up, analysed, per arm)"},
        .domain = "results",
        .informs = "4.6",
        .run = run,
    };
}

}  // namespace trustworthiness
