// Deriving each EPHPP answer from a coded study's facts. An answer whose facts
// are omitted is the form's "can't tell" (or "not applicable" when its
// question is not reached), with provenance `missing` or `derived`.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <appraise/sdk/rubric_api.hpp>

#include "ephpp_questions.hpp"
#include "ephpp_settings.hpp"

namespace ephpp {

struct derived_answer {
    int code = 0;
    std::string provenance;  // "derived" | "missing"
    std::string basis;       // the facts read, e.g. "sample.participation = 0.84"
};

// Final answers so far (codes by question id, in question order), for
// questions that depend on earlier ones (B3 on B2, C2 on C1). A flat list of
// views of the questions' ids: at most 21 entries, built on every study.
using answer_codes = std::vector<std::pair<std::string_view, int>>;

[[nodiscard]] derived_answer derive(const question& q, const appraise::sdk::study& study, const answer_codes& earlier,
                                    const settings& config);

// The form's percentage bands: 1 = 80-100%, 2 = 60-79%, 3 = below 60%.
[[nodiscard]] int percent_band(double fraction);

}  // namespace ephpp
