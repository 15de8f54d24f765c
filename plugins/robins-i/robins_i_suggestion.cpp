#include "robins_i_suggestion.hpp"

#include <vector>

namespace robins_i {

namespace {

std::string show(const answer_sheet& s, std::string_view id) {
    return std::string(id) + " = " + std::string(code_text(s.at(id)));
}

std::string show_all(const answer_sheet& s, const std::vector<std::string_view>& ids) {
    std::string text;
    for (const auto id : ids) text += (text.empty() ? "" : ", ") + show(s, id);
    return text;
}

// Every question of the domain that was reached is NI: nothing to judge on.
bool all_no_information(int domain, effect e, const answer_sheet& s, std::string& which) {
    bool any = false;
    for (const auto& q : questions()) {
        if (q.domain != domain || !asked_under(q, e)) continue;
        const answer_code c = s.at(q.id);
        if (c == answer_code::na) continue;
        if (c != answer_code::ni) return false;
        any = true;
        which += (which.empty() ? "" : ", ") + std::string(q.id);
    }
    return any;
}

}  // namespace

std::optional<suggestion> suggest(int domain, effect e, const answer_sheet& s) {
    const auto yes = [&](std::string_view id) { return is_yes(s.at(id)); };
    const auto no = [&](std::string_view id) { return is_no(s.at(id)); };
    const auto low = [&](const std::vector<std::string_view>& ids, const char* meaning) {
        return suggestion{level::low, show_all(s, ids) + ": " + meaning};
    };
    switch (domain) {
        case 1:
            if (no("1.1")) return low({"1.1"}, "confounding of the effect is not expected");
            break;
        case 2:
            if (no("2.1") && yes("2.4"))
                return low({"2.1", "2.4"},
                           "selection not based on post-intervention characteristics, and follow-up "
                           "starts with the intervention");
            break;
        case 3:
            if (yes("3.1") && yes("3.2") && no("3.3"))
                return low({"3.1", "3.2", "3.3"}, "groups well defined from information recorded at the start");
            break;
        case 4:
            if (e == effect::assignment && no("4.1")) return low({"4.1"}, "no deviations beyond usual practice");
            if (e == effect::adhering && yes("4.3") && yes("4.4") && yes("4.5"))
                return low({"4.3", "4.4", "4.5"}, "co-interventions balanced, implementation and adherence good");
            break;
        case 5:
            if (yes("5.1") && no("5.2") && no("5.3"))
                return low({"5.1", "5.2", "5.3"}, "outcome data reasonably complete, nobody excluded for missing data");
            break;
        case 6:
            if (yes("6.3") && no("6.4") && (no("6.1") || no("6.2"))) {
                const auto first = no("6.1") ? std::string_view("6.1") : std::string_view("6.2");
                return low({first, "6.3", "6.4"},
                           "comparable methods, no systematic error, and an objective measure or blinded assessors");
            }
            break;
        default:
            break;
    }
    std::string which;
    if (all_no_information(domain, e, s, which))
        // Say what is missing, not what the answers would have shown.
        return suggestion{level::no_information,
                          "no information: the study does not say for any question reached (NI: " + which + ")"};
    return std::nullopt;
}

std::string suggestion_rules_text() {
    return "Suggested levels (shown beside the reviewer's judgement, never replacing it; not the tool's own\n"
           "algorithm, which the 2016 tool does not have). Only where the criteria are unambiguous:\n"
           "  d1 Low      1.1 = N/PN (confounding of the effect is not expected; the tool says stop here)\n"
           "  d2 Low      2.1 = N/PN and 2.4 = Y/PY\n"
           "  d3 Low      3.1 = Y/PY, 3.2 = Y/PY and 3.3 = N/PN\n"
           "  d4 Low      assignment: 4.1 = N/PN; adhering: 4.3, 4.4 and 4.5 = Y/PY\n"
           "  d5 Low      5.1 = Y/PY, 5.2 = N/PN and 5.3 = N/PN\n"
           "  d6 Low      6.3 = Y/PY, 6.4 = N/PN, and 6.1 = N/PN or 6.2 = N/PN\n"
           "  any domain  No information when every question reached is NI\n"
           "No suggestion is made for a domain with an invalid or unanswered question, nor for any other\n"
           "combination (Moderate, Serious and Critical always need the reviewer's judgement). When the\n"
           "reviewer's level differs from a suggestion, an info finding says so.";
}

}  // namespace robins_i
