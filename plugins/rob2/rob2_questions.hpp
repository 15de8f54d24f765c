// The RoB 2 question bank: answer codes, the two effects of interest, gates,
// and the signalling questions of both variants, assembled from the domains
// (each domain's questions are in its file under domains/). The prompts are
// our own short paraphrases: the official wording is not licensed for reuse.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <appraise/sdk/helpers.hpp>
#include <vector>

namespace rob2 {

// ---------------------------------------------------------------- answers

enum class code : std::uint8_t { y, py, pn, n, ni, na };

inline constexpr std::array<code, 6> all_codes{code::y, code::py, code::pn, code::n, code::ni, code::na};

[[nodiscard]] std::string_view to_text(code c);
// "Y", "PY", "PN", "N", "NI" or "NA", exactly (upper case); nullopt for anything else.
[[nodiscard]] std::optional<code> parse_code(std::string_view text);

// A set of answer codes, e.g. YES = {Y, PY}.
using code_set = appraise::sdk::code_set<code>;

// The sets the algorithms and gates are written in.
inline constexpr code_set yes_set{code::y, code::py};
inline constexpr code_set no_set{code::n, code::pn};
inline constexpr code_set yes_or_ni{code::y, code::py, code::ni};
inline constexpr code_set no_or_ni{code::n, code::pn, code::ni};
inline constexpr code_set standard{code::y, code::py, code::pn, code::n, code::ni};
inline constexpr code_set standard_or_na{code::na, code::y, code::py, code::pn, code::n, code::ni};

// "Y/PY/NI": the codes of a set in the order Y PY PN N NI NA.
[[nodiscard]] std::string to_text(code_set set, std::string_view separator = "/");

// ---------------------------------------------------------------- effects, designs and domains

enum class effect { assignment, adhering };

[[nodiscard]] std::string_view to_text(effect e);
[[nodiscard]] std::optional<effect> parse_effect(std::string_view text);

// Which RoB 2 the trial takes: the main tool (individually randomised,
// parallel groups; guidance of 22 August 2019), the cluster-randomised
// variant (test version of 18 March 2021: domains 1a, 1b, 2-5) or the
// crossover variant (test version of 8 December 2020, revised 18 March 2021:
// domains 1, S, 2-5). instruments-2.md sections 1 and 2.
enum class trial_design { parallel, cluster, crossover };

[[nodiscard]] std::string_view to_text(trial_design d);
// "parallel", "cluster" or "crossover" (the `variant` key); nullopt otherwise.
[[nodiscard]] std::optional<trial_design> parse_design(std::string_view text);

inline constexpr std::array<trial_design, 3> all_designs{trial_design::parallel, trial_design::cluster,
                                                         trial_design::crossover};
// The main tool's five domains; the variants have six. Ids, names and
// questions of each domain: rob2_domain.hpp.
inline constexpr int domain_count = 5;

// ---------------------------------------------------------------- gates

// `question` answered with one of `in`.
struct condition {
    std::string_view question;
    code_set in;
};

// When a question is reached: when any clause holds, where a clause holds when
// all its conditions do. No clauses: always reached.
struct gate {
    std::vector<std::vector<condition>> any_of;
    [[nodiscard]] bool always() const { return any_of.empty(); }
};

// Three-valued: a gate whose inputs are invalid answers may be undecidable.
enum class reach { yes, no, unknown };

// The answer the gate's input question got, or nullopt when it is unusable
// (an invalid answer): Kleene logic then decides what it can.
using answer_lookup = std::function<std::optional<code>(std::string_view question)>;

[[nodiscard]] reach evaluate(const gate& g, const answer_lookup& answers);

// "2.1 or 2.2 is Y/PY/NI"; empty for an ungated question.
[[nodiscard]] std::string to_text(const gate& g);
// The gate's inputs as answered: "2.1 = N, 2.2 = Y".
[[nodiscard]] std::string inputs_text(const gate& g, const answer_lookup& answers);

// ---------------------------------------------------------------- questions

struct question {
    std::string_view id;
    std::string_view domain;  // the domain's id: "d1", "d1b", "ds", "d2" ...
    std::string_view prompt;
    code_set allowed;
    gate reached = {};
    // The effect-of-adhering questions marked "if applicable": NA also stands for
    // "this kind of deviation is not addressed", so it is allowed where reached.
    bool na_if_not_addressed = false;
    // Crossover domain S: its questions are captured, not required (their
    // official wording and gates are unconfirmed, and no algorithm reads them).
    bool optional_answer = false;
};

// Every question of the variant, in order (domain 2 differs by effect, and
// the designs differ in domains 1 to 4).
[[nodiscard]] const std::vector<question>& questions(effect e, trial_design d = trial_design::parallel);
[[nodiscard]] const question* find_question(effect e, std::string_view id, trial_design d = trial_design::parallel);
// A question id of either effect of the design (for telling a misplaced id from a made-up one).
[[nodiscard]] bool known_in_any_variant(std::string_view id, trial_design d = trial_design::parallel);
// The designs (in all_designs order) with a question of this id, for either effect.
[[nodiscard]] std::vector<trial_design> designs_asking(std::string_view id);

}  // namespace rob2
