#include "granularity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace trustworthiness {
namespace {

// Floating error in the products below is far smaller than this, and a
// tolerance that widens the interval can only make a value pass.
double slack(double x) {
    return 1e-9 * std::max(1.0, std::fabs(x));
}

double half_unit(int decimals) {
    return 0.5 * std::pow(10.0, -decimals);
}

// The integers in [low, high], widened by the slack: first and last.
bool integers_between(double low, double high, double& first, double& last) {
    first = std::ceil(low - slack(low));
    last = std::floor(high + slack(high));
    return first <= last;
}

}  // namespace

int written_decimals(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6f", std::fabs(value));
    std::string text(buffer);
    const auto dot = text.find('.');
    if (dot == std::string::npos) return 0;
    while (!text.empty() && text.back() == '0') text.pop_back();
    return static_cast<int>(text.size() - dot - 1);
}

granularity grim(double mean, int decimals, std::int64_t n, std::int64_t items) {
    if (n <= 0 || items <= 0) return granularity::not_informative;
    const double g = static_cast<double>(n) * static_cast<double>(items);
    if (g >= std::pow(10.0, decimals)) return granularity::not_informative;
    const double h = half_unit(decimals);
    double first = 0;
    double last = 0;
    return integers_between((mean - h) * g, (mean + h) * g, first, last) ? granularity::consistent
                                                                         : granularity::inconsistent;
}

granularity grimmer(double mean, double sd, int decimals, std::int64_t n, std::int64_t items) {
    if (n < 2 || items <= 0) return granularity::not_informative;
    const double count = static_cast<double>(n);
    const double k = static_cast<double>(items);
    const double h = half_unit(decimals);
    double first = 0;
    double last = 0;
    // Totals of the participants' integer scores (sum of their k items).
    if (!integers_between((mean - h) * count * k, (mean + h) * count * k, first, last))
        return granularity::inconsistent;
    if (last - first > 100000) return granularity::not_informative;
    const double sd_low = std::max(0.0, (sd - h) * k);
    const double sd_high = (sd + h) * k;
    const auto lowest = static_cast<std::int64_t>(first);
    const auto highest = static_cast<std::int64_t>(last);
    for (std::int64_t sum = lowest; sum <= highest; ++sum) {
        const auto total = static_cast<double>(sum);
        const double base = total * total / count;
        double q_first = 0;
        double q_last = 0;
        if (!integers_between((count - 1) * sd_low * sd_low + base, (count - 1) * sd_high * sd_high + base, q_first,
                              q_last))
            continue;
        if (q_last > q_first) return granularity::consistent;  // both parities present
        if (std::fmod(std::fabs(q_first - total), 2.0) == 0) return granularity::consistent;
    }
    return granularity::inconsistent;
}

granularity percent_possible(double percent, int decimals, std::int64_t n) {
    if (n <= 0) return granularity::not_informative;
    const double count = static_cast<double>(n);
    const double h = half_unit(decimals);
    if (100.0 / count <= 2 * h) return granularity::not_informative;
    double first = 0;
    double last = 0;
    if (!integers_between((percent - h) * count / 100, (percent + h) * count / 100, first, last))
        return granularity::inconsistent;
    return std::max(first, 0.0) <= std::min(last, count) ? granularity::consistent : granularity::inconsistent;
}

}  // namespace trustworthiness
