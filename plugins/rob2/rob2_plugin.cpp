// The rob2 rubric plugin: decides whether RoB 2 applies to a study, turns each
// coded result into an appraisal (domain judgements from the algorithms, the
// reviewer's overrides with their reasons, the overall judgement) and exports
// the plugin's entry points.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

#include "rob2_algorithms.hpp"
#include "rob2_answers.hpp"
#include "rob2_catalogue.hpp"
#include "rob2_domain.hpp"
#include "rob2_questions.hpp"

namespace rob2 {
namespace {

namespace sdk = appraise::sdk;

using sdk::text_at;

// "3.1", "3.1 and 3.2", "3.1, 3.2 and 3.3"
std::string listed(const std::vector<std::string>& ids) {
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i) text += (i == 0 ? "" : i + 1 == ids.size() ? " and " : ", ") + ids[i];
    return text;
}

std::string position(const sdk::source_location& where) {
    return "line " + std::to_string(where.line);
}

// Why RoB 2 does not apply to the study's design, or empty when it may.
// design.allocation decides when coded; otherwise design.type. A study with
// neither coded is assessed when a reviewer answered the questions.
struct applicability {
    bool applies = true;
    std::string reason;
    sdk::source_location where;
};

applicability applicability_of(const sdk::study& study) {
    const std::string allocation = text_at(study, "design.allocation");
    if (allocation == "random") return {};
    if (!allocation.empty())
        return {false, "design.allocation = \"" + allocation + "\"", study.locate("design.allocation")};
    const std::string type = text_at(study, "design.type");
    if (type.empty() || type == "rct" || type == "cluster-rct" || type == "crossover-rct") return {};
    return {false, "design.type = \"" + type + "\"", study.locate("design.type")};
}

// Which questions a trial without answers should get, by its design.type,
// and the command that writes them.
std::string answers_range(const sdk::study& study) {
    const std::string type = text_at(study, "design.type");
    if (type == "cluster-rct")
        return "1a.1 ... 5.3 of the cluster variant (`appraise template --rubric rob2 --variant cluster` lists them)";
    if (type == "crossover-rct")
        return "1.1 ... 5.4 and S.1 ... S.4 of the crossover variant (`appraise template --rubric rob2 --variant "
               "crossover` lists them)";
    return "1.1 ... 5.3 (`appraise explain rob2` lists them)";
}

sdk::appraisal empty_appraisal() {
    sdk::appraisal a;
    a.rubric = rubric_id;
    a.rubric_version = rubric_version;
    return a;
}

sdk::appraisal single_line(std::string_view slug, std::string message, const sdk::source_location& where) {
    sdk::appraisal a = empty_appraisal();
    a.findings.push_back({finding_id(slug), sdk::severity::info, std::move(message), where});
    return a;
}

class rob2_rubric final : public sdk::rubric {
public:
    explicit rob2_rubric(const sdk::option_values& options) : settings_(settings_from(options)) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        study_coding coding = read_coding(study, settings_.crossover_encoding);
        const applicability design = applicability_of(study);
        if (!design.applies) {
            std::string message = design.reason +
                                  ": the study is not randomised, so RoB 2 does not apply (assess it "
                                  "with ROBINS-I)";
            if (coding.node != nullptr)
                message += "; the answers under [appraisal.rob2] at " + position(coding.node->where) + " are not used";
            return sdk::one_appraisal(single_line("not-applicable", std::move(message), design.where));
        }
        if (!coding.findings.empty()) {
            sdk::appraisal a = empty_appraisal();
            a.findings = std::move(coding.findings);
            return sdk::one_appraisal(std::move(a));
        }
        if (!coding.any_answer) {
            const bool design_coded =
                study.find("design.allocation") != nullptr || study.find("design.type") != nullptr;
            return sdk::one_appraisal(
                single_line("not-assessed",
                            std::string(design_coded ? "randomised" : "design not coded") +
                                ", and no RoB 2 answers are coded: not assessed; add [appraisal.rob2] with effect "
                                "and the answers to " +
                                answers_range(study),
                            study.locate("appraisal.rob2")));
        }

        std::vector<sdk::appraisal> appraisals;
        for (auto& result : coding.results) appraisals.push_back(appraise_result(result));
        return appraisals;
    }

private:
    sdk::appraisal appraise_result(result_coding& result) const {
        sdk::appraisal a = empty_appraisal();
        a.label = result.label;
        const auto& units = domains(result.design);
        a.domains.reserve(units.size());
        std::vector<domain_judgement> judgements;
        judgements.reserve(units.size());
        const effect e = result.effect_of_interest.value_or(effect::assignment);
        for (std::size_t index = 0; index < units.size(); ++index) {
            const domain_unit& unit = *units[index];
            domain_coding& coding = result.domains[index];
            sdk::domain_result domain;
            domain.id = std::string(unit.id);
            domain.name = std::string(unit.name);
            domain.answers = std::move(coding.answers);
            std::optional<verdict> v;
            std::string unjudged;  // why the domain is not assessed
            if (!coding.usable) {
                std::string errors;
                for (const auto& err : coding.errors) errors += (errors.empty() ? "" : ", ") + err;
                unjudged = "not assessed: coding errors in " + errors;
            } else if (!coding.not_assessed.empty()) {
                unjudged = "not assessed: " + listed(coding.not_assessed) +
                           (coding.not_assessed.size() == 1 ? " is" : " are") + " reached but not answered";
            } else {
                v = unit.variant(e, result.design).judge(coding.sheet, settings_);
                // A domain whose judgement is the reviewer's (crossover S, or an
                // unverified cluster algorithm switched off) says why.
                if (v->value == judgement::no_information) {
                    unjudged = v->rationale;
                    v.reset();
                }
            }
            if (unit.id == "ds") unjudged += carryover_note(result);
            if (v) {
                domain.judgement = std::string(to_word(v->value));
                domain.rationale = v->rationale;
                judgements.push_back({unit.id, v->value});
            } else {
                domain.not_assessed = unjudged;
                domain.rationale = "Not assessed: " + unjudged.substr(std::string_view("not assessed: ").size());
                judgements.push_back({unit.id, judgement::no_information});
            }
            if (const auto o = result.overrides.find(domain.id); o != result.overrides.end()) {
                // A written override stands even on a domain the algorithm could
                // not judge: the judgement is then the reviewer's alone.
                domain.proposed = domain.judgement;
                domain.judgement = std::string(to_word(o->second.value));
                domain.override_reason = o->second.reason;
                domain.rationale += std::string(v ? "; overridden" : "; judged") + " by the reviewer to " +
                                    std::string(to_title(o->second.value)) + ": " + o->second.reason;
                domain.not_assessed.clear();
                judgements.back().value = o->second.value;
            }
            a.domains.push_back(std::move(domain));
        }

        const verdict overall = judge_overall(judgements);
        if (overall.value == judgement::no_information) {
            std::vector<std::string> ids;
            for (const auto& d : a.domains)
                if (!d.not_assessed.empty()) ids.push_back(d.id);
            a.overall = "";
            a.overall_not_assessed =
                "not assessed: " + listed(ids) + (ids.size() == 1 ? " is" : " are") + " not assessed";
            a.overall_rationale = "Not assessed: " + listed(ids) + (ids.size() == 1 ? " is" : " are") +
                                  " not assessed" + overall.rationale;
        } else {
            a.overall = std::string(to_word(overall.value));
            a.overall_rationale = overall.rationale;
        }
        // The robvis layout this result fits (rob2_catalogue.cpp).
        if (result.design == trial_design::cluster) a.robvis_template = "ROB2-Cluster";
        if (result.design == trial_design::crossover) a.robvis_template = "Generic";
        if (result.design != trial_design::parallel)
            a.overall_rationale += "; " +
                                   std::string(result.design == trial_design::cluster ? "cluster" : "crossover") +
                                   " variant of RoB 2 (" + result.design_source + ")";
        if (const auto o = result.overrides.find("overall"); o != result.overrides.end())
            apply_overall_override(a, judgements, o->second, result.findings);
        a.findings = std::move(result.findings);
        return a;
    }

    // Domain S always carries the first-period flag (instruments-2.md section 2).
    static std::string carryover_note(const result_coding& result) {
        if (!result.first_period_only_after_carryover_test) return "; first_period_only_after_carryover_test not coded";
        return *result.first_period_only_after_carryover_test
                   ? "; first_period_only_after_carryover_test = true: first-period data chosen after a carry-over "
                     "test, which biases the result (Cochrane Handbook 5.1 section 16.4.3)"
                   : "; first_period_only_after_carryover_test = false";
    }

    static void apply_overall_override(sdk::appraisal& a, const std::vector<domain_judgement>& judgements,
                                       const override_request& request, std::vector<sdk::finding>& findings) {
        // Not better than the worst judged domain: RoB 2 makes any High domain High overall.
        judgement worst = judgement::low;
        std::string worst_id;
        for (const auto& d : judgements)
            if (severity_rank(d.value) > severity_rank(worst)) {
                worst = d.value;
                worst_id = std::string(d.id);
            }
        if (severity_rank(request.value) < severity_rank(worst)) {
            findings.push_back({finding_id("override-below-tool"), sdk::severity::error,
                                "overall cannot be overridden to " + std::string(to_word(request.value)) + ": " +
                                    worst_id + " is " + std::string(to_word(worst)) +
                                    ", and RoB 2's overall judgement is never better than its worst domain; the "
                                    "override is not applied (override " +
                                    worst_id + " instead, with a reason)",
                                request.where});
            return;
        }
        a.overall_proposed = *a.overall;
        a.overall = std::string(to_word(request.value));
        a.overall_not_assessed.clear();  // a written override stands, as on a domain
        a.overall_override_reason = request.reason;
        a.overall_rationale +=
            "; overridden by the reviewer to " + std::string(to_title(request.value)) + ": " + request.reason;
    }

    algorithm_settings settings_;
};

void register_rubrics(sdk::registrar& host) {
    host.add(describe(), [](const sdk::option_values& options) { return std::make_unique<rob2_rubric>(options); });
}

}  // namespace
}  // namespace rob2

APPRAISE_PLUGIN("rob2", rob2::rubric_version, rob2::register_rubrics)
