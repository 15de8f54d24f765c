// CSV as RFC 4180 writes it (quoted fields, doubled quotes, quoted line
// breaks), read from untrusted files: every record keeps where it starts, so
// a problem can be shown as FILE:ROW:COL (the record's number, the header
// being 1, and the field's number, both 1-based, as a spreadsheet shows them).
// A UTF-8 byte-order mark is skipped, CRLF and LF both end a record, and a
// final record without a line break is kept. Bounded: more records or longer
// fields than the limits say is an error, never an allocation without end.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace appraise {

struct csv_record {
    std::vector<std::string> fields;
    std::size_t row = 0;   // 1-based record number (the header is 1)
    std::size_t line = 0;  // the line of the file it starts on
};

struct csv_limits {
    std::size_t max_records = 100000;
    std::size_t max_fields = 1000;
    std::size_t max_field_bytes = 1U << 20U;
};

// How the text is written: the delimiter, and whether quotes are read as
// spreadsheets read them (a quote inside an unquoted field, or text after a
// closing quote, kept as text) or refused as RFC 4180 says.
struct csv_dialect {
    char delimiter = ',';
    bool lenient_quotes = false;
};

struct csv_error {
    enum class kind { syntax, too_large };
    std::size_t row = 0;
    std::size_t column = 0;  // the field's number in the record
    std::string message;
    kind problem = kind::syntax;
};

struct csv_table {
    std::vector<csv_record> records;
    std::optional<csv_error> error;  // set: reading stopped there; records before it are kept
};

// Every record of `text`. A line holding nothing (an empty line) is a record
// with one empty field, as RFC 4180 reads it; callers skip blank records.
[[nodiscard]] csv_table read_csv(std::string_view text, const csv_limits& limits = {}, const csv_dialect& dialect = {});

// Whether every field of the record is empty or blanks.
[[nodiscard]] bool blank_record(const csv_record& record);

// `text` without blanks (spaces, tabs) at either end.
[[nodiscard]] std::string_view trimmed(std::string_view text);

}  // namespace appraise
