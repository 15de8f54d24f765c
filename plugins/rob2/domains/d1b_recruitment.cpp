// Domain 1b of the cluster-randomised variant: bias arising from the timing
// of identification and recruitment of individual participants in relation
// to the randomisation of clusters. Questions and gates: instruments-2.md
// section 1 (verified twice: PMC10245087 Table 3 and CRT-T); the algorithm is
// CRT-T's alone (unverified), so the option cluster_d1b_algorithm can leave
// the judgement to the reviewer.
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

const std::vector<answer_words>& words() {
    static const std::vector<answer_words> all{
        {"1b.1", "everyone identified before the clusters were randomised",
         "some identified or recruited after the clusters were randomised",
         "not known whether everyone was identified before randomisation"},
        {"1b.2", "knowing the cluster's arm probably shaped who was selected",
         "knowing the cluster's arm probably did not shape who was selected",
         "not known whether knowing the cluster's arm shaped who was selected"},
        {"1b.3", "baseline imbalance suggests differential identification or recruitment",
         "baseline does not suggest differential identification or recruitment",
         "not known whether baseline differences suggest differential recruitment"},
    };
    return all;
}

verdict judge(const answer_sheet& a, const algorithm_settings& settings) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, words(), ids); };
    if (!settings.cluster_d1b_algorithm)
        return {judgement::no_information,
                "not assessed: the option cluster_d1b_algorithm = false leaves d1b to the reviewer (override d1b "
                "with a reason); answers " +
                    read({"1b.1", "1b.2", "1b.3"})};
    if (in(a.at("1b.1"), yes_set)) return judged(judgement::low, read({"1b.1"}));
    const code selection = a.at("1b.2");
    if (in(selection, yes_set)) return judged(judgement::high, read({"1b.1", "1b.2"}));
    if (in(selection, no_set)) {
        if (in(a.at("1b.3"), yes_set)) return judged(judgement::some_concerns, read({"1b.1", "1b.2", "1b.3"}));
        return judged(judgement::low, read({"1b.1", "1b.2", "1b.3"}));
    }
    // 1b.2 = NI
    if (in(a.at("1b.3"), yes_set)) return judged(judgement::high, read({"1b.1", "1b.2", "1b.3"}));
    return judged(judgement::some_concerns, read({"1b.1", "1b.2", "1b.3"}));
}

}  // namespace

domain_unit recruitment_domain() {
    return {
        .id = "d1b",
        .name = "Timing of identification or recruitment of participants",
        .summary =
            "cluster trials only: were individuals identified and recruited before the clusters were "
            "randomised, and if not, did knowing the allocation shape who took part (1b.1-1b.3)",
        .assignment =
            {
                .questions =
                    {
                        {"1b.1", "d1b",
                         "Had every participant been identified (and, where it applies, recruited) before the "
                         "clusters were randomised? (a cluster that recruited nobody, or anyone identified later, "
                         "makes this No)",
                         standard},
                        {"1b.2", "d1b",
                         "Is it likely that who was selected to take part was shaped by knowing which arm the cluster "
                         "was in?",
                         standard_or_na, when("1b.1", no_or_ni)},
                        {"1b.3", "d1b",
                         "Do differences between the arms at baseline (in how many were recruited, or in their "
                         "characteristics) point to identification or recruitment that differed by arm?",
                         standard},
                    },
                .judge = judge,
                .algorithm_words =
                    "(CRT-T, unverified; option cluster_d1b_algorithm) Low if 1b.1 is Y/PY. Otherwise High if 1b.2 "
                    "is Y/PY; if 1b.2 is N/PN: Some concerns if 1b.3 is Y/PY, else Low; if 1b.2 is NI: High if 1b.3 "
                    "is Y/PY, else Some concerns.",
            },
        .adhering = std::nullopt,
    };
}

}  // namespace rob2
