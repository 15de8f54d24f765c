// Domain 1: bias arising from the randomisation process. A cluster-randomised
// trial answers it as domain 1a (1a.1-1a.3, about allocating clusters) with
// the same algorithm (instruments-2.md section 1, D1a, after CRT-T).
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

// The question ids one algorithm reads: 1.1-1.3, or 1a.1-1a.3.
struct ids {
    std::string_view random, concealed, baseline;
};
constexpr ids individual{"1.1", "1.2", "1.3"};
constexpr ids clusters{"1a.1", "1a.2", "1a.3"};

std::vector<answer_words> words_for(const ids& q) {
    return {
        {q.random, "sequence random", "sequence not random", "not known whether the sequence was random"},
        {q.concealed, "sequence concealed", "sequence not concealed", "not known whether the sequence was concealed"},
        {q.baseline, "baseline imbalance suggests a problem with randomisation",
         "baseline does not suggest a problem with randomisation",
         "not known whether baseline differences suggest a problem"},
    };
}

verdict judge_with(const answer_sheet& a, const ids& q, const std::vector<answer_words>& words) {
    const auto read = [&](std::initializer_list<std::string_view> read_ids) { return said(a, words, read_ids); };
    const code concealed = a.at(q.concealed);
    if (in(concealed, no_set)) return judged(judgement::high, read({q.concealed}));
    if (concealed == code::ni) {
        if (in(a.at(q.baseline), yes_set)) return judged(judgement::high, read({q.concealed, q.baseline}));
        return judged(judgement::some_concerns, read({q.concealed, q.baseline}));
    }
    if (in(a.at(q.random), no_set)) return judged(judgement::some_concerns, read({q.concealed, q.random}));
    if (in(a.at(q.baseline), yes_set))
        return judged(judgement::some_concerns, read({q.concealed, q.random, q.baseline}));
    return judged(judgement::low, read({q.concealed, q.random, q.baseline}));
}

verdict judge(const answer_sheet& a, const algorithm_settings&) {
    static const std::vector<answer_words> words = words_for(individual);
    return judge_with(a, individual, words);
}

verdict judge_clusters(const answer_sheet& a, const algorithm_settings&) {
    static const std::vector<answer_words> words = words_for(clusters);
    return judge_with(a, clusters, words);
}

}  // namespace

domain_unit randomisation_domain() {
    return {
        .id = "d1",
        .name = "Randomisation process",
        .summary = "sequence generation, concealment, baseline imbalance (1.1-1.3; cluster trials 1a.1-1a.3)",
        .assignment =
            {
                .questions =
                    {
                        {"1.1", "d1",
                         "Was the order in which participants were assigned to arms produced by a random process?",
                         standard},
                        {"1.2", "d1",
                         "Was the upcoming assignment kept hidden from those enrolling participants until each one was "
                         "enrolled and allocated?",
                         standard},
                        {"1.3", "d1",
                         "Do imbalances between the arms at baseline hint that the randomisation went wrong?",
                         standard},
                    },
                .judge = judge,
                .algorithm_words =
                    "High if 1.2 is N/PN. If 1.2 is NI: High if 1.3 is Y/PY, else Some concerns. If 1.2 is Y/PY: Some "
                    "concerns if 1.1 is N/PN (concealed but not random, whatever 1.3 says); otherwise Some concerns if "
                    "1.3 is Y/PY, else Low. All NI gives Some concerns.",
            },
        .adhering = std::nullopt,
        .cluster =
            domain_variant{
                .questions =
                    {
                        {"1a.1", "d1", "Were the clusters (not the individuals) put into arms by a random process?",
                         standard},
                        {"1a.2", "d1",
                         "Was each cluster's arm kept hidden until every cluster had joined the trial and been "
                         "allocated?",
                         standard},
                        {"1a.3", "d1",
                         "Do baseline differences between the arms point to a fault in randomising the clusters? "
                         "(imbalance that comes from recruiting individuals after allocation belongs to 1b)",
                         standard},
                    },
                .judge = judge_clusters,
                .algorithm_words =
                    "The main tool's domain 1 algorithm on 1a.1-1a.3 (CRT-T): High if 1a.2 is N/PN. If 1a.2 is NI: "
                    "High if 1a.3 is Y/PY, else Some concerns. If 1a.2 is Y/PY: Some concerns if 1a.1 is N/PN; "
                    "otherwise Some concerns if 1a.3 is Y/PY, else Low. A completed form that records 1a.2 = PN with "
                    "Low (PMC10245087) is an override here, with its reason.",
            },
    };
}

}  // namespace rob2
