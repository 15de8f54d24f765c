#include "check_list.hpp"

namespace design_weakness {

// Each defined in checks/<name>.cpp. To add a check: write its file (copy a
// similar one) and add it to both lists below.
check no_comparison_group();
check non_random_allocation();
check allocation_method_unreported();
check allocation_concealment_unreported();
check baseline_imbalance();
check confounded_by_cluster();
check cluster_joiners();
check contamination();
check no_pretest();
check too_few_clusters();
check small_sample();
check no_power_calculation();
check single_site();
check high_attrition();
check differential_attrition();
check completers_analysis();
check unvalidated_outcome();
check researcher_developed_measure();
check assessors_not_blinded();
check no_follow_up();
check clustering_ignored();
check short_time_series();
check not_registered();
check outcome_not_prespecified();
check developer_led();
check no_theory();

const std::vector<check>& all_checks() {
    static const std::vector<check> checks{
        no_comparison_group(),
        non_random_allocation(),
        allocation_method_unreported(),
        allocation_concealment_unreported(),
        baseline_imbalance(),
        confounded_by_cluster(),
        cluster_joiners(),
        contamination(),
        no_pretest(),
        too_few_clusters(),
        small_sample(),
        no_power_calculation(),
        single_site(),
        high_attrition(),
        differential_attrition(),
        completers_analysis(),
        unvalidated_outcome(),
        researcher_developed_measure(),
        assessors_not_blinded(),
        no_follow_up(),
        clustering_ignored(),
        short_time_series(),
        not_registered(),
        outcome_not_prespecified(),
        developer_led(),
        no_theory(),
    };
    return checks;
}

check_results run_checks(const appraise::sdk::study& study, const appraise::sdk::option_values& options,
                         bool flag_not_reported) {
    check_context context(study, options, flag_not_reported);
    context.reserve(all_checks().size());
    for (const check& unit : all_checks()) context.run(unit);
    return context.take_results();
}

}  // namespace design_weakness
