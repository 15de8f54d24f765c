// Reads coded-study files (format v1) into the study model, validating every
// value against the codebook. Never throws for bad input: every problem is a
// diagnostic with file:line:column, and one bad study never hides the others.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct loaded_study {
    sdk::study study;
    diagnostics problems;  // warnings and errors for this study
    bool usable = true;    // false when any error: the study is skipped with its reasons
};

struct loaded_file {
    std::string path;      // as shown in diagnostics
    diagnostics problems;  // problems of the file as a whole (syntax, encoding, size)
    std::vector<loaded_study> studies;
};

// Largest coding file read; larger ones are refused with advice to split them.
inline constexpr std::size_t max_study_file_bytes = std::size_t{8} << 20;

// `display_path` is the file's name in diagnostics (the path as the user gave it).
[[nodiscard]] loaded_file load_study_file(const std::filesystem::path& path, const std::string& display_path);
[[nodiscard]] loaded_file load_study_text(std::string_view text, const std::string& display_path);

}  // namespace appraise
