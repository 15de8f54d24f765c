// Long CSV: one row per study x rubric x domain (the overall judgement as the
// domain "overall"), or with --findings one row per finding. Rows are
// formatted on the workers and written in corpus order.
#include <ostream>

#include "appraise/model/version.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/support_text.hpp"
#include "appraise/text/csv_text.hpp"

namespace appraise {
namespace {

class csv_report final : public report_writer {
public:
    csv_report(std::ostream& out, report_context context) : out_(out), context_(std::move(context)) {
        out_ << (context_.finding_rows ? csv_line({"study", "result", "rubric", "rubric_version", "finding", "severity",
                                                   "message", "file", "line", "column", "tool",
                                                   // format 1.1: the evidence of the value the finding points at
                                                   "support", "at", "source",
                                                   // API 5: what the finding threatens
                                                   "concern"})
                                       : csv_line({"study", "result", "rubric", "rubric_version", "domain_id", "domain",
                                                   "judgement", "proposed", "override_reason", "rationale", "tool",
                                                   // format 1.1: after the contract's columns, never between them
                                                   "support_for_judgement", "direction", "not_assessed", "notes"}));
    }

    std::string render(const file_result& file) const override {
        std::string rendered;
        for (const auto& study : file.studies) {
            if (!study.appraised) continue;
            // The screening mark as a row of its own (long form only): no column changes.
            if (study.screened_out && !context_.finding_rows)
                rendered +=
                    csv_line({study.id, "", study.screened_out->rubric, "", "screening", "Screening",
                              study.screened_out->judgement, "", "", screening_mark_words, stamp_, "", "", "", ""});
            for (const auto& a : study.appraisals) {
                if (context_.finding_rows) {
                    for (const auto& f : a.findings) {
                        const sdk::value_evidence* e = evidence_at(study, f.where);
                        rendered += csv_line({study.id, a.label, a.rubric, a.rubric_version, f.id,
                                              std::string(sdk::to_string(f.level)), f.message, f.where.file,
                                              number(f.where.line), number(f.where.column), stamp_,
                                              e == nullptr ? "" : e->support, e == nullptr ? "" : e->at,
                                              e == nullptr ? "" : e->source, std::string(sdk::to_string(f.concern))});
                    }
                    continue;
                }
                // A not-assessed judgement stays empty (as JSON's null); its reason has a column.
                for (const auto& d : a.domains)
                    rendered +=
                        csv_line({study.id, a.label, a.rubric, a.rubric_version, d.id, d.name,
                                  d.not_assessed.empty() ? d.judgement : "", d.proposed, d.override_reason, d.rationale,
                                  stamp_, support(d.support, d.answers), d.direction, d.not_assessed, a.notes});
                if (a.overall || !a.overall_not_assessed.empty())
                    rendered += csv_line({study.id, a.label, a.rubric, a.rubric_version, "overall", "Overall",
                                          a.overall_not_assessed.empty() ? a.overall.value_or("") : "",
                                          a.overall_proposed, a.overall_override_reason, a.overall_rationale, stamp_,
                                          support(a.overall_support, {}), a.overall_direction, a.overall_not_assessed,
                                          a.notes});
            }
        }
        return rendered;
    }

    [[nodiscard]] bool adds_rendered_only() const override { return true; }

    void add(const file_result&, std::string_view rendered) override { out_ << rendered; }

    void finish(const run_summary&) override { out_.flush(); }

private:
    // One cell: the reviewer's text, then the answers, one per line (a
    // spreadsheet shows them stacked); the direction has its own column.
    static std::string support(const std::string& text, const std::vector<sdk::answer>& answers) {
        std::string cell;
        for (const auto& part : support_parts(text, answers, "")) cell += (cell.empty() ? "" : "\n") + part;
        return cell;
    }
    static std::string number(int n) { return n > 0 ? std::to_string(n) : std::string(); }

    std::ostream& out_;
    report_context context_;
    // The version stamp is a column: a trailing comment line would break CSV readers.
    const std::string stamp_ = std::string(tool_name) + " " + tool_version;
};

}  // namespace

std::unique_ptr<report_writer> make_csv_report(std::ostream& out, report_context context) {
    return std::make_unique<csv_report>(out, std::move(context));
}

}  // namespace appraise
