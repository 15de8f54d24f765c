// Domain 6: bias in the selection of the reported result. Questions:
// instruments-2.md section 3.2 (6.2-6.4 gated as in E1); the algorithm:
// instruments.md section 2.2 "D6" ("all NI" first, as both encodings do).
#include "v2_domain.hpp"

namespace robins_i_v2 {
namespace {

verdict judge(const answer_sheet& a, encoding) {
    if (in(a.at("6.1"), yes_set)) return {level::low, "6.1 is Y/PY (reported as planned in advance)"};
    int yes = 0;
    int ni = 0;
    for (const char* id : {"6.2", "6.3", "6.4"}) {
        if (in(a.at(id), yes_set)) ++yes;
        if (a.at(id) == code::ni) ++ni;
    }
    const std::string counted =
        "6.1 N/PN/NI; " + std::to_string(yes) + " of 6.2-6.4 Y/PY, " + std::to_string(ni) + " NI";
    if (ni == 3) return {level::serious, counted + " (all NI: Serious)"};
    if (yes >= 2) return {level::critical, counted};
    if (yes == 1) return {level::serious, counted};
    if (ni >= 1) return {level::moderate, counted};
    return {level::low, counted};
}

bool unplanned(const answer_sheet& a) {
    return is(a, "6.1", no_or_ni);
}

}  // namespace

domain_unit reported_result_domain() {
    return {
        .id = "d6",
        .key = "d6",
        .name = "Selection of the reported result",
        .summary = "a plan fixed in advance, and choice among measurements, analyses or subgroups (6.1-6.4)",
        .questions =
            {
                {"6.1", "Does the result follow an analysis plan fixed before anyone saw unmasked outcome data?",
                 standard},
                {"6.2", "Might this result have been picked from several ways the outcome was measured?", standard,
                 "6.1 is N/PN/NI", unplanned},
                {"6.3", "Might it have been picked from several ways of analysing the data?", standard,
                 "6.1 is N/PN/NI", unplanned},
                {"6.4", "Might it have been picked from several subgroups?", standard, "6.1 is N/PN/NI", unplanned},
            },
        .judge = judge,
        .algorithm_words =
            "6.1 Y/PY: Low. Otherwise count Y/PY among 6.2-6.4: all three NI Serious (first); two or more Critical; "
            "one Serious; none but some NI Moderate; all N/PN Low.",
        .dispute_words = {},
    };
}

}  // namespace robins_i_v2
