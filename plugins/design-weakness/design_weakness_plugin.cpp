// The design-weakness rubric plugin: runs the checks (checks/, registered in
// check_list.cpp), turns their outcomes into domain judgements (with the
// answers that produced them) and exports the plugin's entry points.
#include <algorithm>

#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

#include "check_list.hpp"
#include "design_weakness_description.hpp"

namespace design_weakness {
namespace {

namespace sdk = appraise::sdk;

std::string answer_word(check_status status) {
    switch (status) {
        case check_status::not_applicable:
            return "not-applicable";
        case check_status::passed:
            return "no-weakness";
        case check_status::reported_weakness:
            return "weakness";
        case check_status::unreported:
            return "not-reported";
    }
    return "not-applicable";
}

int rank(const std::string& judgement) {
    if (judgement == "high") return 3;
    if (judgement == "some-concerns") return 2;
    if (judgement == "low") return 1;
    return 0;  // not-applicable
}

class design_weakness_rubric final : public sdk::rubric {
public:
    explicit design_weakness_rubric(const sdk::option_values& options)
        : options_(options),
          flag_not_reported_(sdk::option_bool(options, "flag_not_reported")),
          description_(describe()) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        check_results results = run_checks(study, options_, flag_not_reported_);
        sdk::appraisal appraisal;
        appraisal.rubric = rubric_id;
        appraisal.rubric_version = rubric_version;
        std::string overall = "not-applicable";
        for (const auto& domain : description_.domains) {
            sdk::domain_result result;
            result.id = domain.id;
            result.name = domain.name;
            std::vector<std::string> warnings;
            std::vector<std::string> infos;
            std::size_t applied = 0;
            for (const auto& outcome : results.outcomes) {
                if (outcome.domain != domain.id) continue;
                result.answers.push_back({std::string(outcome.slug), answer_word(outcome.status), "derived"});
                if (outcome.status == check_status::not_applicable) continue;
                ++applied;
                if (outcome.status == check_status::passed) continue;
                (outcome.level == sdk::severity::info ? infos : warnings)
                    .push_back(std::string(outcome.slug) +
                               (outcome.status == check_status::unreported ? " (not reported)" : ""));
            }
            result.judgement = judge(applied, warnings, infos, result.rationale);
            if (rank(result.judgement) > rank(overall)) overall = result.judgement;
            appraisal.domains.push_back(std::move(result));
        }
        appraisal.overall = overall;
        appraisal.findings = std::move(results.findings);
        return {std::move(appraisal)};
    }

private:
    static std::string list(const std::vector<std::string>& items) {
        std::string text;
        for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
        return text;
    }

    static std::string judge(std::size_t applied, const std::vector<std::string>& warnings,
                             const std::vector<std::string>& infos, std::string& rationale) {
        if (applied == 0) {
            rationale = "Not applicable: no check of this domain applies to the design";
            return "not-applicable";
        }
        if (!warnings.empty()) {
            rationale = "High: warning-level weakness found: " + list(warnings);
            return "high";
        }
        if (!infos.empty()) {
            rationale = "Some concerns: only info-level weaknesses found: " + list(infos);
            return "some-concerns";
        }
        rationale = "Low: " + std::to_string(applied) + (applied == 1 ? " check applied" : " checks applied") +
                    ", none found a weakness";
        return "low";
    }

    sdk::option_values options_;  // validated and completed by the host; checks read their own
    bool flag_not_reported_;
    sdk::rubric_description description_;
};

void register_rubrics(sdk::registrar& host) {
    host.add(describe(),
             [](const sdk::option_values& options) { return std::make_unique<design_weakness_rubric>(options); });
}

}  // namespace
}  // namespace design_weakness

APPRAISE_PLUGIN("design-weakness", design_weakness::rubric_version, design_weakness::register_rubrics)
