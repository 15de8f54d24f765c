#include "appraise/import/sheet_table.hpp"

namespace appraise {

const sheet_cell* sheet_table::cell(std::size_t row, std::size_t column) const {
    if (row >= rows.size() || column >= rows[row].size()) return nullptr;
    return &rows[row][column];
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
