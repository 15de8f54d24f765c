// Domain 1: bias arising from the randomisation process.
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

verdict judge(const answer_sheet& a, const algorithm_settings&) {
    const code concealed = a.at("1.2");
    if (in(concealed, no_set)) return make_verdict(judgement::high, shown(a, {"1.2"}), "sequence not concealed");
    if (concealed == code::ni) {
        if (in(a.at("1.3"), yes_set))
            return make_verdict(judgement::high, shown(a, {"1.2", "1.3"}),
                                "concealment unknown and baseline imbalance suggests a problem with randomisation");
        return make_verdict(judgement::some_concerns, shown(a, {"1.2", "1.3"}),
                            "concealment unknown; baseline does not suggest a problem with randomisation");
    }
    if (in(a.at("1.1"), no_set))
        return make_verdict(judgement::some_concerns, shown(a, {"1.2", "1.1"}), "sequence concealed but not random");
    if (in(a.at("1.3"), yes_set))
        return make_verdict(judgement::some_concerns, shown(a, {"1.2", "1.1", "1.3"}),
                            "concealed sequence, but baseline imbalance suggests a problem with randomisation");
    return make_verdict(judgement::low, shown(a, {"1.2", "1.1", "1.3"}),
                        "concealed sequence, not shown to be non-random, no sign of a baseline problem");
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
