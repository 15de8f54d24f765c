// The robins-i rubric plugin: decides whether ROBINS-I applies to a study,
// appraises each coded result, and exports the plugin's entry points.
#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

#include "robins_i_catalogue.hpp"
#include "robins_i_result.hpp"

namespace robins_i {
namespace {

namespace sdk = appraise::sdk;
using sdk::text_at;

sdk::appraisal note(const char* slug, std::string message, sdk::source_location where) {
    return sdk::single_finding(rubric_id, rubric_version, slug, sdk::severity::info, std::move(message),
                               std::move(where));
}

// ROBINS-I judges a non-randomised study against a target trial by comparing
// cohorts that received different interventions (Sterne et al. 2016; the V2
// draft says so outright: "for follow-up (cohort) studies", instruments-2.md
// section 3). These designs have no such comparison.
bool outside_cohort_scope(const std::string& type) {
    return type == "pre-post" || type == "case-series" || type == "cross-sectional";
}

sdk::finding design_scope(const sdk::study& study, const std::string& type) {
    return {std::string(rubric_id) + "/design-not-cohort", sdk::severity::info,
            "ROBINS-I was designed for cohort-type comparisons of interventions (groups followed from the start "
            "of the intervention); design.type = " +
                type +
                " is not one, so its domain judgements, confounding above all, may not mean what they mean "
                "for a cohort study",
            study.locate("design.type")};
}

class robins_i_rubric final : public sdk::rubric {
public:
    explicit robins_i_rubric(const sdk::option_values& options) : config_(settings::from(options)) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        auto results = appraise_in_scope(study);
        const std::string type = text_at(study, "design.type");
        // Once per study, on its first result, ahead of that result's findings.
        if (outside_cohort_scope(type) && !results.empty())
            results.front().findings.insert(results.front().findings.begin(), design_scope(study, type));
        return results;
    }

private:
    [[nodiscard]] std::vector<sdk::appraisal> appraise_in_scope(const sdk::study& study) const {
        const std::string type = text_at(study, "design.type");
        const sdk::node* answers = study.find("appraisal.robins-i");
        const std::string ignored = answers != nullptr ? "; the answers under [appraisal.robins-i] are not used" : "";
        if (type == "rct" || type == "cluster-rct" || type == "crossover-rct" ||
            (type.empty() && text_at(study, "design.allocation") == "random"))
            return sdk::one_appraisal(
                note("not-applicable",
                     "ROBINS-I does not apply: the study is randomised (" +
                         (type.empty() ? std::string("allocation = random") : "design.type = " + type) +
                         "); use RoB 2" + ignored,
                     study.locate(type.empty() ? "design.allocation" : "design.type")));
        if (type == "qualitative")
            return sdk::one_appraisal(note(
                "not-applicable", "ROBINS-I does not apply: the study is qualitative (no effect estimate)" + ignored,
                study.locate("design.type")));
        if (answers == nullptr)
            return sdk::one_appraisal(
                note("not-assessed",
                     "not assessed with ROBINS-I: no [appraisal.robins-i] answers (a non-randomised study "
                     "of an intervention is in its scope)",
                     study.id_where));
        return sdk::appraise_each_result(*answers, rubric_id, rubric_version, "ROBINS-I",
                                         [&](const sdk::node& table, const std::string& label) {
                                             return appraise_result(study, table, config_, label);
                                         });
    }

    settings config_;
};

void register_rubrics(sdk::registrar& host) {
    host.add(describe(), [](const sdk::option_values& options) { return std::make_unique<robins_i_rubric>(options); });
}

}  // namespace
}  // namespace robins_i

APPRAISE_PLUGIN("robins-i", robins_i::rubric_version, robins_i::register_rubrics)
