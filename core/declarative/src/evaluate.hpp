// Evaluation of checked rubric expressions against one study. A fact that was
// not reported evaluates to `missing`, which spreads through operators (so a
// derived answer becomes the scale's "unclear" word) except where `present`,
// `??`, `and`/`or` short-circuits or any/all decide.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "appraise/declarative/expression.hpp"
#include "appraise/declarative/rubric_file.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise::declarative {

// A value as expressions see it. It owns nothing: a string is a view of the
// study tree's text or of the rubric's (both outlive one study's
// appraisal), and a list is a run of values in the study's value_arena.
struct value {
    enum class kind { missing, boolean, number, string, list };
    kind type = kind::missing;
    bool truth = false;
    double number = 0;
    std::string_view text;
    const value* items = nullptr;  // kind::list: `count` values
    std::size_t count = 0;

    [[nodiscard]] bool is_missing() const { return type == kind::missing; }
    [[nodiscard]] const value* begin() const { return items; }
    [[nodiscard]] const value* end() const { return items + count; }
};

// A string value: a view of `s`, which must outlive it.
[[nodiscard]] inline value text_value(std::string_view s) {
    value v;
    v.type = value::kind::string;
    v.text = s;
    return v;
}

// Where one study's list values live: chunks that never move, freed with the arena.
class value_arena {
public:
    value* allocate(std::size_t n);

private:
    std::vector<std::unique_ptr<value[]>> chunks_;
    std::size_t used_ = 0;
    std::size_t capacity_ = 0;
};

// The values of a rubric's definitions for one study, as far as computed.
class definition_memo {
public:
    explicit definition_memo(std::size_t definitions) : values_(definitions), known_(definitions, false) {}
    [[nodiscard]] const value* find(int index) const {
        return known_[static_cast<std::size_t>(index)] ? &values_[static_cast<std::size_t>(index)] : nullptr;
    }
    const value& store(int index, value v) {
        known_[static_cast<std::size_t>(index)] = true;
        return values_[static_cast<std::size_t>(index)] = v;
    }

private:
    std::vector<value> values_;
    std::vector<bool> known_;
};

// The fields a rubric reads (compiled_rubric::fields), each resolved in the
// study tree at its first read and kept for the rest of the study.
class study_facts {
public:
    study_facts(const sdk::study& study, const std::vector<field_path>& fields, value_arena& arena)
        : study_(study), fields_(fields), arena_(arena), values_(fields.size()), known_(fields.size(), false) {}

    // The value of field `slot` (missing when omitted); with `outcome`, a
    // field of [[outcomes]] is that element's value.
    [[nodiscard]] value get(int slot, const sdk::node* outcome);
    [[nodiscard]] const sdk::study& study() const { return study_; }
    [[nodiscard]] value_arena& arena() const { return arena_; }

private:
    [[nodiscard]] value resolve(const field_path& f) const;

    const sdk::study& study_;
    const std::vector<field_path>& fields_;
    value_arena& arena_;
    std::vector<value> values_;
    std::vector<bool> known_;
};

// Answer and judgement words, by item or domain index; an empty view is no word.
using word_list = std::vector<std::string_view>;

struct eval_context {
    study_facts* facts = nullptr;
    const std::vector<definition>* definitions = nullptr;
    // One value per definition, computed at its first use: definitions read
    // study facts only, so one memo serves a whole study's evaluation.
    definition_memo* memo = nullptr;
    const word_list* answers_by_item = nullptr;
    const std::vector<value>* answers = nullptr;  // the current domain's, as `answers` reads them
    const word_list* judgements_by_domain = nullptr;
    const std::vector<value>* judgements = nullptr;
    // Set while a per-outcome item is answered: `outcomes.x` is this
    // [[outcomes]] element's value. Definitions never see it (one value per study).
    const sdk::node* outcome = nullptr;
};

// The value of `e` (linked: link_rubric) for the context's study, which has
// facts and a memo.
[[nodiscard]] value evaluate(const expression& e, const eval_context& context);

// The text a value shows in a message: numbers without trailing zeros, lists comma-separated.
[[nodiscard]] std::string value_text(const value& v);

}  // namespace appraise::declarative
