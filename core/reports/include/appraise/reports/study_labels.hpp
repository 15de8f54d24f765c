// How reports for people name a study (`run --label`): "Lan 2009" (the first
// author's family name and the year, as Cochrane names studies), its title,
// or its id. Author-year needs `authors` and `year` coded and falls back to
// the id, as title does without a title. Two studies with one author-year
// label become "Lan 2009a" and "Lan 2009b" in corpus order, so the letters
// are known only once the whole corpus is seen: writers that show labels put
// a token for each study in the text they spool (label_token) and replace it
// on the way out (label_filter) once every label is known.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/study_result.hpp"

namespace appraise {

enum class label_style { author_year, id, title };

// "author-year", "id", "title"; nullopt for any other word.
[[nodiscard]] std::optional<label_style> parse_label_style(std::string_view word);
// The same; throws std::invalid_argument naming the three for any other word.
[[nodiscard]] label_style label_style_named(std::string_view word);
// The study fields a label is made of: the run copies them into study_result::facets.
[[nodiscard]] const std::vector<std::string>& label_fields();

// The label before clashes are told apart: "Lan 2009" from authors "Lan, X."
// (the text before the first comma, else the name as written) and year 2009.
[[nodiscard]] std::string base_label(const study_result& study, label_style style);

// A result's label: the study's, then the rubric's result label (the outcome,
// and its effect when coded; "effect not coded" left out): "Zhou 2019,
// depression (assignment)"; " #2" when a study repeats one within a rubric.
// A study named by its id keeps the form ids always had: "chen-2017
// (depression (assignment))". The study's part is its label_token, to be
// replaced at the end, unless it is the id. One per appraisal.
[[nodiscard]] std::vector<std::string> labelled_results(const study_result& study, label_style style);

// Every study's label, clashes lettered in the order studies are added.
class study_labeller {
public:
    explicit study_labeller(label_style style) : style_(style) {}
    [[nodiscard]] label_style style() const { return style_; }
    void add(const study_result& study);
    // The final label of a study added (its id when never added).
    [[nodiscard]] std::string label(const std::string& id) const;

private:
    label_style style_;
    std::vector<std::pair<std::string, std::string>> studies_;  // id, base label, in corpus order
    std::map<std::string, std::size_t> clashes_;                // base label -> studies with it
    std::map<std::string, std::string> id_to_base_;
};

// Stands for the study's label in spooled text (control characters no report text holds).
[[nodiscard]] std::string label_token(const std::string& id);
// `text` with each token replaced by its label, nothing escaped.
[[nodiscard]] std::string with_labels(std::string_view text, const study_labeller& labels);
// escape() applied to the text between tokens; the tokens kept for label_filter.
[[nodiscard]] std::string escaped_keeping_tokens(std::string_view text, std::string (*escape)(std::string_view));

// An ostream buffer that writes through to `out`, each label token replaced
// by escape(label); the rest as it is.
class label_filter final : public std::streambuf {
public:
    using escaper = std::string (*)(std::string_view);
    label_filter(std::ostream& out, const study_labeller& labels, escaper escape)
        : out_(out), labels_(labels), escape_(escape) {}

protected:
    int_type overflow(int_type c) override;

private:
    std::ostream& out_;
    const study_labeller& labels_;
    escaper escape_;
    bool in_token_ = false;
    std::string id_;
};

}  // namespace appraise
