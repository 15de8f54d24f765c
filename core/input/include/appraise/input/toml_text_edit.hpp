// Edits a TOML document in its text, key by key: a changed value is replaced
// where it is written, a new key is added as a line of its table (or a new
// table at the end), a removed key's lines are deleted; in an array of tables
// the next index appends an element (`[[...]]` after the last one) and a
// single [table] given a second element becomes [[table]]. Everything else (comments,
// blank lines, key order, spelling of untouched values) stays byte for byte:
// what `appraise serve` saves, so a file edited in the form diffs as a
// reviewer's edit would. Values are written by the caller with the TOML
// writer (toml_written_value). No toml++ type leaves toml_text_edit.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/diagnostic.hpp"

namespace appraise {

struct toml_edit {
    // Keys from the root; "[i]" names the i-th table of an array of tables
    // ({"study", "[1]", "design", "type"}); "[n]" with n the array's size
    // appends a table, "[0]"/"[1]" after one [table] name it / a second one.
    std::vector<std::string> path;
    // The new value as TOML on one line ("\"rct\"", "12", "{ value = true, support = \"...\" }");
    // nullopt removes the key.
    std::optional<std::string> value;
};

struct toml_edit_result {
    std::optional<std::string> text;  // set when every edit applied and the result parses
    diagnostics problems;             // why not (`serve/edit-refused`, or the parser's)
};

// Applies `edits` in order to `text`; `display_path` names the file in problems.
[[nodiscard]] toml_edit_result edit_toml_text(std::string_view text, const std::vector<toml_edit>& edits,
                                              const std::string& display_path);

// Whether `value` is one TOML value on one line ("2026-11-03", "[1, 2]"), as an edit takes.
[[nodiscard]] bool is_single_toml_value(std::string_view value);

}  // namespace appraise
