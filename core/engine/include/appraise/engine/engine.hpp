// Runs the selected rubrics over a corpus: each file is read, its studies
// appraised, and the document dropped before results move on, so memory stays
// flat however large the corpus. Work is spread over threads; results reach
// the sink one at a time, in corpus order, whatever the thread count.
//
// One exception contract, the same for every thread count: whatever a worker
// runs for a file (loading, a rubric, a study check, the render stage) may
// throw anything, std::exception or not; it becomes an error for that file
// or study and the run goes on. Only the caller's own sink, the corpus walk
// and the engine's bookkeeping (out of memory) end a run, by an exception
// thrown from run_engine once every thread has been joined.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "appraise/engine/file_memo.hpp"
#include "appraise/host/rubric_loading.hpp"
#include "appraise/input/corpus.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/model/study_result.hpp"

namespace appraise {

// The most threads a run uses: `-j` above it is a usage error in the CLI, and
// the engine never starts more (a larger request, or a machine with more
// cores, is clamped).
inline constexpr unsigned max_threads = 256;

// A check of one study the caller adds, run on the worker after the rubrics
// (e.g. that the field `--weight` names holds a weight): it may add
// diagnostics and mark the study not appraised. Runs on every study of a file,
// appraised or not, in the order given. Must be thread-safe.
using study_check = std::function<void(study_result&)>;

struct engine_options {
    unsigned threads = 0;  // 0: one per core; at most max_threads
    // With threads, the most bytes in flight: input bytes of the files being
    // appraised plus rendered bytes of those waiting for the sink. One file
    // above it still runs, alone. Bounds memory with large files, not the
    // result: the same whatever the value.
    std::size_t window_bytes = std::size_t{16} << 20;
    // A plain [[study]] file larger than this is read and appraised one study
    // at a time and reaches the sink in parts (file_result::continued), up to
    // max_streamed_file_bytes; the output is the same as reading it whole.
    std::size_t stream_file_bytes = std::size_t{1} << 20;
    // The most files a thread appraises together, each rubric over all their
    // studies before the next rubric (the code of one rubric stays in the
    // processor's caches); 1: one file at a time. The result is the same
    // whatever the value. One thread takes 64 at a time (12-15 % faster
    // than 16 for `run` with every rubric, 4.5 MB more at its peak); with
    // threads each takes fewer (the window holds every thread's batch, and
    // 32 a thread at -j 2 took a million studies to 67.5 MB, over 64, while
    // results waiting for the sink were whole; see slim_for_sink).
    std::size_t group_files = 64;
    std::vector<std::string> facet_fields;  // study fields to copy into study_result::facets
    std::vector<std::string> fact_fields;   // study fields to copy, as written, into study_result::facts
    load_options loading;                   // value forms higher layers give meaning to (consensus marks)
    std::vector<study_check> study_checks;
    // How a worker thread is started (a seam for tests of thread-start
    // failure). A start that throws std::system_error leaves the run with the
    // threads already started, or with none (the calling thread does the work).
    std::function<std::thread(std::function<void()>)> start_thread;
    // Results kept between runs (file_memo.hpp); nullptr: every file is read.
    file_memo* memo = nullptr;
    // false for a shard of a corpus (`run --shard`): ids are checked across
    // the whole corpus when the shards are merged, not within one.
    bool check_duplicate_ids = true;
    // What the caller reads of each appraisal, told to every rubric as the
    // study's scope (sdk::appraisal_scope): `coding` for `check`'s text
    // report, which shows only the coding's findings and what is not
    // assessed, so rubrics may skip judging. A memo keyed on the run must
    // tell the scopes apart (the CLI puts it in the cache's purpose).
    sdk::appraisal_scope scope = sdk::appraisal_scope::full;
    // With threads and a render stage: what of a rendered result the sink
    // reads, kept by this function on the worker, which frees the rest
    // (run_summary's slim_for_summary when the report writer needs only the
    // rendered bytes); empty: the sink gets whole results. Should the
    // duplicate-id check change a slimmed file, the sink appraises it again
    // whole (rendered_file::slimmed_from) before rendering it anew, so the
    // output is the same either way. Must be thread-safe.
    std::function<void(file_result&)> slim_for_sink;
};

// What the engine hands on for one file.
using result_sink = std::function<void(file_result&&)>;

// A stage that runs on the worker once a file is appraised (formatting a
// report there keeps the ordered sink from becoming the bottleneck); what it
// returns travels with the file to the sink. It runs again on the calling
// thread if the duplicate-id check changes the file. Must be thread-safe.
using render_stage = std::function<std::string(const file_result&)>;

struct rendered_file {
    file_result result;
    std::string rendered;        // what the render stage made of `result`
    bool render_failed = false;  // the stage threw: `rendered` is empty, result.problems says why
    // Set when `result` was slimmed (engine_options::slim_for_sink): the file
    // it was made from, read again if the whole result is needed after all.
    std::optional<corpus_file> slimmed_from;
};

using rendered_sink = std::function<void(rendered_file&&)>;

// Appraises one loaded study with each rubric; a rubric that throws yields an
// error finding `<rubric>/rubric-failed` for this study, and the others go on.
[[nodiscard]] std::vector<sdk::appraisal> appraise_study(const sdk::study& study,
                                                         const std::vector<rubric_instance>& rubrics);
// The same, leaving out each rubric r with skip[r] (one the study only records judgements for).
[[nodiscard]] std::vector<sdk::appraisal> appraise_study(const sdk::study& study,
                                                         const std::vector<rubric_instance>& rubrics,
                                                         const std::vector<bool>& skip);

// One coding file given as its text (a candidate not saved, `appraise serve`),
// appraised as a run appraises a file of its corpus: the same loading, rubrics,
// commentary and study checks, on the calling thread. The duplicate-id check
// across files is not made.
[[nodiscard]] file_result appraise_file_text(std::string_view text, const std::string& display_path,
                                             const std::vector<rubric_instance>& rubrics,
                                             const engine_options& options);

// With no rubrics this is a parse-and-check pass.
void run_engine(corpus_walker& corpus, const std::vector<rubric_instance>& rubrics, const engine_options& options,
                const result_sink& sink);

// The same, with a render stage on the workers.
void run_engine(corpus_walker& corpus, const std::vector<rubric_instance>& rubrics, const engine_options& options,
                const render_stage& render, const rendered_sink& sink);

}  // namespace appraise
