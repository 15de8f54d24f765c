// Markdown for a review's appendix: per rubric, a judgement table (one row
// per assessed result) and the support for each judgement; then every
// finding with the coding line it points at; then each study's [coding]
// record (who coded it, when, from what), as the HTML report shows it.
// Sections are spooled.
#include <algorithm>
#include <ostream>
#include <stdexcept>

#include "appraise/model/version.hpp"
#include "appraise/reports/alternatives_text.hpp"
#include "appraise/reports/item_table.hpp"
#include "appraise/reports/judgement_words.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/reports/support_text.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/markdown_text.hpp"
#include "appraise/text/section_spool.hpp"

namespace appraise {
namespace {

class markdown_report final : public report_writer {
public:
    markdown_report(std::ostream& out, report_context context)
        : out_(out),
          context_(std::move(context)),
          spool_(context_.rubrics.size() * 2 + 2),
          items_(context_.rubrics, label_style_named(context_.label)),
          labels_(label_style_named(context_.label)) {}

    // Sections: for rubric i, 2i = judgement rows and 2i+1 = support rows; then
    // findings; last = coding records.
    std::string render(const file_result& file) const override {
        std::vector<std::string> parts(context_.rubrics.size() * 2 + 2);
        for (const auto& study : file.studies) {
            if (!study.appraised) continue;
            // Labels carry a token for the study's label, replaced once every study is known (its letter).
            const std::string study_label = labels_.style() == label_style::id ? study.id : label_token(study.id);
            if (study.coding) parts.back() += coding_row(study_label, *study.coding);
            const auto labels = labelled_results(study, labels_.style());
            for (std::size_t k = 0; k < study.appraisals.size(); ++k) {
                const auto& a = study.appraisals[k];
                const std::string who = escaped_keeping_tokens(labels[k], markdown_cell);
                for (const auto& f : a.findings)
                    parts[findings_section()] +=
                        markdown_row({who, markdown_code(f.id), std::string(sdk::to_string(f.level)),
                                      std::string(sdk::to_string(f.concern)), markdown_cell(format_location(f.where)),
                                      markdown_cell(f.message)});
                const auto r = rubric_index(a.rubric);
                const bool overall_open = !a.overall_not_assessed.empty();
                if (r == context_.rubrics.size() || (a.domains.empty() && !a.overall && !overall_open)) continue;
                const auto& rubric = context_.rubrics[r];
                // A recorded judgement is marked beside every word: it was not computed from answers.
                const std::string mark = recorded_of(study, k) != nullptr ? recorded_suffix() : std::string();
                std::vector<std::string> cells{who};
                for (const auto& spec : rubric.domains) {
                    const auto* d = find_domain(a, spec.id);
                    cells.push_back(d == nullptr ? ""
                                                 : judgement_text(d->judgement, d->not_assessed, d->proposed) + mark);
                }
                cells.push_back(
                    overall_open || a.overall
                        ? judgement_text(a.overall.value_or(""), a.overall_not_assessed, a.overall_proposed) + mark
                        : "");
                parts[2 * r] += markdown_row(cells);
                for (const auto& d : a.domains)
                    parts[2 * r + 1] +=
                        markdown_row({who, markdown_cell(d.name), judgement_cell(d.judgement, d.not_assessed) + mark,
                                      support_cell(d.support, d.answers, d.direction),
                                      rationale(d.rationale, d.proposed, d.override_reason, d.alternatives)});
                if (a.overall || overall_open)
                    parts[2 * r + 1] += markdown_row(
                        {who, "Overall", judgement_cell(a.overall.value_or(""), a.overall_not_assessed) + mark,
                         support_cell(a.overall_support, {}, a.overall_direction),
                         rationale(a.overall_rationale, a.overall_proposed, a.overall_override_reason)});
                if (!a.notes.empty()) parts[2 * r + 1] += markdown_row({who, "Notes", "", markdown_cell(a.notes), ""});
            }
        }
        std::string rendered;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) rendered += section_spool::separator;
            rendered += parts[i];
        }
        return rendered;
    }

    void add(const file_result& file, std::string_view rendered) override {
        for (const auto& study : file.studies)
            if (study.appraised) labels_.add(study);
        spool_.add(rendered);
        items_.add(file);
    }

    void finish(const run_summary& summary) override {
        label_filter filter(out_, labels_, markdown_cell);
        std::ostream labelled(&filter);
        copy_out(summary, labelled);
        labelled.flush();
        out_.flush();
    }

private:
    void copy_out(const run_summary& summary, std::ostream& out) {
        out << "# Appraisal report\n\n"
            << summary.studies << (summary.studies == 1 ? " study" : " studies") << " in " << summary.files
            << (summary.files == 1 ? " file" : " files") << ": " << summary.appraised << " appraised, "
            << summary.skipped << " skipped. Findings: " << summary.total_findings() << " (" << summary.findings[2]
            << " errors, " << summary.findings[1] << " warnings, " << summary.findings[0] << " info).\n\n";
        if (!summary.screened_out.empty()) {
            out << "**Excluded from synthesis pending review** (the configuration's screening rubric):";
            for (std::size_t i = 0; i < summary.screened_out.size(); ++i)
                out << (i == 0 ? " " : ", ") << markdown_cell(summary.screened_out[i]);
            out << ".\n\n";
        }
        out << "Made by " << tool_name << ' ' << tool_version << " with ";
        for (std::size_t i = 0; i < context_.rubrics.size(); ++i)
            out << (i == 0 ? "" : ", ") << context_.rubrics[i].id << ' ' << context_.rubrics[i].version;
        out << (context_.rubrics.empty() ? "no rubrics.\n" : ".\n");
        for (std::size_t r = 0; r < context_.rubrics.size(); ++r) {
            const auto& rubric = context_.rubrics[r];
            out << "\n## " << markdown_cell(rubric.name.empty() ? rubric.id : rubric.name) << " (" << rubric.id << ' '
                << rubric.version << ")\n\n";
            if (spool_.empty(2 * r)) {
                out << "No study was assessed with this rubric.\n";
                continue;
            }
            std::vector<std::string> header{"Study"};
            for (const auto& d : rubric.domains) header.push_back(markdown_cell(d.name));
            header.emplace_back("Overall");
            out << markdown_row(header) << markdown_row(std::vector<std::string>(header.size(), "---"));
            spool_.copy(2 * r, out);
            out << "\n### Support for judgements\n\n"
                << markdown_row({"Study", "Domain", "Judgement", "Support for judgement", "Rationale"})
                << markdown_row({"---", "---", "---", "---", "---"});
            spool_.copy(2 * r + 1, out);
            items_.write_markdown(out, r, 3);  // a checklist's answers, item by item
        }
        out << "\n## Findings\n\n";
        if (spool_.empty(findings_section())) {
            out << "No findings.\n";
        } else {
            out << markdown_row({"Study", "Finding", "Severity", "Concern", "Where", "Message"})
                << markdown_row({"---", "---", "---", "---", "---", "---"});
            spool_.copy(findings_section(), out);
        }
        // Only when a study has a record: a corpus in format 1.0 reads as before.
        if (!spool_.empty(findings_section() + 1)) {
            out << "\n## Coding\n\n"
                << markdown_row({"Study", "Coder", "Date", "Sources", "Notes"})
                << markdown_row({"---", "---", "---", "---", "---"});
            spool_.copy(findings_section() + 1, out);
        }
    }

    std::size_t findings_section() const { return context_.rubrics.size() * 2; }
    // The record's four fields in fixed columns; a field not written stays empty.
    static std::string coding_row(const std::string& study, const sdk::node& coding) {
        std::vector<std::string> cells{escaped_keeping_tokens(study, markdown_cell)};
        for (const char* key : {"coder", "date", "sources", "notes"}) {
            const sdk::node* value = coding.type == sdk::node::kind::table ? coding.get(key) : nullptr;
            cells.push_back(value == nullptr ? "" : markdown_cell(coding_value_text(*value)));
        }
        return markdown_row(cells);
    }
    std::size_t rubric_index(const std::string& id) const {
        const auto at = std::find_if(context_.rubrics.begin(), context_.rubrics.end(),
                                     [&](const sdk::rubric_description& d) { return d.id == id; });
        return static_cast<std::size_t>(at - context_.rubrics.begin());
    }
    static const sdk::domain_result* find_domain(const sdk::appraisal& a, const std::string& id) {
        for (const auto& d : a.domains)
            if (d.id == id) return &d;
        return nullptr;
    }
    static std::string recorded_suffix() { return std::string(" (") + recorded_marker + ")"; }
    // An overridden judgement is marked so a reader looks for the reason.
    static std::string judgement_text(const std::string& judgement, const std::string& not_assessed,
                                      const std::string& proposed) {
        return markdown_cell(judgement_label(judgement, not_assessed)) + (proposed.empty() ? "" : " †");
    }
    // Not assessed carries its reason: the reader sees why there is no judgement.
    static std::string judgement_cell(const std::string& judgement, const std::string& not_assessed) {
        return markdown_cell(not_assessed.empty() ? title_word(judgement) : not_assessed_text(not_assessed));
    }
    // The reviewer's text first, then the answers with their quotes, then the direction.
    static std::string support_cell(const std::string& support, const std::vector<sdk::answer>& answers,
                                    const std::string& direction) {
        std::string text;
        for (const auto& part : support_parts(support, answers, direction))
            text += (text.empty() ? "" : "<br>") + markdown_cell(part);
        return text;
    }
    // A disputed domain's readings come last, after any override that settled it.
    static std::string rationale(const std::string& rationale, const std::string& proposed, const std::string& reason,
                                 const std::vector<sdk::alternative_judgement>& alternatives = {}) {
        std::string text = markdown_cell(rationale);
        if (!proposed.empty())
            text += (text.empty() ? "" : "<br>") + std::string("† overridden (the algorithm gave ") +
                    markdown_cell(title_word(proposed)) + "): " + markdown_cell(reason);
        else if (!reason.empty())  // the tool gave none (not assessed): the reviewer's judgement and reason
            text += (text.empty() ? "" : "<br>") + std::string("judged by the reviewer: ") + markdown_cell(reason);
        if (const std::string readings = alternatives_text(alternatives); !readings.empty())
            text += (text.empty() ? "" : "<br>") + markdown_cell(readings);
        return text;
    }

    std::ostream& out_;
    report_context context_;
    section_spool spool_;
    item_tables items_;
    study_labeller labels_;
};

}  // namespace

std::unique_ptr<report_writer> make_markdown_report(std::ostream& out, report_context context) {
    return std::make_unique<markdown_report>(out, std::move(context));
}

}  // namespace appraise
