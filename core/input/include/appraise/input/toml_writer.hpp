// Writes the study model's node tree back as TOML: what `appraise agree
// --consensus` uses to produce a corpus people edit. Keys keep their document
// order (by the line each was read from), tables written inline stay inline,
// and full-line comments above a key or header in the source text are kept.
// No toml++ type leaves toml_writer.cpp.
#pragma once

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

// A whole document from a root table. `source_text`, when given, is the text
// the tree was read from: comment lines directly above a key or table header
// are copied over.
[[nodiscard]] std::string write_toml_document(const sdk::node& root, std::string_view source_text = {});

// Parses `text` again (with toml++) to prove the writer produced valid TOML;
// the problems name `display_path`.
[[nodiscard]] diagnostics validate_toml(std::string_view text, const std::string& display_path);

}  // namespace appraise
