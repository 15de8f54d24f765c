#include "appraise/reports/report_formats.hpp"

#include "appraise/reports/fhir_report.hpp"
#include "appraise/reports/report_tables.hpp"

namespace appraise {

const format_registry<report_factory>& run_formats() {
    static const format_registry<report_factory> formats(
        "report",
        {
            {"text", "compiler-style diagnostics grouped by study, then a judgement summary", make_text_report},
            {"json", "one JSON document: every study's appraisals and diagnostics, and the totals", make_json_report},
            {"robvis", "the CSV robvis plots (one rubric; --weight adds its Weight column)", make_robvis_report},
            {"revman",
             "RevMan Web's RoB 2 import, one row per result (--rubric rob2; column names unverified: check them "
             "against RevMan's template, or pass it with --revman-template)",
             make_revman_report},
            {"html",
             "one self-contained page: summary, traffic-light and summary plots, checklist item tables, every study",
             make_html_report},
            {"markdown",
             "tables for a review's appendix: judgements with their support, checklist item tables, findings",
             make_markdown_report},
            {"csv", "long CSV, one row per study, rubric and domain (--findings: one per finding)", make_csv_report},
            {"fhir",
             "one FHIR R5 Bundle (JSON) of ArtifactAssessments, HL7 EBM RiskOfBias profile: one per study and rubric "
             "(per result for RoB 2 and ROBINS-I), with a Citation per study",
             make_fhir_report},
        });
    return formats;
}

std::unique_ptr<report_writer> make_report(const std::string& format, std::ostream& out, report_context context) {
    if (!context.table.empty()) return make_table_report(format, out, std::move(context));  // --table
    return run_formats().writer(format)(out, std::move(context));
}

}  // namespace appraise
