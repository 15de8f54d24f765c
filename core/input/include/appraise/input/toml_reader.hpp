// The one place that parses TOML. Turns a document into the study model's
// node tree (every value with its file:line:column) or a diagnostic; no toml++
// type leaves this file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct toml_document {
    std::optional<sdk::node> root;  // set when the text parsed
    diagnostics problems;           // syntax and encoding errors, unsupported value types
    // Where a TOML date, time or date-time was written: the tree keeps them as
    // text, so this tells 2026-11-03 from the quoted string "2026-11-03".
    std::vector<sdk::source_location> dates;
};

// Parses with the fast path for the study format (study_fast_parser.hpp) and,
// for anything it does not handle, with parse_toml_reference: the same tree
// either way. `display_path` names the file in every location (one shared
// name: a value's location copies a reference, not the text).
[[nodiscard]] toml_document parse_toml(std::string_view text, const sdk::file_name& display_path);

// The reference path, which writes every error message: checks UTF-8 first
// (toml++ 3.3.0 misbehaves on some invalid or unusual bytes), then parses
// with toml++ and converts its tree.
[[nodiscard]] toml_document parse_toml_reference(std::string_view text, const sdk::file_name& display_path);

// Whether `text` is YYYY-MM-DD with a real month and day: the text a TOML
// local date is read as (the node tree keeps dates as their text).
[[nodiscard]] bool is_toml_date_text(std::string_view text);

// Reads a whole file, refusing unreadable and over-large files with a diagnostic.
[[nodiscard]] std::optional<std::string> read_text_file(const std::string& path, const std::string& display_path,
                                                        std::size_t max_bytes, diagnostics& problems);

}  // namespace appraise
