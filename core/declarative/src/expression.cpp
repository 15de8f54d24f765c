// Parsing and checking of rubric expressions (see expression.hpp). A
// hand-written recursive-descent parser: the grammar is small and the error
// positions must be exact, which a generated parser would not make easier.
#include "appraise/declarative/expression.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "appraise/model/codebook.hpp"
#include "appraise/model/suggest.hpp"

namespace appraise::declarative {
namespace {

// ---------------------------------------------------------------- lexer

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

    token next() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
        token t;
        t.offset = static_cast<int>(i_);
        if (i_ >= s_.size()) return t;
        const char c = s_[i_];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::size_t j = i_;
            while (j < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[j])) || s_[j] == '.')) ++j;
            t.kind = tok::number;
            t.text = s_.substr(i_, j - i_);
            char* end = nullptr;
            t.number = std::strtod(t.text.c_str(), &end);
            if (end == nullptr || *end != '\0') return fail(t, "`" + t.text + "` is not a number");
            i_ = j;
            return t;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t j = i_;
            while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
            t.kind = tok::ident;
            t.text = s_.substr(i_, j - i_);
            i_ = j;
            return t;
        }
        if (c == '"' || c == '\'') {
            std::size_t j = i_ + 1;
            std::string text;
            while (j < s_.size() && s_[j] != c) {
                if (s_[j] == '\\' && j + 1 < s_.size()) ++j;
                text += s_[j++];
            }
            if (j >= s_.size()) return fail(t, "this string has no closing quote");
            t.kind = tok::string;
            t.text = std::move(text);
            i_ = j + 1;
            return t;
        }
        static const char* const two[] = {"==", "!=", "<=", ">=", "??"};
        for (const char* p : two) {
            if (s_.compare(i_, 2, p) == 0) {
                t.kind = tok::punct;
                t.text = p;
                i_ += 2;
                return t;
            }
        }
        if (std::string_view("()[],<>+-*/.").find(c) != std::string_view::npos) {
            t.kind = tok::punct;
            t.text = std::string(1, c);
            ++i_;
            return t;
        }
        if (c == '=') return fail(t, "`=` is not an operator here; compare with `==`");
        return fail(t, std::string("unexpected character `") + c + "`");
    }

private:
    token fail(token t, std::string message) {
        errors_.push_back({t.offset, std::move(message)});
        t.kind = tok::error;
        i_ = s_.size();
        return t;
    }
    const std::string& s_;
    std::vector<expression_error>& errors_;
    std::size_t i_ = 0;
};

// ---------------------------------------------------------------- parser

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
            errors_.push_back({0, "the expression is longer than " + std::to_string(max_expression_chars) +
                                      " characters: split it into [define] names"});
            return std::move(e_);
        }
        if (cur_.kind == tok::end) {
            errors_.push_back({0, "the expression is empty"});
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
    void error_here(std::string message) {
        if (failed_) return;
        failed_ = true;
        errors_.push_back({cur_.offset, std::move(message)});
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
                       " parts: split it into [define] names");
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
                       " levels: split it into [define] names");
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

// ---------------------------------------------------------------- checker

const char* type_name(type t) {
    switch (t) {
        case type::boolean:
            return "true/false";
        case type::number:
            return "a number";
        case type::string:
            return "a string";
        case type::list:
            return "a list";
        case type::any:
            return "a value";
    }
    return "a value";
}

std::string word_list(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : ", ") + ("\"" + w + "\"");
    return text;
}

bool compatible(type a, type b) {
    return a == type::any || b == type::any || a == b;
}

class checker {
public:
    checker(expression& e, const check_scope& scope, std::vector<expression_error>& errors)
        : e_(e), scope_(scope), errors_(errors) {}

    type run() { return e_.root < 0 ? type::any : visit(e_.root); }

private:
    expr_node& at(int i) { return e_.nodes[static_cast<std::size_t>(i)]; }
    void error(int i, std::string message) { errors_.push_back({at(i).offset, std::move(message)}); }

    type set(int i, type t, type element = type::any, std::vector<std::string> words = {}) {
        auto& n = at(i);
        n.result = t;
        n.element = element;
        n.words = std::move(words);
        return t;
    }

    // A string literal compared with something whose words are known must be one of them.
    void check_word(int literal, const expr_node& against, const std::string& what) {
        const auto& lit = at(literal);
        if (lit.kind != op::string || against.words.empty() || against.kind == op::string) return;
        if (std::find(against.words.begin(), against.words.end(), lit.text) != against.words.end()) return;
        std::string message = "\"" + lit.text + "\" is not a value of " + what + " (" + word_list(against.words) + ")";
        if (auto near = nearest(lit.text, against.words)) message += "; did you mean \"" + *near + "\"?";
        error(literal, message);
    }
    std::string describe(const expr_node& n) const {
        switch (n.kind) {
            case op::field:
                return "`" + n.text + "`";
            case op::answers:
                return "the domain's answers";
            case op::judgements:
                return "the domains' judgements";
            case op::call:
                if (n.text == "answer") return "this item's answer scale";
                if (n.text == "judgement") return "the judgement scale";
                return "`" + n.text + "(...)`";
            case op::definition:
                return "`" + n.text + "`";
            default:
                return "the other side";
        }
    }
    // Words of each string literal in a list literal (or the literal itself) against `against`.
    void check_words(int value, const expr_node& against, const std::string& what) {
        if (at(value).kind == op::list) {
            for (int item : at(value).args) check_word(item, against, what);
        } else {
            check_word(value, against, what);
        }
    }

    type visit(int i) {
        auto& n = at(i);
        switch (n.kind) {
            case op::boolean:
                return set(i, type::boolean);
            case op::number:
                return set(i, type::number);
            case op::string:
                return set(i, type::string, type::any, {n.text});
            case op::list: {
                type element = type::any;
                for (int item : std::vector<int>(n.args)) {
                    const type t = visit(item);
                    if (!compatible(element, t))
                        error(item, std::string("a list holds values of one type; this is ") + type_name(t) +
                                        " after " + type_name(element));
                    if (element == type::any) element = t;
                }
                return set(i, type::list, element);
            }
            case op::field:
                return field(i);
            case op::definition:
                return set(i, at(i).result, at(i).element, at(i).words);
            case op::answers:
                if (!scope_.answers_allowed) {
                    error(i, "`answers` can be used only in a domain's rules (it is the domain's item answers)");
                    return set(i, type::any);
                }
                return set(i, type::list, type::string, scope_.answer_words);
            case op::judgements:
                if (!scope_.judgements_allowed) {
                    error(i, "`judgements` can be used only in the overall rules (it is the domains' judgements)");
                    return set(i, type::any);
                }
                return set(i, type::list, type::string,
                           scope_.judgement_scale ? *scope_.judgement_scale : std::vector<std::string>{});
            case op::call:
                return call(i);
            case op::not_:
                expect(n.args[0], type::boolean, "`not`");
                return set(i, type::boolean);
            case op::and_:
            case op::or_:
                expect(n.args[0], type::boolean, n.kind == op::and_ ? "`and`" : "`or`");
                expect(n.args[1], type::boolean, n.kind == op::and_ ? "`and`" : "`or`");
                return set(i, type::boolean);
            case op::negate:
                expect(n.args[0], type::number, "`-`");
                return set(i, type::number);
            case op::add:
            case op::sub:
            case op::mul:
            case op::div:
                expect(n.args[0], type::number, "arithmetic");
                expect(n.args[1], type::number, "arithmetic");
                return set(i, type::number);
            case op::lt:
            case op::le:
            case op::gt:
            case op::ge:
                expect(n.args[0], type::number, "`<`, `<=`, `>` and `>=`");
                expect(n.args[1], type::number, "`<`, `<=`, `>` and `>=`");
                return set(i, type::boolean);
            case op::eq:
            case op::ne: {
                const int a = n.args[0];
                const int b = n.args[1];
                const type ta = visit(a);
                const type tb = visit(b);
                if (!compatible(ta, tb)) {
                    error(i, std::string("type mismatch: `") + (n.kind == op::eq ? "==" : "!=") + "` compares " +
                                 type_name(ta) + " with " + type_name(tb));
                } else {
                    check_word(a, at(b), describe(at(b)));
                    check_word(b, at(a), describe(at(a)));
                }
                return set(i, type::boolean);
            }
            case op::in:
            case op::not_in: {
                const int a = n.args[0];
                const int b = n.args[1];
                const type ta = visit(a);
                const type tb = visit(b);
                if (tb != type::list && tb != type::any) {
                    error(b, std::string("`in` needs a list on its right, not ") + type_name(tb));
                } else if (!compatible(ta, at(b).element)) {
                    error(i, std::string("type mismatch: `in` looks for ") + type_name(ta) + " in a list of " +
                                 type_name(at(b).element));
                } else {
                    check_words(b, at(a), describe(at(a)));
                    if (at(a).kind == op::string && !at(b).words.empty()) check_word(a, at(b), describe(at(b)));
                }
                return set(i, type::boolean);
            }
            case op::coalesce: {
                const type ta = visit(n.args[0]);
                const type tb = visit(n.args[1]);
                if (!compatible(ta, tb))
                    error(i, std::string("type mismatch: `??` gives ") + type_name(ta) + " or else " + type_name(tb));
                std::vector<std::string> words = at(n.args[0]).words;
                for (const auto& w : at(n.args[1]).words)
                    if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
                if (at(n.args[0]).words.empty() || at(n.args[1]).words.empty()) words.clear();
                return set(i, ta == type::any ? tb : ta, at(n.args[0]).element, words);
            }
            case op::if_: {
                expect(n.args[0], type::boolean, "the condition of `if`");
                const type ta = visit(n.args[1]);
                const type tb = visit(n.args[2]);
                if (!compatible(ta, tb))
                    error(i, std::string("type mismatch: `then` gives ") + type_name(ta) + " but `else` gives " +
                                 type_name(tb));
                std::vector<std::string> words;
                if (!at(n.args[1]).words.empty() && !at(n.args[2]).words.empty()) {
                    words = at(n.args[1]).words;
                    for (const auto& w : at(n.args[2]).words)
                        if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
                }
                return set(i, ta == type::any ? tb : ta, type::any, words);
            }
        }
        return set(i, type::any);
    }

    void expect(int i, type wanted, const std::string& what) {
        const type t = visit(i);
        if (!compatible(t, wanted))
            error(i, std::string("type mismatch: ") + what + " needs " + type_name(wanted) + ", but this is " +
                         type_name(t));
    }

    type field(int i) {
        const std::string path = at(i).text;
        // A name without a dot may be one of the rubric's definitions.
        if (path.find('.') == std::string::npos && scope_.definition_index != nullptr) {
            const auto found = scope_.definition_index->find(path);
            if (found != scope_.definition_index->end()) {
                auto& n = at(i);
                n.kind = op::definition;
                n.target = found->second;
                const auto& def = (*scope_.definitions)[static_cast<std::size_t>(found->second)];
                if (def.root < 0) return set(i, type::any);
                const auto& root = def.nodes[static_cast<std::size_t>(def.root)];
                return set(i, root.result, root.element, root.words);
            }
        }
        const codebook& book = codebook::v1();
        const field_def* def = book.find(path);
        if (def == nullptr) {
            std::vector<std::string> names;
            for (const auto& f : book.fields())
                if (f.type != field_type::section && f.type != field_type::section_array &&
                    f.type != field_type::free_section)
                    names.push_back(f.path);
            if (scope_.definition_index != nullptr)
                for (const auto& [name, index] : *scope_.definition_index) names.push_back(name);
            std::string message = "unknown field `" + path + "`";
            if (auto near = nearest(path, names))
                message += "; did you mean `" + *near + "`?";
            else
                message +=
                    " (the codebook's fields are listed in the study format; [define] names are the rubric's own)";
            error(i, message);
            return set(i, type::any);
        }
        const bool per_outcome = path.rfind("outcomes.", 0) == 0;
        type t = type::any;
        type element = type::any;
        std::vector<std::string> words;
        switch (def->type) {
            case field_type::section:
            case field_type::section_array:
            case field_type::free_section:
                error(i, "`" + path + "` is a table, not a value: name one of its fields, e.g. `" +
                             (book.keys_in(path).empty() ? path + ".x" : path + "." + book.keys_in(path).front()) +
                             "`");
                return set(i, type::any);
            case field_type::string:
                t = type::string;
                break;
            case field_type::integer:
            case field_type::number:
            case field_type::number_or_list:
                t = type::number;
                break;
            case field_type::boolean:
                t = type::boolean;
                break;
            case field_type::enumeration:
                t = type::string;
                words = def->values;
                break;
            case field_type::string_list:
                t = type::list;
                element = type::string;
                break;
            case field_type::integer_list:
                t = type::list;
                element = type::number;
                break;
            case field_type::enumeration_list:
                t = type::list;
                element = type::string;
                words = def->values;
                break;
        }
        if (per_outcome) return set(i, type::list, t, words);
        return set(i, t, element, words);
    }

    bool list_like(int i) {
        const type t = at(i).result;
        return t == type::list || t == type::any || t == type::number;  // a number_or_list field is both
    }

    type call(int i) {
        const std::string name = at(i).text;
        const std::vector<int> args = at(i).args;
        const auto arity = [&](std::size_t wanted, const std::string& usage) {
            if (args.size() == wanted) return true;
            error(i, "`" + name + "` takes " + std::to_string(wanted) + (wanted == 1 ? " argument" : " arguments") +
                         ": " + usage);
            return false;
        };
        if (name == "present") {
            if (!arity(1, "present(design.comparator)")) return set(i, type::boolean);
            visit(args[0]);
            const op k = at(args[0]).kind;
            if (k != op::field && k != op::definition)
                error(args[0], "`present` takes a field, e.g. present(design.comparator)");
            return set(i, type::boolean);
        }
        if (name == "answer" || name == "judgement") {
            const bool is_answer = name == "answer";
            if (!arity(1, is_answer ? "answer(\"q1\")" : "judgement(\"domain-id\")")) return set(i, type::string);
            if (at(args[0]).kind != op::string) {
                error(args[0], "`" + name + "` takes a quoted id, e.g. " +
                                   (is_answer ? "answer(\"q1\")" : "judgement(\"selection\")"));
                return set(i, type::string);
            }
            const std::string id = at(args[0]).text;
            set(args[0], type::string);
            if (is_answer) {
                if (scope_.items == nullptr) {
                    error(i, "`answer` cannot be used here: items are answered after derive expressions run");
                    return set(i, type::string);
                }
                const auto found = scope_.items->find(id);
                if (found == scope_.items->end()) {
                    std::vector<std::string> ids;
                    for (const auto& [key, words] : *scope_.items) ids.push_back(key);
                    std::string message = "no item `" + id + "` in this rubric";
                    if (auto near = nearest(id, ids)) message += "; did you mean `" + *near + "`?";
                    error(args[0], message);
                    return set(i, type::string);
                }
                return set(i, type::string, type::any, found->second);
            }
            if (!scope_.judgements_allowed || scope_.domain_ids == nullptr) {
                error(i, "`judgement` can be used only in the overall rules");
                return set(i, type::string);
            }
            if (std::find(scope_.domain_ids->begin(), scope_.domain_ids->end(), id) == scope_.domain_ids->end()) {
                std::string message = "no domain `" + id + "` in this rubric";
                if (auto near = nearest(id, *scope_.domain_ids)) message += "; did you mean `" + *near + "`?";
                error(args[0], message);
            }
            return set(i, type::string, type::any, *scope_.judgement_scale);
        }
        if (name == "len" || name == "min" || name == "max") {
            if (!arity(1, name + "(sample.arms)")) return set(i, type::number);
            visit(args[0]);
            if (!list_like(args[0]))
                error(args[0],
                      "`" + name + "` needs a list, but this is " + std::string(type_name(at(args[0]).result)));
            else if (name != "len" && at(args[0]).result == type::list &&
                     !compatible(at(args[0]).element, type::number))
                error(args[0], "`" + name + "` needs a list of numbers");
            return set(i, type::number);
        }
        if (name == "count" || name == "any" || name == "all") {
            if (!arity(2, name + "(answers, \"no\")")) return set(i, name == "count" ? type::number : type::boolean);
            visit(args[0]);
            const type wanted_element = at(args[0]).result == type::list ? at(args[0]).element : at(args[0]).result;
            if (!list_like(args[0]) && at(args[0]).result != type::string && at(args[0]).result != type::boolean)
                error(args[0],
                      "`" + name + "` needs a list, but this is " + std::string(type_name(at(args[0]).result)));
            const type tv = visit(args[1]);
            const type value_type = tv == type::list ? at(args[1]).element : tv;
            if (!compatible(wanted_element, value_type))
                error(args[1], std::string("type mismatch: the list holds ") + type_name(wanted_element) +
                                   " but this is " + type_name(value_type));
            else
                check_words(args[1], at(args[0]), describe(at(args[0])));
            return set(i, name == "count" ? type::number : type::boolean);
        }
        static const std::vector<std::string> functions{"present", "answer", "judgement", "len", "min",
                                                        "max",     "count",  "any",       "all"};
        std::string message = "unknown function `" + name + "`";
        if (auto near = nearest(name, functions))
            message += "; did you mean `" + *near + "`?";
        else
            message += " (functions: present, answer, judgement, len, min, max, count, any, all)";
        error(i, message);
        for (int a : args) visit(a);
        return set(i, type::any);
    }

    expression& e_;
    const check_scope& scope_;
    std::vector<expression_error>& errors_;
};

// ---------------------------------------------------------------- decidable conditions

struct range {
    double low = 0;
    double high = 0;
};

class decider {
public:
    decider(const expression& e, const check_scope& scope) : e_(e), scope_(scope) {}

    std::optional<bool> truth(int i) const {
        const auto& n = node(i);
        switch (n.kind) {
            case op::boolean:
                return n.truth;
            case op::not_: {
                const auto a = truth(n.args[0]);
                return a ? std::optional<bool>(!*a) : std::nullopt;
            }
            case op::and_: {
                const auto a = truth(n.args[0]);
                const auto b = truth(n.args[1]);
                if (a == false || b == false) return false;
                if (a == true && b == true) return true;
                return std::nullopt;
            }
            case op::or_: {
                const auto a = truth(n.args[0]);
                const auto b = truth(n.args[1]);
                if (a == true || b == true) return true;
                if (a == false && b == false) return false;
                return std::nullopt;
            }
            case op::definition: {
                const auto& def = (*scope_.definitions)[static_cast<std::size_t>(n.target)];
                return def.root < 0 ? std::nullopt : decider(def, scope_).truth(def.root);
            }
            case op::eq:
            case op::ne: {
                const auto& a = node(n.args[0]);
                const auto& b = node(n.args[1]);
                if (a.kind == op::string && b.kind == op::string) return (a.text == b.text) == (n.kind == op::eq);
                if (a.kind == op::boolean && b.kind == op::boolean) return (a.truth == b.truth) == (n.kind == op::eq);
                [[fallthrough]];
            }
            case op::lt:
            case op::le:
            case op::gt:
            case op::ge: {
                const auto a = bounds(n.args[0]);
                const auto b = bounds(n.args[1]);
                if (!a || !b) return std::nullopt;
                switch (n.kind) {
                    case op::lt:
                        if (a->high < b->low) return true;
                        if (a->low >= b->high) return false;
                        break;
                    case op::le:
                        if (a->high <= b->low) return true;
                        if (a->low > b->high) return false;
                        break;
                    case op::gt:
                        if (a->low > b->high) return true;
                        if (a->high <= b->low) return false;
                        break;
                    case op::ge:
                        if (a->low >= b->high) return true;
                        if (a->high < b->low) return false;
                        break;
                    case op::eq:
                        if (a->high < b->low || a->low > b->high) return false;
                        if (a->low == a->high && b->low == b->high) return a->low == b->low;
                        break;
                    case op::ne:
                        if (a->high < b->low || a->low > b->high) return true;
                        if (a->low == a->high && b->low == b->high) return a->low != b->low;
                        break;
                    default:
                        break;
                }
                return std::nullopt;
            }
            default:
                return std::nullopt;
        }
    }

private:
    const expr_node& node(int i) const { return e_.nodes[static_cast<std::size_t>(i)]; }

    // The values a number can take, where the rubric alone decides them.
    std::optional<range> bounds(int i) const {
        const auto& n = node(i);
        if (n.kind == op::number) return range{n.number, n.number};
        if (n.kind == op::negate) {
            const auto a = bounds(n.args[0]);
            return a ? std::optional<range>(range{-a->high, -a->low}) : std::nullopt;
        }
        if (n.kind == op::call && !n.args.empty()) {
            const auto& list = node(n.args[0]);
            std::optional<double> size;
            if (list.kind == op::answers) size = static_cast<double>(scope_.answer_count);
            if (list.kind == op::judgements) size = static_cast<double>(scope_.judgement_count);
            if (!size) return std::nullopt;
            if (n.text == "count") return range{0, *size};
            if (n.text == "len") return range{*size, *size};
        }
        return std::nullopt;
    }

    const expression& e_;
    const check_scope& scope_;
};

void collect(const expression& e, int i, const std::vector<expression>& definitions, std::vector<std::string>& reads,
             int depth) {
    if (i < 0 || depth > 64) return;
    const auto& n = e.nodes[static_cast<std::size_t>(i)];
    if (n.kind == op::field && std::find(reads.begin(), reads.end(), n.text) == reads.end()) reads.push_back(n.text);
    if (n.kind == op::definition && n.target >= 0) {
        const auto& def = definitions[static_cast<std::size_t>(n.target)];
        collect(def, def.root, definitions, reads, depth + 1);
    }
    for (int a : n.args) collect(e, a, definitions, reads, depth);
}

}  // namespace

expression parse_expression(const std::string& source, std::vector<expression_error>& errors) {
    return parser(source, errors).run();
}

type check_expression(expression& e, const check_scope& scope, std::vector<expression_error>& errors) {
    return checker(e, scope, errors).run();
}

std::optional<bool> constant_truth(const expression& e, const check_scope& scope) {
    if (e.root < 0) return std::nullopt;
    return decider(e, scope).truth(e.root);
}

void collect_reads(const expression& e, const std::vector<expression>& definitions, std::vector<std::string>& reads) {
    collect(e, e.root, definitions, reads, 0);
}

}  // namespace appraise::declarative
