// The risk-of-bias step of GRADE per review outcome (docs/grade.md): which
// studies' results belong to each outcome of the review, where each starts
// (randomised: High; non-randomised: Low, or High when appraised with
// ROBINS-I), the share of weight at each overall risk-of-bias level, the
// domains that drive high risk, a *proposed* risk-of-bias rating with the rule
// that produced it, exclusions, and the certainty the reviewer's own ratings
// of the five domains (and upgrades) combine into. Nothing here judges for the
// reviewer: the proposal is labelled as one and never reaches the certainty.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "appraise/grade/effect_pooling.hpp"
#include "appraise/input/review_config.hpp"
#include "appraise/model/study_result.hpp"
#include "appraise/reports/judgement_words.hpp"

namespace appraise {

// One result of a study, as the outcome's body of evidence sees it.
struct graded_result {
    std::string study;
    std::string file;
    std::string result;  // the study outcome id it measures (or "(every outcome)" for a study's one result)
    std::string label;   // the rubric's label of the result, as reports show it
    std::string rubric;
    std::string overall;  // the rubric's overall word; empty: not assessed
    std::optional<risk_level> level;
    bool counted_high = false;  // in the low/high split (protocol settings)
    bool randomised = false;
    int start = 4;                     // 4 High, 2 Low
    std::string start_reason;          // "randomised", "non-randomised, appraised with ROBINS-I", ...
    double weight = 0;                 // its share of the study's weight (a study counts once),
                                       // or the `weight` written in its appraisal
    bool own_weight = false;           // the weight is the one written in its appraisal
    std::string excluded;              // why it is left out of the body of evidence; empty: included
    std::vector<std::string> drivers;  // domain ids at the result's overall rung (for results counted high)
    bool recorded = false;             // a recorded judgement ([[recorded.<id>]]): imported, not computed
};

// A domain that drives high risk of bias: the weight of the results counted
// high in which that domain sits at the result's overall rung.
struct domain_driver {
    std::string rubric;
    std::string domain;
    std::string name;
    double share = 0;  // of the outcome's included weight
    std::size_t results = 0;
};

struct rob_proposal {
    std::optional<grade_rating> rating;  // nullopt: nothing to propose (no included result)
    std::string rule;                    // the rule, with its numbers and sources
};

struct certainty_step {
    std::string what;  // "risk of bias", "large effect", ...
    int change = 0;    // -2..+2
    std::string reason;
};

struct certainty_result {
    std::optional<int> level;          // 1 Very low .. 4 High; nullopt: not rated
    std::vector<std::string> missing;  // domains the reviewer has not rated
    std::vector<certainty_step> steps;
};

struct footnote {
    std::string mark;  // "a", "b", ...
    std::string text;
};

struct outcome_grade {
    review_outcome outcome;
    std::string weight_field;            // empty: each study weighs 1
    std::vector<graded_result> results;  // included and excluded, in corpus order
    std::vector<std::string> not_used;   // "study: rubric (label)" appraisals of a rubric later in the order
    double total_weight = 0;             // of the included results with a rating
    // Weight at each overall level among the included results: low, concerns, high, no information.
    std::array<double, 4> level_weight{};
    double high_weight = 0;  // the high side of the low/high split
    std::vector<domain_driver> drivers;
    // With an `estimates` CSV: the pooled estimates of all, low- and
    // high-risk studies, and whether they differ (used by the proposal).
    std::optional<estimate_comparison> estimates;
    rob_proposal proposal;
    int start = 0;  // the body's starting level (the lowest of its results'); 0: no result
    std::string start_text;
    certainty_result certainty;
    std::vector<footnote> footnotes;
};

// What the settings say and whether each is the default: printed with every proposal.
[[nodiscard]] std::string protocol_settings_text(const review_config& config);

// The proposal from the shares: not serious when the high share is below
// `serious_from`, serious from it on unless the estimates (when given) say
// the low-risk studies' result is like that of all; very serious never
// (GRADE leaves "crucial limitations" to the reviewer).
[[nodiscard]] rob_proposal propose_risk_of_bias(double high_weight, double total_weight, const review_config& config,
                                                const estimate_comparison* estimates = nullptr);

// The reviewer's ratings and upgrades applied to `start` (4 or 2), clamped to 1..4.
[[nodiscard]] certainty_result combine_certainty(int start, const review_outcome& outcome);

// "High", "Moderate", "Low", "Very low"; the ⊕ symbols of a level.
[[nodiscard]] const char* certainty_name(int level);
[[nodiscard]] std::string certainty_symbols(int level);

// Collects the results of a run, file by file in corpus order, and grades
// each review outcome at the end.
class grade_collector {
public:
    // `rubrics`: the descriptions of the rubrics the run used.
    grade_collector(review_config config, std::vector<sdk::rubric_description> rubrics);

    // The study fields the engine must copy into facets for this.
    [[nodiscard]] std::vector<std::string> facet_fields() const;
    // The risk-of-bias rubrics, in order of preference: [review] rubrics, or
    // every rubric of the run with a RoB 2 or ROBINS-I robvis layout or a
    // ROBINS-I id.
    [[nodiscard]] const std::vector<std::string>& rob_rubrics() const { return rob_rubrics_; }

    void add(const file_result& file);
    // Problems found on the way (a missing weight): errors, exit 2.
    [[nodiscard]] const diagnostics& problems() const { return problems_; }

    [[nodiscard]] std::vector<outcome_grade> finish() const;

private:
    [[nodiscard]] bool is_robins_i(const std::string& rubric) const;
    [[nodiscard]] const sdk::rubric_description* description(const std::string& id) const;
    void add_study(const study_result& study, outcome_grade& grade);

    review_config config_;
    std::vector<sdk::rubric_description> rubrics_;
    std::vector<std::string> rob_rubrics_;
    std::vector<outcome_grade> grades_;
    diagnostics problems_;
};

}  // namespace appraise
