// Evaluation of checked rubric expressions against one study. A fact that was
// not reported evaluates to `missing`, which spreads through operators (so a
// derived answer becomes the scale's "unclear" word) except where `present`,
// `??`, `and`/`or` short-circuits or any/all decide.
#pragma once

#include <map>
#include <string>
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

struct eval_context {
    const sdk::study* study = nullptr;
    const std::vector<expression>* definitions = nullptr;
    const std::map<std::string, std::string>* answers_by_id = nullptr;
    const std::vector<std::string>* answers = nullptr;  // the current domain's
    const std::map<std::string, std::string>* judgements_by_domain = nullptr;
    const std::vector<std::string>* judgements = nullptr;
};

[[nodiscard]] value evaluate(const expression& e, const eval_context& context);

// The text a value shows in a message: numbers without trailing zeros, lists comma-separated.
[[nodiscard]] std::string value_text(const value& v);

// The value of a study fact, as expressions see it (missing when omitted).
[[nodiscard]] value fact_value(const sdk::study& study, const std::string& path);

}  // namespace appraise::declarative
