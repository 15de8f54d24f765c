// short-time-series: an interrupted time series with fewer than three points
// before or after the interruption.
#include <string>

#include "check.hpp"

namespace design_weakness {
namespace {

constexpr double min_points = 3;

void run(check_context& c) {
    if (c.design().type != "interrupted-time-series") return c.not_applicable();
    const auto before = c.number("followup.points_before");
    const auto after = c.number("followup.points_after");
    const auto few = [](const std::optional<double>& n) { return n && *n < min_points; };
    if (few(before) || few(after)) {
        const char* path = few(before) ? "followup.points_before" : "followup.points_after";
        return c.weakness(
            "the time series has " + (before ? number_text(*before) : std::string("an unreported number of")) +
                " points before and " + (after ? number_text(*after) : std::string("an unreported number of")) +
                " after the interruption (fewer than 3): the trend cannot be told from noise, so the "
                "change may not be the intervention's",
            c.where(path));
    }
    if (before && after) return c.passed();
    c.unreported(
        "how many data points the time series has before and after the interruption is not reported: with fewer "
        "than three on either side the trend cannot be estimated",
        c.where(before ? "followup.points_after" : "followup.points_before"));
}

}  // namespace

check short_time_series() {
    using sev = appraise::sdk::severity;
    return {
        .row = {.slug = "short-time-series",
                .level = sev::warning,
                .title = "an interrupted time series with fewer than three points before or after",
                .reads = {"followup.points_before", "followup.points_after"},
                .applies_to = "interrupted time series",
                .why = "with one or two points on a side, a secular trend or a random fluctuation looks the same as "
                       "an effect of the intervention",
                .concern = appraise::sdk::finding_concern::bias,
                .source = "EPOC study design criteria (an interrupted time series needs at least three data points "
                          "before and three after the intervention)"},
        .domain = "analysis",
        .weight = grade::major,
        .run = run,
    };
}

}  // namespace design_weakness
