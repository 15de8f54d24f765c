#include "robins_i_questions.hpp"

namespace robins_i {

namespace {

using a = answer_code;

bool yes(const answer_sheet& s, std::string_view id) {
    return is_yes(s.at(id));
}
bool no(const answer_sheet& s, std::string_view id) {
    return is_no(s.at(id));
}

// Gates as the reference lists them: Y/PY and N/PN only; NI and NA never open
// a gate (1.1 = NI, when allowed, is treated as Y: see q1_1_open).
bool q1_1_open(const answer_sheet& s) {
    return yes(s, "1.1") || s.at("1.1") == a::ni;
}

}  // namespace

const std::vector<question>& questions() {
    static const std::vector<question> all{
        // D1 confounding
        {"1.1", 1, "Could factors that predict the outcome also have steered who received which intervention?",
         asked_for::both, true, "", nullptr},
        {"1.2", 1, "Did the analysis divide each person's follow-up by the intervention they were on at the time?",
         asked_for::both, false, "1.1 = Y/PY (or NI, when the option allows NI there)", q1_1_open},
        {"1.3", 1, "Could the reasons people stopped or changed intervention also predict the outcome?",
         asked_for::both, false, "1.2 = Y/PY", [](const answer_sheet& s) { return yes(s, "1.2"); }},
        {"1.4", 1, "Was every important confounding domain handled by a suitable analysis method?", asked_for::both,
         false, "1.2 = N/PN or 1.3 = N/PN", [](const answer_sheet& s) { return no(s, "1.2") || no(s, "1.3"); }},
        {"1.5", 1, "Were the adjusted-for confounders captured by valid and reliable variables?", asked_for::both,
         false, "1.4 = Y/PY", [](const answer_sheet& s) { return yes(s, "1.4"); }},
        {"1.6", 1, "Did the analysis adjust for variables that the intervention itself could have affected?",
         asked_for::both, false, "1.2 = N/PN or 1.3 = N/PN",
         [](const answer_sheet& s) { return no(s, "1.2") || no(s, "1.3"); }},
        {"1.7", 1, "Did the analysis use a method that handles both baseline and time-varying confounding?",
         asked_for::both, false, "1.3 = Y/PY", [](const answer_sheet& s) { return yes(s, "1.3"); }},
        {"1.8", 1, "Were those baseline and time-varying confounders captured by valid and reliable variables?",
         asked_for::both, false, "1.7 = Y/PY", [](const answer_sheet& s) { return yes(s, "1.7"); }},
        // D2 selection of participants
        {"2.1", 2,
         "Was entry into the study (or analysis) decided by characteristics seen after the intervention began?",
         asked_for::both, false, "", nullptr},
        {"2.2", 2, "Were those characteristics associated with the intervention?", asked_for::both, false, "2.1 = Y/PY",
         [](const answer_sheet& s) { return yes(s, "2.1"); }},
        {"2.3", 2, "Could the outcome, or something that causes it, have shaped those characteristics?",
         asked_for::both, false, "2.2 = Y/PY", [](const answer_sheet& s) { return yes(s, "2.2"); }},
        {"2.4", 2, "Did most people begin follow-up when they began the intervention?", asked_for::both, false, "",
         nullptr},
        {"2.5", 2, "Did the analysis use methods likely to remove that selection bias?", asked_for::both, false,
         "(2.2 = Y/PY and 2.3 = Y/PY) or 2.4 = N/PN",
         [](const answer_sheet& s) { return (yes(s, "2.2") && yes(s, "2.3")) || no(s, "2.4"); }},
        // D3 classification of interventions
        {"3.1", 3, "Is it unambiguous which intervention each compared group stands for?", asked_for::both, false, "",
         nullptr},
        {"3.2", 3, "Was each person's intervention status written down when they started, not worked out later?",
         asked_for::both, false, "", nullptr},
        {"3.3", 3, "Might knowing (or guessing) a person's outcome have swayed which group they were put in?",
         asked_for::both, false, "", nullptr},
        // D4 deviations from intended interventions
        {"4.1", 4,
         "Did participants depart from the planned intervention more than routine care would lead one to expect?",
         asked_for::assignment, false, "", nullptr},
        {"4.2", 4, "Did those departures differ between the groups in a way likely to change the outcome?",
         asked_for::assignment, false, "4.1 = Y/PY", [](const answer_sheet& s) { return yes(s, "4.1"); }},
        {"4.3", 4, "Did the groups receive other important treatments given alongside to a similar extent?",
         asked_for::adhering, false, "", nullptr},
        {"4.4", 4, "Did most participants get the intervention as it was meant to be delivered?", asked_for::adhering,
         false, "", nullptr},
        {"4.5", 4, "Did participants stick with the intervention they were assigned?", asked_for::adhering, false, "",
         nullptr},
        {"4.6", 4, "Did the analysis suit the question of what starting and keeping to the intervention does?",
         asked_for::adhering, false, "4.3, 4.4 or 4.5 = N/PN",
         [](const answer_sheet& s) { return no(s, "4.3") || no(s, "4.4") || no(s, "4.5"); }},
        // D5 missing data
        {"5.1", 5, "Is the outcome known for every participant, or for almost every one?", asked_for::both, false, "",
         nullptr},
        {"5.2", 5, "Did anyone drop out of the analysis because their intervention status was unknown?",
         asked_for::both, false, "", nullptr},
        {"5.3", 5, "Did anyone drop out of the analysis because other variables it needed were unknown?",
         asked_for::both, false, "", nullptr},
        {"5.4", 5, "Were the share and reasons of missing participants alike across groups?", asked_for::both, false,
         "5.1 = N/PN, or 5.2 or 5.3 = Y/PY",
         [](const answer_sheet& s) { return no(s, "5.1") || yes(s, "5.2") || yes(s, "5.3"); }},
        {"5.5", 5, "Do analyses show that the result holds despite the missing data?", asked_for::both, false,
         "5.1 = N/PN, or 5.2 or 5.3 = Y/PY",
         [](const answer_sheet& s) { return no(s, "5.1") || yes(s, "5.2") || yes(s, "5.3"); }},
        // D6 measurement of outcomes
        {"6.1", 6, "Could awareness of who got which intervention sway how the outcome was measured?", asked_for::both,
         false, "", nullptr},
        {"6.2", 6, "Did those assessing the outcome know each participant's intervention?", asked_for::both, false, "",
         nullptr},
        {"6.3", 6, "Was the outcome measured the same way in every group?", asked_for::both, false, "", nullptr},
        {"6.4", 6, "Did errors in measuring the outcome differ systematically with the intervention?", asked_for::both,
         false, "", nullptr},
        // D7 selection of the reported result
        {"7.1", 7, "Is the result likely chosen from several measurements of the outcome?", asked_for::both, false, "",
         nullptr},
        {"7.2", 7, "Is the result likely chosen from several analyses of the intervention-outcome link?",
         asked_for::both, false, "", nullptr},
        {"7.3", 7, "Is the result likely chosen from several subgroups?", asked_for::both, false, "", nullptr},
    };
    return all;
}

const question* find_question(std::string_view id) {
    for (const auto& q : questions())
        if (q.id == id) return &q;
    return nullptr;
}

bool asked_under(const question& q, effect e) {
    switch (q.asked) {
        case asked_for::both:
            return true;
        case asked_for::assignment:
            return e == effect::assignment;
        case asked_for::adhering:
            return e == effect::adhering;
    }
    return true;
}

}  // namespace robins_i
