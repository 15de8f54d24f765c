// `appraise import covidence EXPORT.csv`: Covidence's quality-assessment
// exports as recorded judgements. Two forms are read, told apart by the
// header:
//  - its RevMan Web "Risk of bias" CSV (one of the four CSVs of "Export to
//    RevMan Web"), meant for RevMan Web's RoB 2 import: read as `import
//    revman` reads that table (revman_import.hpp);
//  - its extraction / quality-assessment CSV, one row per study, domain and
//    reviewer (or consensus), in the columns of covidence_columns below.
// Covidence publishes neither header (docs/import.md says what was not
// verifiable): the names are in one table here, to be corrected in one place.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "appraise/import/judgement_import.hpp"

namespace appraise {

enum class covidence_field { study, reviewer, outcome, domain, judgement, support };

struct covidence_column {
    std::string_view header;  // matched ignoring case, spaces, '_', '-' and '.'
    covidence_field field;
    std::string_view holds;
};

// The long form's columns; several names of one field are aliases. Study,
// Domain and Judgement are required; any other column is not read.
inline constexpr std::array<covidence_column, 15> covidence_columns{{
    {"Study ID", covidence_field::study, "the study as Covidence names it (\"Zhou 2019\")"},
    {"Study", covidence_field::study, "the same"},
    {"Reviewer Name", covidence_field::reviewer, "who judged, or \"Consensus\" for the agreed judgement"},
    {"Reviewer", covidence_field::reviewer, "the same"},
    {"Outcome", covidence_field::outcome, "the outcome (result) the judgement is for; empty: the study"},
    {"Result", covidence_field::outcome, "the same"},
    {"Domain", covidence_field::domain,
     "the domain: its name (\"Bias arising from the randomisation process\"), "
     "D1..D5, or Overall"},
    {"Judgement", covidence_field::judgement, "Low, Some concerns, High (the rubric's words)"},
    {"Judgment", covidence_field::judgement, "the same"},
    {"Risk of bias judgement", covidence_field::judgement, "the same"},
    {"Support for judgement", covidence_field::support, "the reviewer's support (quote or comment)"},
    {"Support for judgment", covidence_field::support, "the same"},
    {"Supporting text", covidence_field::support, "the same"},
    {"Comments", covidence_field::support, "the same"},
    {"Quote", covidence_field::support, "the same"},
}};

[[nodiscard]] import_result import_covidence(std::string_view text, const std::string& display,
                                             const std::string& source, const sdk::rubric_description& rubric);

}  // namespace appraise
