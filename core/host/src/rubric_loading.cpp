#include "appraise/host/rubric_loading.hpp"

#include <cstdlib>
#include <set>

#include "appraise/declarative/declarative_rubric.hpp"
#include "appraise/host/plugin_host.hpp"
#include "appraise/host/plugin_results.hpp"
#include "appraise/input/install_layout.hpp"
#include "appraise/input/path_list.hpp"
#include "appraise/model/log.hpp"
#include "appraise/model/rubric_options.hpp"
#include "appraise/model/suggest.hpp"

namespace appraise {

namespace fs = std::filesystem;

// The relative path from bin/ is the build's (install_layout.cpp), so a
// LIBDIR like lib/x86_64-linux-gnu is followed.
fs::path bundled_plugin_dir() {
    return installed_plugin_dir();
}

void load_rubrics(const std::vector<fs::path>& plugin_dirs, const project_config& config, rubric_registry& registry,
                  diagnostics& problems, const std::vector<fs::path>& rubric_dirs) {
    std::vector<fs::path> named = plugin_dirs;
    for (auto& dir : path_list_from_env("APPRAISE_PLUGIN_PATH")) named.push_back(std::move(dir));
    named.insert(named.end(), config.plugin_dirs.begin(), config.plugin_dirs.end());

    // The installation's own rubrics first: a plugin or rubric file from
    // anywhere else cannot take a bundled id (it is refused, with a message).
    std::set<fs::path> visited;
    const fs::path bundled = bundled_plugin_dir();
    if (std::error_code error; !bundled.empty() && fs::is_directory(bundled, error)) {
        visited.insert(fs::weakly_canonical(bundled, error));
        load_plugin_directory(bundled, registry);
    } else {
        logger("host").debug("no bundled plugin directory at {}", bundled.generic_string());
    }
    declarative::load_bundled_rubrics(registry);
    for (const auto& dir : named) {
        std::error_code error;
        if (!fs::is_directory(dir, error)) {
            problems.push_back({severity::error,
                                "config/missing-plugin-dir",
                                "plugin directory not found: " + dir.generic_string(),
                                {dir.generic_string(), 0, 0},
                                "check --plugin-dir, APPRAISE_PLUGIN_PATH and plugin_dirs in appraise.toml"});
            continue;
        }
        if (visited.insert(fs::weakly_canonical(dir, error)).second) load_plugin_directory(dir, registry);
    }
    declarative::load_named_rubric_dirs(rubric_dirs, config, registry, problems);
}

std::vector<rubric_instance> create_rubrics(const rubric_registry& registry, const std::vector<named_value>& ids,
                                            const project_config& config, diagnostics& problems, bool every_rubric) {
    std::vector<rubric_instance> instances;
    // Options for a rubric nobody provides are a mistake worth reporting.
    for (const auto& [id, table] : config.options) {
        if (registry.find(id) == nullptr) {
            std::string message = "[options." + id + "] names a rubric that is not available";
            if (auto near = nearest(id, registry.ids())) message += "; did you mean `" + *near + "`?";
            problems.push_back({severity::error, "config/unknown-rubric", message, table.where,
                                "`appraise list` shows the available rubrics"});
        }
    }
    std::set<std::string> seen;
    for (const auto& id : ids) {
        if (!seen.insert(id.name).second) continue;
        const rubric_entry* entry = registry.find(id.name);
        if (entry == nullptr) {
            std::string message = "unknown rubric `" + id.name + "`";
            if (auto near = nearest(id.name, registry.ids())) message += "; did you mean `" + *near + "`?";
            problems.push_back({severity::error, "config/unknown-rubric", message, id.where,
                                "`appraise list` shows the available rubrics and those that failed to load"});
            continue;
        }
        const auto configured = config.options.find(id.name);
        rubric_instance instance;
        instance.entry = entry;
        instance.library = entry->library;
        // A rubric the user named that cannot be created stops the run (as an
        // unknown id does); one of "every rubric" is left out with a warning.
        const auto failed = [&](const std::string& why) {
            if (every_rubric)
                problems.push_back({severity::warning,
                                    "plugin/rubric-failed",
                                    "rubric `" + id.name + "` could not be created: " + repair_utf8(why) +
                                        "; the run goes on without it",
                                    {entry->origin, 0, 0},
                                    "`appraise list` shows where it comes from"});
            else
                problems.push_back({severity::error,
                                    "config/rubric-failed",
                                    "rubric `" + id.name + "` could not be created: " + repair_utf8(why),
                                    id.where,
                                    {}});
        };
        try {
            instance.options = resolve_options(
                entry->description, configured == config.options.end() ? nullptr : &configured->second, problems);
            instance.rubric = entry->factory(instance.options);
        } catch (const std::exception& error) {
            failed(error.what());
            continue;
        } catch (...) {
            failed("unknown exception");
            continue;
        }
        if (instance.rubric == nullptr) {
            failed("its factory returned no rubric");
            continue;
        }
        // What a plugin returns is checked before anything reads it.
        if (entry->kind == rubric_kind::plugin)
            instance.rubric = checked_rubric(std::move(instance.rubric), id.name, entry->description.robvis_layouts);
        instances.push_back(std::move(instance));
    }
    return instances;
}

}  // namespace appraise
