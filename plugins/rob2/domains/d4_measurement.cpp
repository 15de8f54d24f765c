// Domain 4: bias in measurement of the outcome.
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

verdict judge(const answer_sheet& a, const algorithm_settings& settings) {
    if (in(a.at("4.1"), yes_set))
        return make_verdict(judgement::high, shown(a, {"4.1"}), "inappropriate measurement method");
    if (in(a.at("4.2"), yes_set))
        return make_verdict(judgement::high, shown(a, {"4.1", "4.2"}), "measurement could differ between arms");
    const bool capped = a.at("4.2") == code::ni && settings.d4_ni_caps_at_some_concerns;
    // A Low leaf of the flowchart; Some concerns when 4.2 = NI caps it.
    const auto low_leaf = [&](std::initializer_list<std::string_view> ids, std::string_view why) {
        if (!capped) return make_verdict(judgement::low, shown(a, ids), why);
        return make_verdict(judgement::some_concerns, shown(a, ids),
                            std::string(why) +
                                ", but 4.2 = NI: whether measurement differed between arms is unknown, so "
                                "Low cannot be reached");
    };
    if (in(a.at("4.3"), no_set)) return low_leaf({"4.1", "4.2", "4.3"}, "assessors unaware of the intervention");
    if (in(a.at("4.4"), no_set))
        return low_leaf({"4.1", "4.2", "4.3", "4.4"}, "knowing the intervention could not sway the assessment");
    if (in(a.at("4.5"), no_set))
        return make_verdict(judgement::some_concerns, shown(a, {"4.1", "4.2", "4.3", "4.4", "4.5"}),
                            "knowing the intervention could sway the assessment but probably did not");
    return make_verdict(judgement::high, shown(a, {"4.1", "4.2", "4.3", "4.4", "4.5"}),
                        "knowing the intervention probably swayed the assessment");
}

}  // namespace

domain_unit measurement_domain() {
    return {
        .id = "d4",
        .name = "Measurement of the outcome",
        .summary = "measurement method, differences between arms, assessors' knowledge (4.1-4.5)",
        .assignment =
            {
                .questions =
                    {
                        {"4.1", 4, "Was the outcome measured with an unsuitable method?", standard},
                        {"4.2", 4, "Might the outcome have been measured or recorded differently in the two arms?",
                         standard},
                        {"4.3", 4,
                         "Did those assessing the outcome know which intervention each participant had? (for a "
                         "self-reported outcome the participant is the assessor)",
                         standard_or_na, gate{{{{"4.1", no_or_ni}, {"4.2", no_or_ni}}}}},
                        {"4.4", 4, "Could knowing the intervention have swayed how the outcome was assessed?",
                         standard_or_na, when("4.3", yes_or_ni)},
                        {"4.5", 4, "Is it probable that this knowledge did sway the assessment?", standard_or_na,
                         when("4.4", yes_or_ni)},
                    },
                .judge = judge,
                .algorithm_words =
                    "High if 4.1 is Y/PY, or 4.2 is Y/PY. Otherwise: Low if 4.3 is N/PN; else Low if 4.4 is N/PN; "
                    "else Some concerns if 4.5 is N/PN, High if 4.5 is Y/PY/NI. When 4.2 is NI every Low of that path "
                    "becomes Some concerns (option d4_ni_caps_at_some_concerns), so 4.2 = NI never gives Low.",
            },
        .adhering = std::nullopt,
    };
}

}  // namespace rob2
