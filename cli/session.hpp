// What every subcommand sets up the same way: the configuration (found or
// named), the rubric registry (plugins from every search place), and the
// rubric instances a run uses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "appraise/host/isolated_rubric.hpp"
#include "appraise/host/rubric_loading.hpp"
#include "appraise/input/project_config.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/model/rubric_registry.hpp"

namespace appraise::cli {

struct session_options {
    std::vector<std::string> corpus_paths;  // where to look for appraise.toml
    std::string config_file;                // --config; empty: search
    std::vector<std::string> plugin_dirs;   // --plugin-dir
    std::vector<std::string> rubric_dirs;   // --rubric-dir: folders (or files) of declarative rubrics
    std::vector<std::string> rubrics;       // --rubric; empty: the configuration's, else all
    // false for `check`: no plugin a configuration names is loaded, even a
    // trusted one (docs/trust.md); it runs bundled rubrics, --plugin-dir and
    // --rubric-dir ones only, to validate the answers.
    bool config_plugins = true;
    // Which native plugin rubrics run in worker processes: by default those
    // of plugins from outside the installation; --isolate all, --in-process none.
    isolation_scope isolate = isolation_scope::outside_plugins;
    double plugin_timeout = 30;  // --plugin-timeout: seconds per study and isolated rubric (0: none)
};

struct session {
    project_config config;
    rubric_registry registry;
    std::vector<rubric_instance> rubrics;  // declared after the registry: destroyed first
    diagnostics problems;                  // configuration errors
};

// Loads configuration and rubrics; creates instances when `create` is set.
// Returns nullptr after printing the errors when the set-up failed.
[[nodiscard]] std::unique_ptr<session> open_session(const session_options& options, bool create);

// Warns on stderr about plugins that failed to load (the run goes on).
void warn_load_failures(const rubric_registry& registry);

}  // namespace appraise::cli
