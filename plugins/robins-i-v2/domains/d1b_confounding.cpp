// Domain 1, variant B: bias due to baseline and time-varying confounding (the
// analysis deals with switches or deviations, C4 = Y). Questions and E1's
// algorithm: instruments-2.md sections 3.2 and 3.3 "D1B"; E2's and E3's
// cells: the D1B dispute table there.
#include "v2_domain.hpp"

namespace robins_i_v2 {
namespace {

verdict judge(const answer_sheet& a, encoding e) {
    const code method = a.at("1B.1");
    const code all = a.at("1B.2");
    const code measured = a.at("1B.3");
    const bool signal = in(a.at("1B.5"), yes_set);
    if (!in(method, yes_set)) {  // all encodings agree on this track
        if (in(a.at("1B.4"), yes_set))
            return {level::critical, "1B.1 is N/PN/NI and 1B.4 is Y/PY (adjusted for variables after the start)"};
        return signal ? verdict{level::critical, "1B.1 is N/PN/NI, 1B.4 is not Y/PY and 1B.5 is Y/PY"}
                      : verdict{level::serious, "1B.1 is N/PN/NI, 1B.4 is not Y/PY and 1B.5 is N/PN"};
    }
    if (all == code::sn || all == code::ni)
        return {e == encoding::e3 && signal ? level::critical : level::serious,
                std::string("1B.1 is Y/PY and 1B.2 is SN/NI") + (signal ? " (1B.5 is Y/PY)" : "")};
    if (measured == code::sn || measured == code::ni)
        return {level::serious, "1B.1 is Y/PY, 1B.2 is Y/PY/WN and 1B.3 is SN/NI"};
    if (in(all, yes_set) && in(measured, yes_set)) {
        if (!signal)
            return {e == encoding::e2 ? level::low : level::low_except,
                    "1B.1, 1B.2 and 1B.3 are Y/PY and 1B.5 is N/PN"};
        return {e == encoding::e2 ? level::moderate : level::serious, "1B.1, 1B.2 and 1B.3 are Y/PY and 1B.5 is Y/PY"};
    }
    if (in(all, yes_set)) {  // 1B.3 = WN
        if (!signal)
            return {e == encoding::e1 ? level::moderate : level::low_except,
                    "1B.1 and 1B.2 are Y/PY, 1B.3 is WN and 1B.5 is N/PN"};
        return {level::serious, "1B.1 and 1B.2 are Y/PY, 1B.3 is WN and 1B.5 is Y/PY"};
    }
    // 1B.2 = WN, 1B.3 is Y/PY/WN
    if (!signal)
        return {e == encoding::e2 ? level::low_except : level::moderate,
                "1B.1 is Y/PY, 1B.2 is WN, 1B.3 is Y/PY/WN and 1B.5 is N/PN"};
    return {level::serious, "1B.1 is Y/PY, 1B.2 is WN, 1B.3 is Y/PY/WN and 1B.5 is Y/PY"};
}

}  // namespace

domain_unit confounding_b_domain() {
    return {
        .id = "d1",
        .key = "d1b",
        .name = "Confounding (variant B: baseline and time-varying confounding)",
        .summary =
            "baseline and time-varying confounding, for an analysis that deals with switches or deviations "
            "(C4 = Y; 1B.1-1B.5)",
        .questions =
            {
                {"1B.1",
                 "Was a method used that copes with confounders changing over time as well as at the start "
                 "(g-methods and the like)?",
                 standard},
                {"1B.2", "Were the listed confounders, both at the start and changing over time, all dealt with?",
                 graded_no, "1B.1 is Y/PY", [](const answer_sheet& a) { return is(a, "1B.1", yes_set); }},
                {"1B.3", "Were those confounders recorded accurately and consistently?", graded_no, "1B.2 is Y/PY/WN",
                 [](const answer_sheet& a) {
                     return is(a, "1B.2", {code::y, code::py, code::wn});
                 }},
                {"1B.4", "Did the analysis adjust for anything recorded after follow-up began?", standard,
                 "1B.1 is N/PN/NI", [](const answer_sheet& a) { return is(a, "1B.1", no_or_ni); }},
                {"1B.5",
                 "Do negative-control results or other evidence point to strong confounding left "
                 "unaddressed?",
                 binary},
            },
        .judge = judge,
        .algorithm_words =
            "1B.1 N/PN/NI: Critical if 1B.4 is Y/PY; else Critical if 1B.5 is Y/PY, Serious if N/PN. 1B.1 Y/PY: "
            "1B.2 SN/NI Serious; 1B.3 SN/NI Serious; 1B.2 and 1B.3 Y/PY: Low except for uncontrolled confounding if "
            "1B.5 is N/PN, else Serious; 1B.2 Y/PY and 1B.3 WN: Moderate if 1B.5 is N/PN, else Serious; 1B.2 WN: "
            "Moderate if 1B.5 is N/PN, else Serious.",
        .dispute_words =
            "1B.2 and 1B.3 Y/PY, 1B.5 N/PN: E2 plain Low (E1, E3 Low except); with 1B.5 Y/PY: E2 Moderate (E1, E3 "
            "Serious). 1B.2 Y/PY, 1B.3 WN, 1B.5 N/PN: E2 and E3 Low except (E1 Moderate). 1B.2 WN, 1B.3 Y/PY/WN, "
            "1B.5 N/PN: E2 Low except (E1, E3 Moderate). 1B.2 SN/NI, 1B.5 Y/PY: E3 Critical (E1, E2 Serious).",
    };
}

}  // namespace robins_i_v2
