// RevMan Web's RoB 2 import: one row per result, the judgement and support of
// each domain and of the overall, in the columns of revman_columns.hpp (or of
// the template passed with --revman-template). A row never carries a
// judgement the reviewer did not make: what robvis leaves out, this leaves
// out too, and for the same reasons (export_rows.hpp).
#include <algorithm>
#include <array>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/version.hpp"
#include "appraise/reports/export_rows.hpp"
#include "appraise/reports/judgement_words.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/result_labels.hpp"
#include "appraise/reports/revman_columns.hpp"
#include "appraise/reports/support_text.hpp"
#include "appraise/text/csv_text.hpp"

namespace appraise {
namespace {

// RevMan's RoB 2 levels, as rob2 writes them (instruments-2.md section 8).
constexpr std::array<std::string_view, 3> revman_levels{"low", "some-concerns", "high"};

class revman_report final : public report_writer {
public:
    revman_report(std::ostream& out, report_context context) : out_(out), context_(std::move(context)) {
        if (context_.rubrics.size() != 1 || context_.rubrics.front().id != "rob2") {
            std::string named;
            for (const auto& r : context_.rubrics) named += (named.empty() ? "" : ", ") + r.id;
            throw std::invalid_argument(
                "--format revman writes RevMan Web's \"Risk of bias 2 (one row per result)\" import, so it takes "
                "exactly one rubric, rob2 (--rubric rob2); the run has " +
                (named.empty() ? std::string("none") : named));
        }
        rubric_ = context_.rubrics.front();
        if (context_.revman_template.empty()) {
            for (const auto& c : revman_columns) layout_.push_back({&c, std::string(c.header)});
        } else {
            layout_ = revman_layout(context_.revman_template, context_.revman_path);
        }
        for (const auto& l : layout_)
            if (l.column->field == revman_field::judgement && l.column->domain != "overall")
                domains_.push_back(l.column->domain);
    }

    // The notes need the whole run, so rows are made as files arrive, in corpus order.
    std::string render(const file_result&) const override { return {}; }

    void add(const file_result& file, std::string_view) override {
        for (const auto& study : file.studies) {
            if (!study.appraised) continue;
            const auto labels = result_labels(study);
            bool assessed = false;
            for (std::size_t k = 0; k < study.appraisals.size(); ++k) {
                const auto& a = study.appraisals[k];
                if (a.rubric != rubric_.id || (a.domains.empty() && !a.overall)) continue;
                assessed = true;
                if (auto row = make_row(study, a, labels[k])) {
                    if (rows_ == 0) write_header();
                    out_ << csv_line(*row);
                    ++rows_;
                }
            }
            if (!assessed) not_assessed_.push_back(study.id);
        }
    }

    void finish(const run_summary&) override {
        out_.flush();
        if (context_.notes != nullptr) write_notes(*context_.notes);
        if (rows_ == 0)
            throw std::runtime_error(
                "revman: no row of rob2 to write, so no CSV was written (RevMan would import "
                "nothing); stderr above says what was left out and why");
    }

private:
    void write_header() {
        std::vector<std::string> header;
        for (const auto& l : layout_) header.push_back(l.header);
        out_ << csv_line(header);
    }

    std::optional<std::vector<std::string>> make_row(const study_result& study, const sdk::appraisal& a,
                                                     const std::string& label) {
        // Neither a judgement left open nor one reached without what the reviewer meant is written.
        if (const auto open = unassessed_text(a); !open.empty()) {
            unassessed_.push_back(label + " (" + open + ")");
            return std::nullopt;
        }
        if (const auto errors = coding_error_text(a); !errors.empty()) {
            coding_errors_.push_back(label + ": " + errors);
            return std::nullopt;
        }
        // A domain the template has no column for (cluster 1b, crossover S) would be lost.
        std::string beyond;
        for (const auto& d : a.domains)
            if (std::find(domains_.begin(), domains_.end(), d.id) == domains_.end())
                beyond += (beyond.empty() ? "" : "; ") + d.name + ": " + title_word(d.judgement);
        if (!beyond.empty()) {
            beyond_.push_back(label + " (" + beyond + ")");
            return std::nullopt;
        }
        std::vector<std::string> fields;
        for (const auto& l : layout_) {
            const auto& column = *l.column;
            switch (column.field) {
                case revman_field::study:
                    fields.push_back(study.id);
                    break;
                case revman_field::outcome:
                    fields.push_back(a.label.empty() ? std::string() : outcome_of(a.label));
                    break;
                case revman_field::result:
                    fields.push_back(a.label);
                    break;
                case revman_field::effect:
                    fields.push_back(effect_of(a.label));
                    break;
                case revman_field::judgement:
                case revman_field::support: {
                    auto cell = column.domain == "overall" ? overall_cell(a, column.field, label)
                                                           : domain_cell(a, column.domain, column.field, label);
                    if (!cell) return std::nullopt;
                    fields.push_back(std::move(*cell));
                    break;
                }
            }
        }
        return fields;
    }

    std::optional<std::string> domain_cell(const sdk::appraisal& a, std::string_view id, revman_field field,
                                           const std::string& label) {
        const auto d =
            std::find_if(a.domains.begin(), a.domains.end(), [&](const sdk::domain_result& r) { return r.id == id; });
        if (d == a.domains.end()) {
            unjudged_.push_back(label + " (" + std::string(id) + ")");
            return std::nullopt;
        }
        if (field == revman_field::support)
            return support(d->support, d->answers, d->direction, d->proposed, d->override_reason);
        return level(d->judgement, label + " (" + d->name + ": " + d->judgement + ")");
    }

    std::optional<std::string> overall_cell(const sdk::appraisal& a, revman_field field, const std::string& label) {
        if (!a.overall) {
            unjudged_.push_back(label + " (overall)");
            return std::nullopt;
        }
        if (field == revman_field::support)
            return support(a.overall_support, {}, a.overall_direction, a.overall_proposed, a.overall_override_reason);
        return level(*a.overall, label + " (Overall: " + *a.overall + ")");
    }

    std::optional<std::string> level(const std::string& judgement, const std::string& where) {
        if (std::find(revman_levels.begin(), revman_levels.end(), judgement) != revman_levels.end())
            return title_word(judgement);
        unwritable_.push_back(where);
        return std::nullopt;
    }

    // The reviewer's support as the other reports give it (support_text.hpp),
    // one part per line, and the reason when the reviewer overrode the algorithm.
    static std::string support(const std::string& text, const std::vector<sdk::answer>& answers,
                               const std::string& direction, const std::string& proposed, const std::string& reason) {
        auto parts = support_parts(text, answers, direction);
        if (!proposed.empty())
            parts.push_back("The reviewer's judgement; the algorithm gave " + title_word(proposed) +
                            (reason.empty() ? std::string() : ": " + reason));
        std::string cell;
        for (const auto& part : parts) cell += (cell.empty() ? "" : "\n") + part;
        return cell;
    }

    // rob2 labels a result "<outcome> (<effect>)": the effect is the last bracket.
    static std::string effect_of(const std::string& label) {
        const auto open = label.find(" (");
        if (open == std::string::npos || label.back() != ')') return {};
        return label.substr(open + 2, label.size() - open - 3);
    }

    void write_notes(std::ostream& notes) const {
        // A CSV RevMan imports can hold no comment row: the stamp goes here.
        notes << "revman: " << rows_ << (rows_ == 1 ? " row" : " rows") << " of " << rubric_.id << ' '
              << rubric_.version << ", written by " << tool_name << ' ' << tool_version
              << ", for RevMan Web's \"Risk of bias 2 (one row per result)\" import\n";
        if (context_.revman_template.empty())
            notes << "revman: the column names are unverified (RevMan names them only in the template a review "
                     "downloads): check them against it, or pass it with --revman-template FILE\n";
        else
            notes << "revman: columns as " << context_.revman_path << " names them\n";
        if (!not_assessed_.empty())
            notes << "revman: " << not_assessed_.size() << (not_assessed_.size() == 1 ? " study" : " studies")
                  << " not assessed by rob2, left out: " << not_assessed_.text() << '\n';
        if (!unassessed_.empty())
            notes << "revman: left out " << unassessed_.size() << (unassessed_.size() == 1 ? " row" : " rows")
                  << " that the reviewer did not assess in full (a judgement RevMan would show was never made): "
                  << unassessed_.text() << '\n';
        if (!coding_errors_.empty()) {
            notes << "revman: left out " << coding_errors_.size() << (coding_errors_.size() == 1 ? " row" : " rows")
                  << " whose coding has errors, so a domain may not be judged from what the reviewer meant; fix "
                     "them:\n";
            notes << noted_lines(coding_errors_);
        }
        if (!beyond_.empty())
            notes << "revman: left out " << beyond_.size() << (beyond_.size() == 1 ? " row" : " rows")
                  << " with a domain the template has no column for (cluster or crossover RoB 2): " << beyond_.text()
                  << '\n';
        if (!unjudged_.empty())
            notes << "revman: left out " << unjudged_.size() << (unjudged_.size() == 1 ? " row" : " rows")
                  << " with no judgement for a domain the template has: " << unjudged_.text() << '\n';
        if (!unwritable_.empty())
            notes << "revman: left out " << unwritable_.size() << (unwritable_.size() == 1 ? " row" : " rows")
                  << " whose judgement is not Low, Some concerns or High: " << unwritable_.text() << '\n';
    }

    std::ostream& out_;
    report_context context_;
    sdk::rubric_description rubric_;
    std::vector<revman_layout_column> layout_;
    std::vector<std::string_view> domains_;  // the domain ids with a judgement column
    std::size_t rows_ = 0;
    noted_items not_assessed_;
    noted_items unassessed_;
    noted_items coding_errors_;
    noted_items beyond_;
    noted_items unjudged_;
    noted_items unwritable_;
};

}  // namespace

std::unique_ptr<report_writer> make_revman_report(std::ostream& out, report_context context) {
    return std::make_unique<revman_report>(out, std::move(context));
}

}  // namespace appraise
