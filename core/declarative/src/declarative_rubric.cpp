#include "appraise/declarative/declarative_rubric.hpp"
#include "appraise/input/install_layout.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>
#include <variant>

#include "appraise/input/directory_listing.hpp"
#include "appraise/input/path_list.hpp"
#include "appraise/model/log.hpp"
#include "appraise/model/suggest.hpp"
#include "evaluate.hpp"

namespace appraise::declarative {

namespace fs = std::filesystem;
using nk = sdk::node::kind;

namespace {

struct override_entry {
    std::string judgement;
    std::string reason;
};

bool is_true(const value& v) {
    return v.type == value::kind::boolean && v.truth;
}

// Where each answer came from, as sdk::answer::provenance spells it.
enum class origin { coded, derived, proposed, missing, not_assessed };

const char* origin_name(origin o) {
    switch (o) {
        case origin::coded:
            return "coded";
        case origin::derived:
            return "derived";
        case origin::proposed:
            return "proposed";
        case origin::missing:
            return "missing";
        case origin::not_assessed:
            return "not-assessed";
    }
    return "missing";
}

// One study's appraisal by one rubric. Everything per item and per domain is
// held in flat vectors by index (the rubric's order); the words are views of
// the rubric's scales or the study's text, both of which outlive it.
class appraiser {
public:
    // Fills `out`, a default appraisal, in place (it is never moved).
    appraiser(const compiled_rubric& rubric, const sdk::study& study, sdk::appraisal& out)
        : r_(rubric),
          study_(study),
          facts_(study, rubric.fields, arena_),
          memo_(rubric.definitions.size()),
          a_(out),
          coded_(rubric.items.size(), nullptr),
          coded_by_outcome_(rubric.items.size()),
          not_assessed_(rubric.items.size()),
          is_not_assessed_(rubric.items.size(), false),
          reported_(rubric.items.size(), false),
          judgements_(rubric.domains.size()),
          coding_only_(study.scope == sdk::appraisal_scope::coding) {
        context_.facts = &facts_;
        context_.definitions = &r_.definitions;
        context_.memo = &memo_;
    }

    void run(const sdk::node* coded, std::string label) {
        a_.rubric = r_.description.id;
        a_.rubric_version = r_.description.version;
        a_.label = std::move(label);
        a_.domains.reserve(r_.domains.size());
        find_outcomes();
        if (coded != nullptr) read_coded(*coded);
        if (coded != nullptr)
            table_where_ = coded->where;
        else
            table_where_ = study_.locate(r_.appraisal_key);
        answer_items();
        judge_domains();
        judge_overall();
        emit_findings();
    }

private:
    // Checks of the reviewer's answers concern what the appraisal can report, not the study's bias.
    void finding(std::string_view slug, sdk::severity level, std::string message, const sdk::source_location& at,
                 sdk::finding_concern concern = sdk::finding_concern::reporting) {
        // Built in place: a braced temporary would be moved, string by string.
        sdk::finding& f = a_.findings.emplace_back();
        f.id.reserve(r_.description.id.size() + 1 + slug.size());
        f.id.append(r_.description.id).append("/").append(slug);
        f.level = level;
        f.message = std::move(message);
        f.where = at;
        f.concern = concern;
    }

    // The results a per-outcome item is answered for: each [[outcomes]]
    // element (by its id), only the one a per-result appraisal names, or one
    // study-level slot (no node) when the study codes no outcome.
    void find_outcomes() {
        const sdk::node* list = study_.find("outcomes");
        if (list != nullptr && list->type == nk::array)
            for (std::size_t i = 0; i < list->items.size(); ++i) {
                const sdk::node* id = list->items[i].get("id");
                all_outcomes_.push_back({id != nullptr && id->type == nk::string && !id->text.empty()
                                             ? id->text
                                             : "outcome " + std::to_string(i + 1),
                                         &list->items[i]});
            }
        for (const auto& o : all_outcomes_)
            if (o.id == a_.label) outcomes_.push_back(o);
        if (outcomes_.empty()) outcomes_ = all_outcomes_;
        if (outcomes_.empty()) outcomes_.push_back({"", nullptr});
    }

    // The index of item `id`, or -1.
    int item(std::string_view id) const {
        for (std::size_t i = 0; i < r_.items.size(); ++i)
            if (r_.items[i].id == id) return static_cast<int>(i);
        return -1;
    }

    // [appraisal.<rubric-id>]: the reviewer's answers (which always win) and overrides.
    void read_coded(const sdk::node& coded) {
        for (const auto& [key, v] : coded.members) {
            if (key == "outcome") continue;  // labels a per-result appraisal
            if (key == "override") {
                read_overrides(v);
                continue;
            }
            const int index = item(key);
            if (index < 0) {
                // The keys a did-you-mean offers, listed only when one is needed.
                std::vector<std::string> keys{"override", "outcome"};
                for (const auto& i : r_.items) keys.push_back(i.id);
                std::string message = "[appraisal." + r_.description.id + "] has no item `" + key + "`";
                if (auto near = nearest(key, keys)) message += "; did you mean `" + *near + "`?";
                finding("unknown-answer", sdk::severity::error, message + ": the answer is ignored", v.where);
                continue;
            }
            const rubric_item& it = r_.items[static_cast<std::size_t>(index)];
            if (it.per_outcome && v.type == nk::table) {
                read_outcome_answers(static_cast<std::size_t>(index), v);
                continue;
            }
            if (!valid_answer(it, v)) continue;
            coded_[static_cast<std::size_t>(index)] = &v.text;
        }
    }

    // q8 = { reading = "yes", math = "no" }: a per-outcome item answered per result.
    void read_outcome_answers(std::size_t index, const sdk::node& table) {
        const rubric_item& it = r_.items[index];
        for (const auto& [outcome, v] : table.members) {
            // Inside the result for one outcome, an answer for another would be dropped.
            const std::string& named = outcome;  // (clang 14 does not capture structured bindings)
            const bool coded_outcome =
                std::any_of(all_outcomes_.begin(), all_outcomes_.end(), [&](const auto& o) { return o.id == named; });
            if (std::none_of(outcomes_.begin(), outcomes_.end(), [&](const auto& o) { return o.id == named; }) &&
                coded_outcome) {
                finding("unknown-answer", sdk::severity::error,
                        "item `" + it.id + "` is answered for outcome `" + outcome + "` inside the result for `" +
                            a_.label + "`: the answer is ignored; give it in that outcome's result",
                        v.where);
                continue;
            }
            if (!coded_outcome) {
                std::vector<std::string> ids;  // for the did-you-mean only
                for (const auto& o : all_outcomes_) ids.push_back(o.id);
                std::string message = "item `" + it.id + "` is answered for outcome `" + outcome +
                                      "`, which is not the id of an [[outcomes]] element";
                if (auto near = nearest(outcome, ids)) message += "; did you mean `" + *near + "`?";
                finding("unknown-answer", sdk::severity::error, message + ": the answer is ignored", v.where);
                continue;
            }
            if (!valid_answer(it, v)) continue;
            auto& by = coded_by_outcome_[index];
            const auto same =
                std::find_if(by.begin(), by.end(), [&](const auto& entry) { return entry.first == named; });
            if (same != by.end())
                same->second = &v.text;
            else
                by.emplace_back(named, &v.text);
        }
    }

    // A coded answer must be a word of the item's scale (else an error finding).
    bool valid_answer(const rubric_item& it, const sdk::node& v) {
        const auto& scale = r_.scales[it.scale];
        if (v.type == nk::string && std::find(scale.values.begin(), scale.values.end(), v.text) != scale.values.end())
            return true;
        std::string words;
        for (const auto& w : scale.values) words += (words.empty() ? "" : ", ") + ("\"" + w + "\"");
        std::string message = "the answer to item `" + it.id + "` must be one of " + words;
        if (v.type == nk::string)
            if (auto near = nearest(v.text, scale.values)) message += "; did you mean \"" + *near + "\"?";
        if (it.per_outcome) message += " (or, per outcome, { <outcome-id> = \"...\" })";
        finding("invalid-answer", sdk::severity::error, message + ": the item is treated as not answered", v.where);
        return false;
    }

    void read_overrides(const sdk::node& table) {
        if (table.type != nk::table) {
            finding("invalid-answer", sdk::severity::error,
                    "`override` must be a table: overall = { judgement = \"...\", reason = \"...\" }", table.where);
            return;
        }
        std::vector<std::string> targets;
        for (const auto& d : r_.domains) targets.push_back(d.id);
        if (r_.has_overall) targets.push_back("overall");
        for (const auto& [target, v] : table.members) {
            if (std::find(targets.begin(), targets.end(), target) == targets.end()) {
                std::string message = "override names `" + target + "`, which is not a domain of this rubric" +
                                      std::string(r_.has_overall ? " nor `overall`" : "");
                if (auto near = nearest(target, targets)) message += "; did you mean `" + *near + "`?";
                finding("invalid-answer", sdk::severity::error, message, v.where);
                continue;
            }
            const sdk::node* judgement = v.type == nk::table ? v.get("judgement") : nullptr;
            const sdk::node* reason = v.type == nk::table ? v.get("reason") : nullptr;
            const auto& scale = r_.description.judgement_scale;
            if (judgement == nullptr || judgement->type != nk::string || reason == nullptr ||
                reason->type != nk::string || reason->text.empty()) {
                finding("invalid-answer", sdk::severity::error,
                        "an override needs `judgement` and a written `reason`: " + target +
                            " = { judgement = \"...\", reason = \"...\" }",
                        v.where);
                continue;
            }
            if (std::find(scale.begin(), scale.end(), judgement->text) == scale.end()) {
                std::string message = "override judgement \"" + judgement->text + "\" is not on the judgement scale";
                if (auto near = nearest(judgement->text, scale)) message += "; did you mean \"" + *near + "\"?";
                finding("invalid-answer", sdk::severity::error, message, judgement->where);
                continue;
            }
            overrides_[target] = {judgement->text, reason->text};
        }
    }

    // One answer: coded, not applicable, derived, missing or not assessed.
    std::pair<std::string_view, origin> answer_one(const rubric_item& it, const std::string* coded) const {
        const auto& scale = r_.scales[it.scale];
        if (coded != nullptr) return {*coded, origin::coded};
        if (!it.applies.empty()) {
            const value applies = evaluate(it.applies, context_);
            if (applies.type == value::kind::boolean && !applies.truth) return {scale.not_applicable, origin::derived};
        }
        if (it.derive.empty())
            // Only the reviewer answers it, and did not: not assessed. The
            // `missing` word would put an answer in the reviewer's mouth.
            return {std::string_view{}, origin::not_assessed};
        // A derive that cannot decide gives the scale's `missing` word:
        // the study does not report the facts it reads (rubrics/README.md).
        const value v = evaluate(it.derive, context_);
        if (v.type == value::kind::string &&
            std::find(scale.values.begin(), scale.values.end(), v.text) != scale.values.end())
            return {v.text, it.proposal ? origin::proposed : origin::derived};
        return {scale.missing, origin::missing};
    }

    // answers_[k]: every item's answer for outcome slot k (a study-level
    // item has the same answer in every slot).
    void answer_items() {
        answers_.assign(outcomes_.size(), word_list(r_.items.size()));
        provenance_.assign(outcomes_.size(), std::vector<origin>(r_.items.size(), origin::missing));
        for (std::size_t i = 0; i < r_.items.size(); ++i) {
            const auto& it = r_.items[i];
            for (std::size_t k = 0; k < outcomes_.size(); ++k) {
                if (!it.per_outcome && k > 0) {
                    answers_[k][i] = answers_[0][i];
                    provenance_[k][i] = provenance_[0][i];
                    continue;
                }
                const std::string* answer = coded_[i];
                if (it.per_outcome)
                    for (const auto& [outcome, word] : coded_by_outcome_[i])
                        if (outcome == outcomes_[k].id) answer = word;
                // A derived answer nothing the coding scope reads: left unworked (missing).
                if (coding_only_ && answer == nullptr && !it.derive.empty() && r_.coding_derives[i] == 0) continue;
                if (it.per_outcome) context_.outcome = outcomes_[k].node;
                const auto [word, provenance] = answer_one(it, answer);
                context_.outcome = nullptr;
                if (provenance == origin::not_assessed) {
                    is_not_assessed_[i] = true;
                    not_assessed_[i].push_back(it.per_outcome ? std::string_view(outcomes_[k].id) : std::string_view{});
                }
                answers_[k][i] = word;
                provenance_[k][i] = provenance;
            }
        }
        context_.answers_by_item = &answers_[0];
    }

    // One warning per item, the first time a domain that is appraised reads it.
    void report_unanswered(std::size_t index) {
        if (reported_[index]) return;
        reported_[index] = true;
        const rubric_item& it = r_.items[index];
        const std::string outcomes = for_outcomes(index);
        // The item's fixed parts were built when the rubric was linked.
        std::string message = it.unanswered_head;
        message.append(outcomes)
            .append(": its domain")
            .append(r_.has_overall ? " and the overall judgement are" : " is")
            .append(it.unanswered_add)
            .append(outcomes.empty() ? "" : " (for every outcome, or per outcome: { <outcome-id> = \"...\" })")
            .append(r_.under_table);
        finding("not-answered", sdk::severity::warning, std::move(message), table_where_);
    }

    // " for outcome reading" / " for outcomes reading and math"; empty for a study-level item.
    std::string for_outcomes(std::size_t index) const {
        const auto& outcomes = not_assessed_[index];
        if (outcomes.empty() || outcomes.front().empty()) return "";
        return std::string(outcomes.size() == 1 ? " for outcome " : " for outcomes ") + listed(outcomes);
    }

    // The not-assessed items a domain's rules read: its own items and any
    // answer("id") its rules name (the order the linker put them in).
    std::vector<std::size_t> unanswered_in(const rubric_domain& d) const {
        std::vector<std::size_t> out;
        for (std::size_t index : d.unanswered_order)
            if (is_not_assessed_[index] && std::find(out.begin(), out.end(), index) == out.end()) out.push_back(index);
        return out;
    }

    template <class T>
    static std::string listed(const std::vector<T>& ids) {
        std::string text;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            text += i == 0 ? "" : i + 1 == ids.size() ? " and " : ", ";
            text += ids[i];
        }
        return text;
    }

    std::string listed_items(const std::vector<std::size_t>& indices) const {
        std::vector<std::string_view> ids;
        ids.reserve(indices.size());
        for (std::size_t index : indices) ids.emplace_back(r_.items[index].id);
        return listed(ids);
    }

    // First rule whose condition holds; the last rule has none, so one always does.
    const judgement_rule* decide(const std::vector<judgement_rule>& rules) const {
        for (const auto& rule : rules)
            if (rule.when.empty() || is_true(evaluate(rule.when, context_))) return &rule;
        return nullptr;
    }

    static std::pair<std::string, std::string> decision(const judgement_rule* rule) {
        if (rule == nullptr) return {"", "no rule matched"};
        return {rule->judgement, rule->rationale};
    }

    // The domain's rules on the answers of outcome slot k.
    const judgement_rule* judge(const rubric_domain& d, std::size_t k) {
        domain_words_.clear();
        for (std::size_t index : d.items) domain_words_.push_back(text_value(answers_[k][index]));
        context_.answers = &domain_words_;
        context_.answers_by_item = &answers_[k];
        const judgement_rule* decided = decide(d.rules);
        context_.answers = nullptr;
        context_.answers_by_item = &answers_[0];
        return decided;
    }

    // A domain with per-outcome answers is judged once per outcome; its
    // judgement is the worst of those (the last on the judgement scale, which
    // runs best first), and the rationale names each outcome's, outcomes with
    // the same rationale together.
    std::pair<std::string, std::string> judge_each_outcome(const rubric_domain& d) {
        const auto& scale = r_.description.judgement_scale;
        std::string worst;
        std::vector<std::pair<std::string, std::vector<std::string_view>>> reasons;  // rationale -> outcomes
        for (std::size_t k = 0; k < outcomes_.size(); ++k) {
            auto [judgement, rationale] = decision(judge(d, k));
            const auto rank = [&](const std::string& w) {
                return std::find(scale.begin(), scale.end(), w) - scale.begin();
            };
            if (worst.empty() || rank(judgement) > rank(worst)) worst = judgement;
            const std::string said = judgement + " (" + rationale + ")";
            auto same = std::find_if(reasons.begin(), reasons.end(), [&](const auto& r) { return r.first == said; });
            if (same == reasons.end()) same = reasons.insert(reasons.end(), {said, {}});
            same->second.emplace_back(outcomes_[k].id);
        }
        if (outcomes_.size() == 1 && outcomes_.front().id.empty()) return decision(judge(d, 0));  // no outcome coded
        std::string text = outcomes_.size() == 1 ? "for outcome " : "worst over the outcomes: ";
        for (std::size_t i = 0; i < reasons.size(); ++i)
            text += (i == 0 ? "" : "; ") + listed(reasons[i].second) + ": " + reasons[i].first;
        return {worst, text};
    }

    void judge_domains() {
        for (std::size_t di = 0; di < r_.domains.size(); ++di) {
            const auto& d = r_.domains[di];
            if (!d.when.empty() && !is_true(evaluate(d.when, context_))) continue;
            sdk::domain_result& result = a_.domains.emplace_back();  // filled in place (reserved in run)
            result.id = d.id;
            result.name = d.name;
            std::size_t answers = 0;
            for (std::size_t index : d.items) answers += r_.items[index].per_outcome ? outcomes_.size() : 1;
            if (!coding_only_) result.answers.reserve(answers);
            for (std::size_t index : d.items) {
                const auto& it = r_.items[index];
                for (std::size_t k = 0; k < (it.per_outcome ? outcomes_.size() : 1); ++k) {
                    // The coding scope keeps the reviewer's answers (their support is quoted) only.
                    if (coding_only_ && provenance_[k][index] != origin::coded) continue;
                    // Built in place: a braced temporary would be moved, string by string.
                    sdk::answer& answer = result.answers.emplace_back();
                    answer.id = it.id;
                    answer.value = answers_[k][index];
                    answer.provenance = origin_name(provenance_[k][index]);
                    if (it.per_outcome) answer.outcome = outcomes_[k].id;
                }
            }
            std::vector<std::size_t> unanswered = unanswered_in(d);
            // A stop condition holds only on the answers it reads: an unanswered
            // item is missing there, so it stops only if the answers given decide
            // it (that item's own domain says it is not answered). A stopped
            // domain does not ask for its items.
            const bool stopped = !d.stop_when.empty() && is_true(evaluate(d.stop_when, context_));
            if (stopped) unanswered.clear();
            for (std::size_t index : unanswered) report_unanswered(index);
            if (stopped) {
                result.not_assessed = "not assessed: " + d.stop_because;
                if (!coding_only_) result.rationale = "Not assessed: " + d.stop_because;
            } else if (unanswered.empty() && coding_only_) {
                // Judged, so nothing the coding scope reads: no rule is run.
            } else if (unanswered.empty() && d.each_outcome) {
                std::tie(result.judgement, result.rationale) = judge_each_outcome(d);
            } else if (unanswered.empty()) {
                // The rule's words copied straight in (decision() would copy them twice).
                if (const judgement_rule* rule = judge(d, 0)) {
                    result.judgement = rule->judgement;
                    result.rationale = rule->rationale;
                } else {
                    result.rationale = "no rule matched";
                }
            } else {
                const std::string which = listed_items(unanswered);
                result.not_assessed =
                    "not assessed: " + which + (unanswered.size() == 1 ? " is" : " are") + " not answered";
                if (!coding_only_)
                    result.rationale = "Not assessed: " + which + (unanswered.size() == 1 ? " is" : " are") +
                                       " for the reviewer to answer and not answered";
            }
            if (!result.judgement.empty()) result.rationale += proposals_note(d);
            if (const auto o = overrides_.find(d.id); o != overrides_.end() && coding_only_) {
                result.not_assessed.clear();  // a written override stands
            } else if (o != overrides_.end()) {
                // A written override stands, on a domain not assessed too.
                result.proposed = result.judgement;
                result.judgement = o->second.judgement;
                result.override_reason = o->second.reason;
                if (!result.not_assessed.empty()) result.rationale += "; judged by the reviewer: " + o->second.reason;
                result.not_assessed.clear();
            }
            if (!result.not_assessed.empty()) unjudged_.emplace_back(d.id);
            judgements_[di] = result.judgement;
            judged_.push_back(di);
        }
    }

    // A judgement resting on proposed answers is itself only a proposal: say
    // which (the domain's items in order, as its answers list them).
    std::string proposals_note(const rubric_domain& d) const {
        std::vector<std::size_t> ids;
        for (std::size_t index : d.items)
            for (std::size_t k = 0; k < (r_.items[index].per_outcome ? outcomes_.size() : 1); ++k)
                if (provenance_[k][index] == origin::proposed && std::find(ids.begin(), ids.end(), index) == ids.end())
                    ids.push_back(index);
        if (ids.empty()) return "";
        return "; proposed, not the reviewer's: " + listed_items(ids) + (ids.size() == 1 ? " is" : " are") +
               " derived from which facts are coded until the reviewer judges " + (ids.size() == 1 ? "it" : "them");
    }

    void judge_overall() {
        if (!r_.has_overall) return;
        if (coding_only_) {
            // Only whether the overall judgement is assessed, and why not.
            if (!unjudged_.empty() && overrides_.find("overall") == overrides_.end())
                a_.overall_not_assessed =
                    "not assessed: " + listed(unjudged_) + (unjudged_.size() == 1 ? " is" : " are") + " not assessed";
            return;
        }
        // judgement("id") and `judgements` read the domains judged above.
        word_list by_domain(r_.domains.size());
        std::vector<value> in_order;
        for (std::size_t di : judged_) {
            by_domain[di] = judgements_[di];
            in_order.push_back(text_value(judgements_[di]));
        }
        context_.judgements_by_domain = &by_domain;
        context_.judgements = &in_order;
        if (unjudged_.empty()) {
            auto [judgement, rationale] = decision(decide(r_.overall));
            a_.overall = judgement;
            a_.overall_rationale = rationale;
        } else {
            const std::string what = listed(unjudged_) + (unjudged_.size() == 1 ? " is" : " are") + " not assessed";
            a_.overall = std::string{};
            a_.overall_not_assessed = "not assessed: " + what;
            a_.overall_rationale = "Not assessed: " + what;
        }
        context_.judgements_by_domain = nullptr;
        context_.judgements = nullptr;
        if (const auto o = overrides_.find("overall"); o != overrides_.end()) {
            a_.overall_proposed = *a_.overall;
            a_.overall = o->second.judgement;
            a_.overall_override_reason = o->second.reason;
            a_.overall_not_assessed.clear();
        }
    }

    void emit_findings() {
        std::vector<std::size_t> proposed;
        for (const auto& f : r_.findings) {
            if (coding_only_ && !sdk::is_about_the_coding(f.level, f.id)) continue;  // dropped by the host
            // A finding on a per-outcome answer is tested once per outcome;
            // outcomes it fires for with the same message are named together.
            const bool each_outcome = f.reads_outcome_answer && !outcomes_.front().id.empty();
            std::vector<std::pair<std::string, std::vector<std::string_view>>> fired;  // message -> outcomes
            for (std::size_t k = 0; k < (each_outcome ? outcomes_.size() : 1); ++k) {
                context_.answers_by_item = &answers_[k];
                const bool fires = is_true(evaluate(f.when, context_));
                context_.answers_by_item = &answers_[0];
                if (!fires) continue;
                std::string message;
                // The proposed answers (outcome slot k) the condition reads.
                proposed.clear();
                for (std::size_t index : f.answer_items)
                    if (provenance_[k][index] == origin::proposed) proposed.push_back(index);
                if (!proposed.empty())
                    message = "proposed (" + listed_items(proposed) + " not judged by the reviewer): ";
                for (const auto& part : f.message) {
                    if (part.field)
                        message += value_text(facts_.get(part.slot, each_outcome ? outcomes_[k].node : nullptr));
                    else
                        message += part.text;  // (a ?: with value_text would copy it first)
                }
                auto same = std::find_if(fired.begin(), fired.end(), [&](const auto& m) { return m.first == message; });
                if (same == fired.end())
                    same = fired.emplace(fired.end(), std::move(message), std::vector<std::string_view>{});
                same->second.emplace_back(outcomes_[k].id);
            }
            for (auto& [message, outcomes] : fired) {
                if (each_outcome)
                    message.insert(0, outcomes.size() == 1 ? "outcome " + std::string(outcomes.front()) + ": "
                                                           : "outcomes " + listed(outcomes) + ": ");
                // Built in place: a braced temporary would be moved, string by string.
                sdk::finding& out = a_.findings.emplace_back();
                out.id = f.id;
                out.level = f.level;
                out.message = std::move(message);
                if (f.at.empty())
                    out.where = study_.id_where;
                else
                    out.where = study_.locate(f.at);
                out.concern = f.concern;
            }
        }
    }

    const compiled_rubric& r_;
    const sdk::study& study_;
    value_arena arena_;     // the study's list values
    study_facts facts_;     // each field the rubric reads, resolved once
    definition_memo memo_;  // the definitions' values for this study, shared by every expression
    eval_context context_;
    sdk::appraisal& a_;                      // the result, filled in place
    std::vector<const std::string*> coded_;  // per item: the reviewer's word, else null
    std::map<std::string, override_entry> overrides_;
    struct outcome_slot {
        std::string id;                   // the [[outcomes]] id; empty: the study-level slot
        const sdk::node* node = nullptr;  // its element, whose fields `outcomes.x` reads
    };
    std::vector<outcome_slot> all_outcomes_;  // every coded outcome
    std::vector<outcome_slot> outcomes_;      // the ones appraised here; at least one slot
    // Per item: outcome id -> the reviewer's word for that outcome.
    std::vector<std::vector<std::pair<std::string_view, const std::string*>>> coded_by_outcome_;
    std::vector<word_list> answers_;               // per outcome slot: per item, its answer
    std::vector<std::vector<origin>> provenance_;  // per outcome slot: per item, where it came from
    // Items only the reviewer answers, left out: per item, the outcomes (an
    // empty id for study level).
    std::vector<std::vector<std::string_view>> not_assessed_;
    std::vector<bool> is_not_assessed_;
    std::vector<bool> reported_;           // of those, the ones already reported
    std::vector<std::string> unjudged_;    // domains not assessed (after overrides)
    sdk::source_location table_where_;     // [appraisal.<id>], or where it would go
    std::vector<std::string> judgements_;  // per domain: its judgement when judged
    std::vector<std::size_t> judged_;      // the domains judged, in order
    std::vector<value> domain_words_;      // the current domain's answers, as `answers` reads them
    // The host reads only what `check` reports (sdk::appraisal_scope::coding):
    // the gates, what is not assessed and the coding's findings are worked
    // out as ever; judgements, rationales and derived answers are not.
    const bool coding_only_;
};

}  // namespace

declarative_rubric::declarative_rubric(std::shared_ptr<const compiled_rubric> compiled)
    : compiled_(std::move(compiled)) {}

declarative_rubric::declarative_rubric(std::shared_ptr<const compiled_rubric> compiled,
                                       const sdk::option_values& options)
    : compiled_(std::move(compiled)) {
    const std::shared_ptr<const compiled_rubric> file = compiled_;  // kept alive while compiled_ is replaced
    const compiled_rubric& r = *file;
    if (r.overall_option.empty()) return;
    const auto chosen = options.find(r.overall_option);
    const std::string* name = chosen == options.end() ? nullptr : std::get_if<std::string>(&chosen->second);
    if (name == nullptr || *name == "none") return;
    std::vector<std::string> names{"none"};
    for (const auto& choice : r.overall_choices) {
        names.push_back(choice.name);
        if (choice.name != *name) continue;
        auto with_overall = std::make_shared<compiled_rubric>(r);
        with_overall->has_overall = true;
        with_overall->overall = choice.rules;
        compiled_ = std::move(with_overall);
        return;
    }
    std::string message = "option " + r.overall_option + " must be one of ";
    for (std::size_t i = 0; i < names.size(); ++i) message += (i == 0 ? "\"" : ", \"") + names[i] + "\"";
    message += " (the rubric's overall rules), not \"" + *name + "\"";
    if (auto near = nearest(*name, names)) message += "; did you mean \"" + *near + "\"?";
    throw std::invalid_argument(message);
}

std::vector<sdk::appraisal> declarative_rubric::appraise(const sdk::study& study) const {
    const compiled_rubric& r = *compiled_;
    if (!r.designs.empty()) {
        const sdk::node* type = study.find("design.type");
        if (type != nullptr && type->type == nk::string &&
            std::find(r.designs.begin(), r.designs.end(), type->text) == r.designs.end())
            return {};  // the rubric does not apply to this design
    }
    const sdk::node* appraisals = study.root.get("appraisal");
    const sdk::node* coded =
        appraisals != nullptr && appraisals->type == nk::table ? appraisals->get(r.description.id) : nullptr;
    if (coded != nullptr && coded->type == nk::array) {
        // One appraisal per assessed result, labelled by its outcome.
        std::vector<sdk::appraisal> out;
        const std::string key = "appraisal." + r.description.id;
        const bool several = coded->items.size() > 1;
        for (std::size_t i = 0; i < coded->items.size(); ++i) {
            const sdk::node& element = coded->items[i];
            const sdk::node* outcome = element.type == nk::table ? element.get("outcome") : nullptr;
            const bool named = outcome != nullptr && outcome->type == nk::string;
            const std::string label = named ? outcome->text : "result " + std::to_string(i + 1);
            sdk::appraisal& a = out.emplace_back();
            appraiser(r, study, a).run(element.type == nk::table ? &element : nullptr, label);
            // As the native plugins do (sdk::appraise_each_result): a result
            // must say which outcome it is, and name one the study codes.
            if (element.type != nk::table)
                a.findings.push_back(
                    {r.description.id + "/invalid-answer", sdk::severity::error,
                     "[[" + key + "]] element " + std::to_string(i + 1) + " is not a table: its answers are not read",
                     element.where, sdk::finding_concern::reporting});
            else if (outcome != nullptr) {
                if (const auto problem = sdk::outcome_reference_problem(study, *outcome))
                    a.findings.push_back({r.description.id + "/invalid-answer", sdk::severity::error,
                                          *problem + "; until it does, this result covers every outcome",
                                          outcome->where, sdk::finding_concern::reporting});
            } else if (several)
                a.findings.push_back({r.description.id + "/result-unlabelled", sdk::severity::warning,
                                      "this study has several " + r.description.name +
                                          " results but this one names no `outcome`: it is labelled \"" + label +
                                          "\" and covers every outcome",
                                      element.where, sdk::finding_concern::reporting});
        }
        if (!out.empty()) return out;
    }
    if (coded != nullptr && coded->type != nk::table && coded->type != nk::array) {
        std::vector<sdk::appraisal> out(1);
        appraiser(r, study, out.front()).run(nullptr, "");
        out.front().findings.push_back({r.description.id + "/invalid-answer", sdk::severity::error,
                                        "[appraisal." + r.description.id + "] must be a table of answers", coded->where,
                                        sdk::finding_concern::reporting});
        return out;
    }
    std::vector<sdk::appraisal> out(1);  // built in place, never moved
    appraiser(r, study, out.front()).run(coded != nullptr && coded->type == nk::table ? coded : nullptr, "");
    return out;
}

void load_rubric_file(const fs::path& file, rubric_registry& registry) {
    const std::string display = file.lexically_normal().generic_string();
    rubric_compile_result result = compile_rubric_file(file.string(), display);
    if (!result.rubric) {
        for (const auto& problem : result.problems)
            if (problem.level == severity::error)
                registry.fail(format_location(problem.where),
                              problem.message + " [" + problem.code + "]" +
                                  (problem.hint.empty() ? std::string() : "; " + problem.hint));
        return;
    }
    std::shared_ptr<const compiled_rubric> compiled = result.rubric;
    rubric_entry entry;
    entry.description = compiled->description;
    entry.factory = [compiled](const sdk::option_values& options) {
        return std::make_unique<declarative_rubric>(compiled, options);
    };
    entry.kind = rubric_kind::declarative;
    entry.origin = display;
    entry.provider = "declarative " + compiled->description.version;
    registry.add(std::move(entry));
}

void load_rubric_directory(const fs::path& directory, rubric_registry& registry) {
    std::error_code error;
    if (fs::is_regular_file(directory, error)) {
        load_rubric_file(directory, registry);
        return;
    }
    const auto files = list_files(directory, ".toml", error, "appraise.toml");
    if (error) {
        registry.fail(directory.generic_string(), "cannot read the rubric directory: " + error.message());
        return;
    }
    for (const auto& file : files) {
        logger("host").debug("loading declarative rubric {}", file.generic_string());
        load_rubric_file(file, registry);
    }
}

// The same data folder the install rule and the build tree use.
fs::path bundled_rubric_dir() {
    const fs::path data = installed_data_dir();
    return data.empty() ? fs::path{} : data / "rubrics";
}

void load_named_rubric_dirs(const std::vector<fs::path>& rubric_dirs, const project_config& config,
                            rubric_registry& registry, diagnostics& problems) {
    std::vector<fs::path> named = rubric_dirs;
    for (auto& dir : path_list_from_env("APPRAISE_RUBRIC_PATH")) named.push_back(std::move(dir));
    named.insert(named.end(), config.rubric_dirs.begin(), config.rubric_dirs.end());
    std::set<fs::path> visited;
    for (const auto& dir : named) {
        std::error_code error;
        if (!fs::exists(dir, error)) {
            problems.push_back({severity::error,
                                "config/missing-rubric-dir",
                                "rubric directory not found: " + dir.generic_string(),
                                {dir.generic_string(), 0, 0},
                                "check --rubric-dir, APPRAISE_RUBRIC_PATH and rubric_dirs in appraise.toml"});
            continue;
        }
        if (visited.insert(fs::weakly_canonical(dir, error)).second) load_rubric_directory(dir, registry);
    }
}

void load_bundled_rubrics(rubric_registry& registry) {
    const fs::path bundled = bundled_rubric_dir();
    std::error_code error;
    if (!bundled.empty() && fs::is_directory(bundled, error))
        load_rubric_directory(bundled, registry);
    else
        logger("host").debug("no bundled rubric directory at {}", bundled.generic_string());
}

}  // namespace appraise::declarative
