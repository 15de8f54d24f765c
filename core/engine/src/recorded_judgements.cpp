#include "appraise/engine/recorded_judgements.hpp"

#include <algorithm>
#include <string>

#include "appraise/model/suggest.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

// The keys of an element besides the domain ids.
const std::vector<std::string>& fixed_keys() {
    static const std::vector<std::string> keys{"outcome", "effect", "overall",        "support",
                                               "notes",   "source", "robvis_template"};
    return keys;
}

// The elements of recorded.<id> or appraisal.<id>: one table, or an array of tables.
std::vector<const sdk::node*> elements(const sdk::study& study, const char* section, const std::string& rubric) {
    std::vector<const sdk::node*> out;
    const sdk::node* all = study.find(section);
    const sdk::node* own = all != nullptr && all->type == kind::table ? all->get(rubric) : nullptr;
    if (own == nullptr) return out;
    if (own->type == kind::array) {
        for (const auto& item : own->items) out.push_back(&item);
    } else {
        out.push_back(own);
    }
    return out;
}

std::string text_of(const sdk::node& element, std::string_view key) {
    const sdk::node* value = element.get(key);
    return value != nullptr && value->type == kind::string ? value->text : std::string();
}

// "reading (assignment)", "reading", or "" (the study's one result).
std::string result_label(const std::string& outcome, const std::string& effect) {
    if (outcome.empty()) return effect.empty() ? std::string() : "(" + effect + ")";
    return effect.empty() ? outcome : outcome + " (" + effect + ")";
}

std::string place(const sdk::source_location& where) {
    return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

// "Some concerns" and "some_concerns" are near "some-concerns": the suggestion finds them.
std::string kebab(std::string_view word) {
    std::string out;
    for (const char c : word) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '_')
            out += '-';
        else
            out += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
    }
    return out;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

class element_reader {
public:
    element_reader(const sdk::rubric_description& rubric, diagnostics& problems)
        : rubric_(rubric), problems_(problems) {
        for (const auto& d : rubric_.domains) domain_ids_.push_back(d.id);
    }

    // The element as the rubric's result, or nullopt when it has an error (reported).
    std::optional<recorded_result> read(const sdk::node& element) {
        ok_ = true;
        const std::string table = "recorded." + rubric_.id;
        if (element.type != kind::table) {
            error("`" + table + "` must be a table ([" + table + "]) or tables ([[" + table +
                      "]], one per result) of domain ids and judgements",
                  element.where, "");
            return std::nullopt;
        }
        recorded_result out;
        out.where = element.where;
        read_source(element, out.source);
        sdk::appraisal& a = out.appraisal;
        a.rubric = rubric_.id;
        a.rubric_version = rubric_.version;
        for (const char* key : {"outcome", "effect", "notes", "robvis_template"})
            if (const sdk::node* v = element.get(key); v != nullptr && v->type != kind::string)
                error("`" + std::string(key) + "` of a recorded judgement must be a string", v->where, "");
        a.label = result_label(text_of(element, "outcome"), text_of(element, "effect"));
        a.notes = text_of(element, "notes");
        read_template(element, a);
        const std::string rationale = recorded_rationale(out.source);
        const sdk::node* support = element.get("support");
        if (support != nullptr && support->type != kind::table) {
            error("`support` of a recorded judgement must be a table of domain ids (or `overall`) and texts",
                  support->where, "");
            support = nullptr;
        }
        std::vector<std::string> targets = domain_ids_;
        targets.emplace_back("overall");
        if (support != nullptr)
            for (const auto& [key, value] : support->members) {
                if (std::find(targets.begin(), targets.end(), key) == targets.end())
                    unknown_key("support for `" + key + "`", key, targets, value.where);
                else if (value.type != kind::string)
                    error("the support for `" + key + "` must be a string", value.where, "");
            }
        const auto support_of = [&](const std::string& key, const sdk::node& value) {
            const sdk::node* text = support != nullptr ? support->get(key) : nullptr;
            if (text != nullptr && text->type == kind::string) return text->text;
            return value.evidence->support;  // d1 = { value = "low", support = "..." }
        };
        for (const auto& [key, value] : element.members) {
            if (std::find(fixed_keys().begin(), fixed_keys().end(), key) != fixed_keys().end()) continue;
            if (std::find(domain_ids_.begin(), domain_ids_.end(), key) == domain_ids_.end()) {
                std::vector<std::string> keys = domain_ids_;
                keys.insert(keys.end(), fixed_keys().begin(), fixed_keys().end());
                unknown_key("a judgement for `" + key + "`", key, keys, value.where);
            }
        }
        // Domains in the rubric's order, as computed results have them.
        for (const auto& spec : rubric_.domains) {
            const sdk::node* value = element.get(spec.id);
            if (value == nullptr) continue;  // the record has no judgement for it: left out, not invented
            auto word = judgement(*value, spec.id);
            if (!word) continue;
            sdk::domain_result d{spec.id, spec.name, *word};
            d.rationale = rationale;
            d.support = support_of(spec.id, *value);
            a.domains.push_back(std::move(d));
        }
        if (const sdk::node* overall = element.get("overall")) {
            if (auto word = judgement(*overall, "overall")) {
                a.overall = *word;
                a.overall_rationale = rationale;
                a.overall_support = support_of("overall", *overall);
            }
        }
        if (ok_ && a.domains.empty() && !a.overall)
            error("this recorded judgement of " + rubric_.id + " judges no domain and no overall", element.where,
                  "its domains (appraise explain " + rubric_.id + "): " + joined(domain_ids_));
        if (!ok_) return std::nullopt;
        return out;
    }

private:
    std::optional<std::string> judgement(const sdk::node& value, const std::string& key) {
        if (value.type != kind::string) {
            error("the judgement for `" + key + "` must be a word of " + rubric_.id + "'s scale, written as a string",
                  value.where, "");
            return std::nullopt;
        }
        const auto& scale = rubric_.judgement_scale;
        if (std::find(scale.begin(), scale.end(), value.text) != scale.end()) return value.text;
        std::string message = "`" + value.text + "` for `" + key + "` is not a judgement of " + rubric_.id;
        const std::string near_form = kebab(value.text);
        if (std::find(scale.begin(), scale.end(), near_form) != scale.end())
            message += "; did you mean `" + near_form + "`?";
        else if (auto near = nearest(near_form, scale))
            message += "; did you mean `" + *near + "`?";
        error(message, value.where, rubric_.id + "'s judgements (best first): " + joined(scale));
        return std::nullopt;
    }

    // Which of the rubric's robvis layouts draws it (ROB2-Cluster for a cluster trial's RoB 2).
    void read_template(const sdk::node& element, sdk::appraisal& a) {
        const sdk::node* value = element.get("robvis_template");
        if (value == nullptr || value->type != kind::string) return;
        std::vector<std::string> names;
        for (const auto& layout : rubric_.robvis_layouts) names.push_back(layout.template_name);
        if (names.empty()) names.emplace_back("Generic");
        if (std::find(names.begin(), names.end(), value->text) != names.end()) {
            a.robvis_template = value->text;
            return;
        }
        std::string message = "`" + value->text + "` is not a robvis layout of " + rubric_.id;
        if (auto near = nearest(value->text, names)) message += "; did you mean `" + *near + "`?";
        error(message, value->where, "its layouts: " + joined(names));
    }

    void read_source(const sdk::node& element, judgement_source& source) {
        const sdk::node* value = element.get("source");
        if (value == nullptr) return;
        if (value->type != kind::table) {
            error("`source` of a recorded judgement must be a table: { file = \"...\", row = 4, tool = \"...\" }",
                  value->where, "");
            return;
        }
        for (const auto& [key, part] : value->members) {
            if (key == "file" && part.type == kind::string) {
                source.file = part.text;
            } else if (key == "tool" && part.type == kind::string) {
                source.tool = part.text;
            } else if (key == "row" && part.type == kind::integer && part.integer >= 1 && part.integer <= 100000000) {
                source.row = static_cast<int>(part.integer);
            } else if (key == "file" || key == "tool" || key == "row") {
                error("`source." + key + "` must be " + (key == "row" ? "a row number (1 or more)" : "a string"),
                      part.where, "");
            } else {
                unknown_key("`source." + key + "`", key, {"file", "row", "tool"}, part.where);
            }
        }
    }

    void unknown_key(const std::string& what, const std::string& key, const std::vector<std::string>& known,
                     const sdk::source_location& where) {
        std::string message = "a recorded judgement of " + rubric_.id + " has " + what + ", which it does not know";
        if (auto near = nearest(key, known)) message += "; did you mean `" + *near + "`?";
        error(message, where, "its keys: " + joined(known));
    }

    void error(const std::string& message, const sdk::source_location& where, const std::string& hint) {
        ok_ = false;
        problems_.push_back({severity::error, "coding/recorded-judgement", message, where,
                             hint.empty() ? "docs/study-format.md, \"Recorded judgements\"" : hint});
    }

    const sdk::rubric_description& rubric_;
    diagnostics& problems_;
    std::vector<std::string> domain_ids_;
    bool ok_ = true;
};

// An answer table that answers something (not only outcome and effect).
bool answers_something(const sdk::node& element) {
    if (element.type != kind::table) return true;
    return std::any_of(element.members.begin(), element.members.end(),
                       [](const sdk::node_member& m) { return m.first != "outcome" && m.first != "effect"; });
}

}  // namespace

study_records read_recorded(const sdk::study& study, const std::vector<rubric_instance>& rubrics,
                            diagnostics& problems) {
    study_records records;
    records.results.resize(rubrics.size());
    records.recorded_only.assign(rubrics.size(), false);
    for (std::size_t r = 0; r < rubrics.size(); ++r) {
        const auto& description = rubrics[r].entry->description;
        const auto recorded = elements(study, "recorded", description.id);
        if (recorded.empty()) continue;
        std::vector<const sdk::node*> answered;
        for (const auto* element : elements(study, "appraisal", description.id))
            if (answers_something(*element)) answered.push_back(element);
        element_reader reader(description, problems);
        for (const auto* element : recorded) {
            auto result = reader.read(*element);
            if (!result) continue;
            // One result is computed from answers or recorded, never both.
            const std::string outcome = text_of(*element, "outcome");
            const std::string effect = text_of(*element, "effect");
            const auto clash = std::find_if(answered.begin(), answered.end(), [&](const sdk::node* a) {
                return a->type == kind::table && text_of(*a, "outcome") == outcome && text_of(*a, "effect") == effect;
            });
            if (clash != answered.end()) {
                const std::string which = result_label(outcome, effect);
                problems.push_back(
                    {severity::error, "coding/recorded-and-answered",
                     "the " + description.id + " result" + (which.empty() ? std::string() : " `" + which + "`") +
                         " is recorded here and answered at " + place((*clash)->where) + " ([appraisal." +
                         description.id + "]); the recorded judgement is left out",
                     element->where,
                     "a result is either computed from answers or recorded from elsewhere: delete one of the two"});
                continue;
            }
            records.results[r].push_back(std::move(*result));
        }
        records.recorded_only[r] = answered.empty();
    }
    return records;
}

void merge_recorded(std::vector<sdk::appraisal>& appraisals, study_records&& records,
                    const std::vector<rubric_instance>& rubrics, std::vector<recorded_mark>& marks) {
    if (std::all_of(records.results.begin(), records.results.end(), [](const auto& r) { return r.empty(); })) return;
    std::vector<sdk::appraisal> merged;
    merged.reserve(appraisals.size());
    std::vector<bool> taken(appraisals.size(), false);
    for (std::size_t r = 0; r < rubrics.size(); ++r) {
        const auto& id = rubrics[r].entry->description.id;
        for (std::size_t k = 0; k < appraisals.size(); ++k)
            if (!taken[k] && appraisals[k].rubric == id) {
                taken[k] = true;
                merged.push_back(std::move(appraisals[k]));
            }
        for (auto& result : records.results[r]) {
            marks.push_back({merged.size(), std::move(result.source), std::move(result.where)});
            merged.push_back(std::move(result.appraisal));
        }
    }
    for (std::size_t k = 0; k < appraisals.size(); ++k)
        if (!taken[k]) merged.push_back(std::move(appraisals[k]));  // no rubric of the run: kept, last
    appraisals = std::move(merged);
}

}  // namespace appraise
