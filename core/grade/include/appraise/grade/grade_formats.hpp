// `appraise grade` output: text, JSON, Markdown, and a CSV laid out as
// GRADEpro's evidence profile (one row per review outcome). GRADEpro's column
// names and words are not verified against GRADEpro itself
// (shared/reference/instruments.md §7 names no columns): they are in one
// table, gradepro_columns, documented in docs/grade.md.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "appraise/grade/grade_outcome.hpp"

namespace appraise {

struct gradepro_column {
    const char* name;  // the header written
    const char* what;  // what it holds, for docs and tests
};

// The evidence-profile columns, in order [UNVERIFIED names].
[[nodiscard]] const std::vector<gradepro_column>& gradepro_columns();

[[nodiscard]] const std::vector<std::string>& grade_format_names();  // text, json, markdown, csv

// Writes `grades` in `format` (one of grade_format_names()).
void write_grade(const std::string& format, std::ostream& out, const std::vector<outcome_grade>& grades,
                 const review_config& config);

}  // namespace appraise
