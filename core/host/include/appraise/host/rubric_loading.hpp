// Where rubrics come from, in order: the installation's own plugin folder
// (found relative to the running executable, so a build tree and an install
// both work with no flags) and rubric files, then --plugin-dir,
// APPRAISE_PLUGIN_PATH and the configuration's plugin_dirs. The first rubric
// with a given id wins, so nothing from outside replaces a bundled one.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "appraise/input/project_config.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/model/rubric_registry.hpp"

namespace appraise {

// <prefix>/lib/appraise/plugins beside <prefix>/bin/appraise.
[[nodiscard]] std::filesystem::path bundled_plugin_dir();

// Loads every rubric from the places above. A directory the user named that
// does not exist is an error; the bundled one may be absent. Declarative
// rubric files come from <prefix>/share/appraise/rubrics after the bundled
// plugins, and from --rubric-dir (`rubric_dirs`), APPRAISE_RUBRIC_PATH and the
// configuration's rubric_dirs after the named plugin folders.
void load_rubrics(const std::vector<std::filesystem::path>& plugin_dirs, const project_config& config,
                  rubric_registry& registry, diagnostics& problems,
                  const std::vector<std::filesystem::path>& rubric_dirs = {});

// A configured rubric, ready to appraise.
struct rubric_instance {
    const rubric_entry* entry = nullptr;
    std::shared_ptr<void> library;  // declared before `rubric`: destroyed after it
    std::unique_ptr<sdk::rubric> rubric;
    sdk::option_values options;
};

// Creates the rubrics named in `ids` (from --rubric, else the configuration,
// else every available rubric), each with its configured options. Unknown ids,
// unknown options and bad values are configuration errors. A factory that
// fails is a configuration error too, unless `every_rubric` (the user named
// none): then a `plugin/rubric-failed` warning, and the others are created.
// A plugin's rubric comes wrapped in checked_rubric (plugin_results.hpp).
[[nodiscard]] std::vector<rubric_instance> create_rubrics(const rubric_registry& registry,
                                                          const std::vector<named_value>& ids,
                                                          const project_config& config, diagnostics& problems,
                                                          bool every_rubric = false);

}  // namespace appraise
