#include "appraise/agreement/agreement_stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace appraise {
namespace {

constexpr double z95 = 1.959963984540054;
// Below this a denominator is treated as zero: the statistic is undefined.
constexpr double epsilon = 1e-12;

agreement_estimate undefined(std::string reason) {
    agreement_estimate e;
    e.reason = std::move(reason);
    return e;
}

agreement_estimate with_interval(double value, double variance) {
    agreement_estimate e;
    // Rounding can leave a tiny negative variance where the true one is 0.
    const double se = variance > 0 ? std::sqrt(variance) : 0.0;
    if (!std::isfinite(value) || !std::isfinite(se)) return undefined("not computable (numerical overflow)");
    e.value = value;
    e.standard_error = se;
    e.low = std::clamp(value - z95 * se, -1.0, 1.0);
    e.high = std::clamp(value + z95 * se, -1.0, 1.0);
    return e;
}

double total(const contingency_table& counts) {
    double n = 0;
    for (const auto& row : counts)
        for (double c : row) n += c;
    return n;
}

struct margins {
    std::vector<double> row;  // p_i.
    std::vector<double> col;  // p_.j
};

margins margins_of(const contingency_table& counts, double n) {
    const std::size_t q = counts.size();
    margins m{std::vector<double>(q, 0.0), std::vector<double>(q, 0.0)};
    for (std::size_t i = 0; i < q; ++i)
        for (std::size_t j = 0; j < q; ++j) {
            m.row[i] += counts[i][j] / n;
            m.col[j] += counts[i][j] / n;
        }
    return m;
}

}  // namespace

weight_matrix make_weights(agreement_weights kind, std::size_t categories, std::size_t ordered) {
    weight_matrix w(categories, std::vector<double>(categories, 0.0));
    for (std::size_t i = 0; i < categories; ++i) {
        w[i][i] = 1.0;
        if (kind == agreement_weights::identity || i >= ordered || ordered < 2) continue;
        for (std::size_t j = 0; j < ordered; ++j) {
            const double distance =
                std::abs(static_cast<double>(i) - static_cast<double>(j)) / static_cast<double>(ordered - 1);
            w[i][j] = kind == agreement_weights::linear ? 1.0 - distance : 1.0 - distance * distance;
        }
    }
    return w;
}

agreement_estimate percent_agreement(const contingency_table& counts) {
    const double n = total(counts);
    if (n <= 0) return undefined("no pairs");
    double agree = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) agree += counts[i][i];
    const double p = agree / n;
    agreement_estimate e;
    e.value = p;
    e.standard_error = std::sqrt(p * (1 - p) / n);
    // Wilson score interval: stays in [0, 1] and is not degenerate at p = 0 or 1.
    const double z2 = z95 * z95;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = z95 * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    e.low = std::clamp(centre - half, 0.0, 1.0);
    e.high = std::clamp(centre + half, 0.0, 1.0);
    return e;
}

agreement_estimate cohen_kappa(const contingency_table& counts, const weight_matrix& weights) {
    const double n = total(counts);
    if (n <= 0) return undefined("no pairs");
    const std::size_t q = counts.size();
    const margins m = margins_of(counts, n);
    double p_o = 0;
    double p_e = 0;
    for (std::size_t i = 0; i < q; ++i)
        for (std::size_t j = 0; j < q; ++j) {
            p_o += weights[i][j] * counts[i][j] / n;
            p_e += weights[i][j] * m.row[i] * m.col[j];
        }
    if (1 - p_e < epsilon) return undefined("one category only: chance agreement is 1, so kappa is undefined");
    const double k = (p_o - p_e) / (1 - p_e);
    // Fleiss, Cohen & Everitt (1969): large-sample variance under k != 0.
    std::vector<double> row_bar(q, 0.0);  // wb_i. = sum_j p_.j w_ij
    std::vector<double> col_bar(q, 0.0);  // wb_.j = sum_i p_i. w_ij
    for (std::size_t i = 0; i < q; ++i)
        for (std::size_t j = 0; j < q; ++j) {
            row_bar[i] += m.col[j] * weights[i][j];
            col_bar[j] += m.row[i] * weights[i][j];
        }
    double sum = 0;
    for (std::size_t i = 0; i < q; ++i)
        for (std::size_t j = 0; j < q; ++j) {
            if (counts[i][j] == 0) continue;
            const double d = weights[i][j] - (row_bar[i] + col_bar[j]) * (1 - k);
            sum += counts[i][j] / n * d * d;
        }
    const double tail = k - p_e * (1 - k);
    const double variance = (sum - tail * tail) / (n * (1 - p_e) * (1 - p_e));
    return with_interval(k, variance);
}

agreement_estimate gwet_ac1(const contingency_table& counts) {
    const double n = total(counts);
    if (n <= 0) return undefined("no pairs");
    const std::size_t q = counts.size();
    if (q < 2) return undefined("the scale has a single category, so AC1 is undefined");
    const margins m = margins_of(counts, n);
    std::vector<double> pi(q, 0.0);
    double p_a = 0;
    double p_e = 0;
    const double q1 = static_cast<double>(q - 1);
    for (std::size_t k = 0; k < q; ++k) {
        pi[k] = (m.row[k] + m.col[k]) / 2;
        p_a += counts[k][k] / n;
        p_e += pi[k] * (1 - pi[k]) / q1;
    }
    if (1 - p_e < epsilon) return undefined("chance agreement is 1, so AC1 is undefined");
    const double ac1 = (p_a - p_e) / (1 - p_e);
    // Gwet (2008), two raters, no finite-population correction.
    double sum = 0;
    for (std::size_t k = 0; k < q; ++k)
        for (std::size_t l = 0; l < q; ++l) {
            if (counts[k][l] == 0) continue;
            const double d = (k == l ? 1.0 : 0.0) - 2 * (1 - ac1) * (1 - (pi[k] + pi[l]) / 2) / q1;
            sum += counts[k][l] / n * d * d;
        }
    const double tail = p_a - 2 * (1 - ac1) * p_e;
    const double variance = (sum - tail * tail) / (n * (1 - p_e) * (1 - p_e));
    return with_interval(ac1, variance);
}

agreement_statistics compute_agreement(const std::vector<rating_pair>& pairs, const rating_scale& scale) {
    // Categories: the ordered ones first (their positions are the weights'
    // distances), then the nominal ones, then values outside the scale in
    // sorted order, so the table is the same whatever order pairs arrive in.
    std::vector<std::string> categories = scale.ordered;
    categories.insert(categories.end(), scale.nominal.begin(), scale.nominal.end());
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t i = 0; i < categories.size(); ++i) index.emplace(categories[i], i);
    std::vector<std::string> extra;
    for (const auto& pair : pairs)
        for (const std::string* value : {&pair.a, &pair.b})
            if (index.find(*value) == index.end() && std::find(extra.begin(), extra.end(), *value) == extra.end())
                extra.push_back(*value);
    std::sort(extra.begin(), extra.end());
    for (auto& value : extra) {
        index.emplace(value, categories.size());
        categories.push_back(std::move(value));
    }

    const std::size_t q = categories.size();
    contingency_table counts(q, std::vector<double>(q, 0.0));
    agreement_statistics stats;
    stats.pairs = pairs.size();
    stats.categories = q;
    for (const auto& pair : pairs) {
        counts[index.at(pair.a)][index.at(pair.b)] += 1;
        if (pair.a == pair.b) ++stats.agreements;
    }
    stats.percent = percent_agreement(counts);
    stats.kappa = cohen_kappa(counts, make_weights(agreement_weights::identity, q, 0));
    if (scale.ordered.size() >= 2) {
        stats.kappa_linear = cohen_kappa(counts, make_weights(agreement_weights::linear, q, scale.ordered.size()));
        stats.kappa_quadratic =
            cohen_kappa(counts, make_weights(agreement_weights::quadratic, q, scale.ordered.size()));
    } else {
        stats.kappa_linear = undefined("nominal scale: weighted kappa needs ordered categories");
        stats.kappa_quadratic = stats.kappa_linear;
    }
    stats.ac1 = gwet_ac1(counts);
    if (pairs.empty()) {
        stats.kappa_linear = undefined("no pairs");
        stats.kappa_quadratic = undefined("no pairs");
    }
    return stats;
}

}  // namespace appraise
