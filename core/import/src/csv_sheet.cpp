#include "appraise/import/csv_sheet.hpp"

#include <array>

#include "appraise/text/utf8.hpp"

namespace appraise {

char detect_csv_delimiter(std::string_view text) {
    std::array<std::size_t, 3> counts{};
    constexpr std::array<char, 3> candidates{',', ';', '\t'};
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            quoted = !quoted;  // a doubled quote toggles twice
        } else if (!quoted && (c == '\n' || c == '\r')) {
            break;
        } else if (!quoted) {
            for (std::size_t k = 0; k < candidates.size(); ++k)
                if (c == candidates[k]) ++counts[k];
        }
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < candidates.size(); ++k)
        if (counts[k] > counts[best]) best = k;
    return candidates[best];
}

std::optional<sheet_table> parse_csv_sheet(std::string_view text, const std::string& display_path, char delimiter,
                                           const sheet_limits& limits, diagnostics& problems) {
    const auto fail = [&](std::string code, std::string message, int line, int column, std::string hint) {
        problems.push_back(
            {severity::error, std::move(code), std::move(message), {display_path, line, column}, std::move(hint)});
        return std::nullopt;
    };
    if (text.size() > limits.max_file_bytes)
        return fail("import/sheet-too-large",
                    "the sheet is over " + std::to_string(limits.max_file_bytes >> 20) + " MiB", 0, 0,
                    "split the sheet");
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (!valid_utf8(text))
        return fail("import/invalid-utf8", "the sheet is not UTF-8 text", 0, 0,
                    "export it as CSV in UTF-8 (LibreOffice: Character set 'Unicode (UTF-8)'; Excel: 'CSV UTF-8')");
    if (delimiter == 0) delimiter = detect_csv_delimiter(text);

    sheet_table table;
    table.file = display_path;
    std::vector<sheet_cell> row;
    std::string field;
    bool quoted = false;      // inside a quoted field
    bool was_quoted = false;  // the current field started with a quote
    int line = 1;
    int quote_line = 0;
    std::size_t cells = 0;
    const auto end_field = [&]() -> bool {
        if (row.size() >= limits.max_columns || ++cells > limits.max_cells) return false;
        row.push_back({std::move(field), false, false, false});
        field.clear();
        was_quoted = false;
        return true;
    };
    const auto too_wide = [&] {
        return fail("import/sheet-too-large",
                    cells > limits.max_cells ? "the sheet has over " + std::to_string(limits.max_cells) + " cells"
                                             : "row " + std::to_string(table.rows.size() + 1) + " has over " +
                                                   std::to_string(limits.max_columns) + " columns",
                    static_cast<int>(table.rows.size() + 1), 0, "remove the empty or unused columns");
    };
    const auto end_row = [&]() -> bool {
        if (!end_field()) return false;
        table.rows.push_back(std::move(row));
        row.clear();
        return true;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                continue;  // a CRLF inside a quoted cell is one line break
            } else {
                if (c == '\n') ++line;
                field += c;
            }
        } else if (c == '"' && field.empty() && !was_quoted) {
            quoted = true;
            was_quoted = true;
            quote_line = line;
        } else if (c == delimiter) {
            if (!end_field()) return too_wide();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++line;
            if (!end_row()) return too_wide();
            if (table.rows.size() > limits.max_rows)
                return fail("import/sheet-too-large", "the sheet has over " + std::to_string(limits.max_rows) + " rows",
                            0, 0, "split the sheet");
        } else {
            field += c;  // a quote inside an unquoted field is kept, as spreadsheets read it
        }
        if (field.size() > limits.max_cell_bytes)
            return fail("import/sheet-too-large",
                        "a cell of row " + std::to_string(table.rows.size() + 1) + " is over " +
                            std::to_string(limits.max_cell_bytes / 1024) + " KiB",
                        static_cast<int>(table.rows.size() + 1), static_cast<int>(row.size() + 1),
                        "look for a quote that is never closed");
    }
    if (quoted)
        return fail("import/csv-syntax",
                    "a quoted cell opened on line " + std::to_string(quote_line) + " is never closed",
                    static_cast<int>(table.rows.size() + 1), static_cast<int>(row.size() + 1),
                    "close the quote; a quote inside a quoted cell is written twice (\"\")");
    if (!field.empty() || !row.empty() || was_quoted) {
        if (!end_row()) return too_wide();
    }
    return table;
}

}  // namespace appraise
