// `run --table NAME`: a table on its own instead of the report, in Markdown,
// CSV or HTML. Each table is named once here, with its --help line and its
// writer; the CLI takes the accepted names and the help from this registry.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "appraise/model/run_summary.hpp"
#include "appraise/reports/format_registry.hpp"
#include "appraise/reports/item_table.hpp"
#include "appraise/reports/report_writer.hpp"

namespace appraise {

using table_factory =
    std::function<std::unique_ptr<report_writer>(std::ostream& out, report_context context, table_format format)>;

// Every `run --table`: "items", "characteristics".
[[nodiscard]] const format_registry<table_factory>& run_tables();

// The --format names a table is written in.
inline constexpr const char* table_format_names = "markdown, csv or html";

// The writer of table `context.table` in `format` ("markdown", "csv" or
// "html"); throws std::invalid_argument for another table or format.
[[nodiscard]] std::unique_ptr<report_writer> make_table_report(const std::string& format, std::ostream& out,
                                                               report_context context);

// The start and end of a self-contained HTML page holding one table (same
// head as the HTML report: no scripts, no network), titled `title`.
void write_table_page_start(std::ostream& out, const std::string& title, const report_context& context);
void write_table_page_end(std::ostream& out);

// The screening mark under a table ("Excluded from synthesis pending review
// (the configuration's screening rubric): a, b."), as every report shows it:
// a line in Markdown, a paragraph in HTML, a note on `context.notes` for CSV.
// Nothing when no study is marked.
void write_screening_note(std::ostream& out, table_format format, const run_summary& summary,
                          const report_context& context);

// "Made by appraise X with rubric V, ...": the stamp every table document starts with.
[[nodiscard]] std::string table_stamp(const report_context& context);

}  // namespace appraise
