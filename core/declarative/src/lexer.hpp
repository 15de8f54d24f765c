// The tokens of a rubric expression: numbers, quoted strings, identifiers and
// punctuation, each with its offset in the source so errors point at it.
#pragma once

#include <string>
#include <vector>

#include "appraise/declarative/expression.hpp"

namespace appraise::declarative {

enum class tok { end, number, string, ident, punct, error };

struct token {
    tok kind = tok::end;
    std::string text;  // identifier, decoded string, punctuation
    double number = 0;
    int offset = 0;
};

class lexer {
public:
    lexer(const std::string& source, std::vector<expression_error>& errors) : s_(source), errors_(errors) {}

    // The next token; after an error (reported once) every call gives tok::end.
    token next();

private:
    token fail(token t, std::string message);

    const std::string& s_;
    std::vector<expression_error>& errors_;
    std::size_t i_ = 0;
};

}  // namespace appraise::declarative
