// Suggested domain levels. The 2016 tool has no algorithm from signalling
// answers to judgements: the reviewer judges each domain. Where the tool's
// criteria leave no room for judgement (e.g. 1.1 = N: no potential for
// confounding, so Low), the plugin shows a *suggestion* beside the reviewer's
// judgement. It never replaces it.
#pragma once

#include <optional>
#include <string>

#include "robins_i_levels.hpp"
#include "robins_i_questions.hpp"

namespace robins_i {

struct suggestion {
    level suggested = level::low;
    std::string because;  // the answers that make it unambiguous
};

// nullopt: the criteria need the reviewer's judgement for these answers.
// `sheet` holds effective answers (gated-out questions NA).
[[nodiscard]] std::optional<suggestion> suggest(int domain, effect e, const answer_sheet& sheet);

// The patterns in words, for `appraise explain`.
[[nodiscard]] std::string suggestion_rules_text();

}  // namespace robins_i
