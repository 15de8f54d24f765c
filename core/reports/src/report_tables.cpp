#include "appraise/reports/report_tables.hpp"

#include <ostream>
#include <stdexcept>

#include "appraise/model/version.hpp"
#include "appraise/reports/characteristics_table.hpp"
#include "appraise/reports/svg_plots.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/markdown_text.hpp"

namespace appraise {

const format_registry<table_factory>& run_tables() {
    static const format_registry<table_factory> tables(
        "table", {
                     {"items",
                      "per checklist rubric (JBI, MMAT, CASP, TIDieR), one row per study or result and one column "
                      "per item: each answer and where it came from",
                      make_item_table_report},
                     {"characteristics",
                      "one row per study: design, country, setting, n per arm, intervention, duration, outcomes, "
                      "follow-up, from the coded facts",
                      make_characteristics_report},
                 });
    return tables;
}

std::unique_ptr<report_writer> make_table_report(const std::string& format, std::ostream& out, report_context context) {
    const table_factory& factory = run_tables().writer(context.table);
    if (format == "markdown") return factory(out, std::move(context), table_format::markdown);
    if (format == "csv") return factory(out, std::move(context), table_format::csv);
    if (format == "html") return factory(out, std::move(context), table_format::html);
    throw std::invalid_argument("--table is written as " + std::string(table_format_names) + ", not " + format);
}

std::string table_stamp(const report_context& context) {
    std::string text = std::string("Made by ") + tool_name + " " + tool_version + " with ";
    for (std::size_t i = 0; i < context.rubrics.size(); ++i)
        text += (i == 0 ? "" : ", ") + context.rubrics[i].id + " " + context.rubrics[i].version;
    return text + (context.rubrics.empty() ? "no rubrics." : ".");
}

void write_screening_note(std::ostream& out, table_format format, const run_summary& summary,
                          const report_context& context) {
    if (summary.screened_out.empty()) return;
    std::string ids;
    for (const auto& id : summary.screened_out) ids += (ids.empty() ? "" : ", ") + id;
    const std::string lead = "Excluded from synthesis pending review (the configuration's screening rubric): ";
    if (format == table_format::markdown) out << "\n" << markdown_cell(lead + ids + ".") << "\n";
    if (format == table_format::html) out << "<p class=\"screening\">" << xml_escape(lead + ids + ".") << "</p>\n";
    if (format == table_format::csv && context.notes != nullptr) *context.notes << "table: " << lead << ids << '\n';
}

void write_table_page_start(std::ostream& out, const std::string& title, const report_context& context) {
    const std::string stamp = std::string(tool_name) + " " + tool_version;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
           "'unsafe-inline'; img-src data:\">\n"
        << "<meta name=\"generator\" content=\"" << xml_escape(stamp) << "\">\n<title>" << xml_escape(title)
        << "</title>\n<style>\n"
        << report_css() << item_table_css()
        << "\ntd.nr{color:#555;font-style:italic}\n</style>\n</head>\n<body>\n<header><h1>" << xml_escape(title)
        << "</h1>\n<p class=\"stamp\">" << xml_escape(table_stamp(context)) << "</p></header>\n";
}

void write_table_page_end(std::ostream& out) {
    out << "<footer><p class=\"stamp\">" << tool_name << ' ' << tool_version << "</p></footer>\n</body>\n</html>\n";
}

}  // namespace appraise
