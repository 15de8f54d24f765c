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

#include <string>

#include "appraise/input/study_loader.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

inline constexpr const char* not_coded_origin = "not coded";

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
