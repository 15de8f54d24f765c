// The columns of RevMan Web's "Risk of bias 2 (one row per result)" import
// CSV, as one table so that they are easy to correct. The names are
// UNVERIFIED (../shared/reference/instruments-2.md section 8): RevMan gives
// them only in the template a review downloads. Check them against it, or
// pass that template with --revman-template, which takes its header row as
// the columns, matched to these by name, and fails on any it cannot match.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace appraise {

enum class revman_field {
    study,      // the study id
    outcome,    // the outcome id of the result (its label up to " (")
    result,     // the result's whole label: "reading (assignment)"
    effect,     // the effect of interest: assignment or adhering
    judgement,  // Low / Some concerns / High, of `domain`
    support,    // the reviewer's support for that judgement
};

struct revman_column {
    std::string_view header;  // as written, and the name a template header is matched with
    revman_field field;
    std::string_view domain;  // judgement and support: "d1" .. "d5" or "overall"; else empty
    bool required;            // a template without it would lose a judgement or its support: refused
    std::string_view holds;   // what the column holds, for `explain rob2` and the docs
};

// The columns, in the order written when no template is given.
inline constexpr std::array<revman_column, 16> revman_columns{{
    {"Study", revman_field::study, "", true, "the study id (RevMan's study ID must match it)"},
    {"Outcome", revman_field::outcome, "", false, "the result's outcome id, as coded under outcome ="},
    {"Result", revman_field::result, "", false, "the result: outcome and effect, \"reading (assignment)\""},
    {"Effect of interest", revman_field::effect, "", false, "assignment or adhering, as coded under effect ="},
    {"D1 judgement", revman_field::judgement, "d1", true, "domain 1 (randomisation): Low, Some concerns or High"},
    {"D1 support", revman_field::support, "d1", true, "the reviewer's support, answers and direction for domain 1"},
    {"D2 judgement", revman_field::judgement, "d2", true, "domain 2 (deviations from intended interventions)"},
    {"D2 support", revman_field::support, "d2", true, "support for domain 2"},
    {"D3 judgement", revman_field::judgement, "d3", true, "domain 3 (missing outcome data)"},
    {"D3 support", revman_field::support, "d3", true, "support for domain 3"},
    {"D4 judgement", revman_field::judgement, "d4", true, "domain 4 (measurement of the outcome)"},
    {"D4 support", revman_field::support, "d4", true, "support for domain 4"},
    {"D5 judgement", revman_field::judgement, "d5", true, "domain 5 (selection of the reported result)"},
    {"D5 support", revman_field::support, "d5", true, "support for domain 5"},
    {"Overall judgement", revman_field::judgement, "overall", true, "the overall risk of bias of the result"},
    {"Overall support", revman_field::support, "overall", true, "the reviewer's support for the overall"},
}};

// The columns a template's header row names, in its order, each with the
// header as the template spells it. A header matches a column whose name is
// the same but for case, spaces, '_', '-' and '.'; a UTF-8 BOM and a CR are
// ignored. Throws std::invalid_argument, naming `source`:1:column and the
// header, for a header that matches no column, two headers of one column,
// or a required column the template lacks.
struct revman_layout_column {
    const revman_column* column;
    std::string header;
};
[[nodiscard]] std::vector<revman_layout_column> revman_layout(std::string_view template_text,
                                                              const std::string& source);

}  // namespace appraise
