// The design-weakness rubric plugin: runs the checks (checks/, registered in
// check_list.cpp), turns their outcomes into domain judgements (with the
// answers that produced them) and exports the plugin's entry points.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

#include "check_list.hpp"
#include "design_weakness_description.hpp"

namespace design_weakness {
namespace {

namespace sdk = appraise::sdk;

// "major" -> "Major", "no-concern" -> "No concern".
std::string title(std::string word) {
    std::replace(word.begin(), word.end(), '-', ' ');
    if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    return word;
}

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

// The plugin's own domain words, worst last among the rated ones;
// not-reported stands apart (judgement_rungs: no-information).
int rank(const std::string& judgement) {
    if (judgement == "critical") return 4;
    if (judgement == "major") return 3;
    if (judgement == "minor") return 2;
    if (judgement == "no-concern") return 1;
    return 0;  // not-reported, not-applicable
}

std::string list(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

// What the outcomes of one domain's checks say, sorted by the rule's inputs.
struct domain_tally {
    std::size_t applied = 0;
    bool bias_applied = false;
    std::optional<grade> worst_bias;            // of bias weaknesses reported as such
    std::vector<std::string> bias_weaknesses;   // "slug (major)"
    std::vector<std::string> unreported;        // checks whose facts were not reported
    bool bias_unreported = false;               // one of them is a bias check
    std::vector<std::string> other_weaknesses;  // precision, applicability, reporting: "slug (precision)"
};

domain_tally tally_domain(const check_results& results, std::string_view domain, sdk::domain_result& result) {
    domain_tally t;
    result.answers.reserve(static_cast<std::size_t>(std::count_if(
        results.outcomes.begin(), results.outcomes.end(), [&](const check_outcome& o) { return o.domain == domain; })));
    for (const auto& outcome : results.outcomes) {
        if (outcome.domain != domain) continue;
        // Built in place: a braced temporary would be moved, string by string.
        sdk::answer& answer = result.answers.emplace_back();
        answer.id = outcome.slug;
        answer.value = answer_word(outcome.status);
        answer.provenance = "derived";
        if (outcome.status == check_status::not_applicable) continue;
        ++t.applied;
        const bool bias = outcome.concern == sdk::finding_concern::bias;
        t.bias_applied = t.bias_applied || bias;
        if (outcome.status == check_status::passed) continue;
        const std::string slug(outcome.slug);
        if (outcome.status == check_status::unreported) {
            t.unreported.push_back(slug);
            t.bias_unreported = t.bias_unreported || bias;
        } else if (bias) {
            t.bias_weaknesses.push_back(slug + " (" + std::string(to_string(outcome.weight)) + ")");
            if (!t.worst_bias || outcome.weight > *t.worst_bias) t.worst_bias = outcome.weight;
        } else {
            t.other_weaknesses.push_back(slug + " (" + std::string(sdk::to_string(outcome.concern)) + ")");
        }
    }
    return t;
}

// The rule from findings to a domain word (explain prints it, describe()).
std::string judge(const domain_tally& t, std::string& rationale) {
    const std::string also = t.unreported.empty() ? "" : "; not reported: " + list(t.unreported);
    const std::string others = t.other_weaknesses.empty() ? "" : "; also noted: " + list(t.other_weaknesses);
    if (t.applied == 0) {
        rationale = "Not applicable: no check of this domain applies to the design";
        return "not-applicable";
    }
    if (t.worst_bias) {
        std::string word(to_string(*t.worst_bias));
        rationale = title(word) + ": bias weakness reported: " + list(t.bias_weaknesses) + also + others;
        return word;
    }
    const auto not_reported = [&] {
        rationale =
            "Not reported: no bias weakness reported as such, but the study does not report what these "
            "checks need: " +
            list(t.unreported) + others;
        return std::string("not-reported");
    };
    if (t.bias_unreported) return not_reported();
    if (!t.other_weaknesses.empty()) {
        rationale =
            "Minor: only weaknesses of precision, applicability or reporting, which never raise a domain "
            "above minor: " +
            list(t.other_weaknesses) + also;
        return "minor";
    }
    if (!t.unreported.empty()) return not_reported();
    rationale = "No concern: " + std::to_string(t.applied) + (t.applied == 1 ? " check applied" : " checks applied") +
                ", none found a weakness";
    return "no-concern";
}

class design_weakness_rubric final : public sdk::rubric {
public:
    explicit design_weakness_rubric(const sdk::option_values& options)
        : options_(options),
          flag_not_reported_(sdk::option_bool(options, "flag_not_reported")),
          description_(describe()),
          finds_about_the_coding_(
              std::any_of(description_.findings.begin(), description_.findings.end(), [](const sdk::finding_spec& row) {
                  return sdk::is_about_the_coding(row.level, std::string(rubric_id) + "/" + row.slug);
              })) {
        (void)attrition_rule_option(options);  // a word it does not know fails here, before any study
    }

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        std::vector<sdk::appraisal> out(1);  // the appraisal is built in place, never moved
        sdk::appraisal& appraisal = out.front();
        appraisal.rubric = rubric_id;
        appraisal.rubric_version = rubric_version;
        if (study.scope == sdk::appraisal_scope::coding && !finds_about_the_coding_) {
            // `check` reads only the coding's findings and what is not assessed:
            // every check is derived from the facts, warns of the study's
            // design (never of its coding) and no domain is ever not assessed.
            for (const auto& domain : description_.domains) {
                sdk::domain_result& result = appraisal.domains.emplace_back();
                result.id = domain.id;
                result.name = domain.name;
            }
            return out;
        }
        check_results results = run_checks(study, options_, flag_not_reported_);
        std::string worst_rated;
        std::vector<std::string> not_reported;        // a bias check's facts are missing
        std::vector<std::string> other_not_reported;  // only precision, applicability or reporting facts are
        bool bias_applied = false;
        appraisal.domains.reserve(description_.domains.size());
        for (const auto& domain : description_.domains) {
            sdk::domain_result& result = appraisal.domains.emplace_back();  // filled in place
            result.id = domain.id;
            result.name = domain.name;
            const domain_tally t = tally_domain(results, domain.id, result);
            bias_applied = bias_applied || t.bias_applied;
            result.judgement = judge(t, result.rationale);
            if (result.judgement == "not-reported")
                (t.bias_unreported ? not_reported : other_not_reported).push_back(domain.id);
            if (rank(result.judgement) > rank(worst_rated)) worst_rated = result.judgement;
        }
        appraisal.overall =
            overall(bias_applied, worst_rated, not_reported, other_not_reported, appraisal.overall_rationale);
        appraisal.findings = std::move(results.findings);
        return out;
    }

private:
    // A reported major or critical weakness decides; below that, a domain
    // whose bias facts were not reported keeps the study from reading as fine.
    // Missing precision, applicability or reporting facts never do: like their
    // weaknesses, they do not speak to bias (they are listed).
    static std::string overall(bool bias_applied, const std::string& worst_rated,
                               const std::vector<std::string>& not_reported,
                               const std::vector<std::string>& other_not_reported, std::string& rationale) {
        if (!bias_applied) {
            rationale = "Not applicable: no bias check applies to this design";
            return "not-applicable";
        }
        const std::string others =
            other_not_reported.empty()
                ? ""
                : "; not reported, on precision, applicability or reporting only: " + list(other_not_reported);
        if (rank(worst_rated) >= rank("major")) {
            rationale = "The worst domain judgement (" + worst_rated + ")" +
                        (not_reported.empty() ? "" : "; not reported: " + list(not_reported)) + others;
            return worst_rated;
        }
        if (!not_reported.empty()) {
            rationale =
                "Not reported: no major weakness reported, but domains whose bias facts the study does not "
                "report: " +
                list(not_reported) + others;
            return "not-reported";
        }
        // Bias checks applied and none is missing: the rated domains decide.
        std::string worst = worst_rated.empty() ? std::string("no-concern") : worst_rated;
        rationale = "The worst domain judgement (" + worst + ")" + others;
        return worst;
    }

    sdk::option_values options_;  // validated and completed by the host; checks read their own
    bool flag_not_reported_;
    sdk::rubric_description description_;
    bool finds_about_the_coding_;  // a check row whose findings `check` would report
};

void register_rubrics(sdk::registrar& host) {
    host.add(describe(),
             [](const sdk::option_values& options) { return std::make_unique<design_weakness_rubric>(options); });
}

}  // namespace
}  // namespace design_weakness

APPRAISE_PLUGIN("design-weakness", design_weakness::rubric_version, design_weakness::register_rubrics)
