// The reports of the corpus as it is now, for `appraise serve`'s page: the
// HTML report of `appraise run --format html` and the figures of `appraise
// figure`, made by this executable in a child process (no shell), so they are
// the very bytes those commands write, and a failing plugin cannot take the
// server with it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "session.hpp"

namespace appraise::cli {

// The options of `setup` as command-line arguments (--config, --plugin-dir,
// --rubric-dir; with `with_rubrics`, as `run` takes them, also --rubric,
// --isolate / --in-process and --plugin-timeout).
[[nodiscard]] std::vector<std::string> setup_arguments(const session_options& setup, bool with_rubrics);

// Runs `appraise ARGS... -o FILE` (this executable) with `output_name` as FILE in
// a fresh temporary folder, within `seconds`; the file's bytes, or nullopt
// with `why` (the child's stderr, or the time-out).
[[nodiscard]] std::optional<std::string> run_self(const std::vector<std::string>& args, const std::string& output_name,
                                                  int seconds, std::string& why);

}  // namespace appraise::cli
