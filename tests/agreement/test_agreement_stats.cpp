// Agreement statistics against published worked examples, and the degenerate
// cases every report meets (no pairs, one category, perfect agreement).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "appraise/agreement/agreement_stats.hpp"

namespace {

using appraise::agreement_estimate;
using appraise::agreement_weights;
using appraise::contingency_table;
using appraise::make_weights;
using appraise::rating_pair;
using appraise::rating_scale;

// Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed.: two abstractors
// classifying 100 pregnancies as ectopic, abnormal intrauterine (AIU) or
// normal intrauterine (NIU). Values as printed by Gwet's own irrCAC package
// (README "cont3x3abstractors" and vignette "weighting"): percent agreement
// 0.89; Cohen's kappa 0.7964094 (SE 0.05891072); kappa with quadratic weights
// 0.8921569 (SE 0.03535151); AC1 0.8493305 (SE 0.04321747). Gwet's kappa
// variance is algebraically the Fleiss-Cohen-Everitt (1969) one used here.
const contingency_table abstractors = {{13, 0, 0}, {0, 20, 7}, {0, 4, 56}};

// SAS/STAT PROC FREQ AGREE example of a 3 x 3 table (n = 19), as reproduced
// with SAS's printout in statsmodels' test_inter_rater.py: simple kappa
// 0.4842, ASE 0.1380, 95% CI 0.2137-0.7547; weighted kappa with
// Cicchetti-Allison (linear) weights 0.4701, ASE 0.1457, 95% CI 0.1845-0.7558.
const contingency_table sas_table = {{0, 4, 1}, {0, 8, 0}, {0, 1, 5}};

void require_finite(const agreement_estimate& e) {
    if (!e.value) {
        CHECK_FALSE(e.reason.empty());
        return;
    }
    CHECK(std::isfinite(*e.value));
    CHECK(std::isfinite(e.standard_error));
    CHECK(std::isfinite(e.low));
    CHECK(std::isfinite(e.high));
}

// Expands a table into rating pairs over categories c0, c1, ...
std::vector<rating_pair> pairs_of(const contingency_table& table, const std::vector<std::string>& names) {
    std::vector<rating_pair> pairs;
    for (std::size_t i = 0; i < table.size(); ++i)
        for (std::size_t j = 0; j < table.size(); ++j)
            for (int k = 0; k < static_cast<int>(table[i][j]); ++k) pairs.push_back({names[i], names[j]});
    return pairs;
}

}  // namespace

TEST_CASE("Cohen's kappa matches Gwet's abstractors example", "[core][agreement][stats]") {
    const auto kappa = appraise::cohen_kappa(abstractors, make_weights(agreement_weights::identity, 3, 0));
    REQUIRE(kappa.value);
    CHECK(*kappa.value == Approx(0.7964094).margin(1e-6));
    CHECK(kappa.standard_error == Approx(0.05891072).margin(1e-6));
    const auto percent = appraise::percent_agreement(abstractors);
    REQUIRE(percent.value);
    CHECK(*percent.value == Approx(0.89).margin(1e-9));
}

TEST_CASE("quadratic weighted kappa matches Gwet's abstractors example", "[core][agreement][stats]") {
    const auto kappa = appraise::cohen_kappa(abstractors, make_weights(agreement_weights::quadratic, 3, 3));
    REQUIRE(kappa.value);
    CHECK(*kappa.value == Approx(0.8921569).margin(1e-6));
    CHECK(kappa.standard_error == Approx(0.03535151).margin(1e-6));
}

TEST_CASE("Gwet's AC1 and its standard error match Gwet's abstractors example", "[core][agreement][stats]") {
    const auto ac1 = appraise::gwet_ac1(abstractors);
    REQUIRE(ac1.value);
    CHECK(*ac1.value == Approx(0.8493305).margin(1e-6));
    CHECK(ac1.standard_error == Approx(0.04321747).margin(1e-6));
    CHECK(ac1.low == Approx(0.8493305 - 1.959964 * 0.04321747).margin(1e-5));
}

TEST_CASE("kappa and linear weighted kappa match SAS PROC FREQ", "[core][agreement][stats]") {
    const auto kappa = appraise::cohen_kappa(sas_table, make_weights(agreement_weights::identity, 3, 0));
    REQUIRE(kappa.value);
    CHECK(*kappa.value == Approx(0.4842).margin(5e-5));
    CHECK(kappa.standard_error == Approx(0.1380).margin(5e-5));
    CHECK(kappa.low == Approx(0.2137).margin(5e-5));
    CHECK(kappa.high == Approx(0.7547).margin(5e-5));
    const auto linear = appraise::cohen_kappa(sas_table, make_weights(agreement_weights::linear, 3, 3));
    REQUIRE(linear.value);
    CHECK(*linear.value == Approx(0.4701).margin(5e-5));
    CHECK(linear.standard_error == Approx(0.1457).margin(5e-5));
    CHECK(linear.low == Approx(0.1845).margin(5e-5));
    CHECK(linear.high == Approx(0.7558).margin(5e-5));
}

TEST_CASE("compute_agreement builds the table from pairs on an ordered scale", "[core][agreement][stats]") {
    rating_scale scale{"ordered", {"low", "moderate", "high"}, {}};
    // Pairs arrive in any order: the result depends on the table only.
    auto pairs = pairs_of(sas_table, scale.ordered);
    std::reverse(pairs.begin(), pairs.end());
    const auto stats = appraise::compute_agreement(pairs, scale);
    CHECK(stats.pairs == 19);
    CHECK(stats.agreements == 13);
    CHECK(stats.categories == 3);
    REQUIRE(stats.kappa.value);
    CHECK(*stats.kappa.value == Approx(0.4842).margin(5e-5));
    REQUIRE(stats.kappa_linear.value);
    CHECK(*stats.kappa_linear.value == Approx(0.4701).margin(5e-5));
    REQUIRE(stats.kappa_quadratic.value);
    const auto quadratic = appraise::cohen_kappa(sas_table, make_weights(agreement_weights::quadratic, 3, 3));
    CHECK(*stats.kappa_quadratic.value == Approx(*quadratic.value).margin(1e-12));

    const auto abstracted = appraise::compute_agreement(pairs_of(abstractors, {"e", "a", "n"}),
                                                        rating_scale{"nominal", {}, {"e", "a", "n"}});
    REQUIRE(abstracted.ac1.value);
    CHECK(*abstracted.ac1.value == Approx(0.8493305).margin(1e-6));
    CHECK_FALSE(abstracted.kappa_linear.value);  // nominal: no weighted kappa
    CHECK_FALSE(abstracted.kappa_linear.reason.empty());
}

TEST_CASE("categories outside the order agree only with themselves", "[core][agreement][stats]") {
    // Y > PY > PN > N with NI apart: NI vs Y gets no partial credit, PY vs Y does.
    const rating_scale signalling{"signalling", {"Y", "PY", "PN", "N"}, {"NI"}};
    const auto weights = make_weights(agreement_weights::linear, 5, 4);
    CHECK(weights[0][1] == Approx(2.0 / 3.0));
    CHECK(weights[0][3] == Approx(0.0));
    CHECK(weights[4][0] == 0.0);
    CHECK(weights[0][4] == 0.0);
    CHECK(weights[4][4] == 1.0);
    const std::vector<rating_pair> near = {{"Y", "PY"}, {"N", "N"}, {"Y", "Y"}, {"PN", "N"}};
    const std::vector<rating_pair> apart = {{"Y", "NI"}, {"N", "N"}, {"Y", "Y"}, {"PN", "NI"}};
    const auto close = appraise::compute_agreement(near, signalling);
    const auto far = appraise::compute_agreement(apart, signalling);
    REQUIRE(close.kappa_linear.value);
    REQUIRE(far.kappa_linear.value);
    CHECK(*close.kappa_linear.value > *far.kappa_linear.value);
    CHECK(close.categories == 5);
}

TEST_CASE("no pairs: every statistic is absent with a reason", "[core][agreement][stats][degenerate]") {
    const auto stats = appraise::compute_agreement({}, rating_scale{"signalling", {"Y", "PY", "PN", "N"}, {"NI"}});
    CHECK(stats.pairs == 0);
    for (const auto* e : {&stats.percent, &stats.kappa, &stats.kappa_linear, &stats.kappa_quadratic, &stats.ac1}) {
        CHECK_FALSE(e->value);
        CHECK(e->reason == "no pairs");
    }
}

TEST_CASE("one category only: kappa is undefined, AC1 is 1", "[core][agreement][stats][degenerate]") {
    // Every study rated "Low" by both coders: the case AC1 was made for.
    const rating_scale judgement{"judgement", {"low", "some-concerns", "high"}, {}};
    const std::vector<rating_pair> pairs(6, rating_pair{"low", "low"});
    const auto stats = appraise::compute_agreement(pairs, judgement);
    REQUIRE(stats.percent.value);
    CHECK(*stats.percent.value == 1.0);
    CHECK(stats.percent.high == 1.0);
    CHECK(stats.percent.low < 1.0);  // Wilson: six units do not prove perfection
    CHECK_FALSE(stats.kappa.value);
    CHECK(stats.kappa.reason.find("one category only") != std::string::npos);
    CHECK_FALSE(stats.kappa_linear.value);
    REQUIRE(stats.ac1.value);
    CHECK(*stats.ac1.value == 1.0);
    for (const auto* e : {&stats.percent, &stats.kappa, &stats.kappa_linear, &stats.kappa_quadratic, &stats.ac1})
        require_finite(*e);

    // A scale with a single category (free text coded alike): AC1 undefined too.
    const auto single = appraise::compute_agreement(std::vector<rating_pair>(3, {"China", "China"}), rating_scale{});
    CHECK(single.categories == 1);
    CHECK_FALSE(single.ac1.value);
    CHECK_FALSE(single.ac1.reason.empty());
}

TEST_CASE("perfect agreement over several categories gives 1 with a zero-width interval",
          "[core][agreement][stats][degenerate]") {
    const rating_scale judgement{"judgement", {"low", "some-concerns", "high"}, {"not-applicable"}};
    const std::vector<rating_pair> pairs = {{"low", "low"},
                                            {"high", "high"},
                                            {"high", "high"},
                                            {"some-concerns", "some-concerns"},
                                            {"not-applicable", "not-applicable"}};
    const auto stats = appraise::compute_agreement(pairs, judgement);
    for (const auto* e : {&stats.kappa, &stats.kappa_linear, &stats.kappa_quadratic, &stats.ac1}) {
        REQUIRE(e->value);
        CHECK(*e->value == Approx(1.0));
        CHECK(e->standard_error == Approx(0.0).margin(1e-9));
        CHECK(e->low == Approx(1.0));
        CHECK(e->high == Approx(1.0));
    }
}

TEST_CASE("total disagreement stays finite and inside [-1, 1]", "[core][agreement][stats][degenerate]") {
    const rating_scale yes_no{"yes/no", {}, {"false", "true"}};
    const std::vector<rating_pair> pairs = {{"true", "false"}, {"false", "true"}};
    const auto stats = appraise::compute_agreement(pairs, yes_no);
    REQUIRE(stats.kappa.value);
    CHECK(*stats.kappa.value == Approx(-1.0));
    CHECK(stats.kappa.low >= -1.0);
    require_finite(stats.kappa);
    require_finite(stats.ac1);
    REQUIRE(stats.percent.value);
    CHECK(*stats.percent.value == 0.0);
}
