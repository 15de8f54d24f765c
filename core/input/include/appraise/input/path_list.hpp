// PATH-style lists of folders (APPRAISE_PLUGIN_PATH, APPRAISE_RUBRIC_PATH):
// colon-separated, empty parts ignored, in the order written.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

namespace appraise {

[[nodiscard]] std::vector<std::filesystem::path> split_path_list(std::string_view list);

// The list in environment variable `name`; empty when it is unset.
[[nodiscard]] std::vector<std::filesystem::path> path_list_from_env(const char* name);

}  // namespace appraise
