// recruitment-rate: participants per site and month of recruitment above the
// review's bound (INSPECT-SR 2.4, implausible recruitment).
#include <cmath>
#include <numeric>
#include <string>

#include "check.hpp"
#include "study_dates.hpp"

namespace trustworthiness {
namespace {

void run(check_context& c) {
    const auto start = c.text("sample.recruitment_start");
    const auto end = c.text("sample.recruitment_end");
    if (!start || !end) return c.not_assessed("needs sample.recruitment_start and sample.recruitment_end");
    const auto first = day_number(*start);
    const auto last = day_number(*end);
    if (!first || !last) return c.not_assessed("a date is not a calendar date");
    if (*last < *first)
        return c.flag("recruitment is coded as ending (" + *end + ") before it began (" + *start +
                          "): check the dates in the report",
                      c.where("sample.recruitment_end"));
    auto participants = c.number("sample.enrolled");
    if (!participants) {
        const auto arms = c.numbers("sample.arms");
        if (!arms.empty()) participants = std::accumulate(arms.begin(), arms.end(), 0.0);
    }
    const auto sites = c.number("design.sites");
    if (!participants || !sites) return c.not_assessed("needs sample.enrolled (or sample.arms) and design.sites");
    const double months = static_cast<double>(*last - *first + 1) / days_per_month;
    const double rate = *participants / (*sites * months);
    const std::string rate_text = number_text(std::round(rate * 10) / 10) + " participants per site-month (" +
                                  number_text(*participants) + " at " + number_text(*sites) + " site" +
                                  (*sites == 1 ? "" : "s") + " in " + number_text(std::round(months * 10) / 10) +
                                  " months)";
    const double bound = c.option_number("max_recruitment_per_site_month");
    if (bound <= 0) return c.not_assessed(rate_text + "; no bound set (option max_recruitment_per_site_month)");
    if (rate <= bound)
        return c.consistent(rate_text + ", within max_recruitment_per_site_month = " + number_text(bound));
    c.flag("recruitment of " + rate_text + " is above the review's bound of " + number_text(bound) +
               " (max_recruitment_per_site_month): check that so many could be recruited so fast",
           c.where("sample.recruitment_end"));
}

}  // namespace

check recruitment_rate() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "recruitment-rate",
                .level = sev::warning,
                .title = "participants were recruited faster per site than the review finds plausible",
                .reads = {"sample.recruitment_start", "sample.recruitment_end", "sample.enrolled", "sample.arms",
                          "design.sites"},
                .applies_to = "any study with the recruitment period, the sites and the number enrolled coded",
                .why = "recruitment implausibly fast for the number of sites is a marker of fabricated participants; "
                       "the bound is the review's, set in its protocol",
                .concern = appraise::sdk::finding_concern::integrity,
                .source = "INSPECT-SR check 2.4 (implausible recruitment); instruments-2.md section 6, computable "
                          "flag `recruit_rate` (participants per site-month above a reviewer-set bound)"},
        .domain = "conduct",
        .informs = "2.4",
        .options = {{.name = "max_recruitment_per_site_month",
                     .type = appraise::sdk::option_spec::kind::number,
                     .default_value = "0",
                     .min = 0.0,
                     .max = std::nullopt,
                     .description = "most participants per site and month of recruitment the review finds "
                                    "plausible; 0 (the default): no bound, the rate is shown but not judged"}},
        .run = run,
    };
}

}  // namespace trustworthiness
