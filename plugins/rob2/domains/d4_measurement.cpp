// Domain 4: bias in measurement of the outcome. A cluster-randomised trial
// splits 4.3 into 4.3a (assessors aware of the trial) and 4.3b (aware of the
// intervention received); instruments-2.md section 1, CRT-T only,
// unverified: option cluster_d4_algorithm.
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

const std::vector<answer_words>& words() {
    static const std::vector<answer_words> all{
        {"4.1", "inappropriate measurement method", "measurement method appropriate",
         "not known whether the measurement method was appropriate"},
        {"4.2", "measurement could differ between arms", "measurement did not differ between arms",
         "not known whether measurement differed between arms"},
        {"4.3", "assessors knew the intervention", "assessors unaware of the intervention",
         "not known whether assessors knew the intervention"},
        {"4.4", "knowing the intervention could sway the assessment",
         "knowing the intervention could not sway the assessment",
         "not known whether knowing the intervention could sway the assessment"},
        {"4.5", "knowing the intervention probably swayed the assessment", "probably did not sway it",
         "not known whether knowing the intervention swayed the assessment"},
    };
    return all;
}

verdict judge(const answer_sheet& a, const algorithm_settings& settings) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, words(), ids); };
    if (in(a.at("4.1"), yes_set)) return judged(judgement::high, read({"4.1"}));
    if (in(a.at("4.2"), yes_set)) return judged(judgement::high, read({"4.1", "4.2"}));
    const bool capped = a.at("4.2") == code::ni && settings.d4_ni_caps_at_some_concerns;
    // A Low leaf of the flowchart; Some concerns when 4.2 = NI caps it.
    const auto low_leaf = [&](std::initializer_list<std::string_view> ids) {
        if (!capped) return judged(judgement::low, read(ids));
        return judged(judgement::some_concerns, read(ids), "; with 4.2 = NI, Low cannot be reached");
    };
    if (in(a.at("4.3"), no_set)) return low_leaf({"4.1", "4.2", "4.3"});
    if (in(a.at("4.4"), no_set)) return low_leaf({"4.1", "4.2", "4.3", "4.4"});
    if (in(a.at("4.5"), no_set)) return judged(judgement::some_concerns, read({"4.1", "4.2", "4.3", "4.4", "4.5"}));
    return judged(judgement::high, read({"4.1", "4.2", "4.3", "4.4", "4.5"}));
}

const std::vector<answer_words>& cluster_words() {
    static const std::vector<answer_words> all = [] {
        std::vector<answer_words> list{
            {"4.3a", "assessors knew a trial was running", "assessors unaware a trial was running",
             "not known whether assessors knew a trial was running"},
            {"4.3b", "assessors knew the intervention", "assessors unaware of the intervention",
             "not known whether assessors knew the intervention"},
        };
        for (const auto& w : words())
            if (w.id != "4.3") list.push_back(w);
        return list;
    }();
    return all;
}

verdict judge_clusters(const answer_sheet& a, const algorithm_settings& settings) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, cluster_words(), ids); };
    if (!settings.cluster_d4_algorithm)
        return {judgement::no_information,
                "not assessed: the option cluster_d4_algorithm = false leaves d4 of a cluster trial to the reviewer "
                "(override d4 with a reason); answers " +
                    read({"4.1", "4.2", "4.3a", "4.3b", "4.4", "4.5"})};
    if (in(a.at("4.1"), yes_set)) return judged(judgement::high, read({"4.1"}));
    if (in(a.at("4.2"), yes_set)) return judged(judgement::high, read({"4.1", "4.2"}));
    // The floor: Low when 4.2 is N/PN, Some concerns when it is NI (unless
    // d4_ni_caps_at_some_concerns is off, as in the main tool's domain 4).
    const bool capped = a.at("4.2") == code::ni && settings.d4_ni_caps_at_some_concerns;
    const auto floor = [&](std::initializer_list<std::string_view> ids) {
        if (!capped) return judged(judgement::low, read(ids));
        return judged(judgement::some_concerns, read(ids), "; with 4.2 = NI, Low cannot be reached");
    };
    if (in(a.at("4.3a"), no_set)) return floor({"4.1", "4.2", "4.3a"});
    if (in(a.at("4.3b"), no_set)) return floor({"4.1", "4.2", "4.3a", "4.3b"});
    if (in(a.at("4.4"), no_set)) return floor({"4.1", "4.2", "4.3a", "4.3b", "4.4"});
    if (in(a.at("4.5"), no_set))
        return judged(judgement::some_concerns, read({"4.1", "4.2", "4.3a", "4.3b", "4.4", "4.5"}));
    return judged(judgement::high, read({"4.1", "4.2", "4.3a", "4.3b", "4.4", "4.5"}));
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
                        {"4.1", "d4", "Was the outcome measured with an unsuitable method?", standard},
                        {"4.2", "d4", "Might the outcome have been measured or recorded differently in the two arms?",
                         standard},
                        {"4.3", "d4",
                         "Did those assessing the outcome know which intervention each participant had? (for a "
                         "self-reported outcome the participant is the assessor)",
                         standard_or_na, gate{{{{"4.1", no_or_ni}, {"4.2", no_or_ni}}}}},
                        {"4.4", "d4", "Could knowing the intervention have swayed how the outcome was assessed?",
                         standard_or_na, when("4.3", yes_or_ni)},
                        {"4.5", "d4", "Is it probable that this knowledge did sway the assessment?", standard_or_na,
                         when("4.4", yes_or_ni)},
                    },
                .judge = judge,
                .algorithm_words =
                    "High if 4.1 is Y/PY, or 4.2 is Y/PY. Otherwise: Low if 4.3 is N/PN; else Low if 4.4 is N/PN; "
                    "else Some concerns if 4.5 is N/PN, High if 4.5 is Y/PY/NI. When 4.2 is NI every Low of that path "
                    "becomes Some concerns (option d4_ni_caps_at_some_concerns), so 4.2 = NI never gives Low.",
            },
        .adhering = std::nullopt,
        .cluster =
            domain_variant{
                .questions =
                    {
                        {"4.1", "d4", "Was the outcome measured with an unsuitable method?", standard},
                        {"4.2", "d4", "Might the outcome have been measured or recorded differently in the two arms?",
                         standard},
                        {"4.3a", "d4",
                         "Did those assessing the outcome know that a trial was going on? (this matters most for a "
                         "self-reported outcome, where the participant is the assessor)",
                         standard_or_na, gate{{{{"4.1", no_or_ni}, {"4.2", no_or_ni}}}}},
                        {"4.3b", "d4", "Did those assessing the outcome know which intervention each participant had?",
                         standard_or_na, when("4.3a", yes_or_ni)},
                        {"4.4", "d4", "Could knowing the intervention have swayed how the outcome was assessed?",
                         standard_or_na, when("4.3b", yes_or_ni)},
                        {"4.5", "d4", "Is it probable that this knowledge did sway the assessment?", standard_or_na,
                         when("4.4", yes_or_ni)},
                    },
                .judge = judge_clusters,
                .algorithm_words =
                    "(CRT-T, unverified; option cluster_d4_algorithm) High if 4.1 or 4.2 is Y/PY. The floor is Low "
                    "when 4.2 is N/PN and Some concerns when 4.2 is NI (Low with d4_ni_caps_at_some_concerns = "
                    "false): 4.3a, 4.3b or 4.4 N/PN gives the floor; otherwise Some concerns if 4.5 is N/PN, High if "
                    "4.5 is Y/PY/NI.",
            },
    };
}

}  // namespace rob2
