// The MAP of `appraise import sheet`: which column of a sheet is which
// codebook field, and how its cells are read (docs/import.md). Validated
// whole before any row is read: every field against the codebook (with the
// nearest path), every value of a value map against the field's type and
// allowed values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/codebook.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

enum class column_role {
    field,        // the column holds the field's values
    support_for,  // the quote (support) behind another column's field
    at_for,       // where in the document that value is (a page, table)
    source_for,   // which document (full-text, abstract, ...)
};

struct value_mapping {
    std::string cell;  // the cell's text
    sdk::node value;   // what it means (a string of the enum, true, a number)
};

struct column_rule {
    std::string header;     // the MAP's key: a column's header
    source_location where;  // the key's place in the MAP
    column_role role = column_role::field;
    std::string field;                  // "design.allocation"; "outcomes.name"; "custom.x"
    const field_def* def = nullptr;     // nullptr for custom.* (a string)
    std::vector<value_mapping> values;  // values = { "Yes" = "random" }
    std::string split;                  // a list field's separator; empty: one item per cell
    bool percent = false;               // "94%" or 94 -> 0.94
    char decimal = '.';                 // ',' : "0,94" is 0.94
    std::size_t outcome = 0;            // outcomes.* : the 1-based [[outcomes]] element
};

struct sheet_map {
    std::vector<column_rule> columns;  // in the MAP's order
    std::vector<std::string> missing;  // not-reported words: the defaults, then the MAP's
    std::size_t header_rows = 1;       // rows above the first study row
};

// The words that mean "not reported" in every MAP: "NR", "n/a", "-" and the
// empty cell (compared without case and surrounding spaces).
[[nodiscard]] const std::vector<std::string>& default_missing_words();

inline constexpr std::size_t max_map_bytes = std::size_t{1} << 20;

// nullopt with the problems (each at its place in the MAP) when it is not valid.
[[nodiscard]] std::optional<sheet_map> parse_sheet_map(std::string_view text, const std::string& display_path,
                                                       diagnostics& problems);

// The field of a column rule's path when a sheet may fill it: a value field
// of the codebook (not a table, not [appraisal]), or custom.<key>.
[[nodiscard]] bool importable_field(std::string_view path, const field_def*& def);

}  // namespace appraise
