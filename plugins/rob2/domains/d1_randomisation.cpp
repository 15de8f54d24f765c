// Domain 1: bias arising from the randomisation process.
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

const std::vector<answer_words>& words() {
    static const std::vector<answer_words> all{
        {"1.1", "sequence random", "sequence not random", "not known whether the sequence was random"},
        {"1.2", "sequence concealed", "sequence not concealed", "not known whether the sequence was concealed"},
        {"1.3", "baseline imbalance suggests a problem with randomisation",
         "baseline does not suggest a problem with randomisation",
         "not known whether baseline differences suggest a problem"},
    };
    return all;
}

verdict judge(const answer_sheet& a, const algorithm_settings&) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, words(), ids); };
    const code concealed = a.at("1.2");
    if (in(concealed, no_set)) return judged(judgement::high, read({"1.2"}));
    if (concealed == code::ni) {
        if (in(a.at("1.3"), yes_set)) return judged(judgement::high, read({"1.2", "1.3"}));
        return judged(judgement::some_concerns, read({"1.2", "1.3"}));
    }
    if (in(a.at("1.1"), no_set)) return judged(judgement::some_concerns, read({"1.2", "1.1"}));
    if (in(a.at("1.3"), yes_set)) return judged(judgement::some_concerns, read({"1.2", "1.1", "1.3"}));
    return judged(judgement::low, read({"1.2", "1.1", "1.3"}));
}

}  // namespace

domain_unit randomisation_domain() {
    return {
        .id = "d1",
        .name = "Randomisation process",
        .summary = "sequence generation, concealment, baseline imbalance (1.1-1.3)",
        .assignment =
            {
                .questions =
                    {
                        {"1.1", 1,
                         "Was the order in which participants were assigned to arms produced by a random process?",
                         standard},
                        {"1.2", 1,
                         "Was the upcoming assignment kept hidden from those enrolling participants until each one was "
                         "enrolled and allocated?",
                         standard},
                        {"1.3", 1, "Do imbalances between the arms at baseline hint that the randomisation went wrong?",
                         standard},
                    },
                .judge = judge,
                .algorithm_words =
                    "High if 1.2 is N/PN. If 1.2 is NI: High if 1.3 is Y/PY, else Some concerns. If 1.2 is Y/PY: Some "
                    "concerns if 1.1 is N/PN (concealed but not random, whatever 1.3 says); otherwise Some concerns if "
                    "1.3 is Y/PY, else Low. All NI gives Some concerns.",
            },
        .adhering = std::nullopt,
    };
}

}  // namespace rob2
