// One RoB 2 domain as one unit: its id, name and summary, its signalling
// questions (prompt, allowed answers, gate), its algorithm and that algorithm
// in words for `appraise explain rob2`, per effect of interest where they
// differ (domain 2). Each domain is one file under domains/; rob2_domain.cpp
// lists them in order. The question bank, the judgements and the description
// are all read from this list.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "rob2_algorithms.hpp"
#include "rob2_questions.hpp"

namespace rob2 {

struct domain_variant {
    std::vector<question> questions;  // in order; each question's `domain` is this domain's id
    // nullptr: no algorithm; the judgement is the reviewer's (crossover domain S).
    verdict (*judge)(const answer_sheet& answers, const algorithm_settings& settings) = nullptr;
    std::string_view algorithm_words;  // the algorithm as `explain` states it
};

struct domain_unit {
    std::string_view id;                     // "d1"
    std::string_view name;                   // "Randomisation process"
    std::string_view summary;                // what it covers, for `explain`
    domain_variant assignment;               // the effect of assignment, or the only variant
    std::optional<domain_variant> adhering;  // the effect of adhering, where it differs
    // The cluster-randomised trial's questions where they differ. It replaces
    // `assignment`, and `adhering` too when the domain has none: CRT-T gives
    // the effect of adhering the main tool's questions (instruments-2.md 1).
    std::optional<domain_variant> cluster = std::nullopt;
    // The crossover trial's questions where they differ (domain 5 adds 5.4 of
    // encoding X2, instruments-2.md section 2); both effects, like `cluster`.
    std::optional<domain_variant> crossover = std::nullopt;

    [[nodiscard]] const domain_variant& variant(effect e, trial_design t = trial_design::parallel) const {
        if (e == effect::adhering && adhering) return *adhering;
        if (t == trial_design::cluster && cluster) return *cluster;
        if (t == trial_design::crossover && crossover) return *crossover;
        return assignment;
    }
};

// A crossover question as the chosen encoding of the crossover variant asks it
// (option crossover_encoding: "X1", "X2" or "" for not chosen): X1 gates S.2
// on S.1 and has no S.4 or 5.4; X2 asks 5.4 of every crossover result. nullopt:
// the encoding has no such question. Any other question is returned as it is.
[[nodiscard]] std::optional<question> under_encoding(const question& q, std::string_view encoding);

// Every domain of every design, each once: d1, d1b, ds, d2 .. d5.
[[nodiscard]] const std::vector<domain_unit>& domains();
// The domains a design's trial is judged on, in order: d1 .. d5 (parallel),
// d1, d1b, d2 .. d5 (cluster; d1 is the variant's 1a) or d1, ds, d2 .. d5 (crossover).
[[nodiscard]] const std::vector<const domain_unit*>& domains(trial_design t);
// By id ("d1b"); nullptr for none.
[[nodiscard]] const domain_unit* find_domain(std::string_view id);

// ---- for the domains' algorithms

// "1.2 = Y, 1.1 = N": the answers a rule read, in the order it read them.
[[nodiscard]] std::string shown(const answer_sheet& a, std::initializer_list<std::string_view> ids);
// "High: 1.2 = N (sequence not concealed)"
[[nodiscard]] verdict make_verdict(judgement j, const std::string& read, std::string_view why);

// What one answer states, in words, per kind of answer. The NI words say what
// is not known and never the finding a Y or an N would state: only the
// reviewer writes NI, and a rationale must not put a finding in their mouth.
struct answer_words {
    std::string_view id;
    std::string_view yes;  // Y/PY
    std::string_view no;   // N/PN
    std::string_view ni;   // NI: "not known whether ..."
};
// "3.1 = N (outcome data missing for some), 3.4 = NI (not known whether ...)":
// every answer read, each with its own words; NA is "not reached".
[[nodiscard]] std::string said(const answer_sheet& a, const std::vector<answer_words>& words,
                               std::initializer_list<std::string_view> ids);
// "High: <read>" then `tail` (e.g. "; 4.2 = NI keeps it from Low").
[[nodiscard]] verdict judged(judgement j, const std::string& read, std::string_view tail = {});
[[nodiscard]] inline bool in(code c, code_set set) {
    return set.has(c);
}

// ---- for the domains' gates

[[nodiscard]] inline gate when(std::string_view question, code_set in) {
    return gate{{{{question, in}}}};
}
[[nodiscard]] inline gate when_either(std::string_view first, std::string_view second, code_set in) {
    return gate{{{{first, in}}, {{second, in}}}};
}

}  // namespace rob2
