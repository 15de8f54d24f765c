// What a corpus command does with each file's results, whichever way they
// arrive: from the engine (run, check, audit) or replayed from shard files
// (merge), so both write the same bytes.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "appraise/audit/corpus_audit.hpp"
#include "appraise/engine/engine.hpp"
#include "appraise/grade/grade_outcome.hpp"
#include "appraise/model/run_summary.hpp"
#include "appraise/reports/report_writer.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "session.hpp"

namespace appraise::cli {

[[nodiscard]] std::vector<sdk::rubric_description> descriptions(const session& s);
[[nodiscard]] int exit_status(const run_summary& summary, const std::string& fail_on);

// The report of `run` or `check`.
class report_output {
public:
    report_output(const run_options& options, const session& s, bool check_only, std::ostream& out);
    [[nodiscard]] const report_writer& writer() const { return *writer_; }
    // take() reads of each result only what slim_for_summary keeps.
    [[nodiscard]] bool takes_slimmed_results() const { return !grades_ && writer_->adds_rendered_only(); }
    void take(rendered_file&& file);
    // Writes the report's end; returns the exit code.
    int finish();

private:
    run_options options_;
    bool echo_ = false;
    // The GRADE summary of findings the HTML report carries when the review declares its outcomes.
    std::shared_ptr<grade_collector> grades_;
    std::unique_ptr<report_writer> writer_;
    run_summary summary_;
    progress_meter progress_;
};

// --messages catalogue needs the JSON report of `command` (run or check;
// `audit` and `--shard` write no such report): prints why not and returns false.
[[nodiscard]] bool messages_fit(const run_options& options, const std::string& command, bool shard);

// The report of `audit`.
class audit_output {
public:
    // `symbols`: the table of the digests it is given (the engine's and the cache's).
    audit_output(const audit_options& options, const session& s,
                 std::shared_ptr<symbol_table> symbols = std::make_shared<symbol_table>());
    void take(file_result&& file);
    int finish(std::ostream& out);

private:
    audit_options options_;
    corpus_audit audit_;
    run_summary summary_;
    progress_meter progress_;
};

// What changes a file's results besides the rubrics and the configuration:
// the command and the options that add checks (run_identity.hpp).
[[nodiscard]] std::string purpose_of(const std::string& command, const std::string& weight_field,
                                     const std::string& group_by, bool consensus_corpus);
// The study fields the engine copies into results (facets for labels, weights
// and GRADE; facts for the characteristics table): a cached result holds only
// those, so they are part of what it was made for.
[[nodiscard]] std::string fields_purpose(const engine_options& engine);

}  // namespace appraise::cli
