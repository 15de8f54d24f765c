// The robvis CSV: one row per assessed result, written at the end, when every
// study's label is known (two "Lan 2009" become "Lan 2009a" and "Lan 2009b").
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>

#include "appraise/model/version.hpp"
#include "appraise/reports/export_rows.hpp"
#include "appraise/reports/judgement_words.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/report_weights.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/text/csv_text.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

// robvis takes a first row holding any of these as a repeated header.
bool reserved_label(const std::string& label) {
    std::string lower;
    for (const char c : label) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "study" || lower == "overall" || lower == "weight";
}

class robvis_report final : public report_writer {
public:
    robvis_report(std::ostream& out, report_context context)
        : out_(out), context_(std::move(context)), labeller_(label_style_named(context_.label)) {
        if (context_.rubrics.size() != 1)
            throw std::invalid_argument("the robvis format takes exactly one rubric (--rubric ID)");
        rubric_ = context_.rubrics.front();
        choose_layout();
    }

    // Rows need the labels of the whole file so far: nothing is formatted on the workers.
    std::string render(const file_result&) const override { return {}; }

    void add(const file_result& file, std::string_view) override {
        for (const auto& study : file.studies) {
            if (!study.appraised) continue;
            bool assessed = false;
            // A study's label may get a letter once a later study shares it: a token until finish.
            labeller_.add(study);
            const auto labels = labelled_results(study, labeller_.style());
            std::vector<std::vector<std::string>> rows;  // this study's, before the weight
            for (std::size_t k = 0; k < study.appraisals.size(); ++k) {
                const auto& appraisal = study.appraisals[k];
                if (appraisal.rubric != rubric_.id || (appraisal.domains.empty() && !appraisal.overall)) continue;
                assessed = true;
                // A result with no label is the study's one result: it covers every outcome.
                if (!context_.robvis_outcome.empty() && !appraisal.label.empty() &&
                    !of_outcome(appraisal.label, context_.robvis_outcome)) {
                    other_outcome_.push_back(labels[k]);
                    continue;
                }
                const std::string& drawn_with =
                    appraisal.robvis_template.empty() ? default_template_ : appraisal.robvis_template;
                if (!all_results_ && drawn_with != tool_->name) {
                    other_template_[drawn_with].push_back(labels[k]);
                    continue;
                }
                if (auto row = make_row(appraisal, labels[k])) {
                    rows.push_back(std::move(*row));
                    if (!appraisal.label.empty()) outcomes_.insert(outcome_of(appraisal.label));
                }
            }
            if (!assessed) not_assessed_.push_back(study.id);
            write_study_rows(study, rows);
        }
    }

    void finish(const run_summary&) override {
        for (auto& row : pending_) {
            if (!row.empty()) row.front() = with_labels(row.front(), labeller_);
            out_ << csv_line(row);
        }
        out_.flush();
        if (context_.notes != nullptr) {
            label_filter filter(
                *context_.notes, labeller_, +[](std::string_view text) { return std::string(text); });
            std::ostream notes(&filter);
            write_notes(notes);
            notes.flush();
        }
        // robvis fails on a file with no row: say why instead of writing one.
        if (rows_ == 0)
            throw std::runtime_error("robvis: no row of " + rubric_.id +
                                     " to write, so no CSV was written (robvis cannot read a file with a header "
                                     "only); stderr above says what was left out and why");
    }

private:
    void write_notes(std::ostream& notes) const {
        // robvis reads no comment row (robvis issue 110 asks for a stamp): the version goes here.
        notes << "robvis: " << rows_ << (rows_ == 1 ? " row" : " rows") << " of " << rubric_.id << ' '
              << rubric_.version << ", written by " << tool_name << ' ' << tool_version << "; pass tool = \""
              << tool_->name << "\" to rob_traffic_light()"
              << (tool_->summary_plot ? " and rob_summary()" : " (robvis draws no summary plot for this template)")
              << '\n';
        if (tool_->words.empty())
            notes << "robvis: robvis has no template of its own for " << rubric_.name
                  << "; written for its Generic template, the domain names as column headers\n";
        if (!context_.weight_field.empty())
            notes << "robvis: the Weight column (from `" << context_.weight_field
                  << "`) is for rob_summary(..., weighted = TRUE); rob_traffic_light() with a named tool "
                     "rejects it, so drop the column there\n";
        if (!not_assessed_.empty())
            notes << "robvis: " << not_assessed_.size() << (not_assessed_.size() == 1 ? " study" : " studies")
                  << " not assessed by " << rubric_.id << ", left out: " << not_assessed_.text() << '\n';
        if (!unassessed_.empty())
            notes << "robvis: left out " << unassessed_.size() << (unassessed_.size() == 1 ? " row" : " rows")
                  << " that the reviewer did not assess in full (robvis has no \"not assessed\" level, and "
                     "\"No information\" would say the study reports nothing): "
                  << unassessed_.text() << '\n';
        if (!unwritable_.empty())
            notes << "robvis: left out " << unwritable_.size() << (unwritable_.size() == 1 ? " row" : " rows")
                  << " whose judgement has no robvis " << tool_->name << " word: " << unwritable_.text() << '\n';
        if (!unweighted_.empty())
            notes << "robvis: left out " << unweighted_.text() << ": no weight in `" << context_.weight_field << "`\n";
        for (const auto& [name, rows] : other_template_)
            notes << "robvis: left out " << rows.size() << (rows.size() == 1 ? " row" : " rows") << " that "
                  << rubric_.id << " draws with robvis's " << name << " template (" << rows.text()
                  << "); write them to their own file with --robvis-template " << name << '\n';
        if (!filled_.empty())
            notes << "robvis: " << rubric_.id << " gave no judgement for " << filled_.text()
                  << "; written as \"Not applicable\" (\"No information\" would say the study reports nothing)\n";
        if (tool_->words.empty() && !mapped_.empty()) {
            std::string mapping;
            for (const auto& [word, spelled] : mapped_)
                mapping += (mapping.empty() ? "" : ", ") + word + " -> " + spelled;
            notes << "robvis: " << rubric_.id << "'s judgements as robvis Generic words: " << mapping << '\n';
        }
        if (tool_->words.empty() && !mapped_.empty()) write_generic_labels(notes);
        if (!dropped_.empty()) {
            std::string columns;
            for (const auto& [name, words] : dropped_) {
                std::string judged;
                for (const auto& w : words) judged += (judged.empty() ? "" : ", ") + w;
                columns += (columns.empty() ? "" : "; ") + name + " (" + judged + ")";
            }
            notes << "robvis: " << rubric_.id << "'s " << tool_->name
                  << " layout leaves out domains the results have: " << columns << '\n';
        }
        if (!overall_column_ && rows_ > 0)
            notes << "robvis: " << rubric_.id
                  << " gives no overall judgement, so the file has no Overall column: pass overall = FALSE to "
                     "rob_traffic_light() and rob_summary()\n";
        if (!coding_errors_.empty()) {
            notes << "robvis: " << (context_.allow_unjudged ? "wrote " : "left out ") << coding_errors_.size()
                  << (coding_errors_.size() == 1 ? " row" : " rows")
                  << " whose coding has errors, so a domain may not be judged from what the reviewer meant"
                  << (context_.allow_unjudged ? " (--allow-unjudged)" : "; fix them, or pass --allow-unjudged")
                  << ":\n";
            notes << noted_lines(coding_errors_);
        }
        if (!other_outcome_.empty())
            notes << "robvis: left out " << other_outcome_.size()
                  << (other_outcome_.size() == 1 ? " result" : " results") << " of other outcomes than "
                  << context_.robvis_outcome << " (--outcome): " << other_outcome_.text() << '\n';
        if (context_.robvis_outcome.empty() && outcomes_.size() > 1)
            notes << "robvis: the rows mix " << outcomes_.size()
                  << " outcomes; a risk-of-bias figure is drawn per outcome: write one file each with --outcome ID\n";
        if (split_weights_ > 0)
            notes << "robvis: " << split_weights_ << (split_weights_ == 1 ? " study has" : " studies have")
                  << " several results; each result carries its share of the study's weight, so the study counts "
                     "once in a weighted summary\n";
    }

    void write_header(bool overall) {
        overall_column_ = overall;
        std::vector<std::string> header{"Study"};
        for (std::size_t i = 0; i < layout_.size(); ++i)
            header.push_back(tool_->domain_columns != 0 ? short_header(layout_[i]->id) : layout_[i]->name);
        // robvis with overall = FALSE wants the column removed, not filled (robvis issue 153).
        if (overall_column_) header.emplace_back("Overall");
        if (!context_.weight_field.empty()) header.emplace_back("Weight");
        pending_.push_back(std::move(header));
        header_written_ = true;
    }

    // A study's rows, each with its share of the study's weight: a study with
    // three results must not count three times in a weighted summary.
    void write_study_rows(const study_result& study, std::vector<std::vector<std::string>>& rows) {
        if (rows.empty()) return;
        if (!context_.weight_field.empty()) {
            // The engine's weight check (check_weight) turned a missing weight into an input
            // error before any writer saw the study; never write an empty one.
            const auto weight = weight_value(study, context_.weight_field);
            if (!weight) {
                for (const auto& row : rows) {
                    unweighted_.push_back(row.front());
                    labels_.erase(row.front());
                }
                return;
            }
            if (rows.size() > 1) ++split_weights_;
            const std::string share = rows.size() == 1 ? *weight_text(study, context_.weight_field)
                                                       : format_trimmed(*weight / static_cast<double>(rows.size()), 9);
            for (auto& row : rows) row.push_back(share);
        }
        for (auto& row : rows) {
            pending_.push_back(std::move(row));
            ++rows_;
        }
    }

    // The columns: the layout --robvis-template names (default: the rubric's
    // first), or robvis Generic over every domain when the rubric declares
    // none or Generic is asked for by name.
    void choose_layout() {
        const auto& layouts = rubric_.robvis_layouts;
        default_template_ = layouts.empty() ? "Generic" : layouts.front().template_name;
        const std::string wanted = context_.robvis_template.empty() ? default_template_ : context_.robvis_template;
        const auto declared = std::find_if(layouts.begin(), layouts.end(),
                                           [&](const sdk::robvis_layout& l) { return l.template_name == wanted; });
        if (declared == layouts.end()) {
            if (wanted != "Generic") {
                std::string known;
                for (const auto& l : layouts) known += (known.empty() ? "" : ", ") + l.template_name;
                if (std::none_of(layouts.begin(), layouts.end(),
                                 [](const sdk::robvis_layout& l) { return l.template_name == "Generic"; }))
                    known = known.empty() ? "Generic" : known + ", Generic";
                throw std::invalid_argument("rubric " + rubric_.id + " has no robvis layout \"" + wanted +
                                            "\"; --robvis-template takes one of: " + known);
            }
            tool_ = &generic_robvis_template();
            all_results_ = true;
            for (const auto& spec : rubric_.domains) layout_.push_back(&spec);
            return;
        }
        tool_ = find_robvis_template(declared->template_name);
        if (tool_ == nullptr)  // the host checked every layout when the rubric registered
            throw std::invalid_argument("rubric " + rubric_.id + " names an unknown robvis template");
        for (const auto& id : declared->domains) {
            const auto spec = std::find_if(rubric_.domains.begin(), rubric_.domains.end(),
                                           [&](const sdk::domain_spec& d) { return d.id == id; });
            if (spec == rubric_.domains.end())
                throw std::invalid_argument("rubric " + rubric_.id + "'s robvis layout names no domain " + id);
            layout_.push_back(&*spec);
        }
    }

    // robvis's Generic legend has its own words ("Unclear" for the middle
    // level) unless judgement_labels names each level, in the order of its
    // levels: rob_traffic_light() c, h, s, l, n, x; rob_summary() l, s, h, c,
    // n (robvis 0.3.0.900, R/rob_traffic_light.R and R/rob_summary.R).
    void write_generic_labels(std::ostream& notes) const {
        using rl = risk_level;
        using defaults = std::array<std::string_view, risk_level_count>;  // per risk_level, as robvis words them
        constexpr defaults traffic_light{"Low", "Unclear", "High", "Critical", "No information", "Not applicable"};
        constexpr defaults summary{"Low risk of bias",      "Some concerns",  "High risk of bias",
                                   "Critical risk of bias", "No information", ""};
        std::array<std::vector<std::string>, risk_level_count> words;  // the rubric's, per risk_level
        for (const auto& kebab : rubric_.judgement_scale)
            if (mapped_.count(kebab) != 0)
                if (const auto level = level_of(kebab, rubric_.judgement_scale, rubric_.judgement_rungs))
                    words[static_cast<std::size_t>(*level)].push_back(title_word(kebab));
        auto& na = words[static_cast<std::size_t>(rl::not_applicable)];
        if (!filled_.empty() && std::find(na.begin(), na.end(), "Not applicable") == na.end())
            na.emplace_back("Not applicable");
        const auto label = [&](rl level, const defaults& fallback) {
            std::string text;
            for (const auto& w : words[static_cast<std::size_t>(level)]) text += (text.empty() ? "" : " / ") + w;
            return r_string(text.empty() ? std::string(fallback[static_cast<std::size_t>(level)]) : text);
        };
        notes << "robvis: for a legend in " << rubric_.id << "'s words (robvis's Generic legend says \"Unclear\" "
              << "otherwise), pass judgement_labels = c(";
        const std::array<rl, 6> traffic_order{rl::critical, rl::high,           rl::concerns,
                                              rl::low,      rl::no_information, rl::not_applicable};
        for (std::size_t i = 0; i < traffic_order.size(); ++i)
            notes << (i == 0 ? "" : ", ") << label(traffic_order[i], traffic_light);
        notes << ") to rob_traffic_light()";
        if (!tool_->summary_plot) {
            notes << '\n';
            return;
        }
        // The Generic summary reads "Not applicable" as "no": No information. Its legend says so.
        auto& ni = words[static_cast<std::size_t>(rl::no_information)];
        if (na_cells_ > 0) ni.emplace_back("Not applicable");
        notes << " and judgement_labels = c(";
        const std::array<rl, 5> summary_order{rl::low, rl::concerns, rl::high, rl::critical, rl::no_information};
        for (std::size_t i = 0; i < summary_order.size(); ++i)
            notes << (i == 0 ? "" : ", ") << label(summary_order[i], summary);
        notes << ") to rob_summary()\n";
        if (na_cells_ > 0)
            notes << "robvis: rob_summary() with tool = \"Generic\" has no \"Not applicable\" level: it draws the "
                  << na_cells_ << (na_cells_ == 1 ? " such cell" : " such cells")
                  << " as No information (its colour); rob_traffic_light() shows them as they are\n";
    }

    // A string as R reads it: double quotes, with \ and " escaped.
    static std::string r_string(const std::string& text) {
        std::string quoted = "\"";
        for (const char c : text) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        return quoted + '"';
    }

    // A named template's columns are positional (robvis renames them); the
    // header still names the domain: d1 -> D1, d1b -> D1b.
    static std::string short_header(const std::string& id) {
        std::string header = id;
        if (!header.empty()) header[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(header[0])));
        return header;
    }

    // Unique and telling (result_labels), never a word robvis takes for a header,
    // and unique across the file even if two studies' labels meet.
    std::string study_label(std::string base) {
        if (reserved_label(base)) base += " (study)";
        std::string label = base;
        for (int n = 2; !labels_.insert(label).second; ++n) label = base + " #" + std::to_string(n);
        return label;
    }

    std::optional<std::string> cell(const std::string& judgement) {
        auto word = robvis_word(*tool_, judgement, rubric_.judgement_scale, rubric_.judgement_rungs);
        if (word) mapped_[judgement] = *word;
        return word;
    }

    std::optional<std::vector<std::string>> make_row(const sdk::appraisal& appraisal, const std::string& base_label) {
        seen_overall_ = seen_overall_ || appraisal.overall.has_value();
        // A domain or overall not assessed has no robvis word; writing one would
        // invent a judgement, so the whole row stays out and the notes say where.
        const std::string open = unassessed_text(appraisal);
        if (!open.empty()) {
            unassessed_.push_back(base_label + " (" + open + ")");
            return std::nullopt;
        }
        // A coding error (an answer not of the scale, an unknown key) leaves the
        // rubric judging without what the reviewer meant: out unless asked for.
        const std::string errors = coding_error_text(appraisal);
        if (!errors.empty()) {
            coding_errors_.push_back(base_label + ": " + errors);
            if (!context_.allow_unjudged) return std::nullopt;
        }
        // A rubric gives an overall or never does: the first row written decides the
        // Overall column, counting any result of the rubric seen so far that had one.
        const bool overall_here = header_written_ ? overall_column_ : seen_overall_;
        const std::string label = study_label(base_label);
        std::vector<std::string> fields{label};
        for (const auto* spec : layout_) {
            const auto domain = std::find_if(appraisal.domains.begin(), appraisal.domains.end(),
                                             [&](const sdk::domain_result& d) { return d.id == spec->id; });
            if (domain == appraisal.domains.end()) {
                filled_.push_back(label + " " + spec->name);
                fields.emplace_back("Not applicable");
                continue;
            }
            auto word = cell(domain->judgement);
            if (!word) {
                unwritable_.push_back(label + " (" + spec->name + ": " + domain->judgement + ")");
                labels_.erase(label);
                return std::nullopt;
            }
            fields.push_back(std::move(*word));
        }
        if (overall_here) {
            if (!appraisal.overall) {
                filled_.push_back(label + " Overall");
                fields.emplace_back("Not applicable");
            } else if (auto word = cell(*appraisal.overall)) {
                fields.push_back(std::move(*word));
            } else {
                unwritable_.push_back(label + " (Overall: " + *appraisal.overall + ")");
                labels_.erase(label);
                return std::nullopt;
            }
        }
        // Written: only now is there a header, and are its left-out domains worth a note.
        if (!header_written_) write_header(overall_here);
        for (const auto& d : appraisal.domains)
            if (std::none_of(layout_.begin(), layout_.end(),
                             [&](const sdk::domain_spec* spec) { return spec->id == d.id; }))
                dropped_[d.name].insert(d.judgement.empty() ? "not assessed" : d.judgement);
        // Counted once the row is written: robvis's Generic summary has no such level.
        na_cells_ += static_cast<std::size_t>(std::count(fields.begin() + 1, fields.end(), "Not applicable"));
        return fields;
    }

    std::ostream& out_;
    report_context context_;
    sdk::rubric_description rubric_;
    const robvis_template_info* tool_ = nullptr;
    std::vector<const sdk::domain_spec*> layout_;  // the domain columns, in robvis's order
    std::string default_template_;                 // what a result with no robvis_template is drawn with
    bool all_results_ = false;                     // Generic by name: every result, whatever its template
    std::map<std::string, noted_items> other_template_;
    std::set<std::string> labels_;
    std::size_t rows_ = 0;
    noted_items not_assessed_;
    noted_items unwritable_;
    noted_items unassessed_;
    noted_items filled_;
    noted_items unweighted_;
    std::map<std::string, std::string> mapped_;
    bool header_written_ = false;
    bool seen_overall_ = false;                             // some result of the rubric had an overall
    bool overall_column_ = true;                            // false: the rubric gives no overall (MMAT, JBI)
    noted_items coding_errors_;                             // "label: file:line:col: message [id]"
    noted_items other_outcome_;                             // left out by --outcome
    std::set<std::string> outcomes_;                        // of the rows written
    std::size_t na_cells_ = 0;                              // "Not applicable" cells written
    std::size_t split_weights_ = 0;                         // studies whose weight was shared by several rows
    std::map<std::string, std::set<std::string>> dropped_;  // domain name -> its words, not in the layout
    study_labeller labeller_;
    std::vector<std::vector<std::string>> pending_;  // header and rows, written at the end with the final labels
};

}  // namespace

std::unique_ptr<report_writer> make_robvis_report(std::ostream& out, report_context context) {
    return std::make_unique<robvis_report>(out, std::move(context));
}

}  // namespace appraise
