// CSV as RFC 4180 writes it (quoted fields with "" for a quote, line breaks
// inside quotes, CRLF or LF), with a UTF-8 byte-order mark skipped and the
// delimiter (',' ';' or tab) taken from the first record unless given:
// spreadsheets in locales with a decimal comma export with ';'.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "appraise/import/sheet_table.hpp"

namespace appraise {

// `delimiter` 0: detected. Problems (not UTF-8, an unclosed quote, over a
// limit) are errors naming `display_path`; nullopt then.
[[nodiscard]] std::optional<sheet_table> parse_csv_sheet(std::string_view text, const std::string& display_path,
                                                         char delimiter, const sheet_limits& limits,
                                                         diagnostics& problems);

// The delimiter of the first record: the most frequent of ',' ';' and tab
// outside quotes (',' on a tie or when there is none).
[[nodiscard]] char detect_csv_delimiter(std::string_view text);

}  // namespace appraise
