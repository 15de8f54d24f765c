// appraise.toml: the rubrics a corpus is appraised with, where plugins and
// declarative rubrics live, and each rubric's options. Found by walking up
// from the corpus paths, or named with --config.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct named_value {
    std::string name;
    sdk::source_location where;
};

struct project_config {
    std::optional<std::filesystem::path> file;       // nullopt: no appraise.toml found
    std::vector<named_value> rubrics;                // `rubrics = [...]`, with where each id is written
    std::vector<std::filesystem::path> plugin_dirs;  // resolved against the config file's folder
    std::vector<std::filesystem::path> rubric_dirs;
    std::map<std::string, sdk::node, std::less<>> options;  // [options.<rubric-id>] tables
};

// The nearest appraise.toml in the folder of the first path or any folder above it.
[[nodiscard]] std::optional<std::filesystem::path> find_config(const std::vector<std::string>& corpus_paths);

// Reads and validates a configuration; problems are configuration errors.
[[nodiscard]] project_config load_config(const std::filesystem::path& file, diagnostics& problems);

}  // namespace appraise
