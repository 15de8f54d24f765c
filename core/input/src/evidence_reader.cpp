#include "appraise/input/evidence_reader.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "appraise/model/codebook.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/text/excerpt.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

void add(diagnostics& out, severity level, const char* code, std::string message, const sdk::source_location& where,
         std::string hint = {}) {
    out.push_back({level, code, std::move(message), where, std::move(hint)});
}

// A string member, or nullopt with a problem when present but not a string.
std::optional<std::string> string_member(const sdk::node& table, const char* key, const std::string& place,
                                         diagnostics& out) {
    const sdk::node* value = table.get(key);
    if (value == nullptr) return std::nullopt;
    if (value->type != kind::string) {
        add(out, severity::error, "coding/wrong-type", "`" + place + "` must be a string", value->where,
            "write it in quotes, e.g. " + std::string(key) + " = \"...\"");
        return std::nullopt;
    }
    return value->text;
}

std::optional<std::string> word_member(const sdk::node& table, const char* key, const std::string& place,
                                       const std::vector<std::string>& words, diagnostics& out) {
    auto text = string_member(table, key, place, out);
    if (!text) return std::nullopt;
    if (std::find(words.begin(), words.end(), *text) != words.end()) return text;
    std::string message = "`" + place + "` = \"" + excerpt(*text) + "\" is not an allowed value";
    if (auto near = nearest(*text, words)) message += "; did you mean \"" + *near + "\"?";
    std::string allowed;
    for (const auto& word : words) allowed += (allowed.empty() ? "" : ", ") + word;
    add(out, severity::error, "coding/not-in-enum", message, table.get(key)->where, "allowed: " + allowed);
    return std::nullopt;
}

bool has_string_member(const sdk::node& table, std::string_view key) {
    const sdk::node* value = table.get(key);
    return value != nullptr && value->type == kind::string;
}

// A table that holds evidence keys but no `value`: a wrapper with its value forgotten.
bool wrapper_without_value(const sdk::node& table) {
    return table.get("value") == nullptr && (has_string_member(table, "support") || has_string_member(table, "at") ||
                                             has_string_member(table, "source"));
}

class unwrapper {
public:
    unwrapper(diagnostics& out, bool consensus) : out_(out), consensus_(consensus) {}

    // How many values walk() unwrapped (each now carries its evidence).
    [[nodiscard]] std::size_t unwrapped() const { return unwrapped_; }

    // `path` is the table's dotted path, extended for each key and given back
    // as it was: one buffer for the whole walk, not a string per key.
    void walk(sdk::node& table, std::string& path) {
        const std::size_t stem = path.size();
        for (auto& [key, value] : table.members) {
            if (stem == 0 && key == "custom") continue;  // never checked, never rewritten
            if (stem != 0) path += '.';
            path += key;
            visit(value, path);
            path.resize(stem);
        }
    }

private:
    void visit(sdk::node& value, std::string& path) {
        if (value.type == kind::table) {
            if (value.get("value") != nullptr) return unwrap(value, path);
            if (wrapper_without_value(value)) {
                add(out_, severity::error, "coding/wrapper-without-value",
                    "`" + path + "` has support or a place but no `value`", value.where,
                    "write the value inside: { value = ..., support = \"...\", at = \"p. 3\" }");
                return;
            }
            return walk(value, path);
        }
        if (value.type == kind::array)
            for (auto& item : value.items) visit(item, path);
    }

    void unwrap(sdk::node& wrapper, const std::string& path) {
        sdk::value_evidence evidence;
        evidence.where = wrapper.where;
        for (const auto& [key, member] : wrapper.members) {
            if (std::find(wrapper_keys().begin(), wrapper_keys().end(), key) != wrapper_keys().end()) continue;
            std::string message = "unknown key `" + excerpt(key) + "` in the wrapper of `" + path + "`";
            if (const field_synonym* meant = wrapper_synonym_of(key))
                message += "; did you mean `" + meant->path + "`?";
            else if (auto near = nearest(key, wrapper_keys()))
                message += "; did you mean `" + *near + "`?";
            add(out_, severity::warning, "coding/unknown-key", message, member.where,
                "a wrapper holds value, support, at, source (and in a consensus, resolved and reason)");
        }
        if (auto text = string_member(wrapper, "support", path + ".support", out_)) evidence.support = *text;
        if (auto text = string_member(wrapper, "at", path + ".at", out_)) evidence.at = *text;
        if (auto text = word_member(wrapper, "source", path + ".source", evidence_sources(), out_))
            evidence.source = *text;
        if (auto text = word_member(wrapper, "resolved", path + ".resolved", resolution_ways(), out_)) {
            evidence.resolved = *text;
            if (!consensus_)
                add(out_, severity::warning, "coding/resolved-outside-consensus",
                    "`" + path + "` says how a disagreement was resolved, but this is not a consensus corpus",
                    wrapper.get("resolved")->where,
                    "`resolved` belongs in the corpus `appraise agree --consensus` wrote");
        }
        if (auto text = string_member(wrapper, "reason", path + ".reason", out_)) evidence.reason = *text;

        auto value_at = std::find_if(wrapper.members.begin(), wrapper.members.end(),
                                     [](const sdk::node_member& m) { return m.first == "value"; });
        sdk::node value = std::move(value_at->second);
        if (value.type == kind::table) {
            add(out_, severity::error, "coding/wrapper-around-table",
                "the wrapper of `" + path + "` holds a table: a wrapper holds one value", value.where,
                "give each key of the table its own wrapper, or support the table's values one by one");
            return;
        }
        value.evidence = std::move(evidence);
        wrapper = std::move(value);
        ++unwrapped_;
    }

    diagnostics& out_;
    bool consensus_;
    std::size_t unwrapped_ = 0;
};

appraisal_commentary take_one(sdk::node& table, const std::string& path, diagnostics& out) {
    appraisal_commentary taken;
    const auto entries = [&](const char* key, std::vector<commentary_entry>& into,
                             const std::vector<std::string>* words) {
        const sdk::node* section = table.get(key);
        if (section == nullptr) return;
        const std::string place = path + "." + key;
        if (section->type != kind::table) {
            add(out, severity::error, "coding/wrong-type", "`" + place + "` must be a table of domain ids",
                section->where, "write [" + place + "] and one line per domain id, e.g. d1 = \"...\"");
            return;
        }
        for (const auto& member : section->members) {
            const std::string entry_place = place + "." + member.first;
            std::optional<std::string> text;
            if (words != nullptr) {
                sdk::node holder;
                holder.members.emplace_back("x", member.second);
                text = word_member(holder, "x", entry_place, *words, out);
            } else {
                text = string_member(*section, member.first.c_str(), entry_place, out);
            }
            if (text) into.push_back({member.first, *text, member.second.where});
        }
    };
    if (auto notes = string_member(table, "notes", path + ".notes", out)) {
        taken.notes = *notes;
        taken.notes_where = table.get("notes")->where;
    }
    entries("support", taken.support, nullptr);
    entries("direction", taken.direction, &bias_directions());
    if (const sdk::node* weight = table.get("weight")) {
        // Read before the evidence is unwrapped: `weight = { value = 12.4, source = "..." }`.
        const sdk::node* value = weight;
        if (value->type == kind::table && value->get("value") != nullptr) value = value->get("value");
        const bool number = value->type == kind::integer || value->type == kind::number;
        const double amount = value->type == kind::integer ? static_cast<double>(value->integer) : value->number;
        if (!number || !std::isfinite(amount) || amount < 0) {
            add(out, severity::error, "coding/bad-weight",
                "`" + path + ".weight` must be a number of 0 or more (this result's weight in the synthesis)",
                value->where, "write e.g. weight = 12.5 (a meta-analysis weight in %), or leave it out");
        } else {
            taken.weight = amount;
            taken.weight_where = value->where;
        }
    }
    auto& members = table.members;
    members.erase(std::remove_if(members.begin(), members.end(),
                                 [](const sdk::node_member& m) {
                                     return m.first == "notes" || m.first == "support" || m.first == "direction" ||
                                            m.first == "weight";
                                 }),
                  members.end());
    return taken;
}

sdk::node* member_of(sdk::node& table, std::string_view key) {
    for (auto& member : table.members)
        if (member.first == key) return &member.second;
    return nullptr;
}

}  // namespace

study_commentary take_commentary(sdk::node& study, diagnostics& problems) {
    study_commentary taken;
    sdk::node* appraisals = member_of(study, "appraisal");
    if (appraisals == nullptr || appraisals->type != kind::table) return taken;
    for (auto& [rubric, value] : appraisals->members) {
        const std::string path = "appraisal." + rubric;
        if (value.type == kind::table) {
            taken[rubric].push_back(take_one(value, path, problems));
        } else if (value.type == kind::array) {
            for (auto& element : value.items)
                if (element.type == kind::table) taken[rubric].push_back(take_one(element, path, problems));
        }
    }
    return taken;
}

std::size_t unwrap_evidence(sdk::node& study, diagnostics& problems, bool consensus_corpus) {
    std::string path;
    unwrapper unwrap(problems, consensus_corpus);
    unwrap.walk(study, path);
    return unwrap.unwrapped();
}

}  // namespace appraise
