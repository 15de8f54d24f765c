// The expression language of declarative rubrics: a small, total language
// (no loops, no I/O, no user functions; bounded size and nesting) over study
// facts and item answers. This header is its syntax tree; the stages that
// build and use it are one file each in src/: lexer, parser, type_checker,
// constant_decider, reads_collector, evaluate. Parsed once when a rubric file
// loads, checked against the codebook (field names, types, enum and scale
// values), then evaluated per study.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace appraise::declarative {

// Limits that keep every expression cheap and every evaluation finite
// (rubrics/README.md, "Limits"). One expression:
inline constexpr std::size_t max_expression_chars = 4000;
inline constexpr std::size_t max_expression_nodes = 400;
inline constexpr int max_expression_depth = 32;
// The whole rubric. Definitions are analysed and evaluated once each (per
// study), so the work a rubric can ask for is its node count, however often a
// definition is used. A definition's depth is how deep it nests with the
// definitions it names written out in place (counted without writing them
// out); it bounds the evaluator's recursion, the only stage that walks into
// definitions, so that no rubric can overflow the stack.
inline constexpr std::size_t max_definitions = 1000;
inline constexpr int max_definition_depth = 512;
inline constexpr std::size_t max_rubric_nodes = 20000;  // all expressions, each definition once

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

// The functions of op::call, resolved from the name once when a rubric loads.
enum class function { none, present, answer, judgement, len, min, max, count, any, all };

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
    // Filled by the linker (link.cpp), once when the rubric loads, so that
    // evaluation neither matches names nor splits paths: the function of an
    // op::call; for op::field its index in compiled_rubric::fields, for
    // answer("id") the item's index, for judgement("id") the domain's.
    function fn = function::none;
    int slot = -1;
};

// A node as the evaluator reads it, made from expr_node by the linker
// (link.cpp) once when the rubric loads: 40 bytes with no string or vector of
// its own, its arguments a run of expression::linked_args. An expr_node is
// three cache lines and its arguments another allocation; reading those for
// every node of every study was an eighth of `check`'s data-cache misses.
struct linked_node {
    op kind = op::boolean;
    function fn = function::none;
    bool truth = false;
    int slot = -1;
    int target = -1;
    int first_arg = 0;  // index in expression::linked_args
    int arg_count = 0;
    double number = 0;
};

struct expression {
    std::string source;
    std::vector<expr_node> nodes;
    int root = -1;
    // The evaluator's form of `nodes`, index for index (a string literal's
    // text stays in nodes); empty until linked.
    std::vector<linked_node> linked;
    std::vector<int> linked_args;
    [[nodiscard]] bool empty() const { return root < 0; }
};

// A [define] name with its expression and what the load-time analysis found
// about it: each definition is analysed once, in dependency order, and its
// users read these instead of walking into it again.
struct definition {
    std::string name;
    expression body;
    int depth = 0;                   // how deep it nests, the definitions it names written out
    std::optional<bool> truth;       // its value for every study, when the rubric alone decides it
    std::vector<std::string> reads;  // the fields it reads, through definitions too, in first-use order
};

// What kind of mistake an expression_error is: rubric_codes maps each kind to
// its diagnostic code, so no code is guessed from a message's wording.
enum class expression_problem { syntax, unknown_field, type_mismatch, unknown_value, invalid, limit };

struct expression_error {
    int offset = 0;  // in the source text
    expression_problem kind = expression_problem::invalid;
    std::string message;
};

}  // namespace appraise::declarative
