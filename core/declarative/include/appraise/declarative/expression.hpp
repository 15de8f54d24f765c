// The expression language of declarative rubrics: a small, total language
// (no loops, no I/O, no user functions; bounded size and nesting) over study
// facts and item answers. Parsed once when a rubric file loads, checked against
// the codebook (field names, types, enum and scale values), then evaluated per
// study. A fact that was not reported evaluates to `missing`, which spreads
// through operators (so a derived answer becomes the scale's "unclear" word)
// except where `present`, `??`, `and`/`or` short-circuits or any/all decide.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise::declarative {

// Limits that keep every expression cheap and every evaluation finite.
inline constexpr std::size_t max_expression_chars = 4000;
inline constexpr std::size_t max_expression_nodes = 400;
inline constexpr int max_expression_depth = 32;

enum class op {
    boolean,
    number,
    string,
    list,        // literals
    field,       // a codebook path: design.type, outcomes.validated
    definition,  // a name from the rubric's [define] table
    answers,
    judgements,  // the current domain's answers, the domains' judgements
    call,        // present, len, count, any, all, min, max, answer, judgement
    not_,
    negate,
    and_,
    or_,
    coalesce,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    in,
    not_in,
    add,
    sub,
    mul,
    div,
    if_,
};

// Static types the checker infers.
enum class type { boolean, number, string, list, any };

struct expr_node {
    op kind = op::boolean;
    std::string text;  // string literal, field path, definition or function name
    double number = 0;
    bool truth = false;
    std::vector<int> args;
    int offset = 0;  // in the expression's source text
    // Filled by the checker.
    type result = type::any;
    type element = type::any;        // for lists
    std::vector<std::string> words;  // a string's possible values when known (enum, scale), else empty
    int target = -1;                 // op::definition: index in the rubric's definitions
};

struct expression {
    std::string source;
    std::vector<expr_node> nodes;
    int root = -1;
    [[nodiscard]] bool empty() const { return root < 0; }
};

struct expression_error {
    int offset = 0;  // in the source text
    std::string message;
};

// Parses `source`; syntax errors (and the limits above) go to `errors`.
[[nodiscard]] expression parse_expression(const std::string& source, std::vector<expression_error>& errors);

// What an expression may refer to where it is written.
struct check_scope {
    // Answer words of each item (for answer("id") and `answers`); empty when not allowed here.
    const std::map<std::string, std::vector<std::string>>* items = nullptr;
    // Judgement words of the rubric (for judgement("id") and `judgements`).
    const std::vector<std::string>* judgement_scale = nullptr;
    const std::vector<std::string>* domain_ids = nullptr;
    bool answers_allowed = false;           // in a domain's rules
    std::vector<std::string> answer_words;  // the values `answers` may hold
    std::size_t answer_count = 0;           // how many answers a domain has
    bool judgements_allowed = false;        // in the overall rules
    std::size_t judgement_count = 0;
    // The rubric's definitions: name -> index; their checked expressions.
    const std::map<std::string, int>* definition_index = nullptr;
    const std::vector<expression>* definitions = nullptr;
};

// Checks names, types and words; fills the node annotations. Returns the
// expression's type.
type check_expression(expression& e, const check_scope& scope, std::vector<expression_error>& errors);

// Decides a condition without a study where that is possible: true or false
// for every study, else nullopt. Used to refuse rules that can never fire.
[[nodiscard]] std::optional<bool> constant_truth(const expression& e, const check_scope& scope);

// Every codebook path the expression reads, through definitions too, in first-use order.
void collect_reads(const expression& e, const std::vector<expression>& definitions, std::vector<std::string>& reads);

// ---------------------------------------------------------------- evaluation

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
