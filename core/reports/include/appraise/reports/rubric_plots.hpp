// What the plots of one rubric show, gathered from a run's results in corpus
// order: the traffic light (one row per assessed result) and the summary bars
// (weight per judgement and domain), both in the rubric's own words
// (judgement_key.hpp), and how often each finding occurred. The HTML report
// and the standalone figures (`appraise figure`) build their plots here.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "appraise/model/study_result.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/reports/svg_plots.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct plot_options {
    std::string weight_field;   // a study field holding each study's weight; empty: each result counts 1
    bool split_weight = false;  // a study with several results gives each its share (the study counts once)
    // Only the results of this outcome id (a result with no label is the
    // study's one result and covers every outcome); empty: all.
    std::string outcome;
    // How rows name studies: by id, or by a label_token each (author-year,
    // title) that the writer replaces once the corpus's labels are known.
    label_style labels = label_style::id;
};

class rubric_plots {
public:
    explicit rubric_plots(const sdk::rubric_description& rubric, plot_options options = {});

    // One study, in corpus order; a study not appraised is passed over.
    void add(const study_result& study);
    // Every row's label token replaced by the study's final label, once the
    // whole corpus is added (the HTML report replaces them as it writes instead).
    void relabel(const study_labeller& labels);

    [[nodiscard]] const sdk::rubric_description& rubric() const { return rubric_; }
    [[nodiscard]] const traffic_light& light() const { return light_; }
    [[nodiscard]] const summary_bars& bars() const { return bars_; }
    [[nodiscard]] legend_extras extras() const { return extras_of(light_); }
    [[nodiscard]] std::size_t studies() const { return studies_; }  // with at least one assessed result drawn
    [[nodiscard]] std::size_t appraised_with() const { return appraised_with_; }  // appraised studies it looked at
    // finding id -> (studies, worst severity)
    [[nodiscard]] const std::map<std::string, std::pair<std::size_t, int>>& findings() const { return findings_; }
    // Per domain: results drawn that the rubric gave no judgement there (it does not apply).
    [[nodiscard]] const std::vector<std::size_t>& unrated() const { return unrated_; }
    // Results drawn with no overall judgement (nor an open one).
    [[nodiscard]] std::size_t no_overall() const { return no_overall_; }
    // Results left out by the outcome filter, by label.
    [[nodiscard]] const std::vector<std::string>& other_outcomes() const { return other_outcomes_; }

private:
    sdk::rubric_description rubric_;
    plot_options options_;
    traffic_light light_;
    summary_bars bars_;
    std::size_t studies_ = 0;
    std::size_t appraised_with_ = 0;
    std::map<std::string, std::pair<std::size_t, int>> findings_;
    std::vector<std::string> other_outcomes_;
    std::vector<std::size_t> unrated_;
    std::size_t no_overall_ = 0;
};

// A result of outcome `id`: its label is the id, or starts "id (" (rob2,
// ROBINS-I: "reading (assignment)"). Outcome ids hold no blank or bracket.
[[nodiscard]] bool result_of_outcome(const std::string& label, const std::string& id);

}  // namespace appraise
