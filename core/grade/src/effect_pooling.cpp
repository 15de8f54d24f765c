#include "appraise/grade/effect_pooling.hpp"

#include <cmath>

#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

constexpr double z_95 = 1.959963984540054;

std::string interval_text(const pooled_estimate& p) {
    return format_fixed(p.estimate, 2) + " (95% CI " + format_fixed(p.lower, 2) + " to " + format_fixed(p.upper, 2) +
           "; " + std::to_string(p.studies) + (p.studies == 1 ? " study)" : " studies)");
}

}  // namespace

std::optional<scaled_estimate> to_pooling_scale(const study_estimate& estimate, effect_scale scale) {
    if (scale == effect_scale::ratio) {
        if (estimate.lower <= 0 || estimate.estimate <= 0 || estimate.upper <= estimate.lower) return std::nullopt;
        return scaled_estimate{std::log(estimate.estimate),
                               (std::log(estimate.upper) - std::log(estimate.lower)) / (2 * z_95)};
    }
    if (estimate.upper <= estimate.lower) return std::nullopt;
    return scaled_estimate{estimate.estimate, (estimate.upper - estimate.lower) / (2 * z_95)};
}

std::optional<pooled_estimate> pool_estimates(const std::vector<scaled_estimate>& studies, pooling_model model,
                                              effect_scale scale) {
    if (studies.empty()) return std::nullopt;
    double sum_w = 0;
    double sum_w2 = 0;
    double sum_wy = 0;
    for (const auto& s : studies) {
        const double w = 1 / (s.se * s.se);
        sum_w += w;
        sum_w2 += w * w;
        sum_wy += w * s.value;
    }
    const double fixed = sum_wy / sum_w;
    double tau2 = 0;
    if (model == pooling_model::random && studies.size() > 1) {
        double q = 0;
        for (const auto& s : studies) q += (s.value - fixed) * (s.value - fixed) / (s.se * s.se);
        const double c = sum_w - sum_w2 / sum_w;
        tau2 = c > 0 ? std::max(0.0, (q - static_cast<double>(studies.size() - 1)) / c) : 0;
    }
    double weight = 0;
    double weighted = 0;
    for (const auto& s : studies) {
        const double w = 1 / (s.se * s.se + tau2);
        weight += w;
        weighted += w * s.value;
    }
    pooled_estimate p;
    p.studies = studies.size();
    p.scaled = weighted / weight;
    p.se = std::sqrt(1 / weight);
    p.tau2 = tau2;
    const double lower = p.scaled - z_95 * p.se;
    const double upper = p.scaled + z_95 * p.se;
    const bool ratio = scale == effect_scale::ratio;
    p.estimate = ratio ? std::exp(p.scaled) : p.scaled;
    p.lower = ratio ? std::exp(lower) : lower;
    p.upper = ratio ? std::exp(upper) : upper;
    return p;
}

double chi_square_1df_p(double q) {
    return q <= 0 ? 1.0 : std::erfc(std::sqrt(q / 2));
}

estimate_comparison compare_estimates(const std::vector<scaled_estimate>& low, const std::vector<scaled_estimate>& high,
                                      const review_config& config, effect_scale scale) {
    estimate_comparison c;
    std::vector<scaled_estimate> all = low;
    all.insert(all.end(), high.begin(), high.end());
    c.all = pool_estimates(all, config.pooling, scale);
    c.low = pool_estimates(low, config.pooling, scale);
    c.high = pool_estimates(high, config.pooling, scale);
    const std::string model = config.pooling == pooling_model::random ? "random effects" : "fixed effect";
    if (!c.all) {
        c.text = "no included study has an estimate";
        return c;
    }
    c.text = "pooled (" + model + "): all " + interval_text(*c.all);
    if (c.low) c.text += "; low risk only " + interval_text(*c.low);
    if (c.high) c.text += "; high risk only " + interval_text(*c.high);
    c.comparable = c.low && c.high;
    if (!c.comparable) {
        c.text += c.low ? "; no estimate from studies at high risk: nothing to compare"
                        : "; no estimate from studies at low risk: nothing to compare";
        return c;
    }
    const double diff = c.low->scaled - c.high->scaled;
    const double q = diff * diff / (c.low->se * c.low->se + c.high->se * c.high->se);
    c.difference_p = chi_square_1df_p(q);
    c.low_interval_holds_all = c.low->lower <= c.all->estimate && c.all->estimate <= c.low->upper;
    c.differ = *c.difference_p < config.differ_p || !c.low_interval_holds_all;
    c.text += "; test of the low/high difference p = " + format_fixed(*c.difference_p, 3) +
              (*c.difference_p < config.differ_p ? " < " : " >= ") + format_number(config.differ_p) +
              "; the low-risk " + "interval " + (c.low_interval_holds_all ? "holds" : "leaves out") +
              " the estimate of all: results " + (c.differ ? "differ" : "similar");
    return c;
}

}  // namespace appraise
