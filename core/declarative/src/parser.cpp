// A hand-written recursive-descent parser for rubric expressions (see
// parser.hpp): the grammar is small and the error positions must be exact,
// which a generated parser would not make easier.
#include "parser.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "lexer.hpp"

namespace appraise::declarative {
namespace {

bool is_keyword(const std::string& word) {
    static const char* const words[] = {"and", "or", "not", "in", "if", "then", "else", "true", "false"};
    return std::any_of(std::begin(words), std::end(words), [&](const char* k) { return word == k; });
}

class parser {
public:
    parser(const std::string& source, std::vector<expression_error>& errors) : lex_(source, errors), errors_(errors) {
        e_.source = source;
        advance();
    }

    expression run() {
        if (e_.source.size() > max_expression_chars) {
            errors_.push_back({0, expression_problem::limit,
                               "the expression is longer than " + std::to_string(max_expression_chars) +
                                   " characters: split it into [define] names"});
            return std::move(e_);
        }
        if (cur_.kind == tok::end) {
            errors_.push_back({0, expression_problem::syntax, "the expression is empty"});
            return std::move(e_);
        }
        const int root = parse_expr(0);
        if (!failed_ && cur_.kind != tok::end) error_here("unexpected `" + cur_.text + "` after a complete expression");
        if (!failed_) e_.root = root;
        return std::move(e_);
    }

private:
    void advance() {
        cur_ = lex_.next();
        if (cur_.kind == tok::error) failed_ = true;
    }
    bool at_punct(const char* p) const { return cur_.kind == tok::punct && cur_.text == p; }
    bool at_word(const char* w) const { return cur_.kind == tok::ident && cur_.text == w; }
    void error_here(std::string message, expression_problem kind = expression_problem::syntax) {
        if (failed_) return;
        failed_ = true;
        errors_.push_back({cur_.offset, kind, std::move(message)});
    }
    std::string shown() const { return cur_.kind == tok::end ? "the end of the expression" : "`" + cur_.text + "`"; }
    void expect_punct(const char* p) {
        if (at_punct(p))
            advance();
        else
            error_here(std::string("expected `") + p + "` but found " + shown());
    }
    void expect_word(const char* w) {
        if (at_word(w))
            advance();
        else
            error_here(std::string("expected `") + w + "` but found " + shown());
    }
    int add(op kind, int offset, std::vector<int> args = {}) {
        if (e_.nodes.size() >= max_expression_nodes) {
            error_here("the expression has more than " + std::to_string(max_expression_nodes) +
                           " parts: split it into [define] names",
                       expression_problem::limit);
        }
        expr_node n;
        n.kind = kind;
        n.offset = offset;
        n.args = std::move(args);
        e_.nodes.push_back(std::move(n));
        return static_cast<int>(e_.nodes.size()) - 1;
    }
    bool enter(int depth) {
        if (depth > max_expression_depth) {
            error_here("the expression nests deeper than " + std::to_string(max_expression_depth) +
                           " levels: split it into [define] names",
                       expression_problem::limit);
            return false;
        }
        return !failed_;
    }

    int parse_expr(int depth) { return parse_or(depth); }

    int parse_or(int depth) {
        if (!enter(depth)) return -1;
        int left = parse_and(depth);
        while (!failed_ && at_word("or")) {
            const int at = cur_.offset;
            advance();
            left = add(op::or_, at, {left, parse_and(depth)});
        }
        return left;
    }
    int parse_and(int depth) {
        if (!enter(depth)) return -1;
        int left = parse_not(depth);
        while (!failed_ && at_word("and")) {
            const int at = cur_.offset;
            advance();
            left = add(op::and_, at, {left, parse_not(depth)});
        }
        return left;
    }
    int parse_not(int depth) {
        if (!enter(depth)) return -1;
        if (at_word("not")) {
            const int at = cur_.offset;
            advance();
            return add(op::not_, at, {parse_not(depth + 1)});
        }
        return parse_compare(depth);
    }
    int parse_compare(int depth) {
        if (!enter(depth)) return -1;
        const int left = parse_coalesce(depth);
        if (failed_) return left;
        static const std::pair<const char*, op> ops[] = {{"==", op::eq}, {"!=", op::ne}, {"<=", op::le},
                                                         {">=", op::ge}, {"<", op::lt},  {">", op::gt}};
        for (const auto& [text, kind] : ops) {
            if (at_punct(text)) {
                const int at = cur_.offset;
                advance();
                return add(kind, at, {left, parse_coalesce(depth)});
            }
        }
        if (at_word("in")) {
            const int at = cur_.offset;
            advance();
            return add(op::in, at, {left, parse_coalesce(depth)});
        }
        if (at_word("not")) {
            const int at = cur_.offset;
            advance();
            expect_word("in");
            return add(op::not_in, at, {left, parse_coalesce(depth)});
        }
        return left;
    }
    int parse_coalesce(int depth) {
        if (!enter(depth)) return -1;
        int left = parse_sum(depth);
        while (!failed_ && at_punct("??")) {
            const int at = cur_.offset;
            advance();
            left = add(op::coalesce, at, {left, parse_sum(depth)});
        }
        return left;
    }
    int parse_sum(int depth) {
        if (!enter(depth)) return -1;
        int left = parse_product(depth);
        while (!failed_ && (at_punct("+") || at_punct("-"))) {
            const op kind = cur_.text == "+" ? op::add : op::sub;
            const int at = cur_.offset;
            advance();
            left = add(kind, at, {left, parse_product(depth)});
        }
        return left;
    }
    int parse_product(int depth) {
        if (!enter(depth)) return -1;
        int left = parse_unary(depth);
        while (!failed_ && (at_punct("*") || at_punct("/"))) {
            const op kind = cur_.text == "*" ? op::mul : op::div;
            const int at = cur_.offset;
            advance();
            left = add(kind, at, {left, parse_unary(depth)});
        }
        return left;
    }
    int parse_unary(int depth) {
        if (!enter(depth)) return -1;
        if (at_punct("-")) {
            const int at = cur_.offset;
            advance();
            return add(op::negate, at, {parse_unary(depth + 1)});
        }
        return parse_primary(depth);
    }
    int parse_primary(int depth) {
        if (!enter(depth)) return -1;
        const int at = cur_.offset;
        switch (cur_.kind) {
            case tok::number: {
                const int n = add(op::number, at);
                e_.nodes[static_cast<std::size_t>(n)].number = cur_.number;
                advance();
                return n;
            }
            case tok::string: {
                const int n = add(op::string, at);
                e_.nodes[static_cast<std::size_t>(n)].text = cur_.text;
                advance();
                return n;
            }
            case tok::punct:
                if (at_punct("(")) {
                    advance();
                    const int inner = parse_expr(depth + 1);
                    expect_punct(")");
                    return inner;
                }
                if (at_punct("[")) {
                    advance();
                    std::vector<int> items;
                    while (!failed_ && !at_punct("]")) {
                        items.push_back(parse_expr(depth + 1));
                        if (at_punct(","))
                            advance();
                        else if (!at_punct("]"))
                            error_here("expected `,` or `]` in a list but found " + shown());
                    }
                    expect_punct("]");
                    return add(op::list, at, std::move(items));
                }
                error_here("expected a value but found " + shown());
                return -1;
            case tok::ident:
                return parse_name(depth);
            case tok::end:
                error_here("the expression ends too early: a value is missing");
                return -1;
            case tok::error:
                failed_ = true;
                return -1;
        }
        return -1;
    }
    int parse_name(int depth) {
        const int at = cur_.offset;
        const std::string word = cur_.text;
        if (word == "true" || word == "false") {
            advance();
            const int n = add(op::boolean, at);
            e_.nodes[static_cast<std::size_t>(n)].truth = word == "true";
            return n;
        }
        if (word == "if") {
            advance();
            const int condition = parse_expr(depth + 1);
            expect_word("then");
            const int yes = parse_expr(depth + 1);
            expect_word("else");
            const int no = parse_expr(depth + 1);
            return add(op::if_, at, {condition, yes, no});
        }
        if (is_keyword(word)) {
            error_here("`" + word + "` cannot start a value");
            return -1;
        }
        advance();
        if (at_punct("(")) {
            advance();
            std::vector<int> args;
            while (!failed_ && !at_punct(")")) {
                args.push_back(parse_expr(depth + 1));
                if (at_punct(","))
                    advance();
                else if (!at_punct(")"))
                    error_here("expected `,` or `)` in the arguments but found " + shown());
            }
            expect_punct(")");
            const int n = add(op::call, at, std::move(args));
            e_.nodes[static_cast<std::size_t>(n)].text = word;
            return n;
        }
        std::string path = word;
        while (!failed_ && at_punct(".")) {
            advance();
            if (cur_.kind != tok::ident) {
                error_here("expected a field name after `.` but found " + shown());
                return -1;
            }
            path += "." + cur_.text;
            advance();
        }
        const op kind = path == "answers" ? op::answers : path == "judgements" ? op::judgements : op::field;
        const int n = add(kind, at);
        e_.nodes[static_cast<std::size_t>(n)].text = path;
        return n;
    }

    lexer lex_;
    std::vector<expression_error>& errors_;
    expression e_;
    token cur_;
    bool failed_ = false;
};

}  // namespace

expression parse_expression(const std::string& source, std::vector<expression_error>& errors) {
    return parser(source, errors).run();
}

}  // namespace appraise::declarative
