#include "rob2_questions.hpp"

#include <algorithm>

#include "rob2_domain.hpp"

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
    return appraise::sdk::join_codes(
        set, all_codes, [](code c) { return to_text(c); }, separator);
}

std::string_view to_text(effect e) {
    return e == effect::assignment ? "assignment" : "adhering";
}

std::optional<effect> parse_effect(std::string_view text) {
    if (text == "assignment") return effect::assignment;
    if (text == "adhering") return effect::adhering;
    return std::nullopt;
}

std::string_view to_text(trial_design d) {
    switch (d) {
        case trial_design::parallel:
            return "parallel";
        case trial_design::cluster:
            return "cluster";
        case trial_design::crossover:
            return "crossover";
    }
    return "parallel";
}

std::optional<trial_design> parse_design(std::string_view text) {
    for (const trial_design d : all_designs)
        if (to_text(d) == text) return d;
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

std::vector<question> bank(effect e, trial_design t) {
    std::vector<question> all;
    for (const domain_unit* d : domains(t))
        for (const auto& q : d->variant(e, t).questions) all.push_back(q);
    return all;
}

}  // namespace

const std::vector<question>& questions(effect e, trial_design d) {
    static const std::array<std::vector<question>, 6> all{
        bank(effect::assignment, trial_design::parallel),  bank(effect::adhering, trial_design::parallel),
        bank(effect::assignment, trial_design::cluster),   bank(effect::adhering, trial_design::cluster),
        bank(effect::assignment, trial_design::crossover), bank(effect::adhering, trial_design::crossover),
    };
    return all[static_cast<std::size_t>(d) * 2 + (e == effect::assignment ? 0 : 1)];
}

const question* find_question(effect e, std::string_view id, trial_design d) {
    for (const auto& q : questions(e, d))
        if (q.id == id) return &q;
    return nullptr;
}

bool known_in_any_variant(std::string_view id, trial_design d) {
    return find_question(effect::assignment, id, d) != nullptr || find_question(effect::adhering, id, d) != nullptr;
}

std::vector<trial_design> designs_asking(std::string_view id) {
    std::vector<trial_design> found;
    for (const trial_design d : all_designs)
        if (known_in_any_variant(id, d)) found.push_back(d);
    return found;
}

}  // namespace rob2
