// Reads coded-study files (format v1) into the study model, validating every
// value against the codebook. Never throws for bad input: every problem is a
// diagnostic with file:line:column, and one bad study never hides the others.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/input/evidence_reader.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct loaded_study {
    sdk::study study;
    study_commentary commentary;  // notes, support and direction of its appraisals
    diagnostics problems;  // warnings and errors for this study
    bool usable = true;    // false when any error: the study is skipped with its reasons
};

struct loaded_file {
    std::string path;      // as shown in diagnostics
    diagnostics problems;  // problems of the file as a whole (syntax, encoding, size)
    std::vector<loaded_study> studies;
};

// A value form that a higher layer gives meaning to (the mark `appraise agree
// --consensus` leaves at a disagreement): the loader does not type-check a value
// the screen claims, and `report` adds the screen's diagnostics for each study.
// The loader knows no such form itself.
struct value_screen {
    std::function<bool(const sdk::node& value)> claims;
    std::function<void(const sdk::node& study, diagnostics& out)> report;
};

struct load_options {
    std::vector<value_screen> screens;
    bool consensus_corpus = false;  // `resolved` in a wrapper belongs here
};

// Largest coding file read; larger ones are refused with advice to split them.
inline constexpr std::size_t max_study_file_bytes = std::size_t{8} << 20;

// `display_path` is the file's name in diagnostics (the path as the user gave it).
[[nodiscard]] loaded_file load_study_file(const std::filesystem::path& path, const std::string& display_path,
                                          const load_options& options = {});
[[nodiscard]] loaded_file load_study_text(std::string_view text, const std::string& display_path,
                                          const load_options& options = {});

}  // namespace appraise
