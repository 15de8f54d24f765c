// Conveniences for rubric plugins (and the host): typed option getters, the
// "did you mean ...?" suggestion, the reader of reviewer overrides, a set of
// answer codes, and the walk over answers coded once or once per result.
//
// Header-only and standard library only, like rubric_api.hpp, but NOT part of
// the plugin boundary: everything here is compiled into whoever includes it,
// nothing here is passed between host and plugin, so changing it never
// changes the plugin API version.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rubric_api.hpp"

namespace appraise::sdk {

// ---------------------------------------------------------------- options

namespace detail {

[[nodiscard]] inline std::string_view option_type_name(const option_value& value) {
    constexpr std::string_view names[] = {"a boolean", "an integer", "a number", "a string"};
    return names[value.index()];
}

// The validated value of `name`. The host fills in every option the rubric
// declares, so a miss is a misspelt or undeclared name in the plugin's own
// code: a clear exception (reported as a rubric failure), not a read past end().
[[nodiscard]] inline const option_value& option_at(const option_values& values, std::string_view name) {
    const auto found = values.find(name);
    if (found == values.end()) {
        std::string known;
        for (const auto& [key, value] : values) known += (known.empty() ? "`" : ", `") + key + "`";
        throw std::invalid_argument("no option `" + std::string(name) + "` among the rubric's options (" +
                                    (known.empty() ? std::string("it has none") : "it has " + known) +
                                    "): declare it in rubric_description::options or fix the name");
    }
    return found->second;
}

[[noreturn]] inline void wrong_option_type(std::string_view name, const option_value& value, std::string_view wanted) {
    throw std::invalid_argument("option `" + std::string(name) + "` is " + std::string(option_type_name(value)) +
                                ", not " + std::string(wanted) + ": read it with the getter of its declared type");
}

}  // namespace detail

// Typed access to validated options. Each throws std::invalid_argument naming
// the option when the rubric declares no option of that name, or when its
// declared type is not the one asked for.
[[nodiscard]] inline double option_number(const option_values& values, std::string_view name) {
    const option_value& v = detail::option_at(values, name);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    detail::wrong_option_type(name, v, "a number");
}
[[nodiscard]] inline std::int64_t option_integer(const option_values& values, std::string_view name) {
    const option_value& v = detail::option_at(values, name);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    detail::wrong_option_type(name, v, "an integer");
}
[[nodiscard]] inline bool option_bool(const option_values& values, std::string_view name) {
    const option_value& v = detail::option_at(values, name);
    if (const auto* b = std::get_if<bool>(&v)) return *b;
    detail::wrong_option_type(name, v, "a boolean");
}
[[nodiscard]] inline const std::string& option_string(const option_values& values, std::string_view name) {
    const option_value& v = detail::option_at(values, name);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    detail::wrong_option_type(name, v, "a string");
}

// ---------------------------------------------------------------- did you mean

// "Did you mean ...?" for plugins and host alike: optimal-string-alignment
// edit distance (case-insensitive; an adjacent transposition counts 1) ...
[[nodiscard]] inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    // Three rolling rows (the transposition looks two rows back), so memory is
    // linear in the shorter word rather than the product of both lengths.
    if (a.size() < b.size()) std::swap(a, b);
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

// Words longer than this get no suggestion: no key or word of a scale is this
// long, and comparing a pasted paragraph with every candidate is wasted work.
inline constexpr std::size_t longest_suggestible_word = 64;

// ... and the closest candidate within a third of the word's length (at
// least 1, at most 3 edits), or nullopt when nothing is a plausible typo.
[[nodiscard]] inline std::optional<std::string> nearest(std::string_view word,
                                                        const std::vector<std::string>& candidates) {
    if (word.size() > longest_suggestible_word) return std::nullopt;
    const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        // The distance is at least the difference in length: skip the work.
        const std::size_t gap =
            candidate.size() > word.size() ? candidate.size() - word.size() : word.size() - candidate.size();
        if (gap >= best_distance) continue;
        const std::size_t distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

// ---------------------------------------------------------------- overrides

// A reviewer's override of one judgement, read from [appraisal.<rubric>.override]:
//   overall = { judgement = "high", reason = "several domains with some concerns" }
struct judgement_override {
    std::string target;     // "overall" or a domain id
    std::string judgement;  // a word of the scale
    std::string reason;     // never empty
    source_location where;
};

enum class override_problem { malformed, no_reason };

// Reads an override table. `targets`: the domain ids that may be overridden
// besides "overall"; `scale`: the words a judgement may take. Each problem
// (not a table, an unknown target or key, a word off the scale, no written
// reason) is reported through `problem` with its place, and that entry is left
// out: an override is applied only with a reason a report can show.
inline std::vector<judgement_override> read_overrides(
    const node& table, const std::vector<std::string>& targets, const std::vector<std::string>& scale,
    const std::function<void(override_problem, const std::string&, const source_location&)>& problem) {
    const auto list = [](const std::vector<std::string>& words) {
        std::string text;
        for (const auto& w : words) text += (text.empty() ? "\"" : ", \"") + w + "\"";
        return text;
    };
    std::vector<judgement_override> overrides;
    if (table.type != node::kind::table) {
        problem(override_problem::malformed,
                "the override must be a table of lines such as overall = { judgement = \"...\", reason = \"...\" }",
                table.where);
        return overrides;
    }
    for (const auto& [target, value] : table.members) {
        if (target != "overall" && std::find(targets.begin(), targets.end(), target) == targets.end()) {
            problem(override_problem::malformed,
                    "`" + target + "` cannot be overridden: use overall or one of " + list(targets), value.where);
            continue;
        }
        const std::string shape = target + " = { judgement = \"...\", reason = \"...\" }";
        if (value.type != node::kind::table) {
            problem(override_problem::malformed, "the override of " + target + " must be an inline table: " + shape,
                    value.where);
            continue;
        }
        bool ok = true;
        for (const auto& [key, member] : value.members) {
            if (key == "judgement" || key == "reason") continue;
            problem(override_problem::malformed,
                    "the override of " + target + " has an unknown key `" + key + "`: write " + shape, member.where);
            ok = false;
        }
        const node* word = value.get("judgement");
        if (word == nullptr || word->type != node::kind::string ||
            std::find(scale.begin(), scale.end(), word->text) == scale.end()) {
            problem(override_problem::malformed,
                    "the override of " + target + " needs `judgement`, one of " + list(scale) +
                        "; the override is not applied",
                    word == nullptr ? value.where : word->where);
            ok = false;
        }
        const node* reason = value.get("reason");
        if (reason == nullptr || reason->type != node::kind::string ||
            reason->text.find_first_not_of(" \t\r\n") == std::string::npos) {
            problem(override_problem::no_reason,
                    "the override of " + target +
                        " gives no reason: add reason = \"...\" (reports keep it beside the judgement); the override "
                        "is not applied",
                    reason == nullptr ? value.where : reason->where);
            ok = false;
        }
        if (ok) overrides.push_back({target, word->text, reason->text, value.where});
    }
    return overrides;
}

// ---------------------------------------------------------------- study values

// `value` as printf's "%.<significant>g" writes it in the C locale (to_chars
// is specified so), without printf's cost on every study a rubric words.
[[nodiscard]] inline std::string general_number_text(double value, int significant) {
    std::array<char, 32> buffer{};  // "%.17g" of any double fits
    const auto written =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::general, significant);
    return written.ec == std::errc{} ? std::string(buffer.data(), written.ptr) : std::string();
}

// The string at `path` (as study::find takes it), or "" when it is absent or
// not a string: for the design facts a rubric branches on.
[[nodiscard]] inline std::string text_at(const study& s, std::string_view path) {
    const node* value = s.find(path);
    return value != nullptr && value->type == node::kind::string ? value->text : std::string{};
}

// ---------------------------------------------------------------- answer codes

// A set of one tool's answer codes, e.g. YES = {Y, PY}. `Code` is the tool's
// enum of codes, numbered from 0 and fewer than 32.
template <typename Code>
class code_set {
public:
    constexpr code_set() = default;
    constexpr code_set(std::initializer_list<Code> codes) {
        for (const Code c : codes) bits_ |= bit(c);
    }
    [[nodiscard]] constexpr bool has(Code c) const { return (bits_ & bit(c)) != 0; }
    [[nodiscard]] constexpr code_set with(Code c) const {
        code_set s = *this;
        s.bits_ |= bit(c);
        return s;
    }
    [[nodiscard]] constexpr code_set without(Code c) const {
        code_set s = *this;
        s.bits_ &= ~bit(c);
        return s;
    }
    friend constexpr bool operator==(code_set, code_set) = default;

private:
    static constexpr std::uint32_t bit(Code c) { return std::uint32_t{1} << static_cast<unsigned>(c); }
    std::uint32_t bits_ = 0;
};

// "Y/PY/PN": the codes of `set` in the order of `order`, each written by `name`.
template <typename Code, std::size_t N, typename Name>
[[nodiscard]] std::string join_codes(code_set<Code> set, const std::array<Code, N>& order, Name name,
                                     std::string_view separator) {
    std::string text;
    for (const Code c : order) {
        if (!set.has(c)) continue;
        if (!text.empty()) text += separator;
        text += name(c);
    }
    return text;
}

// ---------------------------------------------------------------- results

// An appraisal that is one finding and nothing else: the tool does not apply,
// the study is not assessed, or its answers cannot be read.
[[nodiscard]] inline appraisal single_finding(std::string_view rubric, std::string_view version, std::string_view slug,
                                              severity level, std::string message, source_location where) {
    appraisal a;
    a.rubric = std::string(rubric);
    a.rubric_version = std::string(version);
    a.findings.push_back({a.rubric + "/" + std::string(slug), level, std::move(message), std::move(where)});
    return a;
}

// One appraisal as the list `rubric::appraise` returns, moved in: `return
// {std::move(a)}` would deep-copy it (an initializer list's elements are const).
[[nodiscard]] inline std::vector<appraisal> one_appraisal(appraisal&& a) {
    std::vector<appraisal> list;
    list.push_back(std::move(a));
    return list;
}

// The answers of a tool coded either once, [appraisal.<rubric>] a table, or
// once per result, [[appraisal.<rubric>]] an array of tables each naming its
// `outcome`. `appraise_one(table, label)` appraises one table; the label is
// empty for a single result, else the outcome named or "result N" (with a
// warning that the result names none). A malformed shape is an error finding.
// `tool`: the tool's name in messages ("ROBINS-I").
inline std::vector<appraisal> appraise_each_result(
    const node& answers, std::string_view rubric, std::string_view version, std::string_view tool,
    const std::function<appraisal(const node&, const std::string&)>& appraise_one) {
    const std::string key = "appraisal." + std::string(rubric);
    if (answers.type == node::kind::table) return one_appraisal(appraise_one(answers, {}));
    if (answers.type != node::kind::array || answers.items.empty())
        return one_appraisal(single_finding(
            rubric, version, "invalid-answers", severity::error,
            "[" + key + "] must be a table (one result) or an array of tables (one per result)", answers.where));
    std::vector<appraisal> results;
    const bool several = answers.items.size() > 1;
    std::size_t index = 0;
    for (const auto& item : answers.items) {
        ++index;
        if (item.type != node::kind::table) {
            results.push_back(single_finding(rubric, version, "invalid-answers", severity::error,
                                             "[[" + key + "]] element " + std::to_string(index) + " is not a table",
                                             item.where));
            continue;
        }
        const node* outcome = item.get("outcome");
        const bool named = outcome != nullptr && outcome->type == node::kind::string;
        const std::string label = !several ? std::string{} : named ? outcome->text : "result " + std::to_string(index);
        appraisal result = appraise_one(item, label);
        if (several && !named)
            result.findings.push_back({std::string(rubric) + "/result-unlabelled", severity::warning,
                                       "this study has several " + std::string(tool) +
                                           " results but this one names no `outcome`: it is labelled \"" + label + "\"",
                                       item.where});
        results.push_back(std::move(result));
    }
    return results;
}

// The message for a key a tool's answers do not have, with the nearest known
// key when one is a plausible typo; the key is ignored.
[[nodiscard]] inline std::string unknown_key_message(std::string_view key, const std::vector<std::string>& keys,
                                                     std::string_view tool, std::string_view rubric) {
    std::string message = "unknown key `" + std::string(key) + "` in the " + std::string(tool) + " answers";
    if (const auto near = nearest(key, keys)) message += "; did you mean `" + *near + "`?";
    return message + " (it is ignored; `appraise explain " + std::string(rubric) + "` lists the keys)";
}

// What is wrong with `outcome`, the value of a result's `outcome` key, which
// must name one of the study's [[outcomes]] entries: nullopt when it does,
// else a message with the nearest id and the ids there are.
[[nodiscard]] inline std::optional<std::string> outcome_reference_problem(const study& s, const node& outcome) {
    if (outcome.type != node::kind::string) return "outcome must be the id of an [[outcomes]] entry, as a string";
    std::vector<std::string> ids;
    if (const node* outcomes = s.find("outcomes"); outcomes != nullptr && outcomes->type == node::kind::array)
        for (const auto& item : outcomes->items)
            if (const node* id = item.get("id"); id != nullptr && id->type == node::kind::string)
                ids.push_back(id->text);
    if (std::find(ids.begin(), ids.end(), outcome.text) != ids.end()) return std::nullopt;
    std::string message = "outcome = \"" + outcome.text + "\" names no [[outcomes]] entry of this study";
    if (ids.empty()) return message + ": the study codes no [[outcomes]]; add one with this id";
    if (const auto near = nearest(outcome.text, ids)) message += ": did you mean \"" + *near + "\"?";
    std::string known;
    for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
    return message + " (its outcomes: " + known + ")";
}

}  // namespace appraise::sdk
