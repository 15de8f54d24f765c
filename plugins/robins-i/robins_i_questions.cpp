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
        {"1.1", 1, "Is confounding of the effect of intervention possible in this study?", asked_for::both, true, "",
         nullptr},
        {"1.2", 1, "Was follow-up time split by the intervention actually received?", asked_for::both, false,
         "1.1 = Y/PY (or NI, when the option allows NI there)", q1_1_open},
        {"1.3", 1, "Were switches between interventions related to factors that predict the outcome?", asked_for::both,
         false, "1.2 = Y/PY", [](const answer_sheet& s) { return yes(s, "1.2"); }},
        {"1.4", 1, "Did the analysis use a method suited to controlling all important confounding domains?",
         asked_for::both, false, "1.2 = N/PN or 1.3 = N/PN",
         [](const answer_sheet& s) { return no(s, "1.2") || no(s, "1.3"); }},
        {"1.5", 1, "Were the confounders controlled for measured validly and reliably?", asked_for::both, false,
         "1.4 = Y/PY", [](const answer_sheet& s) { return yes(s, "1.4"); }},
        {"1.6", 1, "Did the analysis adjust for variables that the intervention itself could have affected?",
         asked_for::both, false, "1.2 = N/PN or 1.3 = N/PN",
         [](const answer_sheet& s) { return no(s, "1.2") || no(s, "1.3"); }},
        {"1.7", 1, "Did the analysis use a method that handles both baseline and time-varying confounding?",
         asked_for::both, false, "1.3 = Y/PY", [](const answer_sheet& s) { return yes(s, "1.3"); }},
        {"1.8", 1, "Were those confounders measured validly and reliably?", asked_for::both, false, "1.7 = Y/PY",
         [](const answer_sheet& s) { return yes(s, "1.7"); }},
        // D2 selection of participants
        {"2.1", 2,
         "Was entry into the study (or analysis) decided by characteristics seen after the intervention began?",
         asked_for::both, false, "", nullptr},
        {"2.2", 2, "Were those characteristics associated with the intervention?", asked_for::both, false, "2.1 = Y/PY",
         [](const answer_sheet& s) { return yes(s, "2.1"); }},
        {"2.3", 2, "Were they influenced by the outcome or a cause of it?", asked_for::both, false, "2.2 = Y/PY",
         [](const answer_sheet& s) { return yes(s, "2.2"); }},
        {"2.4", 2, "Did follow-up and the intervention start at the same time for most participants?", asked_for::both,
         false, "", nullptr},
        {"2.5", 2, "Did adjustment techniques correct for the likely selection biases?", asked_for::both, false,
         "(2.2 = Y/PY and 2.3 = Y/PY) or 2.4 = N/PN",
         [](const answer_sheet& s) { return (yes(s, "2.2") && yes(s, "2.3")) || no(s, "2.4"); }},
        // D3 classification of interventions
        {"3.1", 3, "Were the intervention groups defined clearly?", asked_for::both, false, "", nullptr},
        {"3.2", 3, "Was the information defining the groups recorded when the intervention started?", asked_for::both,
         false, "", nullptr},
        {"3.3", 3,
         "Could knowledge of the outcome or of its risk have affected how intervention status was classified?",
         asked_for::both, false, "", nullptr},
        // D4 deviations from intended interventions
        {"4.1", 4, "Were there deviations from the intended intervention beyond those usual in practice?",
         asked_for::assignment, false, "", nullptr},
        {"4.2", 4, "Were those deviations unbalanced between groups and likely to affect the outcome?",
         asked_for::assignment, false, "4.1 = Y/PY", [](const answer_sheet& s) { return yes(s, "4.1"); }},
        {"4.3", 4, "Were important co-interventions balanced across groups?", asked_for::adhering, false, "", nullptr},
        {"4.4", 4, "Was the intervention carried out successfully for most participants?", asked_for::adhering, false,
         "", nullptr},
        {"4.5", 4, "Did participants keep to the assigned intervention?", asked_for::adhering, false, "", nullptr},
        {"4.6", 4, "Was an analysis used that suits the effect of starting and adhering to the intervention?",
         asked_for::adhering, false, "4.3, 4.4 or 4.5 = N/PN",
         [](const answer_sheet& s) { return no(s, "4.3") || no(s, "4.4") || no(s, "4.5"); }},
        // D5 missing data
        {"5.1", 5, "Were outcome data available for all, or nearly all, participants?", asked_for::both, false, "",
         nullptr},
        {"5.2", 5, "Were participants left out for lack of data on intervention status?", asked_for::both, false, "",
         nullptr},
        {"5.3", 5, "Were participants left out for lack of data on other variables the analysis needed?",
         asked_for::both, false, "", nullptr},
        {"5.4", 5, "Were the share and reasons of missing participants alike across groups?", asked_for::both, false,
         "5.1 = N/PN, or 5.2 or 5.3 = Y/PY",
         [](const answer_sheet& s) { return no(s, "5.1") || yes(s, "5.2") || yes(s, "5.3"); }},
        {"5.5", 5, "Is there evidence that the result does not depend on the missing data?", asked_for::both, false,
         "5.1 = N/PN, or 5.2 or 5.3 = Y/PY",
         [](const answer_sheet& s) { return no(s, "5.1") || yes(s, "5.2") || yes(s, "5.3"); }},
        // D6 measurement of outcomes
        {"6.1", 6, "Could knowing the intervention received have influenced the outcome measure?", asked_for::both,
         false, "", nullptr},
        {"6.2", 6, "Did outcome assessors know which intervention participants received?", asked_for::both, false, "",
         nullptr},
        {"6.3", 6, "Were outcomes assessed by comparable methods in every group?", asked_for::both, false, "", nullptr},
        {"6.4", 6, "Were measurement errors systematically related to the intervention received?", asked_for::both,
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
