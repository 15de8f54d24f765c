// Report writers. `render` formats one file's results on a worker thread
// (the engine's render stage carries the text to the sink); `add` receives
// files in corpus order, each with what `render` made of it, and writes them;
// `finish` writes whatever needs the whole run. Writers only read results:
// input checks (such as --weight's) run before them, in the engine.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/run_summary.hpp"
#include "appraise/model/study_result.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct report_context {
    std::vector<sdk::rubric_description> rubrics;  // the rubrics of the run, in run order
    bool colour = false;                           // ANSI colour (text on a terminal only)
    bool check_only = false;                       // `appraise check`: no rubrics ran
    // Options of the formats that take them (report_formats.hpp).
    std::string weight_field;           // --weight: study field holding each study's weight (robvis, html)
    std::string palette = "cochrane";   // --palette: html plot colours, "cochrane" | "colourblind"
    std::string label = "author-year";  // --label: how html, markdown, robvis and text name studies (study_labels.hpp)
    bool finding_rows = false;          // --findings: csv gives one row per finding
    std::string table;                  // --table: "items" | "characteristics" (report_tables.hpp); empty: the report
    std::string robvis_template;        // --robvis-template: which of the rubric's robvis layouts; empty: its first
    std::string robvis_outcome;         // --outcome: robvis writes only the results of this outcome id; empty: all
    bool allow_unjudged = false;        // --allow-unjudged: robvis also writes results whose coding has errors
    bool catalogue = false;             // --messages catalogue: json names long texts by key (json_catalogue.hpp)
    std::size_t catalogue_keys = 0;     // keys the catalogue remembers; 0: catalogue_default_keys
    std::ostream* notes = nullptr;      // where a writer tells people what they must know (stderr); may be null

    // --revman-template: the text of RevMan's template and its path; empty: revman_columns.hpp's columns.
    std::string revman_template;
    std::string revman_path;
    // html: a section the caller makes once every file is in (the GRADE summary
    // of findings, core/grade), written after the corpus summary; empty: none.
    std::function<std::string()> extra_section = {};
};

class report_writer {
public:
    virtual ~report_writer() = default;
    // This file's part of the report. Thread-safe: may run on several threads at once.
    [[nodiscard]] virtual std::string render(const file_result& file) const = 0;
    // `rendered` is what render(file) returned (empty when it failed).
    virtual void add(const file_result& file, std::string_view rendered) = 0;
    // true when add() reads nothing of `file` but its problems: the engine may
    // then slim each result once it is rendered (engine_options::slim_for_sink).
    [[nodiscard]] virtual bool adds_rendered_only() const { return false; }
    virtual void finish(const run_summary& summary) = 0;
};

// Compiler-style diagnostics grouped by study, then a judgement summary.
[[nodiscard]] std::unique_ptr<report_writer> make_text_report(std::ostream& out, report_context context);
// The JSON shape of the study-format document (design/study-format.md).
[[nodiscard]] std::unique_ptr<report_writer> make_json_report(std::ostream& out, report_context context);

}  // namespace appraise
