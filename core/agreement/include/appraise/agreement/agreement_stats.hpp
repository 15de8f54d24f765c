// Agreement statistics for two coders rating the same units: percent
// agreement, Cohen's kappa, weighted kappa (linear and quadratic weights, for
// ordered scales) and Gwet's AC1, each with a large-sample 95% confidence
// interval. Pure functions of a contingency table: no I/O, no project types.
//
// Notation: n units; p_ij = share of units coder A put in category i and
// coder B in category j; p_i. and p_.j the margins; q categories; w_ij the
// agreement weights (w_ii = 1).
//
//   percent agreement  p_a = sum_i p_ii, with the Wilson score interval
//                      (Wilson 1927), which stays inside [0, 1] and is
//                      defined at p_a = 1.
//   kappa (weighted)   p_o = sum_ij w_ij p_ij,  p_e = sum_ij w_ij p_i. p_.j,
//                      k = (p_o - p_e) / (1 - p_e)            (Cohen 1960, 1968)
//                      var(k) = [ sum_ij p_ij (w_ij - (wb_i. + wb_.j)(1 - k))^2
//                                 - (k - p_e (1 - k))^2 ] / (n (1 - p_e)^2)
//                      with wb_i. = sum_j p_.j w_ij and wb_.j = sum_i p_i. w_ij
//                      (Fleiss, Cohen & Everitt 1969, the non-null variance;
//                      identity weights give plain kappa).
//   weights            linear     w_ij = 1 - |i - j| / (k - 1)
//                      quadratic  w_ij = 1 - (i - j)^2 / (k - 1)^2
//                      over the k ordered categories; a category outside the
//                      order (NI, NA, not-applicable, not coded) agrees only
//                      with itself (w = 1 on the diagonal, 0 elsewhere).
//   Gwet's AC1         pi_k = (p_k. + p_.k) / 2,
//                      p_e = sum_k pi_k (1 - pi_k) / (q - 1),
//                      AC1 = (p_a - p_e) / (1 - p_e)          (Gwet 2008)
//                      var = [ sum_kl p_kl (d_kl - 2 (1 - AC1) (1 - (pi_k + pi_l) / 2) / (q - 1))^2
//                              - (p_a - 2 (1 - AC1) p_e)^2 ] / (n (1 - p_e)^2)
//                      (d = identity; Gwet 2008 eq. for two raters, no
//                      finite-population correction; as in Gwet 2014).
//   intervals          estimate +- 1.959964 SE, clipped to [-1, 1]
//                      (normal approximation; Gwet's software uses t(n-1)).
//
// Degenerate cases give a value or an explicit reason, never NaN:
//   no pairs: every statistic is absent, reason "no pairs";
//   p_e = 1 (both coders used one and the same category for every unit):
//     kappa is absent, reason "one category only"; AC1 is then 1 when the
//     scale has at least two categories (its p_e is 0);
//   q = 1 (the scale has a single category): AC1 is absent;
//   a scale with fewer than two ordered categories: weighted kappas absent.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace appraise {

// One statistic: a value with its standard error and interval, or the reason
// it is not defined.
struct agreement_estimate {
    std::optional<double> value;
    double standard_error = 0;
    double low = 0;  // 95% interval
    double high = 0;
    std::string reason;  // set when `value` is absent
};

struct agreement_statistics {
    std::size_t pairs = 0;
    std::size_t agreements = 0;  // exact agreements
    std::size_t categories = 0;  // q: categories of the scale (and any value outside it)
    agreement_estimate percent;  // p_a as a proportion
    agreement_estimate kappa;
    agreement_estimate kappa_linear;     // ordered scales only
    agreement_estimate kappa_quadratic;  // ordered scales only
    agreement_estimate ac1;
};

// The categories a rating can take. `ordered` is best first (Y before PY,
// low before high); `nominal` categories sit outside the order. A value
// outside both is added as a nominal category of its own.
struct rating_scale {
    std::string name;  // for reports: "signalling", "judgement", "nominal"
    std::vector<std::string> ordered;
    std::vector<std::string> nominal;
};

struct rating_pair {
    std::string a;
    std::string b;
};

enum class agreement_weights { identity, linear, quadratic };

// A q x q table of counts (rows: coder A, columns: coder B).
using contingency_table = std::vector<std::vector<double>>;
using weight_matrix = std::vector<std::vector<double>>;

// Weights for `categories` categories of which the first `ordered` are ordered.
[[nodiscard]] weight_matrix make_weights(agreement_weights kind, std::size_t categories, std::size_t ordered);

[[nodiscard]] agreement_estimate percent_agreement(const contingency_table& counts);
[[nodiscard]] agreement_estimate cohen_kappa(const contingency_table& counts, const weight_matrix& weights);
[[nodiscard]] agreement_estimate gwet_ac1(const contingency_table& counts);

// Every statistic for `pairs` rated on `scale`.
[[nodiscard]] agreement_statistics compute_agreement(const std::vector<rating_pair>& pairs, const rating_scale& scale);

}  // namespace appraise
