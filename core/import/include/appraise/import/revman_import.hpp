// `appraise import revman FILE.csv`: RevMan Web's "Risk of bias 2 (one row
// per result)" table, in the columns `run --format revman` writes
// (reports/revman_columns.hpp: one table for both ways, UNVERIFIED against
// RevMan's own template), as recorded judgements of rob2. Headers are matched
// by name as --revman-template matches them, so a RevMan template's order
// reads too. Also the reader of Covidence's RevMan Web "Risk of bias" CSV.
#pragma once

#include <string>
#include <string_view>

#include "appraise/import/judgement_import.hpp"

namespace appraise {

// `tool` is what `source.tool` records: "revman", or "covidence" for its export.
[[nodiscard]] import_result import_revman(std::string_view text, const std::string& display, const std::string& source,
                                          const sdk::rubric_description& rubric, const std::string& tool = "revman");

}  // namespace appraise
