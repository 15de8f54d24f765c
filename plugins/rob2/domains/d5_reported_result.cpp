// Domain 5: bias in selection of the reported result. A crossover trial adds
// 5.4 of encoding X2 (instruments-2.md section 2, unverified): a result using
// both periods was sought but is unavailable because carry-over was detected,
// which makes the domain High; otherwise the main tool's algorithm decides.
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

const std::vector<answer_words>& words() {
    static const std::vector<answer_words> all{
        {"5.1", "analysed as planned in advance", "no analysis plan fixed in advance",
         "not known whether an analysis plan was fixed in advance"},
        {"5.2", "result probably selected from several outcome measurements",
         "not selected from several outcome measurements",
         "not known whether the result was selected from several outcome measurements"},
        {"5.3", "result probably selected from several analyses", "not selected from several analyses",
         "not known whether the result was selected from several analyses"},
        {"5.4", "the both-period result was withheld because carry-over was found",
         "no both-period result withheld for carry-over",
         "not known whether a both-period result was withheld for carry-over"},
    };
    return all;
}

verdict judge(const answer_sheet& a, const algorithm_settings&) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, words(), ids); };
    if (in(a.at("5.2"), yes_set) || in(a.at("5.3"), yes_set)) return judged(judgement::high, read({"5.2", "5.3"}));
    if (a.at("5.2") == code::ni || a.at("5.3") == code::ni)
        return judged(judgement::some_concerns, read({"5.2", "5.3"}));
    if (in(a.at("5.1"), yes_set)) return judged(judgement::low, read({"5.2", "5.3", "5.1"}));
    return judged(judgement::some_concerns, read({"5.2", "5.3", "5.1"}));
}

// 5.4 is captured only when answered (optional unless crossover_encoding = X2):
// Y/PY makes the domain High; otherwise the main algorithm, with 5.4 shown.
verdict judge_crossover(const answer_sheet& a, const algorithm_settings& settings) {
    if (!a.answered("5.4")) return judge(a, settings);
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, words(), ids); };
    if (in(a.at("5.4"), yes_set))
        return judged(judgement::high, read({"5.4"}), " (X2's rule for crossover trials, unverified)");
    verdict main = judge(a, settings);
    main.rationale += "; " + read({"5.4"});
    return main;
}

constexpr std::string_view main_words =
    "High if 5.2 or 5.3 is Y/PY; else Some concerns if 5.2 or 5.3 is NI; else (both N/PN) Low if 5.1 is Y/PY, Some "
    "concerns if 5.1 is N/PN/NI.";

}  // namespace

domain_unit reported_result_domain() {
    const std::vector<question> main_questions{
        {"5.1", "d5",
         "Was the result produced by an analysis plan fixed in advance, before unblinded outcome data could be seen?",
         standard},
        {"5.2", "d5",
         "Was this result probably picked, because of what it showed, from several eligible ways of measuring the "
         "outcome (scales, definitions, time points)?",
         standard},
        {"5.3", "d5",
         "Was this result probably picked, because of what it showed, from several eligible analyses of the data?",
         standard},
    };
    std::vector<question> crossover_questions = main_questions;
    crossover_questions.push_back(
        {"5.4",
         "d5",
         "X2 only: Was an analysis of both periods intended, but is its result missing because carry-over turned "
         "up?",
         standard,
         {},
         false,
         true});
    return {
        .id = "d5",
        .name = "Selection of the reported result",
        .summary = "pre-specified analysis, selection among measurements or analyses (5.1-5.3; crossover trials 5.4)",
        .assignment = {.questions = main_questions, .judge = judge, .algorithm_words = main_words},
        .adhering = std::nullopt,
        .cluster = std::nullopt,
        .crossover =
            domain_variant{
                .questions = crossover_questions,
                .judge = judge_crossover,
                .algorithm_words =
                    "High if 5.4 is Y/PY (X2's rule, unverified: a both-period result sought but missing because "
                    "carry-over was detected); otherwise the main tool's: High if 5.2 or 5.3 is Y/PY; else Some "
                    "concerns if 5.2 or 5.3 is NI; else Low if 5.1 is Y/PY, Some concerns if 5.1 is N/PN/NI. 5.4 is "
                    "X2's: not required unless crossover_encoding = \"X2\", an error with \"X1\"; 5.4 = NI or N/PN "
                    "leaves the main tool's judgement, and the rationale shows it.",
            },
    };
}

}  // namespace rob2
