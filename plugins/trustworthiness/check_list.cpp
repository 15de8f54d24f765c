#include "check_list.hpp"

namespace trustworthiness {

// Each defined in checks/<name>.cpp. To add a check: write its file (copy a
// similar one) and add it to both lists below.
check registration_timing();
check recruitment_rate();
check single_cluster_arm();
check participant_flow();
check arms_total();
check percent_impossible();
check grim_check();
check grimmer_check();

const std::vector<check>& all_checks() {
    static const std::vector<check> checks{
        registration_timing(), recruitment_rate(),   single_cluster_arm(), participant_flow(),
        arms_total(),          percent_impossible(), grim_check(),         grimmer_check(),
    };
    return checks;
}

check_results run_checks(const appraise::sdk::study& study, const appraise::sdk::option_values& options) {
    check_context context(study, options);
    context.outcomes().reserve(all_checks().size());  // every check records one
    for (const check& unit : all_checks()) context.run(unit);
    return {std::move(context.findings()), std::move(context.outcomes())};
}

}  // namespace trustworthiness
