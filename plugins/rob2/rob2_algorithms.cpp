#include "rob2_algorithms.hpp"

#include <initializer_list>

namespace rob2 {

std::string_view to_word(judgement j) {
    switch (j) {
        case judgement::low:
            return "low";
        case judgement::some_concerns:
            return "some-concerns";
        case judgement::high:
            return "high";
        case judgement::no_information:
            return "no-information";
    }
    return "no-information";
}

std::string_view to_title(judgement j) {
    switch (j) {
        case judgement::low:
            return "Low";
        case judgement::some_concerns:
            return "Some concerns";
        case judgement::high:
            return "High";
        case judgement::no_information:
            return "No information";
    }
    return "No information";
}

std::optional<judgement> parse_word(std::string_view word) {
    for (const judgement j : {judgement::low, judgement::some_concerns, judgement::high})
        if (to_word(j) == word) return j;
    return std::nullopt;
}

int severity_rank(judgement j) {
    switch (j) {
        case judgement::low:
            return 0;
        case judgement::some_concerns:
            return 1;
        case judgement::high:
            return 2;
        case judgement::no_information:
            return -1;
    }
    return -1;
}

std::string answer_sheet::show(std::string_view id) const {
    const entry& e = entries_[slot(id)];
    return std::string(id) + " = " + std::string(to_text(e.value)) + (e.missing || !e.present ? " (not coded)" : "");
}

namespace {

// "1.2 = Y, 1.1 = N": the answers a rule read, in the order it read them.
std::string shown(const answer_sheet& a, std::initializer_list<std::string_view> ids) {
    std::string text;
    for (const auto id : ids) text += (text.empty() ? "" : ", ") + a.show(id);
    return text;
}

verdict make(judgement j, const std::string& read, std::string_view why) {
    return {j, std::string(to_title(j)) + ": " + read + " (" + std::string(why) + ")"};
}

bool in(code c, code_set set) {
    return set.has(c);
}

verdict randomisation(const answer_sheet& a) {
    const code concealed = a.at("1.2");
    if (in(concealed, no_set)) return make(judgement::high, shown(a, {"1.2"}), "sequence not concealed");
    if (concealed == code::ni) {
        if (in(a.at("1.3"), yes_set))
            return make(judgement::high, shown(a, {"1.2", "1.3"}),
                        "concealment unknown and baseline imbalance suggests a problem with randomisation");
        return make(judgement::some_concerns, shown(a, {"1.2", "1.3"}),
                    "concealment unknown; baseline does not suggest a problem with randomisation");
    }
    if (in(a.at("1.1"), no_set))
        return make(judgement::some_concerns, shown(a, {"1.2", "1.1"}), "sequence concealed but not random");
    if (in(a.at("1.3"), yes_set))
        return make(judgement::some_concerns, shown(a, {"1.2", "1.1", "1.3"}),
                    "concealed sequence, but baseline imbalance suggests a problem with randomisation");
    return make(judgement::low, shown(a, {"1.2", "1.1", "1.3"}),
                "concealed sequence, not shown to be non-random, no sign of a baseline problem");
}

// Domain 2, effect of assignment: the worse of two parts.
verdict deviations_part(const answer_sheet& a) {
    if (in(a.at("2.1"), no_set) && in(a.at("2.2"), no_set))
        return make(judgement::low, shown(a, {"2.1", "2.2"}), "participants and deliverers unaware of assignment");
    const auto read = [&](std::initializer_list<std::string_view> more) {
        std::string text = shown(a, {"2.1", "2.2"});
        for (const auto id : more) text += ", " + a.show(id);
        return text;
    };
    const code context = a.at("2.3");
    if (in(context, no_set)) return make(judgement::low, read({"2.3"}), "no deviations arising from the trial context");
    if (context == code::ni)
        return make(judgement::some_concerns, read({"2.3"}), "unknown whether the trial context caused deviations");
    if (in(a.at("2.4"), no_set))
        return make(judgement::some_concerns, read({"2.3", "2.4"}),
                    "trial-context deviations, unlikely to have affected the outcome");
    if (in(a.at("2.5"), yes_set))
        return make(judgement::some_concerns, read({"2.3", "2.4", "2.5"}),
                    "trial-context deviations that could affect the outcome, balanced between arms");
    return make(judgement::high, read({"2.3", "2.4", "2.5"}),
                "trial-context deviations that could affect the outcome, not shown to be balanced");
}

verdict analysis_part(const answer_sheet& a) {
    if (in(a.at("2.6"), yes_set))
        return make(judgement::low, shown(a, {"2.6"}), "appropriate analysis of the effect of assignment");
    if (in(a.at("2.7"), no_set))
        return make(judgement::some_concerns, shown(a, {"2.6", "2.7"}),
                    "analysis not as randomised, without potential for a substantial impact");
    return make(judgement::high, shown(a, {"2.6", "2.7"}),
                "analysis not as randomised, with potential for a substantial impact");
}

verdict assignment_deviations(const answer_sheet& a) {
    const verdict first = deviations_part(a);
    const verdict second = analysis_part(a);
    judgement j = judgement::some_concerns;
    if (first.value == judgement::high || second.value == judgement::high)
        j = judgement::high;
    else if (first.value == judgement::low && second.value == judgement::low)
        j = judgement::low;
    return {j, std::string(to_title(j)) + ": the worse of two parts; deviations part " + first.rationale +
                   "; analysis part " + second.rationale};
}

verdict adhering_deviations(const answer_sheet& a) {
    const bool aware = in(a.at("2.1"), yes_or_ni) || in(a.at("2.2"), yes_or_ni);
    std::string problems;
    const auto note = [&](std::string_view what) { problems += (problems.empty() ? "" : "; ") + std::string(what); };
    if (aware && in(a.at("2.3"), no_or_ni)) note("non-protocol interventions not shown to be balanced");
    if (in(a.at("2.4"), yes_or_ni)) note("implementation failures could affect the outcome");
    if (in(a.at("2.5"), yes_or_ni)) note("non-adherence could affect outcomes");
    const std::string read = shown(a, {"2.1", "2.2", "2.3", "2.4", "2.5"});
    if (problems.empty())
        return make(judgement::low, read, "no problem with non-protocol interventions, implementation or adherence");
    if (in(a.at("2.6"), yes_set))
        return make(judgement::some_concerns, read + ", " + a.show("2.6"),
                    problems + "; but an appropriate analysis of the effect of adhering");
    return make(judgement::high, read + ", " + a.show("2.6"),
                problems + "; no appropriate analysis of the effect of adhering");
}

verdict missing_data(const answer_sheet& a) {
    if (in(a.at("3.1"), yes_set))
        return make(judgement::low, shown(a, {"3.1"}), "outcome data for all or nearly all participants");
    if (in(a.at("3.2"), yes_set))
        return make(judgement::low, shown(a, {"3.1", "3.2"}), "evidence that missing data did not bias the result");
    if (in(a.at("3.3"), no_set))
        return make(judgement::low, shown(a, {"3.1", "3.2", "3.3"}), "missingness could not depend on the true value");
    if (in(a.at("3.4"), no_set))
        return make(judgement::some_concerns, shown(a, {"3.1", "3.2", "3.3", "3.4"}),
                    "missingness could depend on the true value but probably did not");
    return make(judgement::high, shown(a, {"3.1", "3.2", "3.3", "3.4"}),
                "missingness probably depended on the true value");
}

verdict measurement(const answer_sheet& a, const algorithm_settings& settings) {
    if (in(a.at("4.1"), yes_set)) return make(judgement::high, shown(a, {"4.1"}), "inappropriate measurement method");
    if (in(a.at("4.2"), yes_set))
        return make(judgement::high, shown(a, {"4.1", "4.2"}), "measurement could differ between arms");
    const bool capped = a.at("4.2") == code::ni && settings.d4_ni_caps_at_some_concerns;
    // A Low leaf of the flowchart; Some concerns when 4.2 = NI caps it.
    const auto low_leaf = [&](std::initializer_list<std::string_view> ids, std::string_view why) {
        if (!capped) return make(judgement::low, shown(a, ids), why);
        return make(judgement::some_concerns, shown(a, ids),
                    std::string(why) +
                        ", but 4.2 = NI: whether measurement differed between arms is unknown, so "
                        "Low cannot be reached");
    };
    if (in(a.at("4.3"), no_set)) return low_leaf({"4.1", "4.2", "4.3"}, "assessors unaware of the intervention");
    if (in(a.at("4.4"), no_set))
        return low_leaf({"4.1", "4.2", "4.3", "4.4"}, "knowing the intervention could not sway the assessment");
    if (in(a.at("4.5"), no_set))
        return make(judgement::some_concerns, shown(a, {"4.1", "4.2", "4.3", "4.4", "4.5"}),
                    "knowing the intervention could sway the assessment but probably did not");
    return make(judgement::high, shown(a, {"4.1", "4.2", "4.3", "4.4", "4.5"}),
                "knowing the intervention probably swayed the assessment");
}

verdict reported_result(const answer_sheet& a) {
    const bool measurements = in(a.at("5.2"), yes_set);
    const bool analyses = in(a.at("5.3"), yes_set);
    if (measurements || analyses) {
        std::string why = measurements && analyses ? "result probably selected from several measurements and analyses"
                          : measurements           ? "result probably selected from several outcome measurements"
                                                   : "result probably selected from several analyses";
        return make(judgement::high, shown(a, {"5.2", "5.3"}), why);
    }
    if (a.at("5.2") == code::ni || a.at("5.3") == code::ni)
        return make(judgement::some_concerns, shown(a, {"5.2", "5.3"}), "unknown whether the result was selected");
    if (in(a.at("5.1"), yes_set))
        return make(judgement::low, shown(a, {"5.2", "5.3", "5.1"}),
                    "no sign of selection, analysed as planned in advance");
    return make(judgement::some_concerns, shown(a, {"5.2", "5.3", "5.1"}),
                "no sign of selection, but no analysis plan fixed in advance is shown");
}

}  // namespace

verdict judge_domain(int domain, effect e, const answer_sheet& answers, const algorithm_settings& settings) {
    switch (domain) {
        case 1:
            return randomisation(answers);
        case 2:
            return e == effect::assignment ? assignment_deviations(answers) : adhering_deviations(answers);
        case 3:
            return missing_data(answers);
        case 4:
            return measurement(answers, settings);
        case 5:
            return reported_result(answers);
        default:
            return {judgement::no_information, "No information: no such domain"};
    }
}

verdict judge_overall(const std::array<judgement, domain_count>& domains) {
    const auto list = [&](judgement wanted) {
        std::string ids;
        for (std::size_t i = 0; i < domains.size(); ++i)
            if (domains[i] == wanted) ids += (ids.empty() ? "" : ", ") + std::string(domain_ids[i]);
        return ids;
    };
    const std::string high = list(judgement::high);
    if (!high.empty()) return {judgement::high, "High: high in " + high};
    const std::string unjudged = list(judgement::no_information);
    if (!unjudged.empty())
        return {judgement::no_information,
                "No information: " + unjudged + " could not be judged (see the coding errors) and no domain is high"};
    const std::string concerns = list(judgement::some_concerns);
    if (!concerns.empty())
        return {judgement::some_concerns, "Some concerns: some concerns in " + concerns + ", none high"};
    return {judgement::low, "Low: low in all five domains"};
}

}  // namespace rob2
