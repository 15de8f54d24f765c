// grim-inconsistent: a mean no integer data of its n and items can give
// (INSPECT-SR 4.8; GRIM, Brown & Heathers 2017).
#include <string>

#include "check.hpp"
#include "granularity_tally.hpp"

namespace trustworthiness {
namespace {

namespace sdk = appraise::sdk;

void run(check_context& c) {
    granularity_tally tally;
    const sdk::node* outcomes = c.at("outcomes");
    if (outcomes != nullptr && outcomes->type == sdk::node::kind::array)
        for (const auto& outcome : outcomes->items) {
            const sdk::node* means_node = outcome.get("means");
            const auto means = check_context::numbers_of(means_node);
            const auto n = check_context::numbers_of(outcome.get("n"));
            const sdk::node* items = outcome.get("items");
            if (means.empty() || n.size() != means.size() || items == nullptr || !items->is_number()) continue;
            const sdk::node* coded = outcome.get("decimals");
            for (std::size_t i = 0; i < means.size(); ++i) {
                const int decimals = coded != nullptr && coded->is_number() ? static_cast<int>(coded->number)
                                                                            : written_decimals(means[i]);
                const std::string what = value_label(outcome, i, means.size());
                const auto result = grim(means[i], decimals, static_cast<std::int64_t>(n[i]), items->integer);
                tally.add(
                    c, result, what,
                    what + ": mean " + number_text(means[i]) + " (" + std::to_string(decimals) +
                        (decimals == 1 ? " decimal" : " decimals") + ") of n = " + number_text(n[i]) +
                        (items->integer > 1 ? " scores averaging " + std::to_string(items->integer) + " integer items"
                                            : " integer scores") +
                        " is impossible: no whole-number sum of " +
                        number_text(n[i] * static_cast<double>(items->integer)) +
                        " integer responses, divided by their number, rounds to it (GRIM); check the mean, "
                        "its n and how the score is formed",
                    means_node->where);
            }
        }
    tally.finish(c, "GRIM", "not informative: n times items is at least 10 to the power of the decimals",
                 "needs outcomes.means, outcomes.n (one per mean) and outcomes.items");
}

}  // namespace

check grim_check() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "grim-inconsistent",
                .level = sev::warning,
                .title = "a reported mean is impossible for integer data of its n (GRIM)",
                .reads = {"outcomes.means", "outcomes.n", "outcomes.items", "outcomes.decimals"},
                .applies_to = "outcomes scored from integer items, with means, n and the number of items coded",
                .why = "the mean of n integer scores is a whole number divided by n; a printed mean no such "
                       "fraction rounds to is an error or a marker of fabricated data, for a reviewer to check",
                .concern = appraise::sdk::finding_concern::integrity,
                .source = "INSPECT-SR check 4.8 (impossible means or variances of integer data); Brown & Heathers "
                          "2017 (GRIM). Informative only when n times items is below 10 to the power of the decimals"},
        .domain = "results",
        .informs = "4.8",
        .run = run,
    };
}

}  // namespace trustworthiness
