// Item tables of checklist rubrics (rubric_description::checklist: JBI, MMAT,
// CASP, TIDieR): per rubric, one row per assessed result and one column per
// item, each answer in the tool's words ("Yes", "Can't tell", "Not
// applicable") with where it came from (the reviewer, the coded facts, a
// proposal); an item nobody answered reads "Not assessed", never a guess.
// Results appraised on different domains (MMAT's categories) get a table
// each, so no column is empty by design. A result answered per outcome (JBI
// 2023 items 7-12) has a row per outcome.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "appraise/model/study_result.hpp"
#include "appraise/reports/report_writer.hpp"
#include "appraise/reports/study_labels.hpp"

namespace appraise {

enum class table_format { markdown, csv, html };

// The tables of every checklist rubric of a run, filled file by file in
// corpus order and written when the run ends (the Markdown and HTML reports
// embed them, `run --table items` writes only them).
class item_tables {
public:
    // `labels`: how rows name studies, as the report around the tables does
    // (study_labels.hpp); the letters of clashes are known when they are written.
    explicit item_tables(const std::vector<sdk::rubric_description>& rubrics, label_style labels = label_style::id);
    item_tables(const item_tables&) = delete;
    item_tables& operator=(const item_tables&) = delete;
    ~item_tables();

    void add(const file_result& file);

    // Whether rubric `r` (index in the run's rubrics) is a checklist.
    [[nodiscard]] bool is_checklist(std::size_t r) const;
    // Rubric r's tables under a heading of `level` (3: "### Items"), each with
    // its key and legend; nothing when r is not a checklist or assessed nothing.
    void write_markdown(std::ostream& out, std::size_t r, int level) const;
    void write_html(std::ostream& out, std::size_t r, int level) const;

private:
    struct rubric_rows;
    std::vector<std::unique_ptr<rubric_rows>> rubrics_;
    study_labeller labels_;
};

// The CSS of item tables in an HTML page (after report_css()).
[[nodiscard]] const char* item_table_css();

// One CSV row per study (or result) x checklist item answered or left
// unanswered: study, result, rubric, rubric_version, item, item_text,
// domain_id, outcome, answer (the tool's words, "Not assessed" when
// unanswered), answer_code, provenance, tool. Long so that one file holds
// every checklist of the run; a pivot gives the wide table.
[[nodiscard]] std::string item_csv_header();
[[nodiscard]] std::string item_csv_rows(const file_result& file, const std::vector<sdk::rubric_description>& rubrics);

// `run --table items`: only the item tables, in Markdown, CSV or HTML.
[[nodiscard]] std::unique_ptr<report_writer> make_item_table_report(std::ostream& out, report_context context,
                                                                    table_format format);

}  // namespace appraise
