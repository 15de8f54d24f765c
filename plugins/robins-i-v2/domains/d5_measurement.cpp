// Domain 5: bias in the measurement of the outcome. Questions: instruments-2.md
// section 3.2; the algorithm: instruments.md section 2.2 "D5", where both
// independent encodings agree (and E3 with them, instruments-2.md 3.3).
#include "v2_domain.hpp"

namespace robins_i_v2 {
namespace {

verdict judge(const answer_sheet& a, encoding) {
    const code differs = a.at("5.1");
    const code aware = a.at("5.2");
    const code swayed = a.at("5.3");
    if (in(differs, yes_set)) return {level::serious, "5.1 is Y/PY (ascertainment could differ between groups)"};
    if (in(differs, no_set)) {
        if (in(aware, no_set)) return {level::low, "5.1 and 5.2 are N/PN"};
        if (in(swayed, no_set)) return {level::low, "5.1 N/PN, 5.2 Y/PY/NI, 5.3 N/PN"};
        if (swayed == code::sy) return {level::serious, "5.1 N/PN, 5.2 Y/PY/NI, 5.3 SY"};
        return {level::moderate, "5.1 N/PN, 5.2 Y/PY/NI, 5.3 WY/NI"};
    }
    if (in(aware, no_set)) return {level::moderate, "5.1 NI, 5.2 N/PN"};
    if (swayed == code::sy) return {level::serious, "5.1 NI, 5.2 Y/PY/NI, 5.3 SY"};
    return {level::moderate, "5.1 NI, 5.2 Y/PY/NI, 5.3 not SY"};
}

}  // namespace

domain_unit measurement_domain() {
    return {
        .id = "d5",
        .key = "d5",
        .name = "Measurement of the outcome",
        .summary = "differential ascertainment and assessors' knowledge of the strategy (5.1-5.3)",
        .questions =
            {
                {"5.1", "Might the outcome have been ascertained differently in the compared groups?", standard},
                {"5.2", "Did the people recording the outcome know which strategy each person followed?", standard},
                {"5.3", "Could that knowledge have shaped how the outcome was recorded?", graded_yes, "5.2 is Y/PY/NI",
                 [](const answer_sheet& a) { return is(a, "5.2", yes_or_ni); }},
            },
        .judge = judge,
        .algorithm_words =
            "5.1 Y/PY: Serious. 5.1 N/PN: Low if 5.2 is N/PN; else 5.3 N/PN Low, WY/NI Moderate, SY Serious. 5.1 "
            "NI: Moderate if 5.2 is N/PN; else Serious if 5.3 is SY, otherwise Moderate. Never Critical.",
        .dispute_words = {},
    };
}

}  // namespace robins_i_v2
