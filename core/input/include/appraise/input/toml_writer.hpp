// Writes the study model's node tree back as TOML: what `appraise agree
// --consensus` uses to produce a corpus people edit. Keys keep their document
// order (by the line each was read from), tables written inline stay inline,
// comments of the source text are kept (full lines above a key or header, and
// the end-of-line comment of a one-line key or header), and a value that
// carries evidence is written as the 1.1 wrapper `{ value = ..., support = ... }`.
// No toml++ type leaves toml_writer.cpp.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// A key as TOML needs it: bare when it may be ("design", "min_arm_size"),
// else quoted ("1.1" -> "\"1.1\"").
[[nodiscard]] std::string toml_key(std::string_view key);

// A value written inline: "text", 12, 0.5, true, [1, 2], { a = 1, b = "x" }.
[[nodiscard]] std::string toml_inline_value(const sdk::node& value);

// The same, with the value's evidence as its wrapper when it has any (as a
// document is written): { value = true, support = "...", at = "p. 3" }.
[[nodiscard]] std::string toml_written_value(const sdk::node& value);

// A comment of the caller's to end the line of one key or header; `path` is
// the keys from the root, with "[i]" for the i-th element of an array of
// tables ({"study", "[0]", "design", "concealment"}). Empty: none.
using toml_comment_source = std::function<std::string(const std::vector<std::string>& path)>;

// A whole document from a root table. `source_text`, when given, is the text
// the tree was read from: comment lines directly above a key or table header,
// and the comment that ends its line, are copied over. `comments` adds the
// caller's own at the end of a line.
[[nodiscard]] std::string write_toml_document(const sdk::node& root, std::string_view source_text = {},
                                              toml_comment_source comments = {});

// Parses `text` again (with toml++) to prove the writer produced valid TOML;
// the problems name `display_path`.
[[nodiscard]] diagnostics validate_toml(std::string_view text, const std::string& display_path);

}  // namespace appraise
