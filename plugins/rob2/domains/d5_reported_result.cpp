// Domain 5: bias in selection of the reported result.
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

verdict judge(const answer_sheet& a, const algorithm_settings&) {
    const bool measurements = in(a.at("5.2"), yes_set);
    const bool analyses = in(a.at("5.3"), yes_set);
    if (measurements || analyses) {
        std::string why = measurements && analyses ? "result probably selected from several measurements and analyses"
                          : measurements           ? "result probably selected from several outcome measurements"
                                                   : "result probably selected from several analyses";
        return make_verdict(judgement::high, shown(a, {"5.2", "5.3"}), why);
    }
    if (a.at("5.2") == code::ni || a.at("5.3") == code::ni)
        return make_verdict(judgement::some_concerns, shown(a, {"5.2", "5.3"}),
                            "unknown whether the result was selected");
    if (in(a.at("5.1"), yes_set))
        return make_verdict(judgement::low, shown(a, {"5.2", "5.3", "5.1"}),
                            "no sign of selection, analysed as planned in advance");
    return make_verdict(judgement::some_concerns, shown(a, {"5.2", "5.3", "5.1"}),
                        "no sign of selection, but no analysis plan fixed in advance is shown");
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
                        {"5.1", 5,
                         "Was the result produced by an analysis plan fixed in advance, before unblinded outcome data "
                         "could be seen?",
                         standard},
                        {"5.2", 5,
                         "Was this result probably picked, because of what it showed, from several eligible ways of "
                         "measuring the outcome (scales, definitions, time points)?",
                         standard},
                        {"5.3", 5,
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
