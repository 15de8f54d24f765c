// One ROBINS-I V2 domain as one unit (the shape of plugins/rob2/domains): its
// id, name, summary, signalling questions (paraphrased prompt, answers, gate),
// its algorithm in the three encodings and that algorithm in words for
// `appraise explain`. Each is one file under domains/; v2_domain.cpp lists
// them. Domain 1 has two variants (A and B), chosen by preliminary C4.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "v2_codes.hpp"
#include "v2_levels.hpp"

namespace robins_i_v2 {

struct question {
    std::string_view id;                          // "1A.1"
    std::string_view prompt;                      // our paraphrase, never the official wording
    code_set answers;                             // NA is added when the question is gated
    std::string_view gate_text = {};              // in words; empty when always asked
    bool (*gate)(const answer_sheet&) = nullptr;  // nullptr: always asked
    [[nodiscard]] code_set allowed() const { return gate == nullptr ? answers : answers.with(code::na); }
};

struct domain_unit {
    std::string_view id;   // "d1" (both variants of domain 1)
    std::string_view key;  // "d1a", "d1b", "d2" ...: for tests and explain
    std::string_view name;
    std::string_view summary;  // what it covers
    std::vector<question> questions;
    verdict (*judge)(const answer_sheet& answers, encoding e) = nullptr;
    std::string_view algorithm_words;  // E1, as explain states it
    std::string_view dispute_words;    // where E2/E3 differ; empty when they agree
};

// The preliminary questions B1-B3 (triage) and C4 (variant of domain 1).
[[nodiscard]] const std::vector<question>& preliminary_questions();
// d1 variant A, d1 variant B, d2 .. d6.
[[nodiscard]] const std::vector<domain_unit>& domain_units();
[[nodiscard]] const domain_unit& variant_a();
[[nodiscard]] const domain_unit& variant_b();

// The units of each domain file.
domain_unit confounding_a_domain();
domain_unit confounding_b_domain();
domain_unit classification_domain();
domain_unit selection_domain();
domain_unit missing_data_domain();
domain_unit measurement_domain();
domain_unit reported_result_domain();

// Whether `id` is answered with one of `set` (for gates).
[[nodiscard]] inline bool is(const answer_sheet& a, std::string_view id, code_set set) {
    return in(a.at(id), set);
}

}  // namespace robins_i_v2
