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
    diagnostics problems;         // warnings and errors for this study
    bool usable = true;           // false when any error: the study is skipped with its reasons
    // False when the loader unwrapped no value, so no node carries evidence
    // and the engine need not walk the tree for it (a study made elsewhere
    // keeps true: walked).
    bool may_hold_evidence = true;
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

// Largest coding file read whole; larger ones are refused with advice to
// split them, unless read one study at a time (study_stream.hpp).
inline constexpr std::size_t max_study_file_bytes = std::size_t{8} << 20;

struct load_options {
    std::vector<value_screen> screens;
    bool consensus_corpus = false;                      // `resolved` in a wrapper belongs here
    std::size_t max_file_bytes = max_study_file_bytes;  // a file read whole
};

// `display_path` is the file's name in diagnostics (the path as the user gave it).
[[nodiscard]] loaded_file load_study_file(const std::filesystem::path& path, const std::string& display_path,
                                          const load_options& options = {});
// One study's table (the file's root, or one [[study]] element) checked and
// turned into a study; `fallback` is where a missing id is reported, `dates`
// where the document wrote TOML dates, sorted by sort_by_place.
[[nodiscard]] loaded_study load_study_table(sdk::node table, const std::string& display_path,
                                            const sdk::source_location& fallback, const load_options& options,
                                            const std::vector<sdk::source_location>& dates);
// Sorts places by line, then column: the order load_study_table searches.
void sort_by_place(std::vector<sdk::source_location>& places);
[[nodiscard]] loaded_file load_study_text(std::string_view text, const std::string& display_path,
                                          const load_options& options = {});

}  // namespace appraise
