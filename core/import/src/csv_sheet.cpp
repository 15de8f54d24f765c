#include "appraise/import/csv_sheet.hpp"

#include <array>

#include "appraise/text/csv_reader.hpp"
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
    const auto fail = [&](std::string code, std::string message, std::size_t line, std::size_t column,
                          std::string hint) {
        problems.push_back({severity::error,
                            std::move(code),
                            std::move(message),
                            {display_path, static_cast<int>(line), static_cast<int>(column)},
                            std::move(hint)});
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

    // The project's one CSV reader, reading quotes as spreadsheets do.
    csv_limits bounds;
    bounds.max_records = limits.max_rows;
    bounds.max_fields = limits.max_columns;
    bounds.max_field_bytes = limits.max_cell_bytes;
    csv_table csv = read_csv(text, bounds, csv_dialect{delimiter, true});
    if (csv.error) {
        const auto& e = *csv.error;
        if (e.problem == csv_error::kind::too_large)
            return fail("import/sheet-too-large", "row " + std::to_string(e.row) + ": " + e.message, e.row, e.column,
                        "split the sheet or remove its empty columns; a cell over the bound may be a quote that "
                        "is never closed");
        return fail("import/csv-syntax", "row " + std::to_string(e.row) + ": " + e.message, e.row, e.column,
                    "close the quote; a quote inside a quoted cell is written twice (\"\")");
    }
    sheet_table table;
    table.file = display_path;
    std::size_t cells = 0;
    std::size_t text_bytes = 0;
    for (auto& record : csv.records) {
        cells += record.fields.size();
        if (cells > limits.max_cells)
            return fail("import/sheet-too-large", "the sheet has over " + std::to_string(limits.max_cells) + " cells",
                        record.row, 0, "remove the empty or unused columns");
        for (const auto& field : record.fields) text_bytes += field.size();
        if (text_bytes > limits.max_text_bytes)
            return fail(
                "import/sheet-too-large",
                "the sheet has over " + std::to_string(limits.max_text_bytes >> 20) + " MiB of text in its cells",
                record.row, 0, "split the sheet");
        std::vector<sheet_cell> row;
        row.reserve(record.fields.size());
        for (auto& field : record.fields) row.push_back({std::move(field), false, false, false});
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace appraise
