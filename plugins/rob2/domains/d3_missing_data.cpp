// Domain 3: bias due to missing outcome data. A cluster-randomised trial
// splits 3.1 into 3.1a (every cluster) and 3.1b (the individuals within
// them); the rest as the main tool (instruments-2.md section 1, CRT-T only,
// unverified: option cluster_d3_algorithm).
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

const std::vector<answer_words>& words_list() {
    static const std::vector<answer_words> all{
        {"3.1", "outcome data for all or nearly all participants", "outcome data missing for more than a few",
         "not known how complete the outcome data are"},
        {"3.2", "evidence that missing data did not bias the result", "no evidence that the result is unbiased", ""},
        {"3.3", "missingness could depend on the true value", "missingness could not depend on the true value",
         "not known whether missingness could depend on the true value"},
        {"3.4", "missingness probably depended on the true value", "missingness probably did not depend on it",
         "not known whether missingness depended on the true value"},
    };
    return all;
}

verdict judge(const answer_sheet& a, const algorithm_settings&) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, words_list(), ids); };
    if (in(a.at("3.1"), yes_set)) return judged(judgement::low, read({"3.1"}));
    if (in(a.at("3.2"), yes_set)) return judged(judgement::low, read({"3.1", "3.2"}));
    if (in(a.at("3.3"), no_set)) return judged(judgement::low, read({"3.1", "3.2", "3.3"}));
    if (in(a.at("3.4"), no_set)) return judged(judgement::some_concerns, read({"3.1", "3.2", "3.3", "3.4"}));
    return judged(judgement::high, read({"3.1", "3.2", "3.3", "3.4"}));
}

const std::vector<answer_words>& cluster_words() {
    static const std::vector<answer_words> all = [] {
        std::vector<answer_words> list{
            {"3.1a", "outcome data for every cluster that recruited", "outcome data missing for a whole cluster",
             "not known whether every cluster contributed outcome data"},
            {"3.1b", "outcome data for all or nearly all individuals in the clusters",
             "outcome data missing for more than a few individuals",
             "not known how complete the individuals' outcome data are"},
        };
        for (const auto& w : words_list())
            if (w.id != "3.1") list.push_back(w);
        return list;
    }();
    return all;
}

verdict judge_clusters(const answer_sheet& a, const algorithm_settings& settings) {
    const auto read = [&](std::initializer_list<std::string_view> ids) { return said(a, cluster_words(), ids); };
    if (!settings.cluster_d3_algorithm)
        return {judgement::no_information,
                "not assessed: the option cluster_d3_algorithm = false leaves d3 of a cluster trial to the reviewer "
                "(override d3 with a reason); answers " +
                    read({"3.1a", "3.1b", "3.2", "3.3", "3.4"})};
    if (in(a.at("3.1a"), yes_set) && in(a.at("3.1b"), yes_set)) return judged(judgement::low, read({"3.1a", "3.1b"}));
    if (in(a.at("3.2"), yes_set)) return judged(judgement::low, read({"3.1a", "3.1b", "3.2"}));
    if (in(a.at("3.3"), no_set)) return judged(judgement::low, read({"3.1a", "3.1b", "3.2", "3.3"}));
    if (in(a.at("3.4"), no_set)) return judged(judgement::some_concerns, read({"3.1a", "3.1b", "3.2", "3.3", "3.4"}));
    return judged(judgement::high, read({"3.1a", "3.1b", "3.2", "3.3", "3.4"}));
}

}  // namespace

domain_unit missing_data_domain() {
    return {
        .id = "d3",
        .name = "Missing outcome data",
        .summary = "completeness of outcome data and whether missingness depends on the outcome (3.1-3.4)",
        .assignment =
            {
                .questions =
                    {
                        {"3.1", "d3",
                         "Is this outcome known for all, or almost all, randomised participants? (there is no fixed "
                         "percentage)",
                         standard},
                        {"3.2", "d3",
                         "Does the study show that the gaps in outcome data did not bias the result (e.g. by a "
                         "sensitivity analysis)? No NI: without such evidence the answer is N.",
                         code_set{code::na, code::y, code::py, code::pn, code::n}, when("3.1", no_or_ni)},
                        {"3.3", "d3", "Might whether a value is missing be related to what that value would have been?",
                         standard_or_na, when("3.2", no_set)},
                        {"3.4", "d3",
                         "Is it probable that missingness was in fact related to the outcome's value (e.g. reasons for "
                         "leaving that differ between arms or track health)?",
                         standard_or_na, when("3.3", yes_or_ni)},
                    },
                .judge = judge,
                .algorithm_words = "Low if 3.1 is Y/PY; else Low if 3.2 is Y/PY; else Low if 3.3 is N/PN; else Some "
                                   "concerns if 3.4 is N/PN, High if 3.4 is Y/PY/NI.",
            },
        .adhering = std::nullopt,
        .cluster =
            domain_variant{
                .questions =
                    {
                        {"3.1a", "d3",
                         "Is this outcome known for every cluster that recruited participants? (losing one cluster "
                         "matters)",
                         standard},
                        {"3.1b", "d3",
                         "Within the clusters, is the outcome known for all, or almost all, participants?", standard},
                        {"3.2", "d3",
                         "Does the study show that the gaps in outcome data (clusters or individuals) did not bias the "
                         "result? No NI: without such evidence the answer is N.",
                         code_set{code::na, code::y, code::py, code::pn, code::n},
                         when_either("3.1a", "3.1b", no_or_ni)},
                        {"3.3", "d3", "Might whether a value is missing be related to what that value would have been?",
                         standard_or_na, when("3.2", no_set)},
                        {"3.4", "d3",
                         "Is it probable that missingness was in fact related to the outcome's value (e.g. reasons for "
                         "leaving that differ between arms or track health)?",
                         standard_or_na, when("3.3", yes_or_ni)},
                    },
                .judge = judge_clusters,
                .algorithm_words =
                    "(CRT-T, unverified; option cluster_d3_algorithm) Low if 3.1a and 3.1b are both Y/PY; otherwise "
                    "the main tool's chain from 3.2: Low if 3.2 is Y/PY; else Low if 3.3 is N/PN; else Some concerns "
                    "if 3.4 is N/PN, High if 3.4 is Y/PY/NI.",
            },
    };
}

}  // namespace rob2
