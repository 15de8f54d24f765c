// Domain 1, variant A: bias due to baseline confounding (the analysis does not
// deal with switches or deviations, C4 = N). Questions and E1's algorithm:
// instruments-2.md section 3.2 and 3.3 "D1A"; E2's and E3's cells: the D1A
// dispute table there.
#include "v2_domain.hpp"

namespace robins_i_v2 {
namespace {

bool opened_by_1a1(const answer_sheet& a) {
    return in(a.at("1A.1"), {code::y, code::py, code::wn});
}

verdict judge(const answer_sheet& a, encoding e) {
    const code all = a.at("1A.1");
    const code measured = a.at("1A.2");
    const code post = a.at("1A.3");
    const bool signal = in(a.at("1A.4"), yes_set);  // other evidence points to serious uncontrolled confounding
    const char* signal_text = signal ? "1A.4 is Y/PY" : "1A.4 is N/PN";
    if (all == code::sn || all == code::ni)
        return {signal ? level::critical : level::serious,
                std::string("1A.1 is SN/NI (important confounders not controlled, or not known) and ") + signal_text};
    if (in(post, yes_set)) {
        if (signal)
            return {level::critical, "1A.3 is Y/PY (adjusted for post-intervention variables) and 1A.4 is Y/PY"};
        if (e == encoding::e2) return {level::serious, "1A.3 is Y/PY and 1A.4 is N/PN (E2 does not read 1A.2 here)"};
        return in(measured, yes_set) ? verdict{level::serious, "1A.3 is Y/PY, 1A.4 is N/PN and 1A.2 is Y/PY"}
                                     : verdict{level::critical, "1A.3 is Y/PY, 1A.4 is N/PN and 1A.2 is WN/SN/NI"};
    }
    if (measured == code::sn || measured == code::ni)
        return {level::serious, "1A.1 is Y/PY/WN, 1A.3 is not Y/PY and 1A.2 is SN/NI"};
    if (in(all, yes_set) && in(measured, yes_set)) {
        if (!signal) return {level::low_except, "1A.1 and 1A.2 are Y/PY, 1A.3 is not Y/PY and 1A.4 is N/PN"};
        return {e == encoding::e2 ? level::moderate : level::serious,
                "1A.1 and 1A.2 are Y/PY, 1A.3 is not Y/PY and 1A.4 is Y/PY"};
    }
    if (in(all, yes_set)) {  // 1A.2 = WN
        if (!signal)
            return {e == encoding::e1 ? level::moderate : level::low_except,
                    "1A.1 is Y/PY, 1A.2 is WN, 1A.3 is not Y/PY and 1A.4 is N/PN"};
        return {e == encoding::e2 ? level::moderate : level::serious,
                "1A.1 is Y/PY, 1A.2 is WN, 1A.3 is not Y/PY and 1A.4 is Y/PY"};
    }
    // 1A.1 = WN, 1A.2 is Y/PY/WN
    if (!signal)
        return {e == encoding::e2 ? level::low_except : level::moderate,
                "1A.1 is WN, 1A.2 is Y/PY/WN, 1A.3 is not Y/PY and 1A.4 is N/PN"};
    return {e == encoding::e2 ? level::moderate : level::serious,
            "1A.1 is WN, 1A.2 is Y/PY/WN, 1A.3 is not Y/PY and 1A.4 is Y/PY"};
}

}  // namespace

domain_unit confounding_a_domain() {
    return {
        .id = "d1",
        .key = "d1a",
        .name = "Confounding (variant A: baseline confounding)",
        .summary =
            "baseline confounding, for an analysis that does not deal with switches or deviations (C4 = N; "
            "1A.1-1A.4)",
        .questions =
            {
                {"1A.1", "Were the confounders the review listed in advance all dealt with by a suitable method?",
                 graded_no},
                {"1A.2", "Were the confounders that were dealt with recorded accurately and consistently?", graded_no,
                 "1A.1 is Y/PY/WN", opened_by_1a1},
                {"1A.3", "Did the analysis adjust for anything recorded after the strategies began?", standard,
                 "1A.1 is Y/PY/WN", opened_by_1a1},
                {"1A.4",
                 "Do negative-control results or other evidence point to strong confounding left "
                 "unaddressed?",
                 binary},
            },
        .judge = judge,
        .algorithm_words =
            "1A.1 SN/NI: Critical if 1A.4 is Y/PY, else Serious. 1A.1 Y/PY/WN and 1A.3 Y/PY: Critical if 1A.4 is "
            "Y/PY; else Serious if 1A.2 is Y/PY, Critical if 1A.2 is WN/SN/NI. 1A.1 Y/PY and 1A.3 N/PN/NI: 1A.2 "
            "SN/NI Serious; 1A.2 Y/PY: Low except for uncontrolled confounding if 1A.4 is N/PN, else Serious; 1A.2 "
            "WN: Moderate if 1A.4 is N/PN, else Serious. 1A.1 WN and 1A.3 N/PN/NI: 1A.2 SN/NI Serious; otherwise "
            "Moderate if 1A.4 is N/PN, else Serious.",
        .dispute_words =
            "1A.1 Y/PY, 1A.2 WN, 1A.4 N/PN: E1 Moderate, E2 and E3 Low except. 1A.1 Y/PY, 1A.2 Y/PY/WN, 1A.4 Y/PY: "
            "E2 Moderate (E1, E3 Serious). 1A.1 WN, 1A.2 Y/PY/WN, 1A.4 N/PN: E2 Low except (E1, E3 Moderate); with "
            "1A.4 Y/PY: E2 Moderate (E1, E3 Serious). 1A.3 Y/PY, 1A.4 N/PN: E2 Serious whatever 1A.2 says (E1, E3 "
            "Critical when 1A.2 is WN/SN/NI).",
    };
}

}  // namespace robins_i_v2
