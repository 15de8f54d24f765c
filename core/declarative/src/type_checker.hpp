// Checks a parsed expression against the codebook and the rubric: field
// names (with did-you-mean), the types of both sides of every operator, enum,
// scale and judgement words, and what may be used where (answers, judgements).
// Fills each node's type annotations, which the later stages rely on.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "appraise/declarative/expression.hpp"

namespace appraise::declarative {

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
    // In a per-outcome item (per_outcome = true): a field of [[outcomes]] is
    // the one outcome's value, not a list of every outcome's.
    bool one_outcome = false;
    // Items answered once per outcome, where an expression is evaluated once
    // (stop_when, the overall rules): answer() of one has no single value there.
    const std::set<std::string>* per_outcome_items = nullptr;
    const char* single_answer_place = "";
    std::size_t judgement_count = 0;
    // The rubric's definitions: name -> index; those checked so far.
    const std::map<std::string, int>* definition_index = nullptr;
    const std::vector<definition>* definitions = nullptr;
};

// Checks names, types and words; fills the node annotations. Returns the
// expression's type.
type check_expression(expression& e, const check_scope& scope, std::vector<expression_error>& errors);

}  // namespace appraise::declarative
