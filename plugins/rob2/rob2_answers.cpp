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

constexpr std::array<std::string_view, 5> entry_keys{"effect", "outcome", "override", "variant",
                                                     "first_period_only_after_carryover_test"};
constexpr std::string_view carryover_key = "first_period_only_after_carryover_test";

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

// The domain of `design` a key such as "2.7", "1b.2", "S.1" or "4" is about;
// empty for none.
std::string_view domain_of_key(std::string_view key, trial_design design) {
    if (key.empty()) return {};
    if (key.front() == 'S') return design == trial_design::crossover && (key.size() == 1 || key[1] == '.') ? "ds" : "";
    if (key.front() < '1' || key.front() > '5') return {};
    std::size_t next = 1;
    if (key.size() > 1 && (key[1] == 'a' || key[1] == 'b')) {
        if (key.front() != '1') return {};
        if (key[1] == 'b') return design == trial_design::cluster ? "d1b" : "";
        next = 2;
    }
    if (key.size() > next && key[next] != '.') return {};
    for (const domain_unit* d : domains(design))
        if (d->id.size() == 2 && d->id[1] == key.front()) return d->id;
    return {};
}

bool looks_like_question(std::string_view key) {
    // "1.1" ... and crossover's "S.1" ... ("S" alone: an unquoted S.1); any other key is a misspelt key word.
    return !key.empty() &&
           (std::isdigit(static_cast<unsigned char>(key.front())) != 0 || key.rfind("S.", 0) == 0 || key == "S");
}

std::string question_list(effect e, trial_design t, std::string_view domain) {
    std::string text;
    for (const auto& q : questions(e, t))
        if (q.domain == domain) text += (text.empty() ? "" : ", ") + std::string(q.id);
    return text;
}

// A cluster trial's questions in place of the main tool's: "2.1" -> "2.1a
// and 2.1b" (instruments-2.md section 1); empty for a question both share.
std::string_view cluster_replacement(std::string_view id) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> replaced{{
        {"1.1", "1a.1"},
        {"1.2", "1a.2"},
        {"1.3", "1a.3"},
        {"2.1", "2.1a and 2.1b"},
        {"3.1", "3.1a and 3.1b"},
        {"4.3", "4.3a and 4.3b"},
    }};
    for (const auto& [from, to] : replaced)
        if (from == id) return to;
    return {};
}

// "1", "1b", "S": how the messages name a domain.
std::string domain_number(std::string_view id) {
    std::string number(id.substr(1));
    if (number == "s") number = "S";
    return number;
}

std::string design_words(trial_design d) {
    switch (d) {
        case trial_design::parallel:
            return "an individually randomised parallel-group trial";
        case trial_design::cluster:
            return "a cluster-randomised trial";
        case trial_design::crossover:
            return "a crossover trial";
    }
    return "";
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
    entry_reader(const sdk::study& study, result_coding& out, std::string_view encoding)
        : study_(study), out_(out), encoding_(encoding) {}

    void error(std::string_view slug, std::string message, const sdk::source_location& where) {
        out_.findings.push_back({finding_id(slug), sdk::severity::error, std::move(message), where});
    }
    void warning(std::string_view slug, std::string message, const sdk::source_location& where) {
        out_.findings.push_back({finding_id(slug), sdk::severity::warning, std::move(message), where});
    }

    void read(const sdk::node& entry) {
        read_design(entry);
        read_effect(entry);
        read_outcome(entry);
        read_carryover_flag(entry);
        for (const domain_unit* d : domains(out_.design)) {
            out_.domains.emplace_back();
            out_.domains.back().id = d->id;
        }
        read_unknown_keys(entry);
        for (std::size_t i = 0; i < out_.domains.size(); ++i) read_domain(entry, *domains(out_.design)[i], i);
        if (out_.design == trial_design::cluster) check_cluster_question_set(entry);
        if (const sdk::node* overrides = entry.get("override")) read_overrides(*overrides);
    }

private:
    // `variant` when coded, else design.type; explicit beats derived, since
    // the reviewer chose it for this result.
    void read_design(const sdk::node& entry) {
        const std::string type = [&] {
            const sdk::node* t = study_.find("design.type");
            return t != nullptr && t->type == kind::string ? t->text : std::string{};
        }();
        if (type == "cluster-rct") {
            out_.design = trial_design::cluster;
            out_.design_source = "design.type = \"cluster-rct\"";
        } else if (type == "crossover-rct") {
            out_.design = trial_design::crossover;
            out_.design_source = "design.type = \"crossover-rct\"";
        }
        const sdk::node* value = entry.get("variant");
        if (value == nullptr) return;
        const std::optional<trial_design> chosen =
            value->type == kind::string ? parse_design(value->text) : std::nullopt;
        if (!chosen) {
            error("unknown-variant",
                  "variant = " + quoted(raw_text(*value)) +
                      " is not a RoB 2 variant: write \"parallel\" (individually randomised), \"cluster\" or "
                      "\"crossover\"; judged as " +
                      design_words(out_.design) + " meanwhile",
                  value->where);
            return;
        }
        out_.design = *chosen;
        out_.design_source = "variant = " + quoted(value->text);
    }

    void read_carryover_flag(const sdk::node& entry) {
        const sdk::node* value = entry.get(carryover_key);
        if (value == nullptr) return;
        if (out_.design != trial_design::crossover) {
            error("unknown-key",
                  std::string(carryover_key) + " belongs to the crossover variant, and this result is judged as " +
                      design_words(out_.design) +
                      (out_.design_source.empty() ? std::string{} : " (" + out_.design_source + ")") +
                      ": remove it, or set variant = \"crossover\"",
                  value->where);
            return;
        }
        if (value->type != kind::boolean) {
            error("unknown-key", std::string(carryover_key) + " takes true or false", value->where);
            return;
        }
        out_.first_period_only_after_carryover_test = value->boolean;
        if (value->boolean)
            warning("first-period-after-carryover-test",
                    "the result uses first-period data only, chosen after a test for carry-over: such a two-stage "
                    "analysis is biased (Cochrane Handbook 5.1 section 16.4.3); weigh it in the judgement of domain "
                    "S",
                    value->where);
    }

    // A cluster trial coded with the main tool's questions (1.1-1.3, 2.1,
    // 3.1, 4.3 in place of the cluster ones), or with no domain 1b at all:
    // one error naming the questions to answer instead.
    void check_cluster_question_set(const sdk::node& entry) {
        const bool any_1b = std::any_of(entry.members.begin(), entry.members.end(),
                                        [](const auto& m) { return m.first.rfind("1b.", 0) == 0; });
        if (individual_keys_.empty() && any_1b) return;
        std::string instead;
        for (const auto& key : individual_keys_)
            instead += (instead.empty() ? "" : ", ") + std::string(cluster_replacement(key)) + " instead of " + key;
        std::string message = "this is " + design_words(out_.design) + " (" + out_.design_source +
                              "), but the answers follow the individually randomised question set: answer ";
        if (!instead.empty()) message += instead;
        if (!any_1b)
            message += std::string(instead.empty() ? "" : ", and ") +
                       "1b.1 to 1b.3 (domain 1b, timing of identification and recruitment of participants)";
        message += " (`appraise template --rubric rob2 --variant cluster` lists the cluster questions)";
        error("individual-questions-in-cluster-trial", message,
              individual_where_.line > 0 ? individual_where_ : out_.header);
    }

    domain_coding* coding_of(std::string_view domain) {
        for (auto& c : out_.domains)
            if (c.id == domain) return &c;
        return nullptr;
    }

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
        if (value->type == kind::string) out_.outcome = value->text;
        if (const auto problem = sdk::outcome_reference_problem(study_, *value))
            error("unknown-outcome", *problem, value->where);
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
                      " is not a RoB 2 key: a result table takes outcome, effect, variant, override, "
                      "first_period_only_after_carryover_test (crossover) and the question ids (\"1.1\" ... "
                      "\"5.3\")" +
                      (suggestion.empty() ? std::string{} : "; did you mean `" + suggestion + "`?"),
                  value.where);
        }
    }

    void unknown_question(const std::string& key, const sdk::node& value) {
        const std::string_view domain = domain_of_key(key, out_.design);
        if (value.type == kind::table) {
            // `1.1 = "Y"` without quotes is a dotted key: table "1" with member "1".
            error("unknown-question",
                  "question ids must be quoted: write \"" + key + ".1\" = \"Y\" (unquoted, TOML reads " + key +
                      ".1 as a nested table)",
                  value.where);
            if (!domain.empty()) unusable(domain, key + " (unquoted question id)");
            return;
        }
        const effect variant = out_.effect_of_interest.value_or(effect::assignment);
        if (find_question(variant, key, out_.design) != nullptr) return;
        if (!out_.effect_of_interest && known_in_any_variant(key, out_.design)) return;  // domain 2 is withheld anyway
        if (out_.design == trial_design::cluster && !cluster_replacement(key).empty()) {
            // One error for the whole result names every replacement
            // (check_cluster_question_set); the domain is not judged.
            if (individual_keys_.empty()) individual_where_ = value.where;
            individual_keys_.push_back(key);
            if (!domain.empty()) unusable(domain, key + " (individual-questions-in-cluster-trial)");
            return;
        }
        std::string message = quoted(key) + " is not a RoB 2 question";
        const std::vector<trial_design> elsewhere = designs_asking(key);
        if (known_in_any_variant(key, out_.design)) {
            message = quoted(key) + " is not a question of the effect of " + std::string(to_text(variant)) +
                      " (it belongs to the effect of " +
                      std::string(to_text(variant == effect::assignment ? effect::adhering : effect::assignment)) +
                      "); check `effect` or remove it";
        } else if (!elsewhere.empty()) {
            message = quoted(key) + " belongs to the " + std::string(to_text(elsewhere.front())) +
                      " variant of RoB 2, and this result is judged as " + design_words(out_.design) +
                      (out_.design_source.empty() ? std::string{} : " (" + out_.design_source + ")") +
                      ": remove it, or set variant = \"" + std::string(to_text(elsewhere.front())) + "\"";
        } else if (!domain.empty()) {
            message += ": domain " + std::string(domain) + " has " + question_list(variant, out_.design, domain);
        } else {
            message += ": the questions are 1.1 to 5.3 (`appraise explain rob2` lists each variant's)";
        }
        error("unknown-question", message, value.where);
        if (!domain.empty()) unusable(domain, key + " (unknown-question)");
    }

    void unusable(std::string_view domain, const std::string& why) {
        domain_coding* coding = coding_of(domain);
        if (coding == nullptr) return;
        coding->usable = false;
        coding->errors.push_back(why);
    }

    void read_domain(const sdk::node& entry, const domain_unit& unit, std::size_t index) {
        domain_coding& coding = out_.domains[index];
        if (unit.adhering && !out_.effect_of_interest) {
            // Without an effect the questions of domain 2 are not defined: list
            // what was coded, judge nothing.
            coding.usable = false;
            coding.errors.push_back("no valid effect of interest");
            for (const auto& [key, value] : entry.members)
                if (domain_of_key(key, out_.design) == unit.id && value.type != kind::table)
                    coding.answers.push_back({key, raw_text(value), "coded"});
            return;
        }
        const effect variant = out_.effect_of_interest.value_or(effect::assignment);
        last_answer_where_ = out_.header;
        const auto& asked = unit.variant(variant, out_.design).questions;
        coding.answers.reserve(asked.size());
        for (const auto& declared : asked) {
            const sdk::node* value = entry.get(declared.id);
            const std::optional<question> encoded =
                out_.design == trial_design::crossover ? under_encoding(declared, encoding_) : declared;
            if (!encoded) {
                not_in_encoding(declared, value, coding);
                continue;
            }
            const question& q = *encoded;
            const reach reached = evaluate(q.reached, lookup_);
            if (value == nullptr) {
                missing(q, reached, coding);
                continue;
            }
            coded(q, reached, *value, coding);
        }
    }

    // A crossover question the chosen encoding does not have (X1: S.4, 5.4).
    void not_in_encoding(const question& q, const sdk::node* value, domain_coding& coding) {
        resolved_[answer_sheet::slot(q.id)] = std::nullopt;
        if (value == nullptr) return;
        const std::string id(q.id);
        coding.answers.push_back({id, raw_text(*value), "coded"});
        error("unknown-question",
              quoted(id) + " is a question of crossover encoding X2 only, and the review's crossover_encoding = " +
                  quoted(encoding_) + " (X1: S.1 to S.3, and 5.1 to 5.3): remove it, or set the option to \"X2\"",
              value->where);
        coding.usable = false;
        coding.errors.push_back(id + " (unknown-question)");
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
        if (q.optional_answer) return;                     // captured when given, never required
        coding.not_assessed.push_back(id);
        warning("missing-answer",
                id + " (" + std::string(q.prompt.substr(0, q.prompt.find('?') + 1)) +
                    ") is reached but not answered: domain " + domain_number(q.domain) +
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
        // An ungated captured question (domain S without an encoding's gate) takes NA as written.
        const bool na_taken = q.na_if_not_addressed || (q.optional_answer && q.reached.always());
        if (reached == reach::yes && *parsed == code::na && !na_taken)
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
        for (const domain_unit* d : domains(out_.design)) targets.emplace_back(d->id);
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
    std::string encoding_;  // crossover_encoding: "X1", "X2" or ""
    // A cluster trial's keys from the main tool's question set, and where the first is.
    std::vector<std::string> individual_keys_;
    sdk::source_location individual_where_;
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

study_coding read_coding(const sdk::study& study, std::string_view crossover_encoding) {
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
        entry_reader reader(study, result, crossover_encoding);
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
