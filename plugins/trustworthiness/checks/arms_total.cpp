// arms-total-mismatch: the arm sizes sum to the number allocated (INSPECT-SR
// 4.6, inconsistent participant numbers).
#include <numeric>
#include <string>

#include "check.hpp"

namespace trustworthiness {
namespace {

void run(check_context& c) {
    const auto arms = c.numbers("sample.arms");
    const auto enrolled = c.number("sample.enrolled");
    if (arms.empty() || !enrolled) return c.not_assessed("needs sample.arms and sample.enrolled");
    const double total = std::accumulate(arms.begin(), arms.end(), 0.0);
    if (total == *enrolled)
        return c.consistent("arms " + list_text(arms) + " sum to sample.enrolled = " + number_text(*enrolled));
    c.flag("the arm sizes " + list_text(arms) + " sum to " + number_text(total) + ", not to the " +
               number_text(*enrolled) +
               " participants allocated (sample.enrolled); if the report counts people "
               "enrolled before allocation, code sample.enrolled as those allocated",
           c.where("sample.arms"));
}

}  // namespace

check arms_total() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "arms-total-mismatch",
                .level = sev::warning,
                .title = "the arm sizes do not sum to the number allocated",
                .reads = {"sample.arms", "sample.enrolled"},
                .applies_to = "any study with arm sizes and the number allocated coded",
                .why = "a total that differs from the sum of its arms is an inconsistency in the report's numbers "
                       "(a marker of error or fabrication) for a reviewer to check",
                .concern = appraise::sdk::finding_concern::integrity,
                .source = "INSPECT-SR check 4.6 (inconsistent participant numbers)"},
        .domain = "results",
        .informs = "4.6",
        .run = run,
    };
}

}  // namespace trustworthiness
