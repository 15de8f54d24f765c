// registered-after-enrolment: the registration is dated after recruitment
// began, so it is retrospective (Cochrane: check prospective registration;
// its absence alone is not grounds to exclude).
#include <string>

#include "check.hpp"
#include "study_dates.hpp"

namespace trustworthiness {
namespace {

void run(check_context& c) {
    if (c.boolean("design.registered") == false && !c.text("design.registration_date"))
        return c.not_applicable("the study reports no registration (design.registered = false)");
    const auto registered = c.text("design.registration_date");
    const auto started = c.text("sample.recruitment_start");
    if (!registered || !started) return c.not_assessed("needs design.registration_date and sample.recruitment_start");
    const auto registered_day = day_number(*registered);
    const auto started_day = day_number(*started);
    if (!registered_day || !started_day) return c.not_assessed("a date is not a calendar date");
    if (*registered_day <= *started_day)
        return c.consistent("registered " + *registered + ", on or before recruitment began " + *started);
    const std::string claimed = c.boolean("design.registered") == true
                                    ? "; the study is coded as prospectively registered (design.registered = true), "
                                      "which the dates contradict"
                                    : "";
    c.flag("registered on " + *registered + ", " + std::to_string(*registered_day - *started_day) +
               " days after recruitment began (" + *started +
               "): the registration is retrospective, so it cannot show what was planned before the data were "
               "seen" +
               claimed + " (not a reason to exclude by itself)",
           c.where("design.registration_date"));
}

}  // namespace

check registration_timing() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "registered-after-enrolment",
                .level = sev::warning,
                .title = "the trial was registered after recruitment began",
                .reads = {"design.registration_date", "sample.recruitment_start", "design.registered"},
                .applies_to = "any registered study with the registration date and the start of recruitment coded",
                .why = "a retrospective registration cannot show the planned sample size, outcomes and dates, which "
                       "is what a registration check (INSPECT-SR 2.3) compares the report with",
                .concern = appraise::sdk::finding_concern::integrity,
                .source = "Cochrane policy for managing potentially problematic studies (2021): check prospective "
                          "registration; its absence alone is not grounds to exclude"},
        .domain = "conduct",
        .informs = "",
        .run = run,
    };
}

}  // namespace trustworthiness
