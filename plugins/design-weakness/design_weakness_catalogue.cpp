#include "design_weakness_catalogue.hpp"

#include <array>
#include <string_view>
#include <utility>
#include <vector>

namespace design_weakness {

namespace sdk = appraise::sdk;

namespace {

constexpr const char* controlled_designs =
    "studies comparing an intervention group with another group (rct, cluster-rct, crossover-rct, "
    "non-randomised-controlled, controlled-before-after, or a comparator coded)";
constexpr const char* randomised_designs =
    "randomised studies (rct, cluster-rct, crossover-rct, or allocation = random)";
constexpr const char* cluster_designs = "cluster-allocated studies (design.unit = cluster, or cluster-rct)";
constexpr const char* intervention_designs =
    "quantitative evaluations of an intervention (every design except qualitative, cohort, case-control and "
    "cross-sectional)";

// slug -> domain id
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> domain_table{{
    {"no-comparison-group", "allocation"},
    {"non-random-allocation", "allocation"},
    {"allocation-method-unreported", "allocation"},
    {"allocation-concealment-unreported", "allocation"},
    {"baseline-imbalance", "allocation"},
    {"too-few-clusters", "sample"},
    {"small-sample", "sample"},
    {"no-power-calculation", "sample"},
    {"single-site", "sample"},
    {"high-attrition", "attrition"},
    {"differential-attrition", "attrition"},
    {"completers-analysis", "attrition"},
    {"unvalidated-outcome", "measurement"},
    {"assessors-not-blinded", "measurement"},
    {"no-follow-up", "measurement"},
    {"clustering-ignored", "analysis"},
    {"not-registered", "transparency"},
    {"no-theory", "transparency"},
}};

}  // namespace

const check_info& info_of(std::string_view slug) {
    static const std::vector<check_info> table = [] {
        std::vector<check_info> infos;
        const auto description = describe();
        for (const auto& [finding, domain] : domain_table) {
            check_info info{finding, domain, sdk::severity::warning};
            for (const auto& spec : description.findings)
                if (spec.slug == finding) info.level = spec.level;
            infos.push_back(info);
        }
        return infos;
    }();
    for (const auto& info : table)
        if (info.slug == slug) return info;
    static const check_info unknown{"", "transparency", sdk::severity::warning};
    return unknown;
}

sdk::rubric_description describe() {
    using sev = sdk::severity;
    sdk::rubric_description d;
    d.id = rubric_id;
    d.name = "Design weaknesses";
    d.version = rubric_version;
    d.summary = "design and reporting weaknesses that threaten validity or block replication";
    d.judgement_scale = {"low", "some-concerns", "high", "not-applicable"};
    d.domains = {
        {"allocation", "Allocation", "comparison group, randomisation, concealment, baseline balance"},
        {"sample", "Sample", "clusters, arm sizes, power, sites"},
        {"attrition", "Attrition", "completion, differential loss, analysis population"},
        {"measurement", "Measurement", "instruments, blinding of assessors, follow-up"},
        {"analysis", "Analysis", "unit of analysis in cluster designs"},
        {"transparency", "Transparency", "registration and theory"},
    };
    d.details =
        "Each check reads study facts only; nothing here needs a reviewer's answers. A check that cannot apply to "
        "a study's design stays silent. Omitted keys mean 'not reported' and each message says whether a weakness "
        "was reported as such or simply not reported.\n"
        "Domain judgement: high when any warning fires in the domain, some-concerns when only info findings fire, "
        "low when its checks applied and none fired, not-applicable when none of its checks applies. Overall: the "
        "worst domain judgement (not-applicable domains are ignored).";

    d.findings = {
        {"no-comparison-group",
         sev::warning,
         "no comparison group",
         {"design.type", "design.comparator", "design.allocation"},
         intervention_designs,
         "without a comparison group, change over time (maturation, seasonal effects, regression to the mean, "
         "other programmes) cannot be told apart from the intervention's effect"},
        {"non-random-allocation",
         sev::warning,
         "participants or clusters were not randomly allocated",
         {"design.type", "design.allocation"},
         controlled_designs,
         "when people or schools choose or are chosen for the intervention, the groups can differ in ways that "
         "also affect the outcome (selection bias)"},
        {"allocation-method-unreported",
         sev::warning,
         "random allocation claimed but the method is not described",
         {"design.allocation_method"},
         randomised_designs,
         "'randomly divided' without a method often hides alternation or convenience; a reader cannot judge the "
         "sequence and a replication cannot repeat it"},
        {"allocation-concealment-unreported",
         sev::warning,
         "allocation concealment not reported, or not done",
         {"design.concealment"},
         randomised_designs,
         "if recruiters can foresee the next assignment they can steer who enters which arm, undoing randomisation"},
        {"baseline-imbalance",
         sev::warning,
         "groups differed at baseline, or comparability was not reported",
         {"baseline.equivalent", "baseline.differences"},
         controlled_designs,
         "differences at baseline confound the comparison unless the analysis adjusts for them"},
        {"too-few-clusters",
         sev::warning,
         "too few clusters per arm (option min_clusters_per_arm)",
         {"design.unit", "design.clusters", "sample.arms"},
         cluster_designs,
         "with one or two clusters per arm the intervention effect cannot be separated from differences between "
         "the schools or villages themselves"},
        {"small-sample",
         sev::warning,
         "smallest arm below min_arm_size participants",
         {"sample.arms", "sample.enrolled"},
         intervention_designs,
         "small arms give imprecise estimates and chance imbalances, and small studies that are published tend "
         "to overstate effects"},
        {"no-power-calculation",
         sev::warning,
         "no sample-size calculation",
         {"sample.power_calculation"},
         intervention_designs,
         "without a power calculation a null result cannot be read as absence of an effect, and the sample size "
         "may have been chosen after seeing the data"},
        {"single-site",
         sev::info,
         "conducted at a single site",
         {"design.sites"},
         intervention_designs,
         "results from one school or village may reflect that site's staff and circumstances and may not "
         "generalise"},
        {"high-attrition",
         sev::warning,
         "completion below min_completion, or withdrawals not reported",
         {"attrition.completion", "attrition.analysed", "sample.enrolled"},
         intervention_designs,
         "when many participants drop out, those who remain may differ from those who left, biasing the estimate"},
        {"differential-attrition",
         sev::warning,
         "completion differs between arms by more than max_attrition_gap",
         {"attrition.completion"},
         controlled_designs,
         "uneven drop-out between arms breaks the comparability that allocation created"},
        {"completers-analysis",
         sev::warning,
         "only completers (or per protocol / as treated) analysed",
         {"attrition.analysis", "attrition.completion"},
         intervention_designs,
         "dropping those who left exaggerates effects when leaving is related to how the intervention went"},
        {"unvalidated-outcome",
         sev::warning,
         "outcome instrument not named, or its validity not shown",
         {"outcomes.instrument", "outcomes.validated"},
         intervention_designs,
         "an unnamed or self-made measure may not measure the construct at all, and a replication cannot reuse "
         "it"},
        {"assessors-not-blinded",
         sev::warning,
         "outcome assessors not blinded, or blinding not reported",
         {"blinding.assessors"},
         controlled_designs,
         "assessors who know the allocation can, knowingly or not, rate the intervention group more favourably"},
        {"no-follow-up",
         sev::warning,
         "nothing measured after the post-test",
         {"followup.weeks_after"},
         intervention_designs,
         "an effect measured only at the end of the intervention says nothing about whether it lasts, which is "
         "what matters for children's health"},
        {"clustering-ignored",
         sev::warning,
         "clusters allocated but the analysis treats children as independent",
         {"analysis.unit", "analysis.cluster_adjusted", "design.unit"},
         cluster_designs,
         "ignoring clustering understates standard errors, so chance differences look significant"},
        {"not-registered",
         sev::info,
         "not prospectively registered",
         {"design.registered"},
         intervention_designs,
         "without registration, selective reporting of outcomes and analyses cannot be detected"},
        {"no-theory",
         sev::info,
         "no theoretical framework named",
         {"design.theory"},
         "every design",
         "without a named theory of change, a replication cannot tell which parts of the intervention are "
         "essential"},
    };

    using ok = sdk::option_spec::kind;
    d.options = {
        {"min_clusters_per_arm", ok::integer, "4", 1, std::nullopt,
         "fewest clusters per arm before too-few-clusters fires"},
        {"min_arm_size", ok::integer, "30", 1, std::nullopt, "smallest arm size before small-sample fires"},
        {"min_completion", ok::number, "0.8", 0, 1, "completion below this fires high-attrition"},
        {"max_attrition_gap", ok::number, "0.1", 0, 1,
         "largest difference in completion between arms before differential-attrition fires"},
        {"flag_not_reported", ok::boolean, "true", std::nullopt, std::nullopt,
         "also report checks whose facts were not reported (false: only weaknesses reported as such, and a check "
         "whose facts are missing counts as passed in the domain judgement)"},
    };
    return d;
}

}  // namespace design_weakness
