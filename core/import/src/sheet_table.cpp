#include "appraise/import/sheet_table.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace appraise {

const sheet_cell* sheet_table::cell(std::size_t row, std::size_t column) const {
    if (row >= rows.size() || column >= rows[row].size()) return nullptr;
    return &rows[row][column];
}

std::optional<std::string> read_sheet_file(const std::string& path, const std::string& display_path,
                                           std::size_t max_bytes, diagnostics& problems) {
    const auto fail = [&](std::string code, std::string message, std::string hint) {
        problems.push_back(
            {severity::error, std::move(code), std::move(message), {display_path, 0, 0}, std::move(hint)});
        return std::nullopt;
    };
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        return fail("import/unreadable-sheet", "this is not a regular file", "name a .csv, .xlsx or MAP file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail("import/unreadable-sheet", "cannot read the file: " + std::string(std::strerror(errno)),
                    "check that the file exists and that you may read it");
    std::string text;
    std::string buffer(std::size_t{1} << 16, '\0');
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
        text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes)
            return fail("import/sheet-too-large", "the file is over " + std::to_string(max_bytes >> 20) + " MiB",
                        "split the sheet (a MAP has one entry per column: 1 MiB is far more than one needs)");
    }
    if (in.bad()) return fail("import/unreadable-sheet", "reading the file failed", "check the file");
    return text;
}

std::string column_letters(std::size_t column) {
    std::string letters;
    std::size_t n = column + 1;
    while (n > 0) {
        const std::size_t digit = (n - 1) % 26;
        letters.insert(letters.begin(), static_cast<char>('A' + digit));
        n = (n - 1) / 26;
    }
    return letters;
}

source_location cell_location(const sheet_table& table, std::size_t row, std::size_t column) {
    if (table.sheet.empty()) return {table.file, static_cast<int>(row + 1), static_cast<int>(column + 1)};
    return {table.file + ":" + table.sheet + "!" + column_letters(column) + std::to_string(row + 1), 0, 0};
}

std::string cell_name(const sheet_table& table, std::size_t row, std::size_t column) {
    if (table.sheet.empty()) return "row " + std::to_string(row + 1) + ", column " + std::to_string(column + 1);
    return table.sheet + "!" + column_letters(column) + std::to_string(row + 1);
}

}  // namespace appraise
