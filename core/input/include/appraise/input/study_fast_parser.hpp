// A fast path for the TOML that coded studies are written in: the common
// subset parsed straight into the node tree that the toml++ path of
// parse_toml() builds, with the same keys, order, values, dates and
// locations. Anything outside that subset, and every error, is "not handled":
// the caller parses with toml++, which stays the reference and writes every
// message. The fast path never produces a diagnostic.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct fast_parsed_document {
    sdk::node root;
    std::vector<sdk::source_location> dates;  // as toml_document::dates
};

// Handles comments, bare, quoted and dotted keys, [table] and
// [[array.of.tables]] headers, single-line basic and literal strings, decimal
// integers and floats, booleans, local dates (YYYY-MM-DD), arrays and inline
// tables. Not handled (std::nullopt): multi-line strings, times, date-times,
// hex, octal and binary integers, underscores in numbers, inf and nan, floats
// out of the normal range, a key or table defined twice, nesting deeper than
// the reader accepts, a byte-order mark, and any syntax error.
[[nodiscard]] std::optional<fast_parsed_document> parse_study_fast(std::string_view text,
                                                                   const sdk::file_name& display_path);

}  // namespace appraise
