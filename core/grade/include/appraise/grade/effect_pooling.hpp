// Pooling effect estimates for GRADE's risk-of-bias question "do the results
// of the studies at low and at high risk of bias differ?" (Core GRADE 4, BMJ
// 2025;389:e083864). The estimates are the review's (its meta-analysis, read
// from an `estimates` CSV); appraise pools them only to compare the
// low-risk subgroup with all studies, never to report an effect.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "appraise/input/review_config.hpp"

namespace appraise {

// One study's estimate on the pooling scale (log for ratios) and its standard
// error from the 95% interval: (upper - lower) / (2 * 1.959964).
struct scaled_estimate {
    double value = 0;
    double se = 0;
};

[[nodiscard]] std::optional<scaled_estimate> to_pooling_scale(const study_estimate& estimate, effect_scale scale);

// A pooled estimate, back on the review's scale, and on the pooling scale for tests between subgroups.
struct pooled_estimate {
    std::size_t studies = 0;
    double estimate = 0;  // the review's scale
    double lower = 0;
    double upper = 0;
    double scaled = 0;  // the pooling scale
    double se = 0;
    double tau2 = 0;  // between-study variance (random effects; 0 for fixed)
};

// Inverse-variance pooling: fixed effect, or random effects with
// DerSimonian-Laird's tau^2. nullopt for no study.
[[nodiscard]] std::optional<pooled_estimate> pool_estimates(const std::vector<scaled_estimate>& studies,
                                                            pooling_model model, effect_scale scale);

// Two-sided p of a chi-square statistic with one degree of freedom.
[[nodiscard]] double chi_square_1df_p(double q);

// All included studies with an estimate, those counted low, those counted
// high, and whether the low-risk estimate differs from that of all.
struct estimate_comparison {
    std::optional<pooled_estimate> all;
    std::optional<pooled_estimate> low;
    std::optional<pooled_estimate> high;
    std::optional<double> difference_p;  // test of low vs high subgroups; nullopt without both
    bool low_interval_holds_all = false;
    bool comparable = false;  // both subgroups have an estimate
    bool differ = false;      // comparable, and p < differ_p or the low CI leaves out the estimate of all
    std::vector<std::string> without_estimate;  // included studies with no row in the CSV
    std::string text;                           // one line: the numbers and what they say
};

// `low` and `high`: the studies counted on each side of the low/high split.
[[nodiscard]] estimate_comparison compare_estimates(const std::vector<scaled_estimate>& low,
                                                    const std::vector<scaled_estimate>& high,
                                                    const review_config& config, effect_scale scale);

}  // namespace appraise
