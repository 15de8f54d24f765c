#include "design_weakness_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>

#include <appraise/sdk/helpers.hpp>

#include "design_profile.hpp"
#include "design_weakness_catalogue.hpp"

namespace design_weakness {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

settings settings::from(const sdk::option_values& options) {
    settings s;
    s.min_clusters_per_arm = sdk::option_integer(options, "min_clusters_per_arm");
    s.min_arm_size = sdk::option_integer(options, "min_arm_size");
    s.min_completion = sdk::option_number(options, "min_completion");
    s.max_attrition_gap = sdk::option_number(options, "max_attrition_gap");
    s.flag_not_reported = sdk::option_bool(options, "flag_not_reported");
    return s;
}

namespace {

// Counts print as integers, other values with up to three significant digits.
std::string number_text(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3g", value);
    return buffer;
}

std::string percent_text(double fraction) {
    return number_text(std::round(fraction * 1000) / 10) + "%";
}

class checker {
public:
    checker(const sdk::study& study, const settings& config)
        : study_(study), config_(config), design_(profile_of(study)) {}

    check_results run() {
        no_comparison_group();
        non_random_allocation();
        allocation_method_unreported();
        allocation_concealment_unreported();
        baseline_imbalance();
        too_few_clusters();
        small_sample();
        no_power_calculation();
        single_site();
        high_attrition();
        differential_attrition();
        completers_analysis();
        unvalidated_outcome();
        assessors_not_blinded();
        no_follow_up();
        clustering_ignored();
        not_registered();
        no_theory();
        return std::move(results_);
    }

private:
    // ---- reading facts
    [[nodiscard]] const sdk::node* at(std::string_view path) const { return study_.find(path); }
    [[nodiscard]] std::optional<bool> flag(std::string_view path) const {
        const auto* n = at(path);
        return n != nullptr && n->type == kind::boolean ? std::optional<bool>(n->boolean) : std::nullopt;
    }
    [[nodiscard]] std::optional<std::string> text(std::string_view path) const {
        const auto* n = at(path);
        return n != nullptr && n->type == kind::string ? std::optional<std::string>(n->text) : std::nullopt;
    }
    [[nodiscard]] std::optional<double> number(std::string_view path) const {
        const auto* n = at(path);
        return n != nullptr && n->is_number() ? std::optional<double>(n->number) : std::nullopt;
    }
    [[nodiscard]] std::vector<double> arm_sizes() const {
        std::vector<double> sizes;
        if (const auto* arms = at("sample.arms"); arms != nullptr && arms->type == kind::array)
            for (const auto& item : arms->items) sizes.push_back(item.number);
        return sizes;
    }
    [[nodiscard]] sdk::source_location where(std::string_view path) const { return study_.locate(path); }

    // ---- recording outcomes
    void record(std::string_view slug, check_status status) {
        const check_info& info = info_of(slug);
        results_.outcomes.push_back({slug, status, info.level, info.domain});
    }
    void not_applicable(std::string_view slug) { record(slug, check_status::not_applicable); }
    void passed(std::string_view slug) { record(slug, check_status::passed); }
    void weakness(std::string_view slug, std::string message, const sdk::source_location& location) {
        record(slug, check_status::reported_weakness);
        emit(slug, std::move(message), location);
    }
    void unreported(std::string_view slug, std::string message, const sdk::source_location& location) {
        if (!config_.flag_not_reported) {
            record(slug, check_status::passed);  // not reported, and not flagged
            return;
        }
        record(slug, check_status::unreported);
        emit(slug, std::move(message), location);
    }
    void emit(std::string_view slug, std::string message, const sdk::source_location& location) {
        results_.findings.push_back(
            {std::string(rubric_id) + "/" + std::string(slug), info_of(slug).level, std::move(message), location});
    }

    [[nodiscard]] std::string design_name() const { return design_.type.empty() ? "this design" : design_.type; }

    // ---- the checks, in catalogue order

    void no_comparison_group() {
        constexpr auto slug = "no-comparison-group";
        if (design_.qualitative || design_.observational) return not_applicable(slug);
        if (design_.single_group) {
            const char* path = text("design.comparator") == "none"   ? "design.comparator"
                               : text("design.allocation") == "none" ? "design.allocation"
                                                                     : "design.type";
            return weakness(slug,
                            "no comparison group (" + std::string(path) + " = \"" + text(path).value_or("") +
                                "\"): improvement from before to after cannot be separated from maturation, "
                                "regression to the mean or other events",
                            where(path));
        }
        if (!design_.controlled)
            return unreported(slug,
                              "whether there was a comparison group is not reported (no design.comparator or "
                              "allocation, and design.type does not imply one): the effect cannot be attributed to "
                              "the intervention",
                              where("design.comparator"));
        passed(slug);
    }

    void non_random_allocation() {
        constexpr auto slug = "non-random-allocation";
        if (!design_.controlled) return not_applicable(slug);
        const auto allocation = text("design.allocation");
        if (allocation == "random") return passed(slug);
        if (allocation == "non-random" || allocation == "quasi-random") {
            const std::string how = *allocation == "quasi-random"
                                        ? "quasi-random allocation (e.g. alternation or date of birth) is predictable"
                                        : "non-random allocation lets groups differ in ways that affect the outcome";
            return weakness(slug, "allocation was " + *allocation + ": " + how, where("design.allocation"));
        }
        if (design_.randomised) return passed(slug);
        if (!design_.type.empty())
            return weakness(slug,
                            "the design (" + design_.type +
                                ") did not allocate at random: groups can differ in ways that also affect the "
                                "outcome",
                            where("design.type"));
        unreported(slug,
                   "how participants reached the arms is not reported (no design.allocation): selection bias "
                   "cannot be ruled out",
                   where("design.allocation"));
    }

    void allocation_method_unreported() {
        constexpr auto slug = "allocation-method-unreported";
        if (!design_.randomised) return not_applicable(slug);
        if (at("design.allocation_method")) return passed(slug);
        unreported(slug,
                   "randomisation is claimed but the sequence generation method is not reported: a reader cannot "
                   "judge it and a replication cannot repeat it",
                   where("design.allocation_method"));
    }

    void allocation_concealment_unreported() {
        constexpr auto slug = "allocation-concealment-unreported";
        if (!design_.randomised) return not_applicable(slug);
        const auto concealed = flag("design.concealment");
        if (concealed == true) return passed(slug);
        if (concealed == false)
            return weakness(slug,
                            "allocation was reported as not concealed: those enrolling could foresee assignments "
                            "and steer who entered each arm",
                            where("design.concealment"));
        unreported(slug, "allocation concealment is not reported: a foreseeable sequence can undo randomisation",
                   where("design.concealment"));
    }

    void baseline_imbalance() {
        constexpr auto slug = "baseline-imbalance";
        if (!design_.controlled) return not_applicable(slug);
        const auto equivalent = flag("baseline.equivalent");
        if (equivalent == true) return passed(slug);
        if (equivalent == false) {
            const auto differences = text("baseline.differences");
            return weakness(slug,
                            "groups differed at baseline" + (differences ? " (" + *differences + ")" : std::string()) +
                                ": the difference confounds the comparison unless the analysis adjusts for it",
                            where("baseline.equivalent"));
        }
        unreported(slug, "baseline comparability of the groups is not reported: imbalance cannot be ruled out",
                   where("baseline.equivalent"));
    }

    void too_few_clusters() {
        constexpr auto slug = "too-few-clusters";
        if (!design_.cluster || design_.single_group) return not_applicable(slug);
        const auto clusters = number("design.clusters");
        const std::size_t arm_count = std::max<std::size_t>(2, arm_sizes().size());
        if (!clusters)
            return unreported(slug,
                              "clusters were allocated but their number is not reported: whether the effect can be "
                              "separated from the sites cannot be judged",
                              where("design.clusters"));
        const double per_arm = *clusters / static_cast<double>(arm_count);
        if (per_arm >= static_cast<double>(config_.min_clusters_per_arm)) return passed(slug);
        weakness(slug,
                 number_text(*clusters) + " clusters across " + std::to_string(arm_count) + " arms (" +
                     number_text(per_arm) + " per arm, fewer than " + std::to_string(config_.min_clusters_per_arm) +
                     "): the intervention effect cannot be separated from differences between the clusters",
                 where("design.clusters"));
    }

    void small_sample() {
        constexpr auto slug = "small-sample";
        if (!design_.intervention) return not_applicable(slug);
        const auto arms = arm_sizes();
        const auto minimum = static_cast<double>(config_.min_arm_size);
        if (!arms.empty()) {
            const double smallest = *std::min_element(arms.begin(), arms.end());
            if (smallest >= minimum) return passed(slug);
            return weakness(slug,
                            "smallest arm has " + number_text(smallest) + " participants (below " +
                                std::to_string(config_.min_arm_size) +
                                "): estimates are imprecise and chance imbalance between arms is likely",
                            where("sample.arms"));
        }
        if (const auto enrolled = number("sample.enrolled")) {
            const double arms_assumed = design_.controlled ? 2 : 1;
            const double per_arm = *enrolled / arms_assumed;
            if (per_arm >= minimum) return passed(slug);
            return weakness(slug,
                            number_text(*enrolled) + " enrolled" +
                                (design_.controlled ? " (about " + number_text(per_arm) + " per arm)" : std::string()) +
                                ", below " + std::to_string(config_.min_arm_size) + " per arm: estimates are imprecise",
                            where("sample.enrolled"));
        }
        unreported(slug, "the sample size is not reported (no sample.arms or sample.enrolled)", where("sample.arms"));
    }

    void no_power_calculation() {
        constexpr auto slug = "no-power-calculation";
        if (!design_.intervention) return not_applicable(slug);
        const auto power = flag("sample.power_calculation");
        if (power == true) return passed(slug);
        if (power == false)
            return weakness(slug,
                            "the study reports that no sample-size calculation was done: a null result cannot be "
                            "read as no effect",
                            where("sample.power_calculation"));
        unreported(slug, "no sample-size calculation is reported: the study may be underpowered",
                   where("sample.power_calculation"));
    }

    void single_site() {
        constexpr auto slug = "single-site";
        if (!design_.intervention) return not_applicable(slug);
        const auto sites = number("design.sites");
        if (!sites) return passed(slug);
        if (*sites > 1) return passed(slug);
        weakness(slug,
                 "conducted at a single site: the result may reflect that site's staff and circumstances and may not "
                 "generalise",
                 where("design.sites"));
    }

    // Overall completion: the number, the arm-weighted mean of per-arm values,
    // or analysed / enrolled when completion itself is not coded.
    [[nodiscard]] std::optional<double> overall_completion() const {
        const auto* completion = at("attrition.completion");
        if (completion != nullptr && completion->is_number()) return completion->number;
        if (completion != nullptr && completion->type == kind::array && !completion->items.empty()) {
            const auto arms = arm_sizes();
            double total = 0;
            double weight = 0;
            for (std::size_t i = 0; i < completion->items.size(); ++i) {
                const double w = arms.size() == completion->items.size() ? arms[i] : 1.0;
                total += completion->items[i].number * w;
                weight += w;
            }
            return weight > 0 ? std::optional<double>(total / weight) : std::nullopt;
        }
        const auto analysed = number("attrition.analysed");
        const auto enrolled = number("sample.enrolled");
        if (analysed && enrolled && *enrolled > 0) return std::min(1.0, *analysed / *enrolled);
        return std::nullopt;
    }

    void high_attrition() {
        constexpr auto slug = "high-attrition";
        if (!design_.intervention) return not_applicable(slug);
        const auto completion = overall_completion();
        if (!completion)
            return unreported(slug,
                              "how many participants completed the study is not reported (no attrition.completion, "
                              "or analysed and enrolled): attrition bias cannot be judged",
                              where("attrition.completion"));
        if (*completion >= config_.min_completion) return passed(slug);
        const char* path = at("attrition.completion") ? "attrition.completion" : "attrition.analysed";
        weakness(slug,
                 percent_text(*completion) + " completed (below " + percent_text(config_.min_completion) +
                     "): those who left may differ from those who stayed",
                 where(path));
    }

    void differential_attrition() {
        constexpr auto slug = "differential-attrition";
        if (!design_.controlled) return not_applicable(slug);
        const auto* completion = at("attrition.completion");
        if (completion == nullptr || completion->type != kind::array || completion->items.size() < 2)
            return passed(slug);
        double lowest = 1;
        double highest = 0;
        for (const auto& item : completion->items) {
            lowest = std::min(lowest, item.number);
            highest = std::max(highest, item.number);
        }
        const double gap = highest - lowest;
        if (gap <= config_.max_attrition_gap + 1e-9) return passed(slug);
        weakness(slug,
                 "completion differs between arms by " + percent_text(gap) + " (" + percent_text(lowest) + " to " +
                     percent_text(highest) + ", more than " + percent_text(config_.max_attrition_gap) +
                     "): uneven drop-out breaks the comparability allocation created",
                 where("attrition.completion"));
    }

    void completers_analysis() {
        constexpr auto slug = "completers-analysis";
        if (!design_.intervention) return not_applicable(slug);
        const auto analysis = text("attrition.analysis");
        if (analysis == "completers" || analysis == "per-protocol" || analysis == "as-treated")
            return weakness(slug,
                            "the analysis population is " + *analysis +
                                ", not everyone allocated: excluding those who left inflates the effect when leaving "
                                "is related to the intervention",
                            where("attrition.analysis"));
        if (analysis) return passed(slug);
        const auto completion = overall_completion();
        if (completion && *completion >= 1.0) return passed(slug);
        unreported(slug,
                   "which participants were analysed is not reported (no attrition.analysis) although some may have "
                   "left: a completers-only analysis cannot be ruled out",
                   where("attrition.analysis"));
    }

    void unvalidated_outcome() {
        constexpr auto slug = "unvalidated-outcome";
        if (!design_.intervention) return not_applicable(slug);
        const auto* outcomes = at("outcomes");
        if (outcomes == nullptr || outcomes->items.empty())
            return unreported(slug, "no outcomes are coded: what was measured, and how, is not reported",
                              study_.id_where);
        bool fired = false;
        bool unreported_only = true;
        for (const auto& outcome : outcomes->items) {
            const auto* id = outcome.get("id");
            const std::string name = id != nullptr ? "outcome \"" + id->text + "\"" : "an outcome";
            const auto* instrument = outcome.get("instrument");
            const auto* validated = outcome.get("validated");
            if (instrument == nullptr) {
                fired = true;
                if (config_.flag_not_reported)
                    emit(slug,
                         name + ": no instrument is named: the measure cannot be judged or reused in a replication",
                         outcome.where);
            } else if (validated != nullptr && !validated->boolean) {
                fired = true;
                unreported_only = false;
                emit(slug,
                     name + " (" + instrument->text +
                         "): validity reported as not shown: it may not measure the intended construct",
                     validated->where);
            } else if (validated == nullptr) {
                fired = true;
                if (config_.flag_not_reported)
                    emit(slug,
                         name + " (" + instrument->text +
                             "): validity of the instrument is not reported: it may not measure the intended "
                             "construct",
                         instrument->where);
            }
        }
        if (!fired) return passed(slug);
        if (unreported_only && !config_.flag_not_reported)
            return record(slug, check_status::passed);  // not reported, and not flagged
        record(slug, unreported_only ? check_status::unreported : check_status::reported_weakness);
    }

    void assessors_not_blinded() {
        constexpr auto slug = "assessors-not-blinded";
        if (!design_.controlled) return not_applicable(slug);
        const auto blinded = flag("blinding.assessors");
        if (blinded == true) return passed(slug);
        if (blinded == false)
            return weakness(slug,
                            "outcome assessors were reported as not blinded: knowing the allocation can bias their "
                            "ratings",
                            where("blinding.assessors"));
        unreported(slug, "blinding of outcome assessors is not reported: detection bias cannot be ruled out",
                   where("blinding.assessors"));
    }

    void no_follow_up() {
        constexpr auto slug = "no-follow-up";
        if (!design_.intervention) return not_applicable(slug);
        const auto weeks = number("followup.weeks_after");
        if (weeks && *weeks > 0) return passed(slug);
        if (weeks)
            return weakness(slug,
                            "outcomes were measured only at the post-test (weeks_after = 0): whether any effect lasts "
                            "is unknown",
                            where("followup.weeks_after"));
        unreported(slug, "follow-up after the intervention is not reported: whether any effect lasts is unknown",
                   where("followup.weeks_after"));
    }

    void clustering_ignored() {
        constexpr auto slug = "clustering-ignored";
        if (!design_.cluster) return not_applicable(slug);
        const auto adjusted = flag("analysis.cluster_adjusted");
        const auto unit = text("analysis.unit");
        if (adjusted == true || unit == "cluster") return passed(slug);
        if (adjusted == false)
            return weakness(slug,
                            "the design is clustered but the analysis is reported as not accounting for clustering: "
                            "standard errors are too small and chance differences look significant",
                            where("analysis.cluster_adjusted"));
        if (unit == "individual")
            return weakness(slug,
                            "the design is clustered but children were analysed as individuals with no adjustment "
                            "for clustering reported: standard errors are likely too small",
                            where("analysis.unit"));
        unreported(slug, "the design is clustered but whether the analysis accounted for clustering is not reported",
                   where("analysis.cluster_adjusted"));
    }

    void not_registered() {
        constexpr auto slug = "not-registered";
        if (!design_.intervention) return not_applicable(slug);
        const auto registered = flag("design.registered");
        if (registered == true) return passed(slug);
        if (registered == false)
            return weakness(slug,
                            "the study reports that it was not registered: selective reporting of outcomes cannot be "
                            "detected",
                            where("design.registered"));
        unreported(slug, "prospective registration is not reported: selective reporting cannot be detected",
                   where("design.registered"));
    }

    void no_theory() {
        constexpr auto slug = "no-theory";
        if (const auto theory = text("design.theory")) return passed(slug);
        unreported(slug,
                   "no theoretical framework is reported: a replication cannot tell which parts of the intervention "
                   "are essential",
                   where("design.theory"));
    }

    const sdk::study& study_;
    const settings& config_;
    design_profile design_;
    check_results results_;
};

}  // namespace

check_results run_checks(const sdk::study& study, const settings& config) {
    return checker(study, config).run();
}

}  // namespace design_weakness
