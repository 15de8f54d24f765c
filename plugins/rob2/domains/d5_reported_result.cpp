// Domain 5: bias in selection of the reported result.
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

}  // namespace

domain_unit reported_result_domain() {
    return {
        .id = "d5",
        .name = "Selection of the reported result",
        .summary = "pre-specified analysis, selection among measurements or analyses (5.1-5.3)",
        .assignment =
            {
                .questions =
                    {
                        {"5.1", "d5",
                         "Was the result produced by an analysis plan fixed in advance, before unblinded outcome data "
                         "could be seen?",
                         standard},
                        {"5.2", "d5",
                         "Was this result probably picked, because of what it showed, from several eligible ways of "
                         "measuring the outcome (scales, definitions, time points)?",
                         standard},
                        {"5.3", "d5",
                         "Was this result probably picked, because of what it showed, from several eligible analyses "
                         "of "
                         "the data?",
                         standard},
                    },
                .judge = judge,
                .algorithm_words = "High if 5.2 or 5.3 is Y/PY; else Some concerns if 5.2 or 5.3 is NI; else (both "
                                   "N/PN) Low if 5.1 is Y/PY, Some concerns if 5.1 is N/PN/NI.",
            },
        .adhering = std::nullopt,
    };
}

}  // namespace rob2
