#include "inspect_checks.hpp"

#include <algorithm>

namespace trustworthiness {

const std::vector<inspect_check>& inspect_checks() {
    static const std::vector<inspect_check> all{
        {"1.1", "notices",
         "Has the study been retracted, withdrawn or removed (all treated alike)? Look at the journal's page and "
         "search the Retraction Watch database by DOI.",
         "retracted", "the study is retracted, withdrawn or removed",
         "Cochrane excludes retracted studies, lists them as excluded in neutral words and cites the notice",
         "INSPECT-SR check 1.1 (VERIFIED, inspect.sr); Cochrane policy for managing potentially problematic studies "
         "(2021)",
         true},
        {"1.2", "notices",
         "Is there an expression of concern, or another post-publication notice that bears on whether the study "
         "can be trusted? A PubPeer comment counts only when it does.",
         "expression-of-concern", "an expression of concern or another relevant notice",
         "Cochrane excludes a study whose expression of concern is about the validity of its data; one about "
         "something else (an authorship dispute) may stay: raise the domain to serious concerns when it is about "
         "the data",
         "INSPECT-SR check 1.2 (VERIFIED, inspect.sr); Cochrane policy for managing potentially problematic studies "
         "(2021)",
         false},
        {"2.3", "conduct",
         "Are there important unexplained inconsistencies with the registration (its first and pre-recruitment "
         "versions and their history: sample size, interventions, dates, eligibility)? Under-recruitment alone is "
         "not one, and outcome switching belongs to risk of bias. Not applicable when there is no registration.",
         "registration-inconsistent", "the report is inconsistent with its registration",
         "a trial that differs from its own registration without explanation may not have been run as reported",
         "INSPECT-SR check 2.3 (VERIFIED, inspect.sr)", false},
        {"2.4", "conduct",
         "Is the recruitment implausible (too many participants, too fast, for the sites and the "
         "population)?",
         "recruitment-implausible", "the recruitment is implausible",
         "participants who could not have been recruited as described may not exist",
         "INSPECT-SR check 2.4 (content from a secondary summary, unverified)", false},
        {"3.2", "text", "Are any figures or images manipulated or duplicated?", "figures-manipulated",
         "figures or images are manipulated or duplicated", "manipulated or reused figures are a marker of misconduct",
         "INSPECT-SR check 3.2 (content from a secondary summary, unverified)", false},
        {"4.1", "results",
         "Are the data inconsistent with the eligibility criteria (participants, ages or values the criteria "
         "exclude)?",
         "eligibility-inconsistent", "the data contradict the eligibility criteria",
         "data that the study's own criteria rule out suggest the participants are not those described",
         "INSPECT-SR check 4.1 (VERIFIED, inspect.sr)", false},
        {"4.3", "results",
         "Are the baseline data implausible (magnitude, variance, repeated values, digit preference)? Consider an "
         "SE printed as an SD first; do not run balance tests across baseline variables routinely, or Benford's "
         "law.",
         "baseline-implausible", "the baseline data are implausible",
         "baseline values too similar, too varied or too regular for random samples are a marker of fabrication",
         "INSPECT-SR check 4.3 (VERIFIED, inspect.sr)", false},
        {"4.6", "results",
         "Are the participant numbers inconsistent (within the flow of participants, between text, tables and "
         "figures)?",
         "numbers-inconsistent", "the participant numbers are inconsistent",
         "numbers that do not agree with each other are a marker of error or fabrication",
         "INSPECT-SR check 4.6 (content from BLMoran/bayesma, unverified)", false},
        {"4.8", "results", "Are any means, variances or percentages of integer data impossible (GRIM, GRIMMER)?",
         "impossible-statistics", "means, variances or percentages are impossible for integer data",
         "summary statistics that no integer data of the reported size can give are an error or a marker of "
         "fabrication",
         "INSPECT-SR check 4.8 (content from two secondary sources, unverified)", false},
        {"4.9", "results",
         "Are there errors in the statistical results (a p value recomputed from its statistic and degrees of "
         "freedom that does not match)?",
         "statistics-errors", "the statistical results contain errors",
         "results that cannot be reproduced from their own statistics may not come from the analysis described",
         "INSPECT-SR check 4.9 (content from two secondary sources, unverified)", false},
    };
    return all;
}

const inspect_check* find_inspect_check(std::string_view id) {
    const auto& all = inspect_checks();
    const auto it = std::find_if(all.begin(), all.end(), [&](const inspect_check& q) { return q.id == id; });
    return it == all.end() ? nullptr : &*it;
}

const std::vector<std::string_view>& answer_words() {
    static const std::vector<std::string_view> words{"yes", "no", "not-applicable"};
    return words;
}

}  // namespace trustworthiness
