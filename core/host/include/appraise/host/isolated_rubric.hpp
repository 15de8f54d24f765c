// --isolate: native plugin rubrics appraise in worker processes
// (plugin_worker.hpp), so a plugin that crashes, aborts, exits or hangs on a
// study costs that study's appraisal by that rubric, not the run. The
// wrapper is an sdk::rubric like any other, so the engine does not know.
//
// What the run sees: a rubric that throws in its worker fails exactly as in
// process (`<rubric>/rubric-failed`, same message); a worker that dies gives
// `<rubric>/rubric-crashed` naming the signal or exit status, one that
// exceeds the time limit `<rubric>/rubric-timeout`; either way the worker is
// replaced and the next study goes to a fresh one. Anything a plugin writes to
// stdout is kept out of the report and logged on stderr. With no failure the
// appraisals are the same values as in process.
#pragma once

#include <chrono>
#include <vector>

#include "appraise/host/rubric_loading.hpp"

namespace appraise {

// Which native plugin rubrics run in workers: none (--in-process), those of
// plugins from outside the installation (the CLI's default), or all of them
// (--isolate).
enum class isolation_scope { none, outside_plugins, all_plugins };

struct isolation_options {
    std::chrono::milliseconds timeout{30'000};  // per study and rubric; zero: no limit
    isolation_scope scope = isolation_scope::all_plugins;
};

// Wraps the native plugin rubrics in `rubrics` that `options.scope` names
// (declarative ones are data the host interprets, and stay in process).
// Call while the process is still single-threaded, after the rubrics were created: workers are copies of it.
void isolate_plugin_rubrics(std::vector<rubric_instance>& rubrics, const isolation_options& options);

}  // namespace appraise
