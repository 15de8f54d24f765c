// grimmer-inconsistent: a standard deviation no integer data of its n, mean
// and items can give (INSPECT-SR 4.8; GRIMMER, Anaya 2016).
#include <algorithm>
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
            const auto means = check_context::numbers_of(outcome.get("means"));
            const sdk::node* sds_node = outcome.get("sds");
            const auto sds = check_context::numbers_of(sds_node);
            const auto n = check_context::numbers_of(outcome.get("n"));
            const sdk::node* items = outcome.get("items");
            if (means.empty() || sds.size() != means.size() || n.size() != means.size() || items == nullptr ||
                !items->is_number())
                continue;
            const sdk::node* coded = outcome.get("decimals");
            for (std::size_t i = 0; i < means.size(); ++i) {
                const int decimals = coded != nullptr && coded->is_number()
                                         ? static_cast<int>(coded->number)
                                         : std::max(written_decimals(means[i]), written_decimals(sds[i]));
                const auto count = static_cast<std::int64_t>(n[i]);
                // A mean that fails GRIM is grim-inconsistent's finding, not this one's.
                if (grim(means[i], decimals, count, items->integer) == granularity::inconsistent) continue;
                const std::string what = value_label(outcome, i, means.size());
                tally.add(c, grimmer(means[i], sds[i], decimals, count, items->integer), what,
                          what + ": SD " + number_text(sds[i]) + " with mean " + number_text(means[i]) +
                              " of n = " + number_text(n[i]) +
                              " is impossible for integer scores: no whole sum of squares fits both (GRIMMER, "
                              "sample SD); check the SD (an SE printed as an SD is a common cause) and its n",
                          sds_node->where);
            }
        }
    tally.finish(c, "GRIMMER", "not informative for the n coded",
                 "needs outcomes.means, outcomes.sds and outcomes.n (one per mean) and outcomes.items");
}

}  // namespace

check grimmer_check() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "grimmer-inconsistent",
                .level = sev::warning,
                .title = "a reported standard deviation is impossible for integer data of its n and mean (GRIMMER)",
                .reads = {"outcomes.means", "outcomes.sds", "outcomes.n", "outcomes.items", "outcomes.decimals"},
                .applies_to = "outcomes scored from integer items, with means, SDs, n and the number of items coded",
                .why = "integer data fix which sums of squares, and so which SDs, are possible for a mean and n; "
                       "an SD outside them is an error (often an SE printed as an SD) or a marker of fabrication",
                .concern = appraise::sdk::finding_concern::integrity,
                .source = "INSPECT-SR check 4.8 (impossible means or variances of integer data); Anaya 2016 "
                          "(GRIMMER), with the sample SD (n - 1)"},
        .domain = "results",
        .informs = "4.8",
        .run = run,
    };
}

}  // namespace trustworthiness
