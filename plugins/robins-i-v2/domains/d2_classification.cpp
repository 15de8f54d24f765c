// Domain 2: bias in the classification of interventions. Questions and E1's
// algorithm (an additive ladder): instruments-2.md sections 3.2 and 3.3 "D2";
// E2's and E3's entry for 2.3 = SY and E2's rules after entry 1: the D2
// disputes there.
#include "v2_domain.hpp"

namespace robins_i_v2 {
namespace {

verdict judge(const answer_sheet& a, encoding e) {
    const code handled = a.at("2.3");
    int entry = 2;
    std::string rule;
    if (in(a.at("2.1"), yes_set) || in(a.at("2.2"), yes_set)) {
        entry = 0;
        rule = "entry 0 (2.1 or 2.2 is Y/PY)";
    } else if (handled == code::sy) {
        entry = e == encoding::e1 ? 0 : 1;
        rule = "entry " + std::to_string(entry) + " (2.3 is SY)";
    } else if (handled == code::wy || handled == code::ni) {
        entry = 1;
        rule = "entry 1 (2.3 is WY/NI)";
    } else {
        rule = "entry 2 (2.3 is N/PN)";
    }
    const code outcome_known = a.at("2.4");
    const int b4 = outcome_known == code::sy ? 2 : in(outcome_known, {code::wy, code::ni}) ? 1 : 0;
    const int b5 = in(a.at("2.5"), no_set) ? 0 : 1;
    if (e == encoding::e2 && entry == 1 && b4 == 2)
        return {b5 == 0 ? level::serious : level::critical,
                rule + ", 2.4 is SY: E2 lets 2.5 decide (" + (b5 == 0 ? "N/PN: Serious" : "Y/PY/NI: Critical") + ")"};
    if (e == encoding::e2 && entry == 1 && b4 == 1)
        return {std::nullopt, rule + " and 2.4 is WY/NI: E2 has no rule for this path"};
    rule += " + " + std::to_string(b4) + " for 2.4 + " + std::to_string(b5) + " for 2.5";
    return {from_steps(entry + b4 + b5), rule};
}

}  // namespace

domain_unit classification_domain() {
    return {
        .id = "d2",
        .key = "d2",
        .name = "Classification of interventions",
        .summary = "whether the strategies could be told apart when follow-up began, and misclassification (2.1-2.5)",
        .questions =
            {
                {"2.1", "Could one tell which strategy each person was following as soon as follow-up began?",
                 standard},
                {"2.2", "Did (nearly) every outcome event happen only after the strategies could be told apart?",
                 standard, "2.1 is N/PN/NI", [](const answer_sheet& a) { return is(a, "2.1", no_or_ni); }},
                {"2.3",
                 "Did the analysis cope with the period in which strategies could not yet be told apart "
                 "(for instance clone-censor-weight, g-formula or landmarking)?",
                 graded_yes, "2.2 is N/PN/NI", [](const answer_sheet& a) { return is(a, "2.2", no_or_ni); }},
                {"2.4",
                 "Could the outcome, or a person's risk of it, have swayed how strategies were assigned in "
                 "the data?",
                 graded_yes},
                {"2.5",
                 "Is it likely that strategies were wrongly recorded in some other way, unrelated to the "
                 "outcome?",
                 standard},
            },
        .judge = judge,
        .algorithm_words =
            "An additive ladder: entry 0 if 2.1 or 2.2 is Y/PY or 2.3 is SY, 1 if 2.3 is WY/NI, 2 if 2.3 is N/PN; "
            "add 0/1/2 for 2.4 N/PN, WY/NI, SY and 0/1 for 2.5 N/PN, Y/PY/NI. 0 Low, 1 Moderate, 2 Serious, 3 or "
            "more Critical.",
        .dispute_words =
            "2.3 SY: E2 and E3 enter at 1, not 0. After entry 1 with 2.4 SY, E2 lets 2.5 decide (N/PN Serious, "
            "else Critical); with 2.4 WY/NI E2 has no rule (a dead end).",
    };
}

}  // namespace robins_i_v2
