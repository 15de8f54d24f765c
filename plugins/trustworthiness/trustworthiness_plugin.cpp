// The trustworthiness rubric plugin: runs the computable flags (checks/,
// listed in check_list.cpp), reads the reviewer's INSPECT-SR answers, proposes
// domain and overall judgements (judgement_rule.cpp), applies the reviewer's
// overrides, and exports the plugin's entry points.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

#include "check_list.hpp"
#include "inspect_checks.hpp"
#include "judgement_rule.hpp"
#include "trustworthiness_description.hpp"

namespace trustworthiness {
namespace {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

std::string finding_id(std::string_view slug) {
    return std::string(rubric_id) + "/" + std::string(slug);
}

sdk::finding integrity_finding(std::string_view slug, sdk::severity level, std::string message,
                               sdk::source_location where) {
    return {finding_id(slug), level, std::move(message), std::move(where), sdk::finding_concern::integrity};
}

std::string status_word(check_status status) {
    switch (status) {
        case check_status::not_applicable:
            return "not-applicable";
        case check_status::not_assessed:
            return "not-assessed";
        case check_status::consistent:
            return "consistent";
        case check_status::flagged:
            return "flagged";
    }
    return "not-assessed";
}

// Appends an answer built in place: a braced temporary would be moved, string by string.
void add_answer(std::vector<sdk::answer>& answers, std::string_view id, const std::string& value,
                std::string_view provenance) {
    sdk::answer& a = answers.emplace_back();
    a.id = id;
    a.value = value;
    a.provenance = provenance;
}

std::string list(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

// One INSPECT-SR check as read for a study.
struct item_state {
    const inspect_check* check = nullptr;
    std::string value;               // yes, no, not-applicable; empty: not assessed
    std::string provenance;          // coded, derived, not-assessed
    std::vector<std::string> flags;  // computed flags informing it that fired
};

class trustworthiness_rubric final : public sdk::rubric {
public:
    explicit trustworthiness_rubric(const sdk::option_values& options)
        : options_(options),
          serious_at_(sdk::option_integer(options, "serious_concerns_at")),
          description_(describe()) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        check_results results = run_checks(study, options_);
        std::vector<sdk::appraisal> out(1);  // the appraisal is built in place, never moved
        sdk::appraisal& a = out.front();
        a.rubric = rubric_id;
        a.rubric_version = rubric_version;
        a.findings = std::move(results.findings);

        const sdk::node* table = study.find("appraisal");
        table = table != nullptr ? table->get(rubric_id) : nullptr;
        if (table != nullptr && table->type != kind::table) {
            a.findings.push_back(integrity_finding(
                "invalid-answers", sdk::severity::error,
                "[appraisal.trustworthiness] must be a table of answers (\"1.1\" = \"no\"); every check is not "
                "assessed",
                table->where));
            table = nullptr;
        }
        if (table != nullptr) check_keys(*table, a.findings);

        std::vector<item_state> items = read_items(table, results.outcomes, a.findings);
        const auto overrides = read_overrides(table, a.findings);

        std::vector<domain_judgement> judged;
        std::vector<std::string> unanswered;
        a.domains.reserve(description_.domains.size());
        for (const auto& spec : description_.domains) {
            sdk::domain_result& d = a.domains.emplace_back();  // filled in place
            d.id = spec.id;
            d.name = spec.name;
            domain_inputs in;
            d.answers.reserve(static_cast<std::size_t>(
                std::count_if(items.begin(), items.end(),
                              [&](const item_state& i) { return i.check->domain == spec.id; }) +
                std::count_if(results.outcomes.begin(), results.outcomes.end(),
                              [&](const check_outcome& o) { return o.domain == spec.id; })));
            for (const auto& item : items) {
                if (item.check->domain != spec.id) continue;
                const std::string id(item.check->id);
                add_answer(d.answers, id, item.value, item.provenance);
                if (item.value.empty()) {
                    in.unanswered.push_back(id);
                    unanswered.push_back(id);
                } else if (item.value == "yes") {
                    const std::string from =
                        item.provenance == "derived" ? id + " (derived from " + list(item.flags) + ")" : id;
                    (item.check->serious ? in.serious : in.concerns).push_back(from);
                }
            }
            for (const auto& outcome : results.outcomes) {
                if (outcome.domain != spec.id) continue;
                add_answer(d.answers, outcome.slug, status_word(outcome.status),
                           outcome.status == check_status::not_assessed ? "missing" : "derived");
                if (outcome.status == check_status::flagged && outcome.informs.empty())
                    in.flags.emplace_back(outcome.slug);
            }
            const proposal p = propose_domain(in, serious_at_);
            if (p.judgement.empty())
                d.not_assessed = p.rationale;
            else
                d.rationale = p.rationale;
            d.judgement = p.judgement;
            if (const auto o = overrides.find(spec.id); o != overrides.end()) apply(o->second, d, a.findings);
            judged.push_back({spec.id, d.judgement});
        }

        const proposal overall = propose_overall(judged);
        a.overall = overall.judgement;
        (overall.judgement.empty() ? a.overall_not_assessed : a.overall_rationale) = overall.rationale;
        if (const auto o = overrides.find("overall"); o != overrides.end()) {
            a.overall_proposed = overall.judgement.empty() ? "not-assessed" : overall.judgement;
            a.overall_override_reason = o->second.reason;
            a.overall = o->second.judgement;
            a.overall_not_assessed.clear();
            a.overall_rationale = confirmation(a.overall_proposed, o->second) +
                                  (overall.judgement.empty() ? "" : "; the proposal: " + overall.rationale);
            a.findings.push_back(integrity_finding("overridden", sdk::severity::info,
                                                   "overall " + confirmation(a.overall_proposed, o->second),
                                                   o->second.where));
        } else if (!overall.judgement.empty()) {
            a.findings.push_back(integrity_finding(
                "proposal", sdk::severity::info,
                "the overall judgement " + overall.judgement +
                    " is a proposal (INSPECT-SR has no mechanical rule): confirm or change it with "
                    "[appraisal.trustworthiness.override] overall = { judgement = \"...\", reason = \"...\" }",
                table != nullptr ? table->where : study.id_where));
        }
        if (!unanswered.empty())
            a.findings.push_back(integrity_finding(
                "not-assessed", sdk::severity::warning,
                "INSPECT-SR checks not answered: " + list(unanswered) +
                    " (not assessed, never taken as no; `appraise explain trustworthiness` lists them)",
                table != nullptr ? table->where : study.id_where));
        return out;
    }

private:
    static std::string confirmation(const std::string& proposed, const sdk::judgement_override& o) {
        return (proposed == o.judgement ? "confirmed by the reviewer as " : "set by the reviewer to ") + o.judgement +
               " (proposed: " + proposed + "): " + o.reason;
    }

    static void apply(const sdk::judgement_override& o, sdk::domain_result& d, std::vector<sdk::finding>& findings) {
        d.proposed = d.judgement.empty() ? "not-assessed" : d.judgement;
        d.override_reason = o.reason;
        d.judgement = o.judgement;
        const std::string said = confirmation(d.proposed, o);
        d.rationale = said + (d.rationale.empty() ? "" : "; the proposal: " + d.rationale) +
                      (d.not_assessed.empty() ? "" : "; the proposal was " + d.not_assessed);
        d.not_assessed.clear();
        findings.push_back(integrity_finding("overridden", sdk::severity::info, d.name + " " + said, o.where));
    }

    static void check_keys(const sdk::node& table, std::vector<sdk::finding>& findings) {
        std::vector<std::string> keys{"override", "support", "direction", "notes"};
        for (const auto& q : inspect_checks()) keys.emplace_back(q.id);
        for (const auto& [key, value] : table.members) {
            if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
            findings.push_back(integrity_finding("unknown-key", sdk::severity::error,
                                                 sdk::unknown_key_message(key, keys, "trustworthiness", rubric_id),
                                                 value.where));
        }
    }

    static std::vector<item_state> read_items(const sdk::node* table, const std::vector<check_outcome>& outcomes,
                                              std::vector<sdk::finding>& findings) {
        std::vector<item_state> items;
        items.reserve(inspect_checks().size());
        for (const auto& q : inspect_checks()) {
            item_state item{&q, "", "not-assessed", {}};
            for (const auto& outcome : outcomes)
                if (outcome.informs == q.id && outcome.status == check_status::flagged)
                    item.flags.emplace_back(outcome.slug);
            const sdk::node* answer = table != nullptr ? table->get(q.id) : nullptr;
            if (answer != nullptr) {
                const auto& words = answer_words();
                if (answer->type == kind::string &&
                    std::find(words.begin(), words.end(), answer->text) != words.end()) {
                    item.value = answer->text;
                    item.provenance = "coded";
                    if (item.value == "yes")
                        findings.push_back(integrity_finding(
                            q.slug, sdk::severity::warning,
                            std::string(q.id) + " answered yes: " + std::string(q.title) + "; " + std::string(q.why),
                            answer->where));
                    else if (!item.flags.empty())
                        findings.push_back(integrity_finding("flag-overruled", sdk::severity::info,
                                                             std::string(q.id) + " answered " + item.value +
                                                                 " although " + list(item.flags) +
                                                                 " flagged it: the reviewer's answer is used",
                                                             answer->where));
                } else {
                    findings.push_back(integrity_finding(
                        "invalid-answer", sdk::severity::error,
                        std::string(q.id) + ": answer yes (a concern), no or not-applicable; the check is not assessed",
                        answer->where));
                }
            }
            if (item.value.empty() && !item.flags.empty()) {
                item.value = "yes";
                item.provenance = "derived";
            }
            items.push_back(std::move(item));
        }
        return items;
    }

    static std::map<std::string, sdk::judgement_override, std::less<>> read_overrides(
        const sdk::node* table, std::vector<sdk::finding>& findings) {
        std::map<std::string, sdk::judgement_override, std::less<>> result;
        const sdk::node* overrides = table != nullptr ? table->get("override") : nullptr;
        if (overrides == nullptr) return result;
        const auto report = [&](sdk::override_problem, const std::string& message, const sdk::source_location& where) {
            findings.push_back(integrity_finding("invalid-override", sdk::severity::error, message, where));
        };
        for (auto& o : sdk::read_overrides(*overrides, {"notices", "conduct", "text", "results"},
                                           {no_concerns, some_concerns, serious_concerns}, report))
            result[o.target] = std::move(o);
        return result;
    }

    sdk::option_values options_;
    std::int64_t serious_at_;
    sdk::rubric_description description_;
};

void register_rubrics(sdk::registrar& host) {
    host.add(describe(),
             [](const sdk::option_values& options) { return std::make_unique<trustworthiness_rubric>(options); });
}

}  // namespace
}  // namespace trustworthiness

APPRAISE_PLUGIN("trustworthiness", trustworthiness::rubric_version, trustworthiness::register_rubrics)
