// Turns the paths a user names into the ordered list of coding files to read:
// directories recursively, `*.toml` only, `appraise.toml` excluded, sorted.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "appraise/diagnostic.hpp"

namespace appraise {

struct corpus_file {
    std::filesystem::path path;
    std::string display;  // the path as diagnostics show it
};

struct corpus_listing {
    std::vector<corpus_file> files;
    diagnostics problems;  // missing paths, directories without studies
};

inline constexpr const char* config_file_name = "appraise.toml";

[[nodiscard]] corpus_listing list_corpus(const std::vector<std::string>& paths);

}  // namespace appraise
