// Domain 2: bias due to deviations from intended interventions. Its questions
// after 2.2 and its algorithm differ by the effect of interest. A
// cluster-randomised trial splits 2.1 into 2.1a (aware of being in a trial)
// and 2.1b (aware of the arm) for the effect of assignment (instruments-2.md
// section 1, D2, verified through 2.4).
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

// 2.1 and 2.2, which both effects ask first.
std::vector<question> awareness_then(std::initializer_list<question> rest) {
    std::vector<question> all{
        {"2.1", "d2", "Did participants know which arm they were in while the trial ran?", standard},
        {"2.2", "d2", "Did carers or the people delivering the interventions know each participant's arm?", standard},
    };
    all.insert(all.end(), rest.begin(), rest.end());
    return all;
}

const std::vector<answer_words>& assignment_words() {
    static const std::vector<answer_words> all{
        {"2.1", "participants aware of their arm", "participants unaware of their arm",
         "not known whether participants knew their arm"},
        {"2.2", "carers or deliverers aware", "carers and deliverers unaware",
         "not known whether carers or deliverers knew the arm"},
        {"2.3", "deviations arising from the trial context", "no deviations arising from the trial context",
         "not known whether the trial context caused deviations"},
        {"2.4", "those deviations could affect the outcome", "those deviations unlikely to affect the outcome",
         "not known whether those deviations could affect the outcome"},
        {"2.5", "deviations balanced between arms", "deviations not balanced between arms",
         "not known whether the deviations were balanced between arms"},
        {"2.6", "appropriate analysis of the effect of assignment", "analysis not as randomised",
         "not known whether the analysis estimated the effect of assignment"},
        {"2.7", "potential for a substantial impact on the result", "no potential for a substantial impact",
         "not known whether analysing outside the randomised arms changed the result"},
    };
    return all;
}

const std::vector<answer_words>& adhering_words() {
    static const std::vector<answer_words> all{
        {"2.1", "participants aware of their arm", "participants unaware of their arm",
         "not known whether participants knew their arm"},
        {"2.2", "carers or deliverers aware", "carers and deliverers unaware",
         "not known whether carers or deliverers knew the arm"},
        {"2.3", "important non-protocol interventions balanced", "non-protocol interventions not balanced",
         "not known whether non-protocol interventions were balanced"},
        {"2.4", "implementation failures could affect the outcome", "no implementation failure of consequence",
         "not known whether implementation failures could affect the outcome"},
        {"2.5", "non-adherence could affect outcomes", "no non-adherence of consequence",
         "not known whether non-adherence could affect outcomes"},
        {"2.6", "an appropriate analysis of the effect of adhering",
         "no appropriate analysis of the effect of adhering",
         "not known whether the analysis estimated the effect of adhering"},
    };
    return all;
}

const std::vector<answer_words>& cluster_words() {
    static const std::vector<answer_words> all = [] {
        std::vector<answer_words> list{
            {"2.1a", "participants knew they were in a trial", "participants unaware they were in a trial",
             "not known whether participants knew they were in a trial"},
            {"2.1b", "participants aware of their arm", "participants unaware of their arm",
             "not known whether participants knew their arm"},
        };
        for (const auto& w : assignment_words())
            if (w.id != "2.1") list.push_back(w);
        return list;
    }();
    return all;
}

// ---- effect of assignment: the worse of two parts

verdict deviations_part(const answer_sheet& a) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, assignment_words(), ids); };
    if (in(a.at("2.1"), no_set) && in(a.at("2.2"), no_set)) return judged(judgement::low, read({"2.1", "2.2"}));
    const code context = a.at("2.3");
    if (in(context, no_set)) return judged(judgement::low, read({"2.1", "2.2", "2.3"}));
    if (context == code::ni) return judged(judgement::some_concerns, read({"2.1", "2.2", "2.3"}));
    if (in(a.at("2.4"), no_set)) return judged(judgement::some_concerns, read({"2.1", "2.2", "2.3", "2.4"}));
    if (in(a.at("2.5"), yes_set)) return judged(judgement::some_concerns, read({"2.1", "2.2", "2.3", "2.4", "2.5"}));
    return judged(judgement::high, read({"2.1", "2.2", "2.3", "2.4", "2.5"}));
}

verdict analysis_part(const answer_sheet& a) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, assignment_words(), ids); };
    if (in(a.at("2.6"), yes_set)) return judged(judgement::low, read({"2.6"}));
    if (in(a.at("2.7"), no_set)) return judged(judgement::some_concerns, read({"2.6", "2.7"}));
    return judged(judgement::high, read({"2.6", "2.7"}));
}

// Cluster trials: aware when 2.1b or 2.2 is Y/PY/NI (2.1b is NA when 2.1a
// is N/PN, so then 2.2 alone decides). The 2.4 = N/PN leaf is disputed:
// Some concerns as in the main tool unless cluster_d2_2_4_no_gives_low.
verdict cluster_deviations_part(const answer_sheet& a, const algorithm_settings& settings) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, cluster_words(), ids); };
    if (!in(a.at("2.1b"), yes_or_ni) && !in(a.at("2.2"), yes_or_ni))
        return judged(judgement::low, read({"2.1a", "2.1b", "2.2"}));
    const code context = a.at("2.3");
    if (in(context, no_set)) return judged(judgement::low, read({"2.1a", "2.1b", "2.2", "2.3"}));
    if (context == code::ni) return judged(judgement::some_concerns, read({"2.1a", "2.1b", "2.2", "2.3"}));
    if (in(a.at("2.4"), no_set))
        return settings.cluster_d2_2_4_no_gives_low
                   ? judged(judgement::low, read({"2.1a", "2.1b", "2.2", "2.3", "2.4"}),
                            "; Low by the option cluster_d2_2_4_no_gives_low (CRT-T)")
                   : judged(judgement::some_concerns, read({"2.1a", "2.1b", "2.2", "2.3", "2.4"}));
    if (in(a.at("2.5"), yes_set))
        return judged(judgement::some_concerns, read({"2.1a", "2.1b", "2.2", "2.3", "2.4", "2.5"}));
    return judged(judgement::high, read({"2.1a", "2.1b", "2.2", "2.3", "2.4", "2.5"}));
}

verdict cluster_analysis_part(const answer_sheet& a) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, cluster_words(), ids); };
    if (in(a.at("2.6"), yes_set)) return judged(judgement::low, read({"2.6"}));
    if (in(a.at("2.7"), no_set)) return judged(judgement::some_concerns, read({"2.6", "2.7"}));
    return judged(judgement::high, read({"2.6", "2.7"}));
}

verdict worse_of(const verdict& first, const verdict& second) {
    judgement j = judgement::some_concerns;
    if (first.value == judgement::high || second.value == judgement::high)
        j = judgement::high;
    else if (first.value == judgement::low && second.value == judgement::low)
        j = judgement::low;
    return {j, std::string(to_title(j)) + ": the worse of two parts; deviations part " + first.rationale +
                   "; analysis part " + second.rationale};
}

verdict judge_cluster_assignment(const answer_sheet& a, const algorithm_settings& settings) {
    return worse_of(cluster_deviations_part(a, settings), cluster_analysis_part(a));
}

verdict judge_assignment(const answer_sheet& a, const algorithm_settings&) {
    return worse_of(deviations_part(a), analysis_part(a));
}

// ---- effect of adhering

verdict judge_adhering(const answer_sheet& a, const algorithm_settings&) {
    const bool aware = in(a.at("2.1"), yes_or_ni) || in(a.at("2.2"), yes_or_ni);
    const bool problem =
        (aware && in(a.at("2.3"), no_or_ni)) || in(a.at("2.4"), yes_or_ni) || in(a.at("2.5"), yes_or_ni);
    const std::string read = said(a, adhering_words(), {"2.1", "2.2", "2.3", "2.4", "2.5"});
    if (!problem)
        return judged(judgement::low, read,
                      "; no problem with non-protocol interventions, implementation or adherence");
    const std::string tail = "; a possible problem (Y/PY/NI on 2.4 or 2.5, or N/PN/NI on 2.3 with awareness)";
    const std::string with_analysis = read + ", " + said(a, adhering_words(), {"2.6"});
    if (in(a.at("2.6"), yes_set)) return judged(judgement::some_concerns, with_analysis, tail);
    return judged(judgement::high, with_analysis, tail);
}

}  // namespace

domain_unit deviations_domain() {
    return {
        .id = "d2",
        .name = "Deviations from intended interventions",
        .summary = "awareness of assignment, deviations, analysis; questions differ by effect of interest (2.1-2.7)",
        .assignment =
            {
                .questions = awareness_then({
                    {"2.3", "d2",
                     "Did participants receive something other than the intended intervention because they were in a "
                     "trial (deviations that everyday practice would not produce)?",
                     standard_or_na, when_either("2.1", "2.2", yes_or_ni)},
                    {"2.4", "d2", "Could those trial-context deviations plausibly have changed the outcome?",
                     standard_or_na, when("2.3", yes_set)},
                    {"2.5", "d2", "Did those deviations occur to a similar extent in both arms?", standard_or_na,
                     when("2.4", yes_or_ni)},
                    {"2.6", "d2",
                     "Did the analysis estimate the effect of being assigned (intention-to-treat or modified ITT count "
                     "as yes; per-protocol or as-treated as no)?",
                     standard},
                    {"2.7", "d2",
                     "Could analysing some participants outside their randomised arm have changed the result "
                     "materially?",
                     standard_or_na, when("2.6", no_or_ni)},
                }),
                .judge = judge_assignment,
                .algorithm_words =
                    "Two parts; the domain is High if either part is High, Low if both are Low, else Some concerns. "
                    "Deviations part: Low if 2.1 and 2.2 are both N/PN; otherwise Low if 2.3 is N/PN, Some concerns if "
                    "2.3 is NI; if 2.3 is Y/PY: Some concerns if 2.4 is N/PN, else Some concerns if 2.5 is Y/PY, High "
                    "if 2.5 is N/PN/NI. Analysis part: Low if 2.6 is Y/PY; otherwise Some concerns if 2.7 is N/PN, "
                    "High if 2.7 is Y/PY/NI.",
            },
        .adhering =
            domain_variant{
                .questions = awareness_then({
                    {"2.3", "d2",
                     "If co-interventions outside the protocol are addressed: were important ones received to a "
                     "similar extent in both arms?",
                     standard_or_na, when_either("2.1", "2.2", yes_or_ni), true},
                    {"2.4",
                     "d2",
                     "If implementation failures are addressed: was the intervention delivered in ways that fell "
                     "short enough to change the outcome?",
                     standard_or_na,
                     {},
                     true},
                    {"2.5",
                     "d2",
                     "If non-adherence is addressed: did participants depart from their assigned regimen in ways that "
                     "could change their outcomes?",
                     standard_or_na,
                     {},
                     true},
                    {"2.6", "d2",
                     "Did the analysis properly estimate the effect of adhering (e.g. instrumental variables or "
                     "inverse probability weighting; a naive per-protocol or as-treated analysis usually does not)?",
                     standard_or_na, gate{{{{"2.3", no_or_ni}}, {{"2.4", yes_or_ni}}, {{"2.5", yes_or_ni}}}}},
                }),
                .judge = judge_adhering,
                .algorithm_words =
                    "Problems are: 2.1 or 2.2 Y/PY/NI together with 2.3 N/PN/NI; 2.4 Y/PY/NI; 2.5 Y/PY/NI. No problem "
                    "gives Low. With a problem: Some concerns if 2.6 is Y/PY, High if 2.6 is N/PN/NI. NA (not "
                    "reached, or that kind of deviation not addressed) is never a problem.",
            },
        .cluster =
            domain_variant{
                .questions =
                    {
                        {"2.1a", "d2", "Did participants know that they were taking part in a trial?", standard},
                        {"2.1b", "d2", "Did participants know which arm their cluster had been given?", standard_or_na,
                         when("2.1a", yes_or_ni)},
                        {"2.2", "d2",
                         "Did carers or the people delivering the interventions know each participant's arm?",
                         standard},
                        {"2.3", "d2",
                         "Did participants receive something other than the intended intervention because they were "
                         "in a trial (deviations that everyday practice would not produce)?",
                         standard_or_na, when_either("2.1b", "2.2", yes_or_ni)},
                        {"2.4", "d2", "Could those trial-context deviations plausibly have changed the outcome?",
                         standard_or_na, when("2.3", yes_set)},
                        {"2.5", "d2", "Did those deviations occur to a similar extent in both arms?", standard_or_na,
                         when("2.4", yes_or_ni)},
                        {"2.6", "d2",
                         "Did the analysis estimate the effect of being assigned, with every cluster and every "
                         "individual counted in the arm allocated? (a stepped-wedge analysis that ignores time trends "
                         "does not)",
                         standard},
                        {"2.7", "d2",
                         "Could analysing participants, or whole clusters, outside their allocated arm have changed "
                         "the result materially?",
                         standard_or_na, when("2.6", no_or_ni)},
                    },
                .judge = judge_cluster_assignment,
                .algorithm_words =
                    "As the main tool's, with 2.1a/2.1b for 2.1. Deviations part: Low if neither 2.1b nor 2.2 is "
                    "Y/PY/NI (2.1b is NA when 2.1a is N/PN); otherwise Low if 2.3 is N/PN, Some concerns if 2.3 is "
                    "NI; if 2.3 is Y/PY: 2.4 N/PN gives Some concerns (the main tool's leaf; CRT-T has Low: option "
                    "cluster_d2_2_4_no_gives_low), else Some concerns if 2.5 is Y/PY, High if 2.5 is N/PN/NI. "
                    "Analysis part and the combination as the main tool's. The effect of adhering takes the main "
                    "tool's questions and algorithm (CRT-T).",
            },
    };
}

}  // namespace rob2
