// Domain 4: bias due to missing data. Questions and E1's algorithm (levels
// 0 Low .. 3 Critical, 4.11 adding one): instruments-2.md sections 3.2 and
// 3.3 "D4"; E2's and E3's 4.6 = Y/PY and 4.8 = N/PN/NI cells: the D4
// disputes there.
#include "v2_domain.hpp"

namespace robins_i_v2 {
namespace {

constexpr code_set weak_or_worse{code::wn, code::sn, code::ni};

// 4.6, 4.9 and 4.10 share a scale: Y/PY 0, WN/NI 1, SN 2.
int steps_of(code c) {
    return in(c, yes_set) ? 0 : c == code::sn ? 2 : 1;
}

verdict with_4_11(int steps, const answer_sheet& a, const std::string& rule) {
    const bool evidence = in(a.at("4.11"), yes_set);
    return {from_steps(evidence ? steps : steps + 1),
            rule + " gives " + std::to_string(steps) + (evidence ? ", 4.11 Y/PY keeps it" : ", 4.11 N/PN adds 1")};
}

verdict judge(const answer_sheet& a, encoding e) {
    if (in(a.at("4.1"), yes_set) && in(a.at("4.2"), yes_set) && in(a.at("4.3"), yes_set))
        return {level::low, "4.1, 4.2 and 4.3 are Y/PY (complete data)"};
    if (in(a.at("4.4"), yes_or_ni)) {
        if (in(a.at("4.5"), no_set))
            return {level::low, "4.4 Y/PY/NI and 4.5 N/PN (exclusion unrelated to the outcome)"};
        const code explained = a.at("4.6");
        const int steps = in(explained, yes_set) && e != encoding::e1 ? 1 : steps_of(explained);
        return with_4_11(steps, a,
                         std::string("4.4 Y/PY/NI, 4.5 Y/PY/NI, 4.6 ") + std::string(to_text(explained)) +
                             (in(explained, yes_set) && e != encoding::e1 ? " (E2/E3 count Y/PY as 1)" : ""));
    }
    if (in(a.at("4.7"), yes_set)) {
        if (!in(a.at("4.8"), yes_set)) {
            if (e == encoding::e1) return {level::serious, "4.7 Y/PY and 4.8 N/PN/NI (E1 does not read 4.11 here)"};
            const bool evidence = in(a.at("4.11"), yes_set);
            if (e == encoding::e2)
                return {evidence ? level::moderate : level::serious, "4.7 Y/PY, 4.8 N/PN/NI, then 4.11 (E2)"};
            return {evidence ? level::serious : level::critical, "4.7 Y/PY, 4.8 N/PN/NI, then 4.11 (E3)"};
        }
        const code fit = a.at("4.9");
        if (in(fit, yes_set)) return {level::low, "4.7, 4.8 and 4.9 are Y/PY (suitable imputation)"};
        return with_4_11(steps_of(fit), a, "4.7 and 4.8 Y/PY, 4.9 " + std::string(to_text(fit)));
    }
    const code other = a.at("4.10");
    if (in(other, yes_set)) return {level::low, "4.7 N/PN/NI and 4.10 Y/PY (a suitable alternative)"};
    return with_4_11(steps_of(other), a, "4.7 N/PN/NI, 4.10 " + std::string(to_text(other)));
}

bool incomplete(const answer_sheet& a) {
    return is(a, "4.1", no_or_ni) || is(a, "4.2", no_or_ni) || is(a, "4.3", no_or_ni);
}

}  // namespace

domain_unit missing_data_domain() {
    return {
        .id = "d4",
        .key = "d4",
        .name = "Missing data",
        .summary = "completeness, complete-case analyses, imputation and its alternatives (4.1-4.11)",
        .questions =
            {
                {"4.1", "Is the strategy known for (nearly) everyone in the analysis?", standard},
                {"4.2", "Is the outcome known for (nearly) everyone in the analysis?", standard},
                {"4.3", "Are the listed confounders known for (nearly) everyone in the analysis?", standard},
                {"4.4", "Were only people with no gaps in their data analysed?", standard, "any of 4.1-4.3 is N/PN/NI",
                 incomplete},
                {"4.5", "Could leaving people out be tied to the value their outcome really had?", standard,
                 "4.4 is Y/PY/NI", [](const answer_sheet& a) { return is(a, "4.4", yes_or_ni); }},
                {"4.6", "Do the analysis model's variables account for the link between outcome and gaps?", graded_no,
                 "4.5 is Y/PY/NI", [](const answer_sheet& a) { return is(a, "4.5", yes_or_ni); }},
                {"4.7", "Were missing values filled in by imputation?", standard, "4.4 is N/PN",
                 [](const answer_sheet& a) { return is(a, "4.4", no_set); }},
                {"4.8", "Is it reasonable to take the gaps as random (MAR or MCAR)?", standard, "4.7 is Y/PY",
                 [](const answer_sheet& a) { return is(a, "4.7", yes_set); }},
                {"4.9",
                 "Was the imputation done suitably (carrying values forward or using means counts as WN or "
                 "SN)?",
                 graded_no, "4.8 is Y/PY", [](const answer_sheet& a) { return is(a, "4.8", yes_set); }},
                {"4.10", "Was another suitable way used to handle the gaps, such as IPW or FIML?", graded_no,
                 "4.7 is N/PN/NI", [](const answer_sheet& a) { return is(a, "4.7", no_or_ni); }},
                {"4.11", "Is there evidence that the gaps did not distort the result?", binary,
                 "4.5 is Y/PY/NI, or 4.9 or 4.10 is WN/SN/NI, or 4.7 is Y/PY and 4.8 N/PN/NI (asked there so E2 "
                 "and E3 can be shown; E1 does not read it there)",
                 [](const answer_sheet& a) {
                     return is(a, "4.5", yes_or_ni) || is(a, "4.9", weak_or_worse) || is(a, "4.10", weak_or_worse) ||
                            (is(a, "4.7", yes_set) && is(a, "4.8", no_or_ni));
                 }},
            },
        .judge = judge,
        .algorithm_words =
            "Low if 4.1, 4.2 and 4.3 are all Y/PY. 4.4 Y/PY/NI: Low if 4.5 is N/PN; else 4.6 gives 0 (Y/PY), 1 "
            "(WN/NI) or 2 (SN). 4.4 N/PN and 4.7 Y/PY: Serious if 4.8 is N/PN/NI; else 4.9 Y/PY Low, or 4.9 gives "
            "1 (WN/NI) or 2 (SN). 4.7 N/PN/NI: 4.10 Y/PY Low, or 4.10 gives 1 (WN/NI) or 2 (SN). A number given "
            "stays if 4.11 is Y/PY and goes up by 1 if N/PN: 0 Low, 1 Moderate, 2 Serious, 3 Critical.",
        .dispute_words =
            "4.6 Y/PY: E2 and E3 give 1 (Moderate or Serious by 4.11; E1 0). 4.8 N/PN/NI: E2 reads 4.11 (Y/PY "
            "Moderate, N/PN Serious), E3 too (Y/PY Serious, N/PN Critical); E1 Serious without it.",
    };
}

}  // namespace robins_i_v2
