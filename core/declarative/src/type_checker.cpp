// The type checker of rubric expressions (see type_checker.hpp).
#include "type_checker.hpp"

#include <algorithm>
#include <utility>

#include "appraise/model/codebook.hpp"
#include "appraise/model/suggest.hpp"

namespace appraise::declarative {
namespace {

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
    // Each mistake with its kind, which decides its diagnostic code (rubric_codes).
    void report(int i, expression_problem kind, std::string message) {
        errors_.push_back({at(i).offset, kind, std::move(message)});
    }
    void error(int i, std::string message) { report(i, expression_problem::invalid, std::move(message)); }
    void mismatch(int i, std::string message) { report(i, expression_problem::type_mismatch, std::move(message)); }

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
        report(literal, expression_problem::unknown_value, message);
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
                    mismatch(i, std::string("type mismatch: `") + (n.kind == op::eq ? "==" : "!=") + "` compares " +
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
                    mismatch(i, std::string("type mismatch: `in` looks for ") + type_name(ta) + " in a list of " +
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
                    mismatch(i,
                             std::string("type mismatch: `??` gives ") + type_name(ta) + " or else " + type_name(tb));
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
                    mismatch(i, std::string("type mismatch: `then` gives ") + type_name(ta) + " but `else` gives " +
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
            mismatch(i, std::string("type mismatch: ") + what + " needs " + type_name(wanted) + ", but this is " +
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
                const auto& def = (*scope_.definitions)[static_cast<std::size_t>(found->second)].body;
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
            report(i, expression_problem::unknown_field, message);
            return set(i, type::any);
        }
        const bool per_outcome = path.rfind("outcomes.", 0) == 0 && !scope_.one_outcome;
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
            case field_type::date:
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
                if (scope_.per_outcome_items != nullptr && scope_.per_outcome_items->count(id) == 1) {
                    error(args[0], "item `" + id + "` is answered once per outcome (per_outcome = true), so " +
                                       scope_.single_answer_place +
                                       " cannot read one answer of it: use a study-level item, or judge it in its "
                                       "domain's rules");
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
                mismatch(args[1], std::string("type mismatch: the list holds ") + type_name(wanted_element) +
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

}  // namespace

type check_expression(expression& e, const check_scope& scope, std::vector<expression_error>& errors) {
    return checker(e, scope, errors).run();
}

}  // namespace appraise::declarative
