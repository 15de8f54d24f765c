// The ephpp rubric plugin: derives every EPHPP answer from the coded facts
// (or takes the reviewer's), rates components A-F and the study, records G
// and H, and exports the plugin's entry points.
#include <cctype>

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

std::string lower(std::string_view text) {
    std::string out;
    for (const char ch : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

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
        sdk::appraisal a;
        a.rubric = rubric_id;
        a.rubric_version = rubric_version;
        const sdk::node* type = study.find("design.type");
        if (type != nullptr && type->type == kind::string && type->text == "qualitative") {
            a.findings.push_back({finding_id("not-applicable"), sdk::severity::info,
                                  "EPHPP does not apply: the study is qualitative (design.type = qualitative)",
                                  type->where});
            return sdk::one_appraisal(std::move(a));
        }
        const sdk::node* coded = study.find("appraisal.ephpp");
        if (coded != nullptr && coded->type != kind::table) {
            a.findings.push_back({finding_id("invalid-answers"), sdk::severity::error,
                                  "[appraisal.ephpp] must be a table of answers; every answer is derived instead",
                                  coded->where});
            coded = nullptr;
        }
        if (coded != nullptr) check_keys(*coded, a.findings);

        answer_codes codes;
        std::vector<read_answer> answers;
        for (const auto& q : questions()) {
            answers.push_back(read(q, study, coded, codes, a.findings));
            codes[std::string(q.id)] = answers.back().code;
        }

        const auto overrides = read_overrides(coded != nullptr ? coded->get("override") : nullptr, a.findings);
        std::vector<std::string> rated;
        for (const auto& spec : domain_specs()) {
            const char c = spec.id[0];
            sdk::domain_result d;
            d.id = spec.id;
            d.name = spec.name;
            std::vector<int> component_codes;
            std::string read_text;
            const sdk::node* first_coded = nullptr;
            for (const auto& r : answers) {
                if (r.q->component != c) continue;
                component_codes.push_back(r.code);
                d.answers.push_back(r.shown);
                read_text += (read_text.empty() ? "" : "; ") + r.explained;
                if (first_coded == nullptr) first_coded = r.coded;
            }
            if (c >= 'g') {
                d.judgement = "not-rated";
                d.rationale = "Not rated (EPHPP records this section without a rating); read: " + read_text;
                a.domains.push_back(std::move(d));
                continue;
            }
            const component_rating r = rate_component(c, component_codes, config_);
            if (r.rating) {
                d.judgement = *r.rating;
                d.rationale = title(d.judgement) + ": " + r.rule + "; read: " + read_text;
            } else {
                d.judgement = config_.unrated_default;
                d.rationale = title(d.judgement) + ": default used, because " + r.rule +
                              " (option unrated_default = \"" + config_.unrated_default + "\"); read: " + read_text;
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
            a.domains.push_back(std::move(d));
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
        return sdk::one_appraisal(std::move(a));
    }

private:
    static std::string finding_id(const char* slug) { return std::string(rubric_id) + "/" + slug; }

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

    read_answer read(const question& q, const sdk::study& study, const sdk::node* coded, const answer_codes& codes,
                     std::vector<sdk::finding>& findings) const {
        const derived_answer d = derive(q, study, codes, config_);
        const std::string id(q.id);
        read_answer r;
        r.q = &q;
        r.code = d.code;
        const auto describe_code = [&](int code) {
            return std::string(word_of(q, code)) + (code == 0 ? "" : " (" + std::to_string(code) + ")");
        };
        r.shown = {id, std::string(word_of(q, d.code)), d.provenance};
        r.explained = id + " = " + describe_code(d.code) + " " + d.provenance + " from " + d.basis;
        if (d.provenance == "missing") r.explained = id + " = " + describe_code(d.code) + " missing: " + d.basis;

        const sdk::node* node = nullptr;
        if (coded != nullptr)
            for (const auto& [key, value] : coded->members)
                if (lower(key) == lower(q.id)) node = &value;
        if (node == nullptr) return r;

        std::optional<int> code;
        if (node->type == kind::integer)
            code = code_of(q, std::to_string(node->integer));
        else if (node->type == kind::string)
            code = code_of(q, node->text);
        if (!code) {
            findings.push_back({finding_id("invalid-answer"), sdk::severity::error,
                                id + ": not a response of this question; use one of: " + responses_text(q) +
                                    " (the derived answer " + std::string(word_of(q, d.code)) + " is used)",
                                node->where});
            return r;
        }
        r.code = *code;
        r.coded = node;
        r.shown = {id, std::string(word_of(q, *code)), "coded"};
        r.explained = id + " = " + describe_code(*code) + " coded by the reviewer (the facts gave " +
                      std::string(word_of(q, d.code)) + ": " + d.basis + ")";
        return r;
    }

    settings config_;
};

void register_rubrics(sdk::registrar& host) {
    host.add(describe(), [](const sdk::option_values& options) { return std::make_unique<ephpp_rubric>(options); });
}

}  // namespace
}  // namespace ephpp

APPRAISE_PLUGIN("ephpp", ephpp::rubric_version, ephpp::register_rubrics)
