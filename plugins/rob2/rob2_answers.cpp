#include "rob2_answers.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <appraise/sdk/helpers.hpp>

#include "rob2_domain.hpp"

namespace rob2 {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

std::string finding_id(std::string_view slug) {
    return std::string(rubric_id) + "/" + std::string(slug);
}

namespace {

constexpr std::array<std::string_view, 3> entry_keys{"effect", "outcome", "override"};

// The closest candidate, or empty.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
    return sdk::nearest(word, candidates).value_or(std::string{});
}

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

// How a non-string value looks in a report's answer list.
std::string raw_text(const sdk::node& value) {
    switch (value.type) {
        case kind::string:
            return value.text;
        case kind::boolean:
            return value.boolean ? "true" : "false";
        case kind::integer:
            return std::to_string(value.integer);
        case kind::number:
            return std::to_string(value.number);
        case kind::table:
            return "(a table)";
        case kind::array:
            return "(an array)";
    }
    return "";
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
}

// The domain (1..5) a key such as "2.7" or "4" is about, or 0.
int domain_of_key(std::string_view key) {
    if (key.empty() || key.front() < '1' || key.front() > '5') return 0;
    if (key.size() > 1 && key[1] != '.') return 0;
    return key.front() - '0';
}

bool looks_like_question(std::string_view key) {
    return !key.empty() && std::isdigit(static_cast<unsigned char>(key.front())) != 0;
}

std::string question_list(effect e, int domain) {
    std::string text;
    for (const auto& q : questions(e))
        if (q.domain == domain) text += (text.empty() ? "" : ", ") + std::string(q.id);
    return text;
}

std::string allowed_text(code_set set) {
    // "Y, PY, PN, N or NI"
    std::string text = to_text(set, ", ");
    const auto last = text.rfind(", ");
    if (last != std::string::npos) text.replace(last, 2, " or ");
    return text;
}

class entry_reader {
public:
    entry_reader(const sdk::study& study, result_coding& out) : study_(study), out_(out) {}

    void error(std::string_view slug, std::string message, const sdk::source_location& where) {
        out_.findings.push_back({finding_id(slug), sdk::severity::error, std::move(message), where});
    }
    void warning(std::string_view slug, std::string message, const sdk::source_location& where) {
        out_.findings.push_back({finding_id(slug), sdk::severity::warning, std::move(message), where});
    }

    void read(const sdk::node& entry) {
        read_effect(entry);
        read_outcome(entry);
        read_unknown_keys(entry);
        for (int domain = 1; domain <= domain_count; ++domain) read_domain(entry, domain);
        if (const sdk::node* overrides = entry.get("override")) read_overrides(*overrides);
    }

private:
    void read_effect(const sdk::node& entry) {
        const sdk::node* value = entry.get("effect");
        if (value == nullptr) {
            error("missing-effect",
                  "no effect of interest: add effect = \"assignment\" (intention-to-treat) or effect = \"adhering\" "
                  "(per-protocol); domain 2 cannot be judged without it",
                  out_.header);
            return;
        }
        if (value->type == kind::string) out_.effect_of_interest = parse_effect(value->text);
        if (!out_.effect_of_interest)
            error("unknown-effect",
                  "effect = " + quoted(raw_text(*value)) +
                      " is not an effect of interest: write \"assignment\" (intention-to-treat) or \"adhering\" "
                      "(per-protocol); domain 2 is not judged until it is fixed",
                  value->where);
    }

    void read_outcome(const sdk::node& entry) {
        const sdk::node* value = entry.get("outcome");
        if (value == nullptr) return;
        std::vector<std::string> ids;
        if (const sdk::node* outcomes = study_.find("outcomes"); outcomes != nullptr && outcomes->type == kind::array)
            for (const auto& item : outcomes->items)
                if (const sdk::node* id = item.get("id"); id != nullptr && id->type == kind::string)
                    ids.push_back(id->text);
        if (value->type != kind::string) {
            error("unknown-outcome", "outcome must be the id of an [[outcomes]] entry, as a string", value->where);
            return;
        }
        out_.outcome = value->text;
        if (std::find(ids.begin(), ids.end(), value->text) != ids.end()) return;
        std::string message = "outcome = " + quoted(value->text) + " names no [[outcomes]] entry of this study";
        if (ids.empty()) {
            message += ": the study codes no [[outcomes]]; add one with this id";
        } else {
            const std::string suggestion = nearest(value->text, ids);
            message += suggestion.empty() ? "" : ": did you mean " + quoted(suggestion) + "?";
            std::string known;
            for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
            message += " (its outcomes: " + known + ")";
        }
        error("unknown-outcome", message, value->where);
    }

    void read_unknown_keys(const sdk::node& entry) {
        for (const auto& [key, value] : entry.members) {
            if (std::find(entry_keys.begin(), entry_keys.end(), key) != entry_keys.end()) continue;
            if (looks_like_question(key)) {
                unknown_question(key, value);
                continue;
            }
            std::vector<std::string> candidates(entry_keys.begin(), entry_keys.end());
            const std::string suggestion = nearest(key, candidates);
            error("unknown-key",
                  quoted(key) +
                      " is not a RoB 2 key: a result table takes outcome, effect, override and the "
                      "question ids (\"1.1\" ... \"5.3\")" +
                      (suggestion.empty() ? std::string{} : "; did you mean `" + suggestion + "`?"),
                  value.where);
        }
    }

    void unknown_question(const std::string& key, const sdk::node& value) {
        const int domain = domain_of_key(key);
        if (value.type == kind::table) {
            // `1.1 = "Y"` without quotes is a dotted key: table "1" with member "1".
            error("unknown-question",
                  "question ids must be quoted: write \"" + key + ".1\" = \"Y\" (unquoted, TOML reads " + key +
                      ".1 as a nested table)",
                  value.where);
            if (domain > 0) unusable(domain, key + " (unquoted question id)");
            return;
        }
        const effect variant = out_.effect_of_interest.value_or(effect::assignment);
        if (find_question(variant, key) != nullptr) return;
        if (!out_.effect_of_interest && known_in_any_variant(key)) return;  // domain 2 is withheld anyway
        std::string message = quoted(key) + " is not a RoB 2 question";
        if (known_in_any_variant(key)) {
            message = quoted(key) + " is not a question of the effect of " + std::string(to_text(variant)) +
                      " (it belongs to the effect of " +
                      std::string(to_text(variant == effect::assignment ? effect::adhering : effect::assignment)) +
                      "); check `effect` or remove it";
        } else if (domain > 0) {
            message += ": domain " + std::to_string(domain) + " has " + question_list(variant, domain);
        } else {
            message += ": the questions are 1.1 to 5.3";
        }
        error("unknown-question", message, value.where);
        if (domain > 0) unusable(domain, key + " (unknown-question)");
    }

    void unusable(int domain, const std::string& why) {
        domain_coding& coding = out_.domains[static_cast<std::size_t>(domain - 1)];
        coding.usable = false;
        coding.errors.push_back(why);
    }

    void read_domain(const sdk::node& entry, int domain) {
        domain_coding& coding = out_.domains[static_cast<std::size_t>(domain - 1)];
        if (domain == 2 && !out_.effect_of_interest) {
            // Without an effect the questions of domain 2 are not defined: list
            // what was coded, judge nothing.
            coding.usable = false;
            coding.errors.push_back("no valid effect of interest");
            for (const auto& [key, value] : entry.members)
                if (domain_of_key(key) == 2 && value.type != kind::table)
                    coding.answers.push_back({key, raw_text(value), "coded"});
            return;
        }
        const effect variant = out_.effect_of_interest.value_or(effect::assignment);
        last_answer_where_ = out_.header;
        coding.answers.reserve(7);  // the most questions a domain has
        for (const auto& q : questions(variant)) {
            if (q.domain != domain) continue;
            const reach reached = evaluate(q.reached, lookup_);
            const sdk::node* value = entry.get(q.id);
            if (value == nullptr) {
                missing(q, reached, coding);
                continue;
            }
            coded(q, reached, *value, coding);
        }
    }

    void missing(const question& q, reach reached, domain_coding& coding) {
        const std::string id(q.id);
        if (reached == reach::no) {
            // Not reached: NA, as the tool would fill in.
            coding.answers.push_back({id, "NA", "derived"});
            coding.sheet.set(q.id, code::na, false);
            resolved_[answer_sheet::slot(id)] = code::na;
            return;
        }
        // Reached (or maybe reached) and left out: not assessed. Only the
        // reviewer writes NI; nothing is counted in its place.
        coding.answers.push_back({id, "", "not-assessed"});
        resolved_[answer_sheet::slot(id)] = std::nullopt;  // later gates cannot read it
        if (reached == reach::unknown) return;             // its gate waits on an answer reported already
        coding.not_assessed.push_back(id);
        warning("missing-answer",
                id + " (" + std::string(q.prompt.substr(0, q.prompt.find('?') + 1)) +
                    ") is reached but not answered: domain " + std::to_string(q.domain) +
                    " and the overall judgement are not assessed until it is; add \"" + id + "\" = one of " +
                    allowed_text(q.allowed.without(code::na)),
                last_answer_where_);
    }

    void coded(const question& q, reach reached, const sdk::node& value, domain_coding& coding) {
        const std::string id(q.id);
        last_answer_where_ = value.where;  // a question left out after it is pointed at here
        coding.answers.push_back({id, raw_text(value), "coded"});
        // Until it proves usable, later gates cannot read it; but a question that
        // is not reached is NA to them whatever was written (no cascade of errors).
        resolved_[answer_sheet::slot(id)] = reached == reach::no ? std::optional<code>(code::na) : std::nullopt;
        const auto reject = [&](std::string_view slug, const std::string& message) {
            error(slug, message, value.where);
            coding.usable = false;
            coding.errors.push_back(id + " (" + std::string(slug) + ")");
        };
        const std::optional<code> parsed = value.type == kind::string ? parse_code(value.text) : std::nullopt;
        if (!parsed) {
            std::string message = id + " = " + (value.type == kind::string ? quoted(value.text) : raw_text(value)) +
                                  " is not an answer code: " + id + " takes " + allowed_text(q.allowed);
            if (value.type == kind::string && parse_code(upper(value.text)))
                message += " (write it in capitals: " + quoted(upper(value.text)) + ")";
            return reject("answer-not-allowed", message);
        }
        if (!q.allowed.has(*parsed)) {
            std::string message =
                id + " = " + quoted(to_text(*parsed)) + " is not allowed: " + id + " takes " + allowed_text(q.allowed);
            if (*parsed == code::na) message += " (it is always reached, so it is never NA)";
            if (*parsed == code::ni && !q.allowed.has(code::ni))
                message += " (it has no NI: when no evidence is offered, answer N)";
            return reject("answer-not-allowed", message);
        }
        if (reached == reach::yes && *parsed == code::na && !q.na_if_not_addressed)
            return reject("na-where-reached", id + " = \"NA\", but " + id + " is reached (" + to_text(q.reached) +
                                                  "; here " + inputs_text(q.reached, lookup_) + "): answer " +
                                                  allowed_text(q.allowed.without(code::na)));
        if (reached == reach::no && *parsed != code::na)
            return reject("answer-where-not-reached",
                          id + " = " + quoted(to_text(*parsed)) + ", but " + id + " is not reached (only when " +
                              to_text(q.reached) + "; here " + inputs_text(q.reached, lookup_) +
                              "): write \"NA\" or leave it out, or check the answers it depends on");
        coding.sheet.set(q.id, *parsed, false);
        resolved_[answer_sheet::slot(id)] = *parsed;
    }

    void read_overrides(const sdk::node& overrides) {
        std::vector<std::string> targets;
        for (const auto& d : domains()) targets.emplace_back(d.id);
        const auto report = [this](sdk::override_problem kind, const std::string& message,
                                   const sdk::source_location& where) {
            error(kind == sdk::override_problem::no_reason ? "override-without-reason" : "invalid-override", message,
                  where);
        };
        for (auto& o : sdk::read_overrides(overrides, targets, {"low", "some-concerns", "high"}, report))
            out_.overrides.emplace(o.target, override_request{*parse_word(o.judgement), std::move(o.reason), o.where});
    }

    const sdk::study& study_;
    result_coding& out_;
    // Where a left-out question of the domain being read is reported: the
    // answer before it (where it would be added), else the table's header.
    sdk::source_location last_answer_where_;
    // The answers as gates read them: a usable code, or nullopt for an invalid
    // (or not yet read) one; indexed like answer_sheet.
    std::array<std::optional<code>, answer_sheet::slots> resolved_{};
    answer_lookup lookup_ = [this](std::string_view id) { return resolved_[answer_sheet::slot(id)]; };
};

bool has_answers(const sdk::node& entry) {
    if (entry.type != kind::table) return true;  // malformed: reported, not silently "not assessed"
    return std::any_of(entry.members.begin(), entry.members.end(),
                       [](const auto& member) { return member.first != "outcome" && member.first != "effect"; });
}

std::string make_label(const result_coding& result, const sdk::node& entry, std::size_t index, std::size_t count) {
    std::string effect_text = "effect not coded";
    if (result.effect_of_interest)
        effect_text = std::string(to_text(*result.effect_of_interest));
    else if (entry.get("effect") != nullptr)
        effect_text = "unknown effect";
    if (!result.outcome.empty()) return result.outcome + " (" + effect_text + ")";
    if (count > 1) return "result " + std::to_string(index + 1) + " (" + effect_text + ")";
    return {};
}

}  // namespace

study_coding read_coding(const sdk::study& study) {
    study_coding coding;
    const sdk::node* appraisal = study.find("appraisal");
    coding.node = appraisal != nullptr && appraisal->type == kind::table ? appraisal->get(rubric_id) : nullptr;
    if (coding.node == nullptr) return coding;

    std::vector<const sdk::node*> entries;
    if (coding.node->type == kind::table) {
        entries.push_back(coding.node);
    } else if (coding.node->type == kind::array) {
        for (const auto& item : coding.node->items) entries.push_back(&item);
    }
    const bool malformed = entries.empty() && coding.node->type != kind::array;
    if (malformed ||
        std::any_of(entries.begin(), entries.end(), [](const sdk::node* e) { return e->type != kind::table; })) {
        coding.any_answer = true;
        coding.findings.push_back({finding_id("malformed-answers"), sdk::severity::error,
                                   "appraisal.rob2 must be a table ([appraisal.rob2], one result) or tables "
                                   "([[appraisal.rob2]], one per result) of question ids and answers",
                                   coding.node->where});
        return coding;
    }
    coding.any_answer = std::any_of(entries.begin(), entries.end(), [](const sdk::node* e) { return has_answers(*e); });
    if (!coding.any_answer) return coding;

    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const sdk::node& entry = *entries[i];
        result_coding result;
        result.header = entry.where;
        entry_reader reader(study, result);
        reader.read(entry);
        if (entries.size() > 1 && entry.get("outcome") == nullptr)
            reader.error("missing-outcome",
                         "this is one of " + std::to_string(entries.size()) +
                             " results: add outcome = \"<[[outcomes]] id>\" so reports can tell them apart",
                         result.header);
        result.label = make_label(result, entry, i, entries.size());
        const std::string effect_text =
            result.effect_of_interest ? std::string(to_text(*result.effect_of_interest)) : std::string{};
        if (!result.outcome.empty() && !seen.emplace(result.outcome, effect_text).second)
            reader.warning("duplicate-result",
                           "outcome " + quoted(result.outcome) + " with the effect of " +
                               (effect_text.empty() ? std::string("interest not coded") : effect_text) +
                               " is assessed twice: reports cannot tell the two results apart",
                           entry.get("outcome")->where);
        coding.results.push_back(std::move(result));
    }
    return coding;
}

}  // namespace rob2
