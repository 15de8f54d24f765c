// One coded study per row of a sheet, by a MAP: each cell converted to its
// field's type (value maps, decimal commas, percentages, lists, dates; the
// MAP's not-reported words leave the field out), evidence columns attached
// to their field's value as the format 1.1 wrapper, the study written with
// the project's TOML writer (codebook key order, a comment naming each
// value's cell) and checked by the study loader. A bad cell is a diagnostic
// at the cell, and its row is not written.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "appraise/import/sheet_map.hpp"
#include "appraise/import/sheet_table.hpp"

namespace appraise {

struct sheet_study {
    std::string id;
    std::string file_name;  // "<id>.toml"
    std::string text;       // the TOML document
    std::size_t row = 0;    // 1-based, as the sheet shows it
};

struct sheet_import {
    std::vector<sheet_study> studies;  // the rows without an error, in sheet order
    diagnostics problems;              // the sheet's and every row's
    std::size_t rows = 0;              // study rows read (not empty)
    std::size_t rows_skipped = 0;      // rows with an error
};

[[nodiscard]] sheet_import import_sheet(const sheet_table& table, const sheet_map& map);

// A column's header, as MAP keys are matched: surrounding space removed, each
// run of white space (a line break in a cell too) one space.
[[nodiscard]] std::string normal_header(std::string_view text);

}  // namespace appraise
