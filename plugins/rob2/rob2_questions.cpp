#include "rob2_questions.hpp"

#include <algorithm>

namespace rob2 {

std::string_view to_text(code c) {
    switch (c) {
        case code::y:
            return "Y";
        case code::py:
            return "PY";
        case code::pn:
            return "PN";
        case code::n:
            return "N";
        case code::ni:
            return "NI";
        case code::na:
            return "NA";
    }
    return "NA";
}

std::optional<code> parse_code(std::string_view text) {
    for (const code c : all_codes)
        if (to_text(c) == text) return c;
    return std::nullopt;
}

std::string to_text(code_set set, std::string_view separator) {
    std::string text;
    for (const code c : all_codes) {
        if (!set.has(c)) continue;
        if (!text.empty()) text += separator;
        text += to_text(c);
    }
    return text;
}

std::string_view to_text(effect e) {
    return e == effect::assignment ? "assignment" : "adhering";
}

std::optional<effect> parse_effect(std::string_view text) {
    if (text == "assignment") return effect::assignment;
    if (text == "adhering") return effect::adhering;
    return std::nullopt;
}

reach evaluate(const gate& g, const answer_lookup& answers) {
    if (g.always()) return reach::yes;
    // OR of ANDs in Kleene logic: an unusable input is "unknown", which a
    // definite false (in an AND) or a definite true (in the OR) still decides.
    bool any_unknown = false;
    for (const auto& clause : g.any_of) {
        reach all = reach::yes;
        for (const auto& c : clause) {
            const auto answer = answers(c.question);
            if (!answer) {
                if (all == reach::yes) all = reach::unknown;
            } else if (!c.in.has(*answer)) {
                all = reach::no;
                break;
            }
        }
        if (all == reach::yes) return reach::yes;
        if (all == reach::unknown) any_unknown = true;
    }
    return any_unknown ? reach::unknown : reach::no;
}

std::string to_text(const gate& g) {
    std::string text;
    for (const auto& clause : g.any_of) {
        if (!text.empty()) text += " or ";
        // Conditions on the same set read as "4.1 and 4.2 are N/PN/NI".
        const bool same_set =
            std::all_of(clause.begin(), clause.end(), [&](const condition& c) { return c.in == clause.front().in; });
        if (same_set && clause.size() > 1) {
            for (std::size_t i = 0; i < clause.size(); ++i)
                text += std::string(i == 0 ? "" : " and ") + std::string(clause[i].question);
            text += " are " + to_text(clause.front().in);
            continue;
        }
        for (std::size_t i = 0; i < clause.size(); ++i)
            text +=
                std::string(i == 0 ? "" : " and ") + std::string(clause[i].question) + " is " + to_text(clause[i].in);
    }
    // "2.1 is Y/PY/NI or 2.2 is Y/PY/NI" reads better as "2.1 or 2.2 is Y/PY/NI".
    if (g.any_of.size() > 1 && std::all_of(g.any_of.begin(), g.any_of.end(), [&](const std::vector<condition>& clause) {
            return clause.size() == 1 && clause.front().in == g.any_of.front().front().in;
        })) {
        text.clear();
        for (std::size_t i = 0; i < g.any_of.size(); ++i)
            text += std::string(i == 0 ? "" : " or ") + std::string(g.any_of[i].front().question);
        text += " is " + to_text(g.any_of.front().front().in);
    }
    return text;
}

std::string inputs_text(const gate& g, const answer_lookup& answers) {
    std::vector<std::string_view> seen;
    std::string text;
    for (const auto& clause : g.any_of)
        for (const auto& c : clause) {
            if (std::find(seen.begin(), seen.end(), c.question) != seen.end()) continue;
            seen.push_back(c.question);
            const auto answer = answers(c.question);
            text += (text.empty() ? "" : ", ") + std::string(c.question) + " = " +
                    (answer ? std::string(to_text(*answer)) : std::string("(invalid)"));
        }
    return text;
}

namespace {

// Shorthands for the gates below.
gate when(std::string_view question, code_set in) {
    return gate{{{{question, in}}}};
}
gate when_either(std::string_view first, std::string_view second, code_set in) {
    return gate{{{{first, in}}, {{second, in}}}};
}

// Questions every variant shares: domains 1, 3, 4 and 5, and 2.1, 2.2.
std::vector<question> domain_1() {
    return {
        {"1.1", 1, "Was the order in which participants were assigned to arms produced by a random process?", standard},
        {"1.2", 1,
         "Was the upcoming assignment kept hidden from those enrolling participants until each one was enrolled "
         "and allocated?",
         standard},
        {"1.3", 1, "Do imbalances between the arms at baseline hint that the randomisation went wrong?", standard},
    };
}

std::vector<question> awareness() {
    return {
        {"2.1", 2, "Did participants know which arm they were in while the trial ran?", standard},
        {"2.2", 2, "Did carers or the people delivering the interventions know each participant's arm?", standard},
    };
}

std::vector<question> later_domains() {
    return {
        {"3.1", 3,
         "Is this outcome known for all, or almost all, randomised participants? (there is no fixed percentage)",
         standard},
        {"3.2", 3,
         "Does the study show that the gaps in outcome data did not bias the result (e.g. by a sensitivity "
         "analysis)? No NI: without such evidence the answer is N.",
         code_set{code::na, code::y, code::py, code::pn, code::n}, when("3.1", no_or_ni)},
        {"3.3", 3, "Might whether a value is missing be related to what that value would have been?", standard_or_na,
         when("3.2", no_set)},
        {"3.4", 3,
         "Is it probable that missingness was in fact related to the outcome's value (e.g. reasons for leaving "
         "that differ between arms or track health)?",
         standard_or_na, when("3.3", yes_or_ni)},
        {"4.1", 4, "Was the outcome measured with an unsuitable method?", standard},
        {"4.2", 4, "Might the outcome have been measured or recorded differently in the two arms?", standard},
        {"4.3", 4,
         "Did those assessing the outcome know which intervention each participant had? (for a self-reported "
         "outcome the participant is the assessor)",
         standard_or_na, gate{{{{"4.1", no_or_ni}, {"4.2", no_or_ni}}}}},
        {"4.4", 4, "Could knowing the intervention have swayed how the outcome was assessed?", standard_or_na,
         when("4.3", yes_or_ni)},
        {"4.5", 4, "Is it probable that this knowledge did sway the assessment?", standard_or_na,
         when("4.4", yes_or_ni)},
        {"5.1", 5,
         "Was the result produced by an analysis plan fixed in advance, before unblinded outcome data could be "
         "seen?",
         standard},
        {"5.2", 5,
         "Was this result probably picked, because of what it showed, from several eligible ways of measuring the "
         "outcome (scales, definitions, time points)?",
         standard},
        {"5.3", 5,
         "Was this result probably picked, because of what it showed, from several eligible analyses of the data?",
         standard},
    };
}

std::vector<question> assemble(const std::vector<question>& domain_two) {
    std::vector<question> all = domain_1();
    for (auto& q : awareness()) all.push_back(q);
    for (const auto& q : domain_two) all.push_back(q);
    for (auto& q : later_domains()) all.push_back(q);
    return all;
}

std::vector<question> assignment_bank() {
    return assemble({
        {"2.3", 2,
         "Did participants receive something other than the intended intervention because they were in a trial "
         "(deviations that everyday practice would not produce)?",
         standard_or_na, when_either("2.1", "2.2", yes_or_ni)},
        {"2.4", 2, "Could those trial-context deviations plausibly have changed the outcome?", standard_or_na,
         when("2.3", yes_set)},
        {"2.5", 2, "Did those deviations occur to a similar extent in both arms?", standard_or_na,
         when("2.4", yes_or_ni)},
        {"2.6", 2,
         "Did the analysis estimate the effect of being assigned (intention-to-treat or modified ITT count as "
         "yes; per-protocol or as-treated as no)?",
         standard},
        {"2.7", 2, "Could analysing some participants outside their randomised arm have changed the result materially?",
         standard_or_na, when("2.6", no_or_ni)},
    });
}

std::vector<question> adhering_bank() {
    return assemble({
        {"2.3", 2,
         "If co-interventions outside the protocol are addressed: were important ones received to a similar "
         "extent in both arms?",
         standard_or_na, when_either("2.1", "2.2", yes_or_ni), true},
        {"2.4",
         2,
         "If implementation failures are addressed: was the intervention delivered in ways that fell short "
         "enough to change the outcome?",
         standard_or_na,
         {},
         true},
        {"2.5",
         2,
         "If non-adherence is addressed: did participants depart from their assigned regimen in ways that could "
         "change their outcomes?",
         standard_or_na,
         {},
         true},
        {"2.6", 2,
         "Did the analysis properly estimate the effect of adhering (e.g. instrumental variables or inverse "
         "probability weighting; a naive per-protocol or as-treated analysis usually does not)?",
         standard_or_na, gate{{{{"2.3", no_or_ni}}, {{"2.4", yes_or_ni}}, {{"2.5", yes_or_ni}}}}},
    });
}

}  // namespace

const std::vector<question>& questions(effect e) {
    static const std::vector<question> assignment = assignment_bank();
    static const std::vector<question> adhering = adhering_bank();
    return e == effect::assignment ? assignment : adhering;
}

const question* find_question(effect e, std::string_view id) {
    for (const auto& q : questions(e))
        if (q.id == id) return &q;
    return nullptr;
}

bool known_in_any_variant(std::string_view id) {
    return find_question(effect::assignment, id) != nullptr || find_question(effect::adhering, id) != nullptr;
}

}  // namespace rob2
