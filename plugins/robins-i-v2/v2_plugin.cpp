// The robins-i-v2 rubric plugin: decides whether ROBINS-I V2 applies to a
// study, appraises each coded result, and exports the plugin's entry points.
#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

#include "v2_catalogue.hpp"
#include "v2_result.hpp"

namespace robins_i_v2 {
namespace {

namespace sdk = appraise::sdk;
using sdk::text_at;

sdk::appraisal note(const char* slug, sdk::severity level, std::string message, sdk::source_location where) {
    return sdk::single_finding(rubric_id, rubric_version, slug, level, std::move(message), std::move(where));
}

class robins_i_v2_rubric final : public sdk::rubric {
public:
    explicit robins_i_v2_rubric(const sdk::option_values& options) : config_(settings::from(options)) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        const std::string type = text_at(study, "design.type");
        const sdk::node* answers = study.find("appraisal.robins-i-v2");
        const std::string ignored =
            answers != nullptr ? "; the answers under [appraisal.robins-i-v2] are not used" : "";
        // The draft is for follow-up (cohort) studies of interventions (instruments-2.md section 3).
        if (type == "rct" || type == "cluster-rct" || type == "crossover-rct" ||
            (type.empty() && text_at(study, "design.allocation") == "random"))
            return sdk::one_appraisal(note("not-applicable", sdk::severity::info,
                                           "ROBINS-I V2 does not apply: the study is randomised; use RoB 2" + ignored,
                                           study.locate(type.empty() ? "design.allocation" : "design.type")));
        if (type == "qualitative")
            return sdk::one_appraisal(
                note("not-applicable", sdk::severity::info,
                     "ROBINS-I V2 does not apply: the study is qualitative (no effect estimate)" + ignored,
                     study.locate("design.type")));
        if (answers == nullptr)
            return sdk::one_appraisal(note("not-assessed", sdk::severity::info,
                                           "not assessed with ROBINS-I V2: no [appraisal.robins-i-v2] answers",
                                           study.id_where));
        return sdk::appraise_each_result(*answers, rubric_id, rubric_version, "ROBINS-I V2",
                                         [&](const sdk::node& table, const std::string& label) {
                                             return appraise_result(study, table, config_, label);
                                         });
    }

private:
    settings config_;
};

void register_rubrics(sdk::registrar& host) {
    host.add(describe(),
             [](const sdk::option_values& options) { return std::make_unique<robins_i_v2_rubric>(options); });
}

}  // namespace
}  // namespace robins_i_v2

APPRAISE_PLUGIN("robins-i-v2", robins_i_v2::rubric_version, robins_i_v2::register_rubrics)
