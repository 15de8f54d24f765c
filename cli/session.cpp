#include "session.hpp"

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
    }
    std::vector<std::filesystem::path> dirs(options.plugin_dirs.begin(), options.plugin_dirs.end());
    const std::vector<std::filesystem::path> rubric_dirs(options.rubric_dirs.begin(), options.rubric_dirs.end());
    if (!has_errors(s->problems)) load_rubrics(dirs, s->config, s->registry, s->problems, rubric_dirs);

    if (create && !has_errors(s->problems)) {
        std::vector<named_value> ids;
        if (!options.rubrics.empty()) {
            for (const auto& id : options.rubrics) ids.push_back({id, {"--rubric", 0, 0}});
        } else if (!s->config.rubrics.empty()) {
            ids = s->config.rubrics;
        } else {
            for (const auto& id : s->registry.ids()) ids.push_back({id, {}});
        }
        s->rubrics = create_rubrics(s->registry, ids, s->config, s->problems);
    }
    if (has_errors(s->problems)) {
        if (create) warn_load_failures(s->registry);
        print_diagnostics(s->problems);
        return nullptr;
    }
    print_diagnostics(s->problems);  // warnings only
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
