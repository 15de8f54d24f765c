// The robins-i-v2 rubric plugin: decides whether ROBINS-I V2 applies to a
// study, appraises each coded result, and exports the plugin's entry points.
#include <appraise/sdk/rubric_api.hpp>

#include "v2_catalogue.hpp"
#include "v2_result.hpp"

namespace robins_i_v2 {
namespace {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

std::string text_at(const sdk::study& study, std::string_view path) {
    const sdk::node* n = study.find(path);
    return n != nullptr && n->type == kind::string ? n->text : std::string{};
}

sdk::appraisal note(const char* slug, sdk::severity level, std::string message, sdk::source_location where) {
    sdk::appraisal a;
    a.rubric = std::string(rubric_id);
    a.rubric_version = rubric_version;
    a.findings.push_back({std::string(rubric_id) + "/" + slug, level, std::move(message), std::move(where)});
    return a;
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
            return {note("not-applicable", sdk::severity::info,
                         "ROBINS-I V2 does not apply: the study is randomised; use RoB 2" + ignored,
                         study.locate(type.empty() ? "design.allocation" : "design.type"))};
        if (type == "qualitative")
            return {note("not-applicable", sdk::severity::info,
                         "ROBINS-I V2 does not apply: the study is qualitative (no effect estimate)" + ignored,
                         study.locate("design.type"))};
        if (answers == nullptr)
            return {note("not-assessed", sdk::severity::info,
                         "not assessed with ROBINS-I V2: no [appraisal.robins-i-v2] answers", study.id_where)};
        if (answers->type == kind::table) return {appraise_result(study, *answers, config_, {})};
        if (answers->type != kind::array || answers->items.empty())
            return {note("invalid-answers", sdk::severity::error,
                         "[appraisal.robins-i-v2] must be a table (one result) or an array of tables (one per result)",
                         answers->where)};
        std::vector<sdk::appraisal> results;
        const bool several = answers->items.size() > 1;
        std::size_t index = 0;
        for (const auto& item : answers->items) {
            ++index;
            if (item.type != kind::table) {
                results.push_back(note("invalid-answers", sdk::severity::error,
                                       "[[appraisal.robins-i-v2]] element " + std::to_string(index) + " is not a table",
                                       item.where));
                continue;
            }
            const sdk::node* outcome = item.get("outcome");
            const bool named = outcome != nullptr && outcome->type == kind::string;
            const std::string label = !several ? std::string{}
                                      : named  ? outcome->text
                                               : "result " + std::to_string(index);
            auto result = appraise_result(study, item, config_, label);
            if (several && !named)
                result.findings.push_back({std::string(rubric_id) + "/result-unlabelled", sdk::severity::warning,
                                           "this study has several ROBINS-I V2 results but this one names no "
                                           "`outcome`: it is labelled \"" +
                                               label + "\"",
                                           item.where});
            results.push_back(std::move(result));
        }
        return results;
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
