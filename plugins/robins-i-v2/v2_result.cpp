#include "v2_result.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

#include <appraise/sdk/helpers.hpp>

#include "v2_domain.hpp"

namespace robins_i_v2 {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

settings settings::from(const sdk::option_values& options) {
    settings s;
    const std::string name = sdk::option_string(options, "encoding");
    const auto parsed = parse_encoding(name);
    if (!parsed) throw std::invalid_argument("option encoding must be \"E1\", \"E2\" or \"E3\", not \"" + name + "\"");
    s.reported = *parsed;
    s.q4_7_offers_n = sdk::option_bool(options, "q4_7_offers_n");
    return s;
}

namespace {

// Text keys recorded with the result but not read: A1-A3 specify the result,
// C1-C3 the target trial, D the information sources (instruments-2.md 3.1).
constexpr std::string_view text_keys[] = {"A1", "A2", "A3", "C1", "C2", "C3", "D"};
constexpr std::string_view domain_ids[] = {"d1", "d2", "d3", "d4", "d5", "d6"};

std::vector<std::string> known_keys() {
    std::vector<std::string> keys{"outcome", "notes", "confounders", "override"};
    for (const auto k : text_keys) keys.emplace_back(k);
    for (const auto& q : preliminary_questions()) keys.emplace_back(q.id);
    for (const auto& unit : domain_units())
        for (const auto& q : unit.questions) keys.emplace_back(q.id);
    return keys;
}

std::string listed(const std::vector<std::string>& ids) {
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i) text += (i == 0 ? "" : i + 1 == ids.size() ? " and " : ", ") + ids[i];
    return text;
}

std::string verdict_text(const verdict& v) {
    return v.judgement ? std::string(level_word(*v.judgement)) : std::string("no judgement");
}

struct domain_state {
    std::vector<sdk::answer> answers;
    std::vector<std::string> unanswered;
    std::vector<std::string> invalid;
};

class result_reader {
public:
    result_reader(const sdk::study& study, const sdk::node& answers, const settings& config)
        : study_(study), answers_(answers), config_(config) {}

    sdk::appraisal run(std::string label) {
        appraisal_.rubric = std::string(rubric_id);
        appraisal_.rubric_version = rubric_version;
        appraisal_.label = std::move(label);
        check_keys();
        read_outcome();
        domain_state triage;
        for (const auto& q : preliminary_questions()) read_question(q, triage);
        read_overrides();
        if (const auto hit = triage_hit()) return critical_by_triage(*hit);

        const domain_unit* d1 = read_variant(triage);
        std::vector<std::optional<level>> levels;
        for (const auto& unit : domain_units()) {
            if (&unit == &variant_a() || &unit == &variant_b()) {
                if (&unit != d1) {
                    reject_other_variant(unit, d1);
                    continue;
                }
            }
            levels.push_back(judge(unit));
        }
        if (d1 == nullptr) {
            // Domain 1 has no variant: its questions are listed, nothing is judged.
            sdk::domain_result result{.id = "d1", .name = "Confounding", .judgement = ""};
            result.not_assessed = "not assessed: " + no_variant_ + " (C4 chooses variant A or B of domain 1)";
            result.rationale = "Not assessed: " + no_variant_ + "; code C4 = \"N\" (variant A) or \"Y\" (variant B)";
            apply_override("d1", result);
            levels.insert(levels.begin(), parse_level(result.judgement));
            appraisal_.domains.insert(appraisal_.domains.begin(), std::move(result));
        }
        decide_overall(levels, triage);
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
            add("unknown-key", sdk::severity::error, sdk::unknown_key_message(key, keys, "ROBINS-I V2", rubric_id),
                value.where);
        }
    }

    void read_outcome() {
        const sdk::node* outcome = answers_.get("outcome");
        if (outcome == nullptr) return;
        if (const auto problem = sdk::outcome_reference_problem(study_, *outcome))
            add("unknown-outcome", sdk::severity::error, *problem, outcome->where);
    }

    code_set allowed(const question& q) const {
        code_set set = q.allowed();
        if (q.id == "4.7" && !config_.q4_7_offers_n) set = set.without(code::n);
        return set;
    }

    // Reads one question into `state` and the sheet. Left out where reached:
    // not assessed (only the reviewer writes NI); the gates after it read NI.
    void read_question(const question& q, domain_state& state) {
        const std::string id(q.id);
        const sdk::node* node = answers_.get(q.id);
        const bool reached = q.gate == nullptr || q.gate(sheet_);
        const code_set set = allowed(q);
        if (node == nullptr) {
            if (reached) {
                sheet_.set(q.id, code::ni);
                state.answers.push_back({.id = id, .value = "", .provenance = "not-assessed"});
                state.unanswered.push_back(id);
            } else {
                sheet_.set(q.id, code::na);
                state.answers.push_back({.id = id, .value = "NA", .provenance = "derived"});
            }
            return;
        }
        const std::string given = node->type == kind::string ? node->text : std::string("<not a string>");
        const auto c = node->type == kind::string ? parse_code(node->text) : std::nullopt;
        state.answers.push_back({.id = id, .value = c ? std::string(to_text(*c)) : given, .provenance = "coded"});
        if (!c || (*c != code::na && !set.has(*c))) {
            add("invalid-answer", sdk::severity::error,
                "question " + id + ": \"" + given + "\" is not one of its answers, " + to_text(set, ", ") +
                    " (the gates after it read it as NI)",
                node->where);
            sheet_.set(q.id, code::ni);
            state.invalid.push_back(id);
            return;
        }
        if (*c == code::na) {
            if (reached) {
                add("gate", sdk::severity::error,
                    "question " + id + " is NA, but " +
                        (q.gate == nullptr ? std::string("it is always asked")
                                           : "its gate (" + std::string(q.gate_text) + ") is met") +
                        ", so it must be answered (the gates after it read it as NI)",
                    node->where);
                sheet_.set(q.id, code::ni);
                state.invalid.push_back(id);
            } else {
                sheet_.set(q.id, code::na);
            }
            return;
        }
        if (!reached) {
            add("gate", sdk::severity::error,
                "question " + id + " is answered " + std::string(to_text(*c)) + ", but its gate (" +
                    std::string(q.gate_text) + ") is not met, so it must be NA or left out",
                node->where);
            state.invalid.push_back(id);
        }
        // An answer past an unmet gate still opens what follows: one mistake, one error.
        sheet_.set(q.id, *c);
    }

    void read_overrides() {
        const sdk::node* table = answers_.get("override");
        if (table == nullptr) return;
        std::vector<std::string> targets(std::begin(domain_ids), std::end(domain_ids));
        std::vector<std::string> words;
        for (const level l : all_levels()) words.emplace_back(level_word(l));
        const auto report = [&](sdk::override_problem, const std::string& message, const sdk::source_location& where) {
            add("invalid-override", sdk::severity::error, message, where);
        };
        for (auto& o : sdk::read_overrides(*table, targets, words, report)) overrides_.push_back(std::move(o));
    }

    const sdk::judgement_override* override_of(std::string_view target) const {
        for (const auto& o : overrides_)
            if (o.target == target) return &o;
        return nullptr;
    }

    // B2 or B3 Y/PY sends the result to Critical (instruments-2.md 3.1, triage part B [VERIFIED]).
    std::optional<std::string> triage_hit() const {
        if (in(sheet_.at("B2"), yes_set))
            return "B2 = " + std::string(to_text(sheet_.at("B2"))) +
                   " (no attempt to control confounding, and confounding too strong for the unadjusted result to be "
                   "considered)";
        if (in(sheet_.at("B3"), yes_set))
            return "B3 = " + std::string(to_text(sheet_.at("B3"))) + " (the outcome measurement is unsuitable)";
        return std::nullopt;
    }

    sdk::appraisal critical_by_triage(const std::string& why) {
        const std::string rule =
            "Critical by triage (ROBINS-I V2 draft 20 Nov 2025, part B): " + why + "; no domain is assessed";
        add("triage-critical", sdk::severity::warning,
            "triage sends this result to Critical: " + why + "; the domains are not assessed", answers_.where);
        appraisal_.overall = std::string(level_word(level::critical));
        appraisal_.overall_rationale = rule;
        if (const auto* o = override_of("overall"); o != nullptr && o->judgement != level_word(level::critical))
            add("override-below-tool", sdk::severity::error,
                "overall cannot be overridden to " + o->judgement +
                    ": triage gives Critical, and an override may only escalate; it is not applied",
                o->where);
        return std::move(appraisal_);
    }

    const domain_unit* read_variant(domain_state& triage) {
        const code c4 = sheet_.at("C4");
        if (std::find(triage.invalid.begin(), triage.invalid.end(), "C4") != triage.invalid.end()) {
            no_variant_ = "C4 is not Y or N";
            return nullptr;
        }
        if (c4 == code::y) return &variant_b();
        if (c4 == code::n) return &variant_a();
        no_variant_ = "C4 is not coded";
        add("variant-missing", sdk::severity::warning,
            "C4 (does the analysis deal with switches or deviations?) is not coded: domain 1 and the overall are not "
            "assessed until it is; code C4 = \"N\" (variant A, questions 1A.*) or \"Y\" (variant B, 1B.*)",
            answers_.where);
        return nullptr;
    }

    void reject_other_variant(const domain_unit& unit, const domain_unit* chosen) {
        for (const auto& q : unit.questions)
            if (const sdk::node* node = answers_.get(q.id); node != nullptr && chosen != nullptr)
                add("wrong-variant", sdk::severity::error,
                    "question " + std::string(q.id) + " belongs to " + std::string(unit.name) + ", but C4 chooses " +
                        std::string(chosen->name) + ": remove it or change C4",
                    node->where);
    }

    // P1: "age; baseline score", or nullopt (with a warning) when not listed as names.
    std::optional<std::string> confounders_listed() {
        const sdk::node* list = answers_.get("confounders");
        if (list != nullptr && list->type == kind::array && !list->items.empty() &&
            std::all_of(list->items.begin(), list->items.end(),
                        [](const sdk::node& n) { return n.type == kind::string && !n.text.empty(); })) {
            std::string names;
            for (const auto& item : list->items) names += (names.empty() ? "" : "; ") + item.text;
            return names;
        }
        add("confounders-missing", sdk::severity::warning,
            std::string(list != nullptr && list->type != kind::array
                            ? "confounders (preliminary P1) must be a list of names"
                            : "the important confounders (preliminary P1) are not listed") +
                ": domain 1 cannot be judged without them; write confounders = [\"...\", ...]",
            list != nullptr ? list->where : answers_.where);
        return std::nullopt;
    }

    std::optional<level> judge(const domain_unit& unit) {
        domain_state state;
        for (const auto& q : unit.questions) read_question(q, state);
        // Both variants report as the description's d1 "Confounding", so reports
        // keep one row; the rationale names the variant.
        sdk::domain_result result{.id = std::string(unit.id),
                                  .name = unit.id == "d1" ? std::string("Confounding") : std::string(unit.name),
                                  .judgement = ""};
        result.answers = std::move(state.answers);
        // Domain 1 is judged against P1's list: it is recorded first among its answers (the
        // host attaches its support) and named in the rationale.
        std::optional<std::string> confounders;
        if (unit.id == "d1") {
            confounders = confounders_listed();
            const sdk::node* list = answers_.get("confounders");
            result.answers.insert(result.answers.begin(),
                                  {.id = "confounders",
                                   .value = confounders.value_or(list != nullptr ? "(not a list of names)" : ""),
                                   .provenance = list != nullptr ? "coded" : "not-assessed"});
        }
        std::string blocked;
        if (!state.unanswered.empty()) {
            const bool several = state.unanswered.size() > 1;
            blocked = listed(state.unanswered) + (several ? " are" : " is") + " reached but not answered";
            add("unanswered", sdk::severity::warning,
                std::string(unit.id) + " (" + std::string(unit.name) + "): " + blocked +
                    ": not assessed (only the reviewer writes NI); answer " + (several ? "them" : "it"),
                answers_.where);
        } else if (!state.invalid.empty()) {
            blocked = listed(state.invalid) + (state.invalid.size() > 1 ? " have" : " has") + " an invalid answer";
        } else if (unit.id == "d1" && !confounders) {
            blocked = "the important confounders (P1) are not listed";
        }
        if (!blocked.empty()) {
            result.not_assessed = "not assessed: " + blocked;
            result.rationale = "Not assessed: " + blocked;
        } else {
            judge_answers(unit, result);
        }
        if (unit.id == "d1") {
            result.rationale =
                std::string(unit.name.substr(std::string_view("Confounding (").size(), unit.name.size() - 14)) + "; " +
                result.rationale;
            if (confounders) result.rationale += "; confounders considered (P1): " + *confounders;
        }
        apply_override(unit.id, result);
        appraisal_.domains.push_back(result);
        return parse_level(result.judgement);
    }

    // The selected encoding decides; the other two are computed beside it, and
    // a difference is shown as disputed, never hidden (instruments-2.md 3.3).
    void judge_answers(const domain_unit& unit, sdk::domain_result& result) {
        std::map<encoding, verdict> by;
        for (const encoding e : all_encodings) by[e] = unit.judge(sheet_, e);
        const verdict& chosen = by[config_.reported];
        const std::string source = std::string(tool_version) + "/" + std::string(encoding_name(config_.reported));
        if (chosen.judgement) {
            result.judgement = std::string(level_word(*chosen.judgement));
            result.rationale = std::string(level_title(*chosen.judgement)) + " (" + source + "): " + chosen.rule;
        } else {
            result.not_assessed = "not assessed: " + std::string(encoding_name(config_.reported)) +
                                  " has no rule for these answers (" + chosen.rule + ")";
            result.rationale = "Not assessed (" + source + "): " + chosen.rule;
        }
        // Each encoding's judgement, structured for reports (E1, E2, E3; empty: no rule).
        for (const auto& [e, v] : by)
            result.alternatives.push_back(
                {std::string(encoding_name(e)), v.judgement ? std::string(level_word(*v.judgement)) : std::string()});
        const bool agree =
            std::all_of(by.begin(), by.end(), [&](const auto& p) { return p.second.judgement == chosen.judgement; });
        if (agree) return;
        std::string says;
        for (const auto& [e, v] : by)
            says += (says.empty() ? "" : ", ") + std::string(encoding_name(e)) + " says " + verdict_text(v);
        if (override_of(unit.id) != nullptr) {
            // The reviewer's override (always with a reason) settles it: the
            // record of what each encoding said stays, the dispute does not.
            result.rationale += "; the transcriptions differed (" + says + "), settled by the reviewer's override";
            return;
        }
        result.rationale +=
            "; disputed: " + says + " (the algorithm is transcribed from a draft: confirm, or override with a reason)";
        add("disputed", sdk::severity::warning,
            std::string(unit.id) + " (" + std::string(unit.name) +
                ") is disputed between the transcriptions of the "
                "draft's algorithm: " +
                says + "; reported: " + std::string(encoding_name(config_.reported)) +
                " (option encoding); confirm it, or override " + std::string(unit.id) + " with a reason",
            answers_.where);
    }

    void apply_override(std::string_view id, sdk::domain_result& result) {
        const auto* o = override_of(id);
        if (o == nullptr) return;
        result.proposed = result.judgement;
        result.not_assessed.clear();  // a written override stands
        result.judgement = o->judgement;
        result.override_reason = o->reason;
        result.rationale +=
            "; overridden to " + std::string(level_title(*parse_level(o->judgement))) + ": " + o->reason;
        add("overridden", sdk::severity::info,
            std::string(id) + " overridden from " +
                (result.proposed.empty() ? std::string("not assessed") : result.proposed) + " to " + o->judgement +
                ": " + o->reason,
            o->where);
    }

    void decide_overall(const std::vector<std::optional<level>>& levels, const domain_state& triage) {
        std::vector<std::string> missing;
        level worst = level::low;
        std::string worst_id;
        for (std::size_t i = 0; i < levels.size() && i < appraisal_.domains.size(); ++i) {
            if (!levels[i]) {
                missing.push_back(appraisal_.domains[i].id);
            } else if (worst_id.empty() || rank(*levels[i]) > rank(worst)) {
                worst = *levels[i];
                worst_id = appraisal_.domains[i].id;
            }
        }
        std::vector<std::string> triage_open = triage.unanswered;
        for (const auto& id : triage.invalid)
            if (id != "C4") triage_open.push_back(id);
        std::erase(triage_open, "C4");  // C4 is reported through domain 1
        for (const auto& id : triage.unanswered)
            if (id != "C4")
                add("unanswered", sdk::severity::warning,
                    "triage question " + id +
                        " is reached but not answered: the overall is not assessed until it is (a Y/PY may send the "
                        "result to Critical)",
                    answers_.where);
        std::optional<std::string> overall;
        if (!missing.empty() || !triage_open.empty()) {
            overall = std::string{};
            std::string why = !missing.empty() ? listed(missing) + " not assessed" : "";
            if (!triage_open.empty())
                why += (why.empty() ? "" : "; ") + std::string("triage ") + listed(triage_open) + " not answered";
            appraisal_.overall_not_assessed = "not assessed: " + why;
            appraisal_.overall_rationale = "Not assessed: " + why;
        } else {
            // Every domain at its best gives Low except for uncontrolled
            // confounding (p. 49, instruments-2.md 3.3 "Overall"): plain Low
            // (E2's D1B) is not an overall level.
            const level l = worst == level::low ? level::low_except : worst;
            overall = std::string(level_word(l));
            appraisal_.overall_rationale =
                std::string(level_title(l)) + ": the worst domain" +
                (worst == level::low ? std::string(" (every domain at its best)") : " (" + worst_id + ")") +
                "; several Moderate or Serious domains raise it only by a reviewer's override with a reason";
            std::vector<std::string> disputed;
            for (const auto& d : appraisal_.domains)
                if (d.rationale.find("; disputed:") != std::string::npos) disputed.push_back(d.id);
            if (!disputed.empty())
                appraisal_.overall_rationale += "; " + listed(disputed) + (disputed.size() > 1 ? " are" : " is") +
                                                " disputed between transcriptions (see the domain)";
        }
        if (const auto* o = override_of("overall")) {
            const level wanted = *parse_level(o->judgement);
            if (!missing.empty() || !triage_open.empty() || rank(wanted) >= rank(*parse_level(*overall))) {
                appraisal_.overall_proposed = *overall;
                appraisal_.overall_not_assessed.clear();
                appraisal_.overall_override_reason = o->reason;
                appraisal_.overall_rationale +=
                    "; overridden to " + std::string(level_title(wanted)) + ": " + o->reason;
                add("overridden", sdk::severity::info,
                    "overall overridden from " + (overall->empty() ? std::string("not assessed") : *overall) + " to " +
                        o->judgement + ": " + o->reason,
                    o->where);
                overall = o->judgement;
            } else {
                add("override-below-tool", sdk::severity::error,
                    "overall cannot be overridden to " + o->judgement + ": " + worst_id + " is " +
                        std::string(level_word(worst)) +
                        ", and the overall is never better than the worst domain; the override is not applied "
                        "(override " +
                        worst_id + " instead, with a reason)",
                    o->where);
            }
        }
        appraisal_.overall = overall;
    }

    const sdk::study& study_;
    const sdk::node& answers_;
    const settings& config_;
    answer_sheet sheet_;
    std::vector<sdk::judgement_override> overrides_;
    std::string no_variant_;
    sdk::appraisal appraisal_;
};

}  // namespace

sdk::appraisal appraise_result(const sdk::study& study, const sdk::node& answers, const settings& config,
                               std::string label) {
    return result_reader(study, answers, config).run(std::move(label));
}

}  // namespace robins_i_v2
