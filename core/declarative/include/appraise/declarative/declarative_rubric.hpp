// A compiled rubric file as an sdk::rubric, and its registration: each
// rubric file becomes a registry entry of kind `declarative` whose origin is
// the file, so list, explain, run, audit and every report treat it like a
// plugin. A broken file becomes a load failure ("file:line:col: reason") and
// never stops the others.
#pragma once

#include <filesystem>
#include <memory>

#include "appraise/declarative/rubric_file.hpp"
#include "appraise/input/project_config.hpp"
#include "appraise/model/rubric_registry.hpp"

namespace appraise::declarative {

// Interprets a compiled rubric: coded answers first, derived ones next, then
// domain and overall rules, overrides and findings.
class declarative_rubric final : public sdk::rubric {
public:
    explicit declarative_rubric(std::shared_ptr<const compiled_rubric> compiled);
    // With the configuration's options: `[overall] option` chooses the overall
    // rule by name ("none", the default: no overall); an unknown name throws
    // std::invalid_argument naming the choices.
    declarative_rubric(std::shared_ptr<const compiled_rubric> compiled, const sdk::option_values& options);
    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& coded) const override;

private:
    std::shared_ptr<const compiled_rubric> compiled_;
};

// Compiles one rubric file into the registry (or records why it failed).
void load_rubric_file(const std::filesystem::path& file, rubric_registry& registry);

// Every `*.toml` in a directory, in sorted order; a regular file is loaded as one rubric.
void load_rubric_directory(const std::filesystem::path& directory, rubric_registry& registry);

// <prefix>/share/appraise/rubrics beside <prefix>/bin/appraise.
[[nodiscard]] std::filesystem::path bundled_rubric_dir();

// The folders (or single files) a user named, in order: `rubric_dirs`
// (--rubric-dir), APPRAISE_RUBRIC_PATH (colon-separated), then the
// configuration's rubric_dirs. One that does not exist is a configuration error.
void load_named_rubric_dirs(const std::vector<std::filesystem::path>& rubric_dirs, const project_config& config,
                            rubric_registry& registry, diagnostics& problems);

// The bundled folder, when present.
void load_bundled_rubrics(rubric_registry& registry);

}  // namespace appraise::declarative
