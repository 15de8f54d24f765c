// percent-impossible: a reported percentage no count of its n can give
// (INSPECT-SR 4.8: a percentage is the mean of 0/1 data, so this is GRIM for
// proportions).
#include <algorithm>
#include <string>

#include "check.hpp"
#include "granularity.hpp"

namespace trustworthiness {
namespace {

namespace sdk = appraise::sdk;

struct tally {
    int tested = 0;
    int uninformative = 0;
    std::string consistent;
};

// One percentage of `n`; an impossible one is a finding at `where`.
void test(check_context& c, tally& t, const std::string& what, double percent, int decimals, double n,
          const sdk::source_location& where) {
    const auto result = percent_possible(percent, decimals, static_cast<std::int64_t>(n));
    if (result == granularity::not_informative) {
        ++t.uninformative;
        return;
    }
    ++t.tested;
    if (result == granularity::consistent) {
        t.consistent += (t.consistent.empty() ? "" : "; ") + what;
        return;
    }
    c.emit(what + " = " + number_text(percent) + "% (" + std::to_string(decimals) +
               (decimals == 1 ? " decimal" : " decimals") + ") is impossible for n = " + number_text(n) +
               ": no count of " + number_text(n) + " rounds to it; check the percentage and its denominator",
           where);
}

void run(check_context& c) {
    tally t;
    const std::size_t before = c.findings().size();
    if (const sdk::node* outcomes = c.at("outcomes"); outcomes != nullptr && outcomes->type == sdk::node::kind::array)
        for (const auto& outcome : outcomes->items) {
            const sdk::node* percents = outcome.get("percents");
            const auto values = check_context::numbers_of(percents);
            const auto n = check_context::numbers_of(outcome.get("n"));
            if (values.empty() || n.size() != values.size()) continue;
            const sdk::node* id = outcome.get("id");
            const sdk::node* coded = outcome.get("decimals");
            for (std::size_t i = 0; i < values.size(); ++i) {
                const int decimals = coded != nullptr && coded->is_number() ? static_cast<int>(coded->number)
                                                                            : written_decimals(values[i]);
                const std::string what = "outcome " + (id != nullptr ? id->text : std::string("?")) +
                                         (values.size() > 1 ? ", arm " + std::to_string(i + 1) : std::string{});
                test(c, t, what, values[i], decimals, n[i], percents->where);
            }
        }
    // Completion is a fraction of each arm (or of everyone allocated).
    const sdk::node* completion = c.at("attrition.completion");
    const auto fractions = check_context::numbers_of(completion);
    auto denominators = c.numbers("sample.arms");
    if (completion != nullptr && completion->is_number()) denominators.clear();
    if (completion != nullptr && completion->is_number() && c.number("sample.enrolled"))
        denominators = {*c.number("sample.enrolled")};
    if (!fractions.empty() && denominators.size() == fractions.size())
        for (std::size_t i = 0; i < fractions.size(); ++i)
            test(c, t, "completion" + (fractions.size() > 1 ? " of arm " + std::to_string(i + 1) : std::string{}),
                 fractions[i] * 100, std::max(0, written_decimals(fractions[i]) - 2), denominators[i],
                 completion->where);
    if (c.findings().size() > before) return c.flagged(c.findings().back().message);
    if (t.tested > 0) return c.consistent("possible for their n: " + t.consistent);
    if (t.uninformative > 0)
        return c.not_assessed("the percentages coded are too coarse for their n to tell (every value is possible)");
    c.not_assessed(
        "needs outcomes.percents with outcomes.n, or attrition.completion with sample.arms (or sample.enrolled)");
}

}  // namespace

check percent_impossible() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "percent-impossible",
                .level = sev::warning,
                .title = "a reported percentage is impossible for its number of participants",
                .reads = {"outcomes.percents", "outcomes.n", "outcomes.decimals", "attrition.completion", "sample.arms",
                          "sample.enrolled"},
                .applies_to = "any study with percentages and their denominators coded",
                .why = "a percentage that no whole number of participants can produce is an error in the "
                       "numbers or a marker of fabrication, for a reviewer to check",
                .concern = appraise::sdk::finding_concern::integrity,
                .source = "INSPECT-SR check 4.8 (impossible values of integer data); Brown & Heathers 2017 (GRIM), "
                          "applied to proportions"},
        .domain = "results",
        .informs = "4.8",
        .run = run,
    };
}

}  // namespace trustworthiness
