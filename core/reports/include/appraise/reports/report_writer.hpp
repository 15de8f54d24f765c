// Report writers. `render` formats one file's results on a worker thread
// (into file_result::rendered); `add` receives files in corpus order and
// writes them; `finish` writes whatever needs the whole run.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
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
    std::string weight_field;          // --weight: study field holding each study's weight (robvis, html)
    std::string palette = "cochrane";  // --palette: html plot colours, "cochrane" | "colourblind"
    bool finding_rows = false;         // --findings: csv gives one row per finding
    std::ostream* notes = nullptr;     // where a writer tells people what they must know (stderr); may be null
};

class report_writer {
public:
    virtual ~report_writer() = default;
    // Thread-safe: may run on several threads at once.
    virtual void render(file_result& file) const = 0;
    virtual void add(const file_result& file) = 0;
    virtual void finish(const run_summary& summary) = 0;
};

// Compiler-style diagnostics grouped by study, then a judgement summary.
[[nodiscard]] std::unique_ptr<report_writer> make_text_report(std::ostream& out, report_context context);
// The JSON shape of the study-format document (design/study-format.md).
[[nodiscard]] std::unique_ptr<report_writer> make_json_report(std::ostream& out, report_context context);

}  // namespace appraise
