// Domain 3: bias in the selection of participants into the study or the
// analysis. Questions and the algorithm (E1 = E2; E3 rates 3.4 = NI as Low):
// instruments-2.md sections 3.2 and 3.3 "D3", the same as instruments.md 2.2.
#include "v2_domain.hpp"

namespace robins_i_v2 {
namespace {

verdict judge(const answer_sheet& a, encoding e) {
    const code start = a.at("3.1");
    level panel_a = level::low;
    std::string rule_a;
    if (in(start, yes_set)) {
        panel_a = in(a.at("3.2"), yes_set) ? level::moderate : level::low;
        rule_a = in(a.at("3.2"), yes_set) ? "3.1 Y/PY, 3.2 Y/PY: Moderate" : "3.1 Y/PY, 3.2 N/PN/NI: Low";
    } else if (start == code::sn) {
        panel_a = level::serious;
        rule_a = "3.1 SN: Serious";
    } else {
        panel_a = level::moderate;
        rule_a = "3.1 WN/NI: Moderate";
    }
    level panel_b = level::low;
    std::string rule_b;
    const code post = a.at("3.3");
    if (in(post, no_set)) {
        rule_b = "3.3 N/PN: Low";
    } else if (post == code::ni) {
        panel_b = level::moderate;
        rule_b = "3.3 NI: Moderate";
    } else {
        const code related = a.at("3.4");
        if (in(related, no_set)) {
            rule_b = "3.3 Y/PY, 3.4 N/PN: Low";
        } else if (related == code::ni) {
            panel_b = e == encoding::e3 ? level::low : level::moderate;
            rule_b = e == encoding::e3 ? "3.3 Y/PY, 3.4 NI: Low (E3)" : "3.3 Y/PY, 3.4 NI: Moderate";
        } else if (in(a.at("3.5"), yes_set)) {
            panel_b = level::serious;
            rule_b = "3.3, 3.4 and 3.5 Y/PY: Serious";
        } else {
            panel_b = level::moderate;
            rule_b = "3.3 and 3.4 Y/PY, 3.5 N/PN/NI: Moderate";
        }
    }
    const level worse = rank(panel_a) >= rank(panel_b) ? panel_a : panel_b;
    std::string rule = "panel A " + rule_a + "; panel B " + rule_b + "; the worse";
    if (worse != level::serious) return {worse, rule};
    if (in(a.at("3.6"), yes_set)) return {level::moderate, rule + " is Serious, but 3.6 is Y/PY (corrected)"};
    if (in(a.at("3.7"), yes_set)) return {level::moderate, rule + " is Serious, but 3.7 is Y/PY (little impact)"};
    if (in(a.at("3.8"), yes_set)) return {level::critical, rule + " is Serious, and 3.8 is Y/PY (too severe)"};
    return {level::serious, rule + " is Serious; 3.6, 3.7 and 3.8 are not Y/PY"};
}

bool yes_at(const answer_sheet& a, std::string_view id) {
    return is(a, id, yes_set);
}

}  // namespace

domain_unit selection_domain() {
    return {
        .id = "d3",
        .key = "d3",
        .name = "Selection of participants into the study or analysis",
        .summary =
            "prevalent users, immortal time and selection on later characteristics, and its correction "
            "(3.1-3.8)",
        .questions =
            {
                {"3.1",
                 "Did each person's follow-up begin when their strategy began (no prevalent users, no early "
                 "time dropped)?",
                 graded_no},
                {"3.2", "Were outcome events in some window after the start left out of the analysis?", standard,
                 "3.1 is Y/PY", [](const answer_sheet& a) { return yes_at(a, "3.1"); }},
                {"3.3", "Beyond 3.1 and 3.2, were people picked for the analysis by traits seen after the start?",
                 standard},
                {"3.4", "Were those later traits linked with the strategy received?", standard, "3.3 is Y/PY",
                 [](const answer_sheet& a) { return yes_at(a, "3.3"); }},
                {"3.5", "Were those later traits affected by the outcome or by something that causes it?", standard,
                 "3.4 is Y/PY", [](const answer_sheet& a) { return yes_at(a, "3.4"); }},
                {"3.6", "Is the analysis likely to have undone the bias from how people were selected?", standard,
                 "3.1 is SN or 3.5 is Y/PY",
                 [](const answer_sheet& a) { return a.at("3.1") == code::sn || yes_at(a, "3.5"); }},
                {"3.7", "Do sensitivity analyses show the selection hardly changes the result?", standard,
                 "3.6 is N/PN/NI", [](const answer_sheet& a) { return is(a, "3.6", no_or_ni); }},
                {"3.8", "Is the selection problem bad enough to leave this result out of any synthesis?", standard,
                 "3.7 is N/PN/NI", [](const answer_sheet& a) { return is(a, "3.7", no_or_ni); }},
            },
        .judge = judge,
        .algorithm_words =
            "Panel A: 3.1 Y/PY gives Moderate if 3.2 is Y/PY, else Low; 3.1 WN/NI Moderate; 3.1 SN Serious. Panel "
            "B: 3.3 N/PN Low; 3.3 NI Moderate; 3.3 Y/PY then 3.4 N/PN Low, NI Moderate, Y/PY then Serious if 3.5 is "
            "Y/PY, else Moderate. Take the worse panel; a Serious becomes Moderate if 3.6 or else 3.7 is Y/PY, "
            "Critical if 3.8 is Y/PY, and stays Serious otherwise.",
        .dispute_words = "3.3 Y/PY, 3.4 NI: E3 rates panel B Low (E1, E2 Moderate).",
    };
}

}  // namespace robins_i_v2
