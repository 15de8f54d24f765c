// XLSX (Office Open XML spreadsheets, as Excel and LibreOffice write them):
// the zip container through libzip, the XML parts through pugixml. Reads one
// sheet's cells (shared strings, inline strings, numbers, booleans, the
// cached value of a formula, never evaluated), the number formats that make
// a number a date (to YYYY-MM-DD, 1900 or 1904 date system) or a percentage,
// and the merged ranges. Every part is decompressed with a bound, so a zip
// bomb is refused rather than unpacked.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "appraise/import/sheet_table.hpp"

namespace appraise {

// `sheet_name` empty: the workbook's first sheet. An unknown name is an error
// listing the sheets (with the nearest one).
[[nodiscard]] std::optional<sheet_table> read_xlsx_sheet(const std::string& path, const std::string& display_path,
                                                         const std::string& sheet_name, const sheet_limits& limits,
                                                         diagnostics& problems);

// The same from the workbook's bytes (the path reader reads the file, bounded, then this).
[[nodiscard]] std::optional<sheet_table> read_xlsx_bytes(std::string bytes, const std::string& display_path,
                                                         const std::string& sheet_name, const sheet_limits& limits,
                                                         diagnostics& problems);

// Days since the epoch of the workbook's date system -> "YYYY-MM-DD" (a
// fraction of a day, a time, is dropped only when it is zero: else
// "YYYY-MM-DDTHH:MM:SS"). 1900 system: serial 1 is 1900-01-01 and 60 the
// 1900-02-29 Lotus kept (empty text: no such day).
[[nodiscard]] std::string spreadsheet_date(double serial, bool date1904);

// Whether a number format code shows a date (d or y outside quotes and
// brackets), or a percentage.
[[nodiscard]] bool date_format_code(const std::string& code);

}  // namespace appraise
