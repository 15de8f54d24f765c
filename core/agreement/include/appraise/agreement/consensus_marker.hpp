// The mark `appraise agree --consensus` leaves where two coders disagree: an
// inline table in place of the value,
//
//   concealment = { unresolved = true, a = false, a_from = "a/x.toml:19:15",
//                   b = true, b_from = "b/x.toml:19:15" }
//
// `a` or `b` is absent when that coder left the key out (its `*_from` then
// says "not coded"). It is valid TOML, keeps both values and where each was
// written, and the loader refuses it with `coding/unresolved-disagreement`
// until a person replaces the table with the agreed value (or deletes the
// line, leaving the key not reported).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "appraise/input/study_loader.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

inline constexpr const char* not_coded_origin = "not coded";

// The file `appraise agree --consensus` leaves at the top of the corpus it
// writes. Its presence is what makes a corpus a consensus corpus: one where a
// wrapper may say how a disagreement was settled (`resolved`, `reason`). It
// also records how many disagreements were marked, per level, for
// `appraise agree --resolutions`. Not a *.toml file: the corpus walk never
// reads it as a study.
inline constexpr const char* consensus_marker_file = "appraise-consensus.txt";

// Whether `paths` (as given to a command) lie in a consensus corpus: the
// marker file is in a folder given, or in a folder above a path given.
[[nodiscard]] bool is_consensus_corpus(const std::vector<std::string>& paths);

// The folder holding the marker for `path`, if any.
[[nodiscard]] std::filesystem::path consensus_root(const std::filesystem::path& path);

// A table whose `unresolved` member is `true`.
[[nodiscard]] bool is_unresolved_marker(const sdk::node& value);

// The mark for one disagreement; a null side was not coded by that coder.
// `where` places the mark in document order.
[[nodiscard]] sdk::node make_unresolved_marker(const sdk::node* a, const std::string& a_from, const sdk::node* b,
                                               const std::string& b_from, const source_location& where);

// Appends a `coding/unresolved-disagreement` error for every mark below
// `table` (whose dotted path is `path`, "" for a study).
void report_unresolved(const sdk::node& table, const std::string& path, diagnostics& out);

// The loader's screen for these marks: they are not type-checked, and each is
// reported as `coding/unresolved-disagreement`. Every command that reads a
// corpus passes it (engine_options::loading).
[[nodiscard]] value_screen consensus_screen();

}  // namespace appraise
