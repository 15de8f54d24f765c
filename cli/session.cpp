#include "session.hpp"

#include <algorithm>
#include <iostream>

#include "appraise/host/exit_guard.hpp"
#include "appraise/host/isolated_rubric.hpp"
#include "appraise/host/stdout_capture.hpp"
#include "appraise/model/log.hpp"
#include "terminal.hpp"

namespace appraise::cli {

std::unique_ptr<session> open_session(const session_options& options, bool create) {
    auto s = std::make_unique<session>();
    std::optional<std::filesystem::path> config_path;
    if (!options.config_file.empty()) {
        config_path = options.config_file;
        std::error_code error;
        if (!std::filesystem::is_regular_file(*config_path, error)) {
            s->problems.push_back({severity::error,
                                   "config/not-found",
                                   "configuration file not found: " + options.config_file,
                                   {options.config_file, 0, 0},
                                   "check the --config path"});
            print_diagnostics(s->problems);
            return nullptr;
        }
    } else {
        config_path = find_config(options.corpus_paths.empty() ? std::vector<std::string>{"."} : options.corpus_paths);
    }
    if (config_path) {
        logger("config").info("using configuration {}", config_path->generic_string());
        s->config = load_config(*config_path, s->problems);
        // A configuration found beside the corpus came with it: it names code
        // to load only when nobody else could have written it (docs/trust.md).
        if (options.config_file.empty()) {
            s->config.source = config_source::discovered;
            if (!s->config.plugin_dirs.empty() || !s->config.rubric_dirs.empty())
                apply_trust(s->config, load_user_settings(s->problems), s->problems);
        }
    }
    if (!options.config_plugins) {
        s->config.plugin_dirs.clear();
        s->config.plugin_dirs_where.clear();
    }
    std::vector<std::filesystem::path> dirs(options.plugin_dirs.begin(), options.plugin_dirs.end());
    const std::vector<std::filesystem::path> rubric_dirs(options.rubric_dirs.begin(), options.rubric_dirs.end());
    // Plugin code runs from here to the rubrics' creation (registration,
    // factories): what it prints must not land in a report on stdout.
    std::optional<stdout_capture> plugin_output(std::in_place);
    if (!has_errors(s->problems)) load_rubrics(dirs, s->config, s->registry, s->problems, rubric_dirs);

    if (create && !has_errors(s->problems)) {
        std::vector<named_value> ids;
        bool every_rubric = false;
        if (!options.rubrics.empty()) {
            for (const auto& id : options.rubrics) ids.push_back({id, {"--rubric", 0, 0}});
        } else if (!s->config.rubrics.empty()) {
            ids = s->config.rubrics;
            // `check` loads no plugin the configuration names: a rubric of one
            // is not checked (run checks it), never an error of the coding.
            if (!options.config_plugins) {
                std::erase_if(ids, [&](const named_value& id) {
                    if (s->registry.find(id.name) != nullptr) return false;
                    s->problems.push_back(
                        {severity::warning, "check/rubric-not-loaded",
                         "rubric `" + id.name + "` is not available to check: its answers are not validated", id.where,
                         "check loads bundled rubrics, --plugin-dir and --rubric-dir only, never a plugin folder a "
                         "configuration names (docs/trust.md); `appraise run` validates them"});
                    return true;
                });
            }
        } else {
            every_rubric = true;  // one that cannot be created is left out, with a warning
            for (const auto& id : s->registry.ids()) ids.push_back({id, {}});
        }
        // The configuration's screening rubric runs first (and runs whenever the
        // configuration's list is used, named there or not).
        if (s->config.screening) {
            const auto& screening = *s->config.screening;
            const auto at =
                std::find_if(ids.begin(), ids.end(), [&](const named_value& id) { return id.name == screening.name; });
            if (at != ids.end())
                std::rotate(ids.begin(), at, at + 1);
            else if (options.rubrics.empty())
                ids.insert(ids.begin(), screening);
        }
        // Under check a rubric that cannot be created leaves its answers unchecked, with a warning.
        s->rubrics = create_rubrics(s->registry, ids, s->config, s->problems, every_rubric || !options.config_plugins);
    }
    std::size_t written = 0;
    const std::string excerpt = plugin_output->take(4096, &written);
    plugin_output.reset();
    if (written > 0)
        logger("plugin").warn("plugins wrote {} bytes to standard output while loading, kept out of the report: {}",
                              written, printable_excerpt(excerpt, written));
    if (has_errors(s->problems)) {
        if (create) warn_load_failures(s->registry);
        print_diagnostics(s->problems);
        return nullptr;
    }
    print_diagnostics(s->problems);  // warnings only
    if (create) {
        // Here, before any engine thread exists: workers are forked copies of this process.
        try {
            const auto limit = std::chrono::duration<double>(options.plugin_timeout);
            isolate_plugin_rubrics(s->rubrics,
                                   {std::chrono::duration_cast<std::chrono::milliseconds>(limit), options.isolate});
        } catch (const std::exception& error) {
            std::cerr << "appraise: error: " << error.what() << '\n';
            return nullptr;
        }
    }
    // A plugin's exit(0) in process must not pass for a clean run (an isolated
    // rubric's wrapper runs in the host and is counted harmlessly).
    if (create) guard_plugin_exit(s->rubrics);
    return s;
}

void warn_load_failures(const rubric_registry& registry) {
    diagnostics warnings;
    for (const auto& failure : registry.failures())
        warnings.push_back({severity::warning,
                            "plugin/load-failed",
                            failure.reason,
                            {failure.origin, 0, 0},
                            "`appraise list` shows every rubric and every plugin that failed to load"});
    print_diagnostics(warnings);
}

}  // namespace appraise::cli
