#include "appraise/text/csv_reader.hpp"

#include <algorithm>

namespace appraise {

csv_table read_csv(std::string_view text, const csv_limits& limits, const csv_dialect& dialect) {
    csv_table table;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::size_t line = 1;
    csv_record record{{}, 1, 1};
    std::string field;
    bool quoted = false;
    bool was_quoted = false;  // the field had quotes: text after its closing quote is an error
    const auto fail = [&](std::string message, csv_error::kind problem = csv_error::kind::syntax) {
        table.error = csv_error{record.row, record.fields.size() + 1, std::move(message), problem};
    };
    const auto end_field = [&]() -> bool {
        if (record.fields.size() >= limits.max_fields) {
            fail("more than " + std::to_string(limits.max_fields) + " fields in one record",
                 csv_error::kind::too_large);
            return false;
        }
        record.fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
        return true;
    };
    const auto end_record = [&]() -> bool {
        if (!end_field()) return false;
        if (table.records.size() >= limits.max_records) {
            fail("more than " + std::to_string(limits.max_records) + " records", csv_error::kind::too_large);
            return false;
        }
        table.records.push_back(std::move(record));
        record = csv_record{{}, table.records.size() + 1, line};
        return true;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (field.size() >= limits.max_field_bytes) {
            fail("a field longer than " + std::to_string(limits.max_field_bytes) + " bytes",
                 csv_error::kind::too_large);
            return table;
        }
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                continue;  // a CRLF inside a quoted field is one line break
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && dialect.lenient_quotes && (!field.empty() || was_quoted)) {
            field += c;  // as spreadsheets read it
        } else if (c == '"') {
            if (!field.empty() || was_quoted) {
                fail("a quote inside an unquoted field (RFC 4180: quote the whole field and double the quote)");
                return table;
            }
            quoted = true;
            was_quoted = true;
        } else if (c == dialect.delimiter) {
            if (!end_field()) return table;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;  // the \n ends the record
        } else if (c == '\n' || c == '\r') {
            ++line;
            if (!end_record()) return table;
        } else {
            if (was_quoted && !dialect.lenient_quotes) {
                fail("text after a quoted field's closing quote");
                return table;
            }
            field += c;
        }
    }
    if (quoted) {
        fail("a quoted field is not closed before the end of the file");
        return table;
    }
    if (!field.empty() || !record.fields.empty() || was_quoted) end_record();
    return table;
}

bool blank_record(const csv_record& record) {
    return std::all_of(record.fields.begin(), record.fields.end(),
                       [](const std::string& f) { return trimmed(f).empty(); });
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace appraise
