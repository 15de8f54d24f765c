// A sheet as the importers read it: rows of cells, each with its text and,
// from an XLSX file, what the cell's type and number format said about it,
// plus the merged ranges. Locations name cells as a spreadsheet does.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "appraise/model/diagnostic.hpp"

namespace appraise {

struct sheet_cell {
    std::string text;       // numbers as stored ("0.94"), dates as YYYY-MM-DD, text as written
    bool number = false;    // an XLSX number: '.' is its decimal point whatever the MAP says
    bool fraction = false;  // an XLSX number with a percent format: 94 % is stored as 0.94
    bool date = false;      // an XLSX number with a date format, converted to YYYY-MM-DD
};

// 0-based, inclusive.
struct sheet_range {
    std::size_t first_row = 0;
    std::size_t first_column = 0;
    std::size_t last_row = 0;
    std::size_t last_column = 0;
};

struct sheet_table {
    std::string file;                           // as shown in diagnostics
    std::string sheet;                          // the XLSX sheet's name; empty for CSV
    std::vector<std::vector<sheet_cell>> rows;  // a row may be shorter than others
    std::vector<sheet_range> merges;

    // nullptr when the row or column holds nothing.
    [[nodiscard]] const sheet_cell* cell(std::size_t row, std::size_t column) const;
};

// The bounds every reader enforces (a sheet is untrusted data).
struct sheet_limits {
    std::size_t max_file_bytes = std::size_t{64} << 20;       // the CSV or XLSX file
    std::size_t max_part_bytes = std::size_t{128} << 20;      // one decompressed XLSX part
    std::size_t max_unzipped_bytes = std::size_t{256} << 20;  // all parts read, decompressed
    std::size_t max_rows = 100000;
    std::size_t max_columns = 1024;
    std::size_t max_cells = 5000000;  // cells read, empty ones included: 100,000 rows of 50, or 5,000 of 1,000
    std::size_t max_cell_bytes = std::size_t{128} << 10;  // Excel's limit is 32,767 characters
    // All cells' text as stored: one shared string may be named by every cell.
    std::size_t max_text_bytes = std::size_t{256} << 20;
    // Elements of one XLSX sheet part, counted before it is parsed: the XML
    // tree costs about 64 bytes a node, however small the element.
    std::size_t max_elements = 12000000;
};

// A whole sheet or MAP file, at most `max_bytes`: a regular file only (a
// FIFO would block, a directory "opens"). nullopt with an
// import/unreadable-sheet or import/sheet-too-large error naming `display_path`.
[[nodiscard]] std::optional<std::string> read_sheet_file(const std::string& path, const std::string& display_path,
                                                         std::size_t max_bytes, diagnostics& problems);

// 0 -> "A", 25 -> "Z", 26 -> "AA".
[[nodiscard]] std::string column_letters(std::size_t column);

// "SHEET.csv:12:4" (row and field, 1-based; a row is a record, as a
// spreadsheet shows it) or "SHEET.xlsx:Sheet1!D12".
[[nodiscard]] source_location cell_location(const sheet_table& table, std::size_t row, std::size_t column);
// "row 12, column 4" or "Sheet1!D12": the same place, for a comment in a written study.
[[nodiscard]] std::string cell_name(const sheet_table& table, std::size_t row, std::size_t column);

}  // namespace appraise
