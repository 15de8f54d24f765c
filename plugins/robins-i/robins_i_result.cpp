#include "robins_i_result.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include <appraise/sdk/helpers.hpp>

#include "robins_i_catalogue.hpp"
#include "robins_i_levels.hpp"
#include "robins_i_override.hpp"
#include "robins_i_questions.hpp"
#include "robins_i_suggestion.hpp"

namespace robins_i {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

settings settings::from(const sdk::option_values& options) {
    settings s;
    s.suggest = sdk::option_bool(options, "suggest");
    s.allow_ni_1_1 = sdk::option_bool(options, "allow_ni_1_1");
    return s;
}

namespace {

std::string domain_key(int domain) {
    return "d" + std::to_string(domain);
}

std::vector<std::string> known_keys() {
    std::vector<std::string> keys{"outcome", "effect", "notes", "override"};
    for (int d = 1; d <= 7; ++d) keys.push_back(domain_key(d));
    for (const auto& q : questions()) keys.emplace_back(q.id);
    return keys;
}

std::string allowed_text(const question& q, bool allow_ni_1_1) {
    std::string text = "Y, PY, PN, N";
    if (!q.no_ni || allow_ni_1_1) text += ", NI";
    if (q.gate != nullptr) text += ", NA";
    return text;
}

std::string scale_words() {
    std::string text;
    for (const level l : all_levels()) text += (text.empty() ? "" : ", ") + std::string(level_word(l));
    return text;
}

class result_reader {
public:
    result_reader(const sdk::study& study, const sdk::node& answers, const settings& config)
        : study_(study), answers_(answers), config_(config) {}

    sdk::appraisal run(std::string label) {
        appraisal_.rubric = rubric_id;
        appraisal_.rubric_version = rubric_version;
        appraisal_.label = std::move(label);
        check_keys();
        read_outcome();
        read_effect();
        read_questions();
        const auto overrides = read_overrides(answers_.get("override"), appraisal_.findings);
        std::vector<level> levels;
        std::string not_judged;
        for (int d = 1; d <= 7; ++d) {
            auto result = judge_domain(d, overrides);
            if (const auto parsed = parse_level(result.judgement)) {
                levels.push_back(*parsed);
                judged_ids_.push_back(domain_key(d));
            } else
                not_judged += (not_judged.empty() ? "" : ", ") + domain_key(d);
            appraisal_.domains.push_back(std::move(result));
        }
        decide_overall(levels, not_judged, overrides);
        return std::move(appraisal_);
    }

private:
    void add(const char* slug, sdk::severity level, std::string message, sdk::source_location where) {
        appraisal_.findings.push_back(
            {std::string(rubric_id) + "/" + slug, level, std::move(message), std::move(where)});
    }

    void check_keys() {
        static const std::vector<std::string> keys = known_keys();
        for (const auto& [key, value] : answers_.members) {
            if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
            add("unknown-key", sdk::severity::error, sdk::unknown_key_message(key, keys, "ROBINS-I", rubric_id),
                value.where);
        }
    }

    void read_outcome() {
        const sdk::node* outcome = answers_.get("outcome");
        if (outcome == nullptr) return;
        if (const auto problem = sdk::outcome_reference_problem(study_, *outcome))
            add("unknown-outcome", sdk::severity::error, *problem, outcome->where);
    }

    // Without a known effect of interest domain 4's questions are not defined
    // (Sterne et al. 2016: 4.1-4.2 for assignment, 4.3-4.6 for adhering), so
    // domain 4 is not assessed rather than read as for assignment, as RoB 2's
    // domain 2 is (plugins/rob2).
    void read_effect() {
        const sdk::node* node = answers_.get("effect");
        if (node == nullptr) {
            add("effect-missing", sdk::severity::warning,
                "the effect of interest is not coded: domain 4 and the overall judgement are not assessed until it "
                "is; code effect = \"assignment\" (questions 4.1-4.2) or \"adhering\" (questions 4.3-4.6)",
                answers_.where);
            no_effect_ = "the effect of interest is not coded";
            return;
        }
        if (node->type == kind::string && (node->text == "assignment" || node->text == "adhering")) {
            effect_ = node->text == "adhering" ? effect::adhering : effect::assignment;
            return;
        }
        add("invalid-answer", sdk::severity::error,
            "effect must be \"assignment\" or \"adhering\"; domain 4 and the overall judgement are not assessed "
            "until it is",
            node->where);
        no_effect_ = "the effect of interest is not \"assignment\" or \"adhering\"";
    }

    void read_questions() {
        for (const auto& q : questions()) {
            const sdk::node* node = answers_.get(q.id);
            if (!no_effect_.empty() && q.asked != asked_for::both) {
                // Which domain 4 questions apply is unknown: list what was coded, check nothing.
                if (node != nullptr)
                    domains_[3].answers.push_back(
                        {std::string(q.id), node->type == kind::string ? node->text : "<not a string>", "coded"});
                continue;
            }
            if (!asked_under(q, effect_)) {
                if (node != nullptr)
                    add("wrong-effect", sdk::severity::error,
                        "question " + std::string(q.id) + " belongs to the effect of " +
                            (effect_ == effect::assignment ? "starting and adhering to the intervention"
                                                           : "assignment to the intervention") +
                            ", but this result's effect is " +
                            (effect_ == effect::assignment ? "assignment" : "adhering") +
                            ": remove it or change `effect`",
                        node->where);
                continue;
            }
            read_question(q, node);
        }
    }

    void read_question(const question& q, const sdk::node* node) {
        const std::string id(q.id);
        const bool gate_met = q.gate == nullptr || q.gate(sheet_);
        auto& state = domains_[static_cast<std::size_t>(q.domain - 1)];
        if (node == nullptr) {
            if (gate_met) {
                // Not assessed: only the reviewer writes NI. Gates after it read
                // it as NI, so questions it might open are asked too.
                sheet_.set(q.id, answer_code::ni);
                state.answers.push_back({id, "", "not-assessed"});
                state.unanswered += (state.unanswered.empty() ? "" : ", ") + id;
            } else {
                sheet_.set(q.id, answer_code::na);
                state.answers.push_back({id, "NA", "derived"});
            }
            return;
        }
        const auto code = node->type == kind::string ? parse_code(node->text) : std::nullopt;
        const std::string given = node->type == kind::string ? node->text : std::string("<not a string>");
        if (!code) {
            add("invalid-answer", sdk::severity::error,
                "question " + id + ": \"" + given + "\" is not an answer code; use one of: " +
                    allowed_text(q, config_.allow_ni_1_1) + " (the gates after it read it as NI)",
                node->where);
            sheet_.set(q.id, answer_code::ni);
            state.answers.push_back({id, given, "coded"});
            state.invalid = true;
            return;
        }
        state.answers.push_back({id, std::string(code_text(*code)), "coded"});
        if (*code == answer_code::na) {
            if (q.gate == nullptr) {
                add("invalid-answer", sdk::severity::error,
                    "question " + id + " is always asked, so NA is not an answer; use one of: " +
                        allowed_text(q, config_.allow_ni_1_1) + " (the gates after it read it as NI)",
                    node->where);
                sheet_.set(q.id, answer_code::ni);
                state.invalid = true;
            } else if (gate_met) {
                add("gate", sdk::severity::error,
                    "question " + id + " is NA, but its gate (" + std::string(q.gate_text) +
                        ") is met, so it must be answered (the gates after it read it as NI)",
                    node->where);
                sheet_.set(q.id, answer_code::ni);
                state.invalid = true;
            } else {
                sheet_.set(q.id, answer_code::na);
            }
            return;
        }
        if (*code == answer_code::ni && q.no_ni && !config_.allow_ni_1_1) {
            add("invalid-answer", sdk::severity::error,
                "question " + id + " offers no NI; answer Y, PY, PN or N (option allow_ni_1_1 accepts NI)",
                node->where);
            state.invalid = true;
        } else if (!gate_met) {
            add("gate", sdk::severity::error,
                "question " + id + " is answered " + std::string(code_text(*code)) + ", but its gate (" +
                    std::string(q.gate_text) + ") is not met, so it must be NA or left out",
                node->where);
            state.invalid = true;
        }
        // An answer given past an unmet gate still opens the questions after it,
        // so one mistake gives one error rather than a cascade.
        sheet_.set(q.id, *code);
    }

    sdk::domain_result judge_domain(int d, const std::map<std::string, judgement_override, std::less<>>& overrides) {
        const auto& spec = domain_specs()[static_cast<std::size_t>(d - 1)];
        auto& state = domains_[static_cast<std::size_t>(d - 1)];
        sdk::domain_result result;
        result.id = spec.id;
        result.name = spec.name;
        result.answers = std::move(state.answers);
        const bool several = state.unanswered.find(',') != std::string::npos;
        const std::string unanswered_text = several ? "questions " + state.unanswered + " are reached but not answered"
                                                    : "question " + state.unanswered + " is reached but not answered";
        if (!state.unanswered.empty())
            add("unanswered", sdk::severity::warning,
                spec.id + " (" + spec.name + "): " + unanswered_text +
                    ": not assessed (only the reviewer writes NI); answer " + (several ? "them" : "it"),
                answers_.where);

        const std::string key = domain_key(d);
        const sdk::node* node = answers_.get(key);
        std::optional<level> coded;
        if (d == 4 && !no_effect_.empty()) {
            // A level judged for an unknown effect cannot be read as either.
            result.not_assessed = "not assessed: " + no_effect_ + " (it decides the domain 4 questions)";
            result.rationale = "Not assessed: " + no_effect_ + "; code effect = \"assignment\" or \"adhering\"" +
                               (node != nullptr ? " (the coded " + key + " is not used until then)" : "");
        } else if (node == nullptr) {
            add("judgement-missing", sdk::severity::warning,
                spec.id + " (" + spec.name + "): the reviewer's judgement is not coded; add " + key + " = one of " +
                    scale_words(),
                answers_.where);
            result.not_assessed = "not assessed: the reviewer's judgement " + key + " is not coded" +
                                  (state.unanswered.empty() ? "" : ", and " + unanswered_text);
            result.rationale = "Not assessed: the reviewer's judgement " + key + " is not coded";
        } else if (node->type != kind::string || !(coded = parse_level(node->text))) {
            add("invalid-judgement", sdk::severity::error,
                spec.id + " (" + spec.name + "): \"" + (node->type == kind::string ? node->text : "<not a string>") +
                    "\" is not a ROBINS-I level; use one of: " + scale_words(),
                node->where);
            result.not_assessed = "not assessed: " + key + " is not a ROBINS-I level";
            result.rationale = "Not assessed: " + key + " is not a ROBINS-I level";
        } else {
            // The reviewer's own level stands even with questions left out: it is
            // their judgement, not one the tool made from missing answers.
            result.rationale = std::string(level_title(*coded)) + ": the reviewer's judgement";
            if (!state.unanswered.empty()) result.rationale += " (" + unanswered_text + ")";
        }
        result.judgement = coded ? std::string(level_word(*coded)) : std::string{};

        if (config_.suggest && !(d == 4 && !no_effect_.empty())) {
            if (state.invalid || !state.unanswered.empty()) {
                result.rationale += "; no suggestion (invalid or unanswered questions)";
            } else if (const auto s = suggest(d, effect_, sheet_)) {
                result.rationale +=
                    "; suggestion (not the tool's algorithm): " + std::string(level_title(s->suggested)) +
                    ", because " + s->because;
                if (coded && *coded != s->suggested)
                    add("differs-from-suggestion", sdk::severity::info,
                        spec.id + " (" + spec.name + ") is judged " + std::string(level_title(*coded)) +
                            ", but the answers suggest " + std::string(level_title(s->suggested)) + " (" + s->because +
                            "): check the judgement or the answers",
                        node->where);
            } else {
                result.rationale += "; no suggestion (the criteria need the reviewer's judgement here)";
            }
        }

        if (const auto o = overrides.find(key); o != overrides.end()) {
            result.proposed = result.judgement;
            result.not_assessed.clear();  // a written override stands
            result.judgement = std::string(level_word(o->second.judgement));
            result.override_reason = o->second.reason;
            result.rationale +=
                "; overridden to " + std::string(level_title(o->second.judgement)) + ": " + o->second.reason;
            add("overridden", sdk::severity::info,
                spec.id + " (" + spec.name + ") overridden from " +
                    (result.proposed.empty() ? std::string("not assessed") : result.proposed) + " to " +
                    result.judgement + ": " + o->second.reason,
                o->second.where);
        }
        return result;
    }

    void decide_overall(const std::vector<level>& levels, const std::string& not_judged,
                        const std::map<std::string, judgement_override, std::less<>>& overrides) {
        std::optional<std::string> overall;
        if (not_judged.empty()) {
            const overall_result r = overall_of(levels);
            overall = std::string(level_word(r.judgement));
            appraisal_.overall_rationale = r.rationale;
        } else {
            overall = std::string{};
            appraisal_.overall_not_assessed = "not assessed: " + not_judged + " not assessed";
            appraisal_.overall_rationale = "Not assessed: " + not_judged + " not assessed";
        }
        if (const auto o = overrides.find("overall"); o != overrides.end() && !below_worst_domain(levels, o->second)) {
            appraisal_.overall_proposed = overall.value_or("");
            appraisal_.overall_not_assessed.clear();
            appraisal_.overall_override_reason = o->second.reason;
            overall = std::string(level_word(o->second.judgement));
            appraisal_.overall_rationale +=
                "; overridden to " + std::string(level_title(o->second.judgement)) + ": " + o->second.reason;
            add("overridden", sdk::severity::info,
                "overall judgement overridden from " +
                    (appraisal_.overall_proposed.empty() ? std::string("not assessed") : appraisal_.overall_proposed) +
                    " to " + *overall + ": " + o->second.reason,
                o->second.where);
        }
        appraisal_.overall = overall;
    }

    // The overall judgement is never better than the worst domain (Sterne et
    // al. 2016: Serious or Critical in any domain makes the study so; the rob2
    // plugin refuses the same override). No information in a domain does not
    // bind: whether it is a key domain is the reviewer's call. Raises the error
    // and leaves the computed overall in place when the override goes below.
    bool below_worst_domain(const std::vector<level>& levels, const judgement_override& o) {
        const auto rank = [](level l) {
            switch (l) {
                case level::low:
                    return 0;
                case level::moderate:
                    return 1;
                case level::serious:
                    return 2;
                case level::critical:
                    return 3;
                case level::no_information:
                    return -1;
            }
            return -1;
        };
        level worst = level::low;
        std::size_t worst_at = 0;
        for (std::size_t i = 0; i < levels.size(); ++i)
            if (rank(levels[i]) > rank(worst)) {
                worst = levels[i];
                worst_at = i;
            }
        // No information overall presupposes no Serious or Critical domain.
        const int wanted = o.judgement == level::no_information ? 1 : rank(o.judgement);
        if (wanted >= rank(worst)) return false;
        const std::string domain = judged_ids_[worst_at];
        add("override-below-tool", sdk::severity::error,
            "overall cannot be overridden to " + std::string(level_word(o.judgement)) + ": " + domain + " is " +
                std::string(level_word(worst)) +
                ", and ROBINS-I's overall judgement is never better than its worst domain; the override is not "
                "applied (override " +
                domain + " instead, with a reason)",
            o.where);
        return true;
    }

    struct domain_state {
        std::vector<sdk::answer> answers;
        std::string unanswered;  // ids, comma-separated
        bool invalid = false;
    };

    const sdk::study& study_;
    const sdk::node& answers_;
    const settings& config_;
    effect effect_ = effect::assignment;
    std::string no_effect_;                // why no effect of interest is known; empty when one is
    std::vector<std::string> judged_ids_;  // the domain key of each level passed to decide_overall
    answer_sheet sheet_;
    std::array<domain_state, 7> domains_{};
    sdk::appraisal appraisal_;
};

}  // namespace

sdk::appraisal appraise_result(const sdk::study& study, const sdk::node& answers, const settings& config,
                               std::string label) {
    return result_reader(study, answers, config).run(std::move(label));
}

}  // namespace robins_i
