// The study-characteristics table of a review (`run --table
// characteristics`): one row per appraised study, its design, country,
// setting, n per arm, intervention, duration, outcomes and follow-up, read
// from the coded facts (docs/study-format.md names each field). A field not
// coded reads "not reported", never a blank cell.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "appraise/reports/item_table.hpp"
#include "appraise/reports/report_writer.hpp"

namespace appraise {

// What a cell says for a field the study does not code.
inline constexpr const char* not_reported_words = "not reported";

// The codebook fields the table reads: the engine copies them into
// study_result::facts (engine_options::fact_fields).
[[nodiscard]] const std::vector<std::string>& characteristics_fields();

// One study's cells, in column order (characteristics_columns()).
[[nodiscard]] std::vector<std::string> characteristics_cells(const study_result& study);
// Each column's title and the field(s) it shows, for the header and the key.
struct characteristics_column {
    std::string title;
    std::string fields;  // "sample.arms", in words for the key
};
[[nodiscard]] const std::vector<characteristics_column>& characteristics_columns();

[[nodiscard]] std::unique_ptr<report_writer> make_characteristics_report(std::ostream& out, report_context context,
                                                                         table_format format);

}  // namespace appraise
