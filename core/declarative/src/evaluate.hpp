// Evaluation of checked rubric expressions against one study. A fact that was
// not reported evaluates to `missing`, which spreads through operators (so a
// derived answer becomes the scale's "unclear" word) except where `present`,
// `??`, `and`/`or` short-circuits or any/all decide.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "appraise/declarative/expression.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise::declarative {

struct value {
    enum class kind { missing, boolean, number, string, list };
    kind type = kind::missing;
    bool truth = false;
    double number = 0;
    std::string text;
    std::vector<value> items;

    [[nodiscard]] bool is_missing() const { return type == kind::missing; }
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
        return values_[static_cast<std::size_t>(index)] = std::move(v);
    }

private:
    std::vector<value> values_;
    std::vector<bool> known_;
};

struct eval_context {
    const sdk::study* study = nullptr;
    const std::vector<definition>* definitions = nullptr;
    // One value per definition, computed at its first use: definitions read
    // study facts only, so one memo serves a whole study's evaluation.
    definition_memo* memo = nullptr;
    const std::map<std::string, std::string>* answers_by_id = nullptr;
    const std::vector<std::string>* answers = nullptr;  // the current domain's
    const std::map<std::string, std::string>* judgements_by_domain = nullptr;
    const std::vector<std::string>* judgements = nullptr;
    // Set while a per-outcome item is answered: `outcomes.x` is this
    // [[outcomes]] element's value. Definitions never see it (one value per study).
    const sdk::node* outcome = nullptr;
};

// The value of `e` for the context's study; definitions are taken from the
// context's memo (a fresh one for this call when it has none).
[[nodiscard]] value evaluate(const expression& e, const eval_context& context);

// The text a value shows in a message: numbers without trailing zeros, lists comma-separated.
[[nodiscard]] std::string value_text(const value& v);

// The value of a study fact, as expressions see it (missing when omitted);
// with `outcome`, a field of [[outcomes]] is that element's value.
[[nodiscard]] value fact_value(const sdk::study& study, const std::string& path, const sdk::node* outcome = nullptr);

}  // namespace appraise::declarative
