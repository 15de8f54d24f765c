// Evaluation of checked rubric expressions against one study. Total by
// construction: the tree is finite and acyclic (definitions cannot refer to
// themselves, checked at load), there are no loops, and every operator
// handles every value (a value of an unexpected kind becomes `missing`).
// Cheap by construction too: each definition is evaluated once per study (the
// memo), so the work is at most the rubric's node count, and the recursion at
// most max_definition_depth levels plus one expression's height (both limits
// are checked at load). Nothing is looked up by name here: the linker
// resolved functions, fields and ids when the rubric loaded, a study's fields
// are resolved once each (study_facts), and values are views, so an
// evaluation copies no string and allocates only list storage in the arena.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "appraise/text/number_format.hpp"
#include "evaluate.hpp"

namespace appraise::declarative {
namespace {

using vk = value::kind;

value missing() {
    return {};
}
value boolean(bool b) {
    value v;
    v.type = vk::boolean;
    v.truth = b;
    return v;
}
value number(double n) {
    value v;
    v.type = vk::number;
    v.number = n;
    return v;
}
value string(std::string_view s) {
    value v;
    v.type = vk::string;
    v.text = s;
    return v;
}
value list(const value* items, std::size_t count) {
    value v;
    v.type = vk::list;
    v.items = items;
    v.count = count;
    return v;
}

value from_node(const sdk::node& n, value_arena& arena) {
    switch (n.type) {
        case sdk::node::kind::string:
            return string(n.text);
        case sdk::node::kind::integer:
        case sdk::node::kind::number:
            return number(n.number);
        case sdk::node::kind::boolean:
            return boolean(n.boolean);
        case sdk::node::kind::array: {
            value* items = arena.allocate(n.items.size());
            for (std::size_t i = 0; i < n.items.size(); ++i) items[i] = from_node(n.items[i], arena);
            return list(items, n.items.size());
        }
        case sdk::node::kind::table:
            return missing();
    }
    return missing();
}

bool same(const value& a, const value& b) {
    if (a.type != b.type) return false;
    switch (a.type) {
        case vk::missing:
            return false;
        case vk::boolean:
            return a.truth == b.truth;
        case vk::number:
            return a.number == b.number;
        case vk::string:
            return a.text == b.text;
        case vk::list:
            return a.count == b.count && std::equal(a.begin(), a.end(), b.begin(), same);
    }
    return false;
}

// `v` matches `wanted`: equal to it, or to one of its items when it is a list.
bool matches(const value& v, const value& wanted) {
    if (wanted.type == vk::list)
        return std::any_of(wanted.begin(), wanted.end(), [&](const value& w) { return same(v, w); });
    return same(v, wanted);
}

class evaluator {
public:
    evaluator(const expression& e, const eval_context& context) : e_(e), c_(context) {}

    value eval(int i) const {
        if (i < 0) return missing();
        const linked_node& n = e_.linked[static_cast<std::size_t>(i)];
        switch (n.kind) {
            case op::boolean:
                return boolean(n.truth);
            case op::number:
                return number(n.number);
            case op::string:
                return string(e_.nodes[static_cast<std::size_t>(i)].text);
            case op::list: {
                const auto count = static_cast<std::size_t>(n.arg_count);
                value* items = c_.facts->arena().allocate(count);
                for (std::size_t a = 0; a < count; ++a) items[a] = eval(arg(n, a));
                return list(items, count);
            }
            case op::field:
                return c_.facts != nullptr ? c_.facts->get(n.slot, c_.outcome) : missing();
            case op::definition: {
                // Each definition once per study: a definition used twice by
                // each of its users would otherwise cost 2^depth.
                if (const value* known = c_.memo->find(n.target)) return *known;
                const auto& def = (*c_.definitions)[static_cast<std::size_t>(n.target)].body;
                eval_context study_level = c_;
                study_level.outcome = nullptr;  // memoised per study, so never one outcome's value
                return c_.memo->store(n.target, evaluator(def, study_level).eval(def.root));
            }
            case op::answers:
            case op::judgements: {
                // Built once per domain (or for the overall rules) by the appraiser: a view, no copy.
                const std::vector<value>* words = n.kind == op::answers ? c_.answers : c_.judgements;
                return words == nullptr ? list(nullptr, 0) : list(words->data(), words->size());
            }
            case op::call:
                return call(n);
            case op::not_: {
                const value a = eval(arg(n, 0));
                return a.type == vk::boolean ? boolean(!a.truth) : missing();
            }
            case op::and_: {
                const value a = eval(arg(n, 0));
                if (a.type == vk::boolean && !a.truth) return boolean(false);
                const value b = eval(arg(n, 1));
                if (b.type == vk::boolean && !b.truth) return boolean(false);
                if (a.type == vk::boolean && b.type == vk::boolean) return boolean(true);
                return missing();
            }
            case op::or_: {
                const value a = eval(arg(n, 0));
                if (a.type == vk::boolean && a.truth) return boolean(true);
                const value b = eval(arg(n, 1));
                if (b.type == vk::boolean && b.truth) return boolean(true);
                if (a.type == vk::boolean && b.type == vk::boolean) return boolean(false);
                return missing();
            }
            case op::coalesce: {
                const value a = eval(arg(n, 0));
                return a.is_missing() ? eval(arg(n, 1)) : a;
            }
            case op::negate: {
                const value a = eval(arg(n, 0));
                return a.type == vk::number ? number(-a.number) : missing();
            }
            case op::add:
            case op::sub:
            case op::mul:
            case op::div: {
                const value a = eval(arg(n, 0));
                const value b = eval(arg(n, 1));
                if (a.type != vk::number || b.type != vk::number) return missing();
                switch (n.kind) {
                    case op::add:
                        return number(a.number + b.number);
                    case op::sub:
                        return number(a.number - b.number);
                    case op::mul:
                        return number(a.number * b.number);
                    default:
                        return b.number == 0 ? missing() : number(a.number / b.number);
                }
            }
            case op::eq:
            case op::ne: {
                const value a = eval(arg(n, 0));
                const value b = eval(arg(n, 1));
                if (a.is_missing() || b.is_missing() || a.type != b.type) return missing();
                return boolean(same(a, b) == (n.kind == op::eq));
            }
            case op::lt:
            case op::le:
            case op::gt:
            case op::ge: {
                const value a = eval(arg(n, 0));
                const value b = eval(arg(n, 1));
                if (a.type != vk::number || b.type != vk::number) return missing();
                switch (n.kind) {
                    case op::lt:
                        return boolean(a.number < b.number);
                    case op::le:
                        return boolean(a.number <= b.number);
                    case op::gt:
                        return boolean(a.number > b.number);
                    default:
                        return boolean(a.number >= b.number);
                }
            }
            case op::in:
            case op::not_in: {
                const value a = eval(arg(n, 0));
                const linked_node& b = e_.linked[static_cast<std::size_t>(arg(n, 1))];
                if (b.kind == op::list) {
                    // A list written out: its items compared as they are evaluated, none stored.
                    if (a.is_missing()) return missing();
                    const bool found =
                        std::any_of(args_begin(b), args_end(b), [&](int item) { return same(a, eval(item)); });
                    return boolean(found == (n.kind == op::in));
                }
                const value list = eval(arg(n, 1));
                if (a.is_missing() || list.type != vk::list) return missing();
                const bool found = std::any_of(list.begin(), list.end(), [&](const value& x) { return same(a, x); });
                return boolean(found == (n.kind == op::in));
            }
            case op::if_: {
                const value condition = eval(arg(n, 0));
                if (condition.type != vk::boolean) return missing();
                return eval(condition.truth ? arg(n, 1) : arg(n, 2));
            }
        }
        return missing();
    }

private:
    [[nodiscard]] int arg(const linked_node& n, std::size_t k) const {
        return e_.linked_args[static_cast<std::size_t>(n.first_arg) + k];
    }
    [[nodiscard]] const int* args_begin(const linked_node& n) const { return e_.linked_args.data() + n.first_arg; }
    [[nodiscard]] const int* args_end(const linked_node& n) const { return args_begin(n) + n.arg_count; }

    value call(const linked_node& n) const {
        switch (n.fn) {
            case function::present:
                return boolean(!eval(arg(n, 0)).is_missing());
            case function::answer:
            case function::judgement: {
                const word_list* table = n.fn == function::answer ? c_.answers_by_item : c_.judgements_by_domain;
                if (table == nullptr || n.slot < 0 || static_cast<std::size_t>(n.slot) >= table->size())
                    return missing();
                // An item the reviewer did not answer has no word: it is missing, never "".
                const std::string_view word = (*table)[static_cast<std::size_t>(n.slot)];
                return word.empty() ? missing() : string(word);
            }
            case function::none:
                return missing();
            default:
                break;
        }
        const value given = eval(arg(n, 0));
        if (given.is_missing()) return missing();
        // A number_or_list field may hold one number: lists and numbers alike become items.
        const value* first = given.type == vk::list ? given.items : &given;
        const std::size_t size = given.type == vk::list ? given.count : 1;
        const value* last = first + size;
        if (n.fn == function::len) return number(static_cast<double>(size));
        if (n.fn == function::min || n.fn == function::max) {
            if (size == 0) return missing();
            const bool lowest = n.fn == function::min;
            double result = lowest ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
            for (const value* item = first; item != last; ++item) {
                if (item->type != vk::number) return missing();
                result = lowest ? std::min(result, item->number) : std::max(result, item->number);
            }
            return number(result);
        }
        // count, any, all: a wanted list written out is matched item by item, never stored.
        const linked_node& wanted_node = e_.linked[static_cast<std::size_t>(arg(n, 1))];
        const bool written_list = wanted_node.kind == op::list && wanted_node.arg_count > 0;
        const value wanted = written_list ? value{} : eval(arg(n, 1));
        if (!written_list && wanted.is_missing()) return missing();
        const auto match = [&](const value& item) {
            if (!written_list) return matches(item, wanted);
            return std::any_of(args_begin(wanted_node), args_end(wanted_node),
                               [&](int w) { return same(item, eval(w)); });
        };
        std::size_t hits = 0;
        std::size_t unknown = 0;
        for (const value* item = first; item != last; ++item) {
            if (item->is_missing())
                ++unknown;
            else if (match(*item))
                ++hits;
        }
        if (n.fn == function::count) return number(static_cast<double>(hits));
        if (n.fn == function::any) {
            if (hits > 0) return boolean(true);
            return unknown > 0 ? missing() : boolean(false);
        }
        // all: one known item that does not match decides.
        if (hits + unknown < size) return boolean(false);
        return unknown > 0 ? missing() : boolean(true);
    }

    const expression& e_;
    const eval_context& c_;
};

}  // namespace

value* value_arena::allocate(std::size_t n) {
    if (n == 0) return nullptr;
    if (used_ + n > capacity_) {
        capacity_ = std::max<std::size_t>(n, chunks_.empty() ? 32 : 256);
        chunks_.push_back(std::make_unique<value[]>(capacity_));
        used_ = 0;
    }
    value* out = chunks_.back().get() + used_;
    used_ += n;
    return out;
}

value study_facts::get(int slot, const sdk::node* outcome) {
    const auto index = static_cast<std::size_t>(slot);
    const field_path& f = fields_[index];
    if (outcome != nullptr && f.outcome_field) {
        const sdk::node* field = outcome->get(f.outcome_key);
        return field != nullptr ? from_node(*field, arena_) : missing();
    }
    if (!known_[index]) {
        values_[index] = resolve(f);
        known_[index] = true;
    }
    return values_[index];
}

value study_facts::resolve(const field_path& f) const {
    // Fields of [[outcomes]] read as one value per outcome, in coding order.
    if (f.outcome_field) {
        const sdk::node* outcomes = study_.root.type == sdk::node::kind::table ? study_.root.get("outcomes") : nullptr;
        if (outcomes == nullptr || outcomes->type != sdk::node::kind::array || outcomes->items.empty())
            return missing();
        value* items = arena_.allocate(outcomes->items.size());
        for (std::size_t i = 0; i < outcomes->items.size(); ++i) {
            const sdk::node* field = outcomes->items[i].get(f.outcome_key);
            items[i] = field != nullptr ? from_node(*field, arena_) : missing();
        }
        return list(items, outcomes->items.size());
    }
    const sdk::node* at = &study_.root;
    for (const auto& key : f.keys) {
        at = at->type == sdk::node::kind::table ? at->get(key) : nullptr;
        if (at == nullptr) return missing();
    }
    return from_node(*at, arena_);
}

value evaluate(const expression& e, const eval_context& context) {
    // The evaluator reads the linked form only: an expression the linker never
    // saw is a bug of the host, reported (the rubric's call fails), never read out of bounds.
    if (e.linked.size() != e.nodes.size())
        throw std::logic_error("a rubric expression was evaluated before it was linked");
    return evaluator(e, context).eval(e.root);
}

std::string value_text(const value& v) {
    switch (v.type) {
        case vk::missing:
            return "(not reported)";
        case vk::boolean:
            return v.truth ? "true" : "false";
        case vk::number:
            return format_significant(v.number, 3);
        case vk::string:
            return std::string(v.text);
        case vk::list: {
            std::string text;
            for (const auto& item : v) text += (text.empty() ? "" : ", ") + value_text(item);
            return text;
        }
    }
    return "";
}

}  // namespace appraise::declarative
