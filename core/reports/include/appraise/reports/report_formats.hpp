// Every `appraise run` output format by name, and the writers beyond text and
// JSON: robvis CSV, HTML with SVG plots, Markdown tables, long CSV.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "appraise/reports/format_registry.hpp"
#include "appraise/reports/report_writer.hpp"

namespace appraise {

using report_factory = std::function<std::unique_ptr<report_writer>(std::ostream& out, report_context context)>;

// Every `appraise run --format`: name, description, writer factory.
[[nodiscard]] const format_registry<report_factory>& run_formats();

// The writer for `format` (one of run_formats()); throws std::invalid_argument otherwise.
[[nodiscard]] std::unique_ptr<report_writer> make_report(const std::string& format, std::ostream& out,
                                                         report_context context);

// The CSV robvis reads (../shared/reference/robvis.md): `Study`, the domains
// in the template's order, `Overall`, and `Weight` when context.weight_field
// is set. Exactly one rubric in the context. Tool name and notes go to context.notes.
[[nodiscard]] std::unique_ptr<report_writer> make_robvis_report(std::ostream& out, report_context context);
// RevMan Web's RoB 2 import CSV, one row per result (revman_columns.hpp).
// Exactly one rubric, rob2; throws std::invalid_argument otherwise, or when
// context.revman_template names a column it cannot fill.
[[nodiscard]] std::unique_ptr<report_writer> make_revman_report(std::ostream& out, report_context context);
// One self-contained HTML page: summary, traffic-light and summary plots per
// rubric, finding prevalence, and every study's answers and findings.
[[nodiscard]] std::unique_ptr<report_writer> make_html_report(std::ostream& out, report_context context);
// Tables for a review's appendix: judgements with support per rubric, findings.
[[nodiscard]] std::unique_ptr<report_writer> make_markdown_report(std::ostream& out, report_context context);
// Long CSV: one row per study x rubric x domain (or per finding with context.finding_rows).
[[nodiscard]] std::unique_ptr<report_writer> make_csv_report(std::ostream& out, report_context context);

}  // namespace appraise
