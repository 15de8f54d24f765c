// The ephpp rubric plugin: derives every EPHPP answer from the coded facts
// (or takes the reviewer's), rates components A-F and the study, records G
// and H, and exports the plugin's entry points.
#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

#include "ephpp_catalogue.hpp"
#include "ephpp_derive.hpp"
#include "ephpp_override.hpp"
#include "ephpp_questions.hpp"
#include "ephpp_ratings.hpp"
#include "ephpp_settings.hpp"

namespace ephpp {
namespace {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

std::string title(const std::string& word) {
    if (word == "not-applicable") return "Not applicable";
    std::string t = word;
    if (!t.empty()) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
    return t;
}

// Where a finding about a component points when no coded answer is involved.
std::string_view fact_of(char component) {
    switch (component) {
        case 'a':
            return "sample.participation";
        case 'b':
            return "design.type";
        case 'c':
            return "baseline.confounders_controlled";
        case 'd':
            return "blinding.assessors";
        case 'e':
            return "outcomes";
        case 'f':
            return "attrition.completion";
        case 'g':
            return "intervention.received";
        default:
            return "analysis.unit";
    }
}

struct read_answer {
    const question* q = nullptr;
    int code = 0;
    sdk::answer shown;
    std::string explained;             // for the rationale
    const sdk::node* coded = nullptr;  // the reviewer's node, when coded
};

class ephpp_rubric final : public sdk::rubric {
public:
    explicit ephpp_rubric(const sdk::option_values& options) : config_(settings::from(options)) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        std::vector<sdk::appraisal> out(1);  // the appraisal is built in place, never moved
        sdk::appraisal& a = out.front();
        a.rubric = rubric_id;
        a.rubric_version = rubric_version;
        const sdk::node* type = study.find("design.type");
        if (type != nullptr && type->type == kind::string && type->text == "qualitative") {
            a.findings.push_back({finding_id("not-applicable"), sdk::severity::info,
                                  "EPHPP does not apply: the study is qualitative (design.type = qualitative)",
                                  type->where});
            return out;
        }
        const sdk::node* coded = study.find("appraisal.ephpp");
        if (coded != nullptr && coded->type != kind::table) {
            a.findings.push_back({finding_id("invalid-answers"), sdk::severity::error,
                                  "[appraisal.ephpp] must be a table of answers; every answer is derived instead",
                                  coded->where});
            coded = nullptr;
        }
        if (coded != nullptr) check_keys(*coded, a.findings);
        if (study.scope == sdk::appraisal_scope::coding && coding_only(a, coded)) return out;

        answer_codes codes;
        std::vector<read_answer> answers;
        codes.reserve(questions().size());
        answers.reserve(questions().size());
        for (const auto& q : questions()) {
            read(answers.emplace_back(), q, study, coded, codes, a.findings);  // in place, never moved
            codes.emplace_back(q.id, answers.back().code);                     // ids are unique
        }

        const auto overrides = read_overrides(coded != nullptr ? coded->get("override") : nullptr, a.findings);
        std::vector<std::string> rated;
        a.domains.reserve(domain_specs().size());
        for (const auto& spec : domain_specs()) {
            const char c = spec.id[0];
            sdk::domain_result& d = a.domains.emplace_back();  // filled in place
            d.id = spec.id;
            d.name = spec.name;
            std::vector<int> component_codes;
            std::string read_text;
            const sdk::node* first_coded = nullptr;
            d.answers.reserve(static_cast<std::size_t>(std::count_if(
                answers.begin(), answers.end(), [&](const read_answer& r) { return r.q->component == c; })));
            for (auto& r : answers) {
                if (r.q->component != c) continue;
                component_codes.push_back(r.code);
                // Each question is in one component: its answer moves to that domain
                // (the three texts it has; moving the whole answer moves ten).
                sdk::answer& shown = d.answers.emplace_back();
                shown.id = std::move(r.shown.id);
                shown.value = std::move(r.shown.value);
                shown.provenance = std::move(r.shown.provenance);
                if (!read_text.empty()) read_text += "; ";
                read_text += r.explained;
                if (first_coded == nullptr) first_coded = r.coded;
            }
            if (c >= 'g') {
                d.judgement = "not-rated";
                d.rationale = "Not rated (EPHPP records this section without a rating); read: ";
                d.rationale += read_text;
                continue;
            }
            const component_rating r = rate_component(c, component_codes, config_);
            if (r.rating) {
                d.judgement = *r.rating;
                d.rationale = title(d.judgement);
                d.rationale.append(": ").append(r.rule).append("; read: ").append(read_text);
            } else {
                d.judgement = config_.unrated_default;
                d.rationale = title(d.judgement);
                d.rationale.append(": default used, because ")
                    .append(r.rule)
                    .append(" (option unrated_default = \"")
                    .append(config_.unrated_default)
                    .append("\"); read: ")
                    .append(read_text);
                a.findings.push_back(
                    {finding_id("unrated-combination"), sdk::severity::info,
                     spec.name + ": " + r.rule + "; rated " + config_.unrated_default + " by option unrated_default",
                     first_coded != nullptr ? first_coded->where : study.locate(fact_of(c))});
            }
            if (const auto o = overrides.find(spec.id); o != overrides.end()) {
                d.proposed = d.judgement;
                d.judgement = o->second.judgement;
                d.override_reason = o->second.reason;
                d.rationale += "; overridden to " + title(d.judgement) + ": " + o->second.reason;
                a.findings.push_back(
                    {finding_id("overridden"), sdk::severity::info,
                     spec.name + " overridden from " + d.proposed + " to " + d.judgement + ": " + o->second.reason,
                     o->second.where});
            }
            rated.push_back(d.judgement);
        }

        const global_rating g = rate_global(rated);
        a.overall = g.rating;
        a.overall_rationale = g.rule;
        if (const auto o = overrides.find("overall"); o != overrides.end()) {
            a.overall_proposed = g.rating;
            a.overall_override_reason = o->second.reason;
            a.overall = o->second.judgement;
            a.overall_rationale += "; overridden to " + title(o->second.judgement) + ": " + o->second.reason;
            a.findings.push_back(
                {finding_id("overridden"), sdk::severity::info,
                 "global rating overridden from " + g.rating + " to " + o->second.judgement + ": " + o->second.reason,
                 o->second.where});
        }
        return out;
    }

private:
    static std::string finding_id(const char* slug) { return std::string(rubric_id) + "/" + slug; }

    // The reviewer's node for question q, as read() takes it (the last key that names it).
    static const sdk::node* coded_node(const sdk::node* coded, const question& q) {
        const sdk::node* node = nullptr;
        if (coded != nullptr)
            for (const auto& [key, value] : coded->members)
                if (same_id(key, q.id)) node = &value;
        return node;
    }

    static std::optional<int> coded_code(const question& q, const sdk::node& node) {
        if (node.type == kind::integer) return code_of(q, std::to_string(node.integer));
        if (node.type == kind::string) return code_of(q, node.text);
        return std::nullopt;
    }

    // What `check` reads (sdk::appraisal_scope::coding), when every coded
    // answer is a response of its question: the override errors and each
    // component with the reviewer's answers, nothing derived or rated. An
    // invalid answer's error names the answer derived in its place, which
    // rests on the answers before it: false then, and the full appraisal
    // runs instead (the findings come out the same either way).
    static bool coding_only(sdk::appraisal& a, const sdk::node* coded) {
        std::vector<std::pair<const question*, int>> given;
        for (const auto& q : questions())
            if (const sdk::node* node = coded_node(coded, q)) {
                const auto code = coded_code(q, *node);
                if (!code) return false;
                given.emplace_back(&q, *code);
            }
        (void)read_overrides(coded != nullptr ? coded->get("override") : nullptr, a.findings);
        a.domains.reserve(domain_specs().size());
        for (const auto& spec : domain_specs()) {
            sdk::domain_result& d = a.domains.emplace_back();
            d.id = spec.id;
            d.name = spec.name;
            for (const auto& [q, code] : given)
                if (q->component == spec.id[0]) {
                    sdk::answer& shown = d.answers.emplace_back();
                    shown.id = q->id;
                    shown.value = word_of(*q, code);
                    shown.provenance = "coded";
                }
        }
        return true;
    }

    static void check_keys(const sdk::node& coded, std::vector<sdk::finding>& findings) {
        for (const auto& [key, value] : coded.members) {
            if (key == "override" || key == "notes" || key == "support" || key == "direction" ||
                find_question(key) != nullptr)
                continue;
            findings.push_back({finding_id("unknown-key"), sdk::severity::error,
                                "unknown key `" + key +
                                    "` under [appraisal.ephpp]: answers are keyed A1, A2, B1-B4, C1, C2, D1, D2, E1, "
                                    "E2, F1, F2, G1-G3, H1-H4 (it is ignored)",
                                value.where});
        }
    }

    // Fills `r`, a default read_answer, with question q's answer.
    void read(read_answer& r, const question& q, const sdk::study& study, const sdk::node* coded,
              const answer_codes& codes, std::vector<sdk::finding>& findings) const {
        derived_answer d = derive(q, study, codes, config_);
        const std::string_view id = q.id;
        r.q = &q;
        r.code = d.code;
        // "<id> = <word> (<code>)", the start of every explanation.
        const auto describe_code = [&](int code) {
            std::string text(id);
            text.append(" = ").append(word_of(q, code));
            if (code != 0) text.append(" (").append(std::to_string(code)).append(")");
            return text;
        };
        r.explained = describe_code(d.code);
        if (d.provenance == "missing")
            r.explained.append(" missing: ").append(d.basis);
        else
            r.explained.append(" ").append(d.provenance).append(" from ").append(d.basis);
        r.shown.id = id;
        r.shown.value = word_of(q, d.code);

        const sdk::node* node = coded_node(coded, q);
        if (node == nullptr) {
            r.shown.provenance = std::move(d.provenance);
            return;
        }
        r.shown.provenance = d.provenance;

        const std::optional<int> code = coded_code(q, *node);
        if (!code) {
            findings.push_back({finding_id("invalid-answer"), sdk::severity::error,
                                std::string(id) +
                                    ": not a response of this question; use one of: " + responses_text(q) +
                                    " (the derived answer " + std::string(word_of(q, d.code)) + " is used)",
                                node->where});
            return;
        }
        r.code = *code;
        r.coded = node;
        r.shown = {std::string(id), std::string(word_of(q, *code)), "coded"};
        r.explained = describe_code(*code) + " coded by the reviewer (the facts gave " +
                      std::string(word_of(q, d.code)) + ": " + d.basis + ")";
    }

    settings config_;
};

void register_rubrics(sdk::registrar& host) {
    host.add(describe(), [](const sdk::option_values& options) { return std::make_unique<ephpp_rubric>(options); });
}

}  // namespace
}  // namespace ephpp

APPRAISE_PLUGIN("ephpp", ephpp::rubric_version, ephpp::register_rubrics)
