// The review's outcomes in appraise.toml (`[review]`, `[[review.outcomes]]`):
// which study outcomes make up each outcome of the review, how results are
// weighted, the protocol settings of the risk-of-bias suggestion, and the
// reviewer's GRADE ratings with their reasons (docs/grade.md). Configuration
// is untrusted input: every value is checked and bounded, every problem is a
// `config/invalid` error at its file:line:column.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct located_text {
    std::string text;
    sdk::source_location where;
};

// GRADE's ratings of a reason to rate down (not serious 0, serious -1, very serious -2).
enum class grade_rating { not_serious, serious, very_serious };

// The five reasons to rate down, in GRADE's order; the config keys are
// grade_domain_keys[i].
enum class grade_domain { risk_of_bias, inconsistency, indirectness, imprecision, publication_bias };
inline constexpr std::size_t grade_domain_count = 5;
inline constexpr std::array<const char*, grade_domain_count> grade_domain_keys = {
    "risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias"};

// The reasons to rate up (mainly for non-randomised evidence).
inline constexpr std::size_t grade_upgrade_count = 3;
inline constexpr std::array<const char*, grade_upgrade_count> grade_upgrade_keys = {"large_effect", "dose_response",
                                                                                    "residual_confounding"};

struct reviewer_rating {
    grade_rating rating = grade_rating::not_serious;
    std::string reason;
    sdk::source_location where;
};

struct reviewer_upgrade {
    int levels = 0;  // 1, or 2 for a very large effect
    std::string reason;
    sdk::source_location where;
};

// One study's effect estimate in a review outcome's meta-analysis, with its
// 95% confidence interval, on the scale the review reports it.
struct study_estimate {
    double estimate = 0;
    double lower = 0;
    double upper = 0;
    sdk::source_location where;  // its row in the CSV
};

// How the estimates are pooled for the comparison of low- and high-risk
// studies: ratios (risk, odds, hazard) on the log scale.
enum class effect_scale { difference, ratio };
enum class pooling_model { random, fixed };

struct review_outcome {
    located_text id;                     // [A-Za-z0-9._-]+, unique
    std::string name;                    // shown in reports; the id when empty
    std::vector<std::string> outcomes;   // study [[outcomes]] ids whose results belong to it
    std::vector<std::string> tags;       // studies with any of these tags contribute every result
    std::optional<located_text> weight;  // overrides [review] weight
    // `weights = "file.csv"`: the meta-analysis weights, rows of study id and
    // weight (header `study,weight`); overrides both weight fields.
    std::optional<located_text> weights_csv;
    std::map<std::string, double, std::less<>> csv_weights;
    // `estimates = "file.csv"`: each study's effect estimate and 95% CI
    // (header `study,estimate,lower,upper`), for comparing the estimate of the
    // low-risk studies with that of all (Core GRADE); `scale` says how to pool.
    std::optional<located_text> estimates_csv;
    std::map<std::string, study_estimate, std::less<>> csv_estimates;
    effect_scale scale = effect_scale::difference;
    std::array<std::optional<reviewer_rating>, grade_domain_count> ratings;
    std::array<std::optional<reviewer_upgrade>, grade_upgrade_count> upgrades;
};

// How a result at the middle rung (RoB 2 "some concerns", ROBINS-I
// "moderate") or at "no information" counts in the low/high split: a protocol
// setting, printed with every suggestion.
enum class counts_as { low, high };

struct review_config {
    bool present = false;                // a [review] table was written
    sdk::source_location where;          // its header
    std::vector<located_text> rubrics;   // the risk-of-bias rubrics, in order of preference; empty: see docs
    std::vector<located_text> robins_i;  // rubrics with which non-randomised evidence starts High; empty: default
    bool robins_i_set = false;
    std::optional<located_text> weight;  // a study field; nullopt: each study weighs the same
    counts_as concerns = counts_as::high;
    bool concerns_set = false;
    counts_as no_information = counts_as::high;
    bool no_information_set = false;
    double serious_from = 0.25;  // share of weight at high risk from which "serious" is proposed
    bool serious_from_set = false;
    pooling_model pooling = pooling_model::random;  // DerSimonian-Laird, or fixed effect (inverse variance)
    bool pooling_set = false;
    // Low- and high-risk estimates differ when the test of their difference
    // gives p below this, or the low-risk CI leaves out the estimate of all.
    double differ_p = 0.10;
    bool differ_p_set = false;
    std::vector<review_outcome> outcomes;
};

// The most review outcomes, and the most ids or tags in one list.
inline constexpr std::size_t max_review_outcomes = 200;
inline constexpr std::size_t max_review_list = 200;
inline constexpr std::size_t max_review_text = 4000;
inline constexpr std::size_t max_weight_rows = 100000;  // and estimate rows

[[nodiscard]] const char* rating_key(grade_rating rating);  // "not-serious", ...

// Reads the `review` table of appraise.toml; problems are configuration
// errors. A weights CSV is read from `base` (the configuration's folder); its
// name must stay inside it.
[[nodiscard]] review_config read_review_config(const sdk::node& review, const std::filesystem::path& base,
                                               diagnostics& problems);

}  // namespace appraise
