// Evaluation of checked rubric expressions against one study. Total by
// construction: the tree is finite and acyclic (definitions cannot refer to
// themselves, checked at load), there are no loops, and every operator
// handles every value (a value of an unexpected kind becomes `missing`).
// Cheap by construction too: each definition is evaluated once per study (the
// memo), so the work is at most the rubric's node count, and the recursion at
// most max_definition_depth levels plus one expression's height (both limits
// are checked at load).
#include <algorithm>
#include <cmath>
#include <limits>

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
value string(std::string s) {
    value v;
    v.type = vk::string;
    v.text = std::move(s);
    return v;
}

value from_node(const sdk::node& n) {
    switch (n.type) {
        case sdk::node::kind::string:
            return string(n.text);
        case sdk::node::kind::integer:
        case sdk::node::kind::number:
            return number(n.number);
        case sdk::node::kind::boolean:
            return boolean(n.boolean);
        case sdk::node::kind::array: {
            value v;
            v.type = vk::list;
            for (const auto& item : n.items) v.items.push_back(from_node(item));
            return v;
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
            return a.items.size() == b.items.size() &&
                   std::equal(a.items.begin(), a.items.end(), b.items.begin(), same);
    }
    return false;
}

// `v` matches `wanted`: equal to it, or to one of its items when it is a list.
bool matches(const value& v, const value& wanted) {
    if (wanted.type == vk::list)
        return std::any_of(wanted.items.begin(), wanted.items.end(), [&](const value& w) { return same(v, w); });
    return same(v, wanted);
}

// A number_or_list field may hold one number: lists and numbers alike become items.
std::vector<value> items_of(const value& v) {
    if (v.type == vk::list) return v.items;
    return {v};
}

class evaluator {
public:
    evaluator(const expression& e, const eval_context& context) : e_(e), c_(context) {}

    value eval(int i) const {
        if (i < 0) return missing();
        const auto& n = e_.nodes[static_cast<std::size_t>(i)];
        switch (n.kind) {
            case op::boolean:
                return boolean(n.truth);
            case op::number:
                return number(n.number);
            case op::string:
                return string(n.text);
            case op::list: {
                value v;
                v.type = vk::list;
                for (int a : n.args) v.items.push_back(eval(a));
                return v;
            }
            case op::field:
                return c_.study ? fact_value(*c_.study, n.text, c_.outcome) : missing();
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
                const auto* words = n.kind == op::answers ? c_.answers : c_.judgements;
                value v;
                v.type = vk::list;
                if (words != nullptr)
                    for (const auto& w : *words) v.items.push_back(string(w));
                return v;
            }
            case op::call:
                return call(n);
            case op::not_: {
                const value a = eval(n.args[0]);
                return a.type == vk::boolean ? boolean(!a.truth) : missing();
            }
            case op::and_: {
                const value a = eval(n.args[0]);
                if (a.type == vk::boolean && !a.truth) return boolean(false);
                const value b = eval(n.args[1]);
                if (b.type == vk::boolean && !b.truth) return boolean(false);
                if (a.type == vk::boolean && b.type == vk::boolean) return boolean(true);
                return missing();
            }
            case op::or_: {
                const value a = eval(n.args[0]);
                if (a.type == vk::boolean && a.truth) return boolean(true);
                const value b = eval(n.args[1]);
                if (b.type == vk::boolean && b.truth) return boolean(true);
                if (a.type == vk::boolean && b.type == vk::boolean) return boolean(false);
                return missing();
            }
            case op::coalesce: {
                value a = eval(n.args[0]);
                return a.is_missing() ? eval(n.args[1]) : a;
            }
            case op::negate: {
                const value a = eval(n.args[0]);
                return a.type == vk::number ? number(-a.number) : missing();
            }
            case op::add:
            case op::sub:
            case op::mul:
            case op::div: {
                const value a = eval(n.args[0]);
                const value b = eval(n.args[1]);
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
                const value a = eval(n.args[0]);
                const value b = eval(n.args[1]);
                if (a.is_missing() || b.is_missing() || a.type != b.type) return missing();
                return boolean(same(a, b) == (n.kind == op::eq));
            }
            case op::lt:
            case op::le:
            case op::gt:
            case op::ge: {
                const value a = eval(n.args[0]);
                const value b = eval(n.args[1]);
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
                const value a = eval(n.args[0]);
                const value b = eval(n.args[1]);
                if (a.is_missing() || b.type != vk::list) return missing();
                const bool found =
                    std::any_of(b.items.begin(), b.items.end(), [&](const value& x) { return same(a, x); });
                return boolean(found == (n.kind == op::in));
            }
            case op::if_: {
                const value condition = eval(n.args[0]);
                if (condition.type != vk::boolean) return missing();
                return eval(condition.truth ? n.args[1] : n.args[2]);
            }
        }
        return missing();
    }

private:
    value call(const expr_node& n) const {
        const std::string& name = n.text;
        if (name == "present") return boolean(!eval(n.args[0]).is_missing());
        if (name == "answer" || name == "judgement") {
            const auto* table = name == "answer" ? c_.answers_by_id : c_.judgements_by_domain;
            const std::string& id = e_.nodes[static_cast<std::size_t>(n.args[0])].text;
            if (table == nullptr) return missing();
            const auto found = table->find(id);
            // An item the reviewer did not answer has no word: it is missing, never "".
            return found == table->end() || found->second.empty() ? missing() : string(found->second);
        }
        const value list = eval(n.args[0]);
        if (list.is_missing()) return missing();
        const std::vector<value> items = items_of(list);
        if (name == "len") return number(static_cast<double>(items.size()));
        if (name == "min" || name == "max") {
            if (items.empty()) return missing();
            double result =
                name == "min" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
            for (const auto& item : items) {
                if (item.type != vk::number) return missing();
                result = name == "min" ? std::min(result, item.number) : std::max(result, item.number);
            }
            return number(result);
        }
        const value wanted = eval(n.args[1]);
        if (wanted.is_missing()) return missing();
        std::size_t hits = 0;
        std::size_t unknown = 0;
        for (const auto& item : items) {
            if (item.is_missing())
                ++unknown;
            else if (matches(item, wanted))
                ++hits;
        }
        if (name == "count") return number(static_cast<double>(hits));
        if (name == "any") {
            if (hits > 0) return boolean(true);
            return unknown > 0 ? missing() : boolean(false);
        }
        // all: one known item that does not match decides.
        if (hits + unknown < items.size()) return boolean(false);
        return unknown > 0 ? missing() : boolean(true);
    }

    const expression& e_;
    const eval_context& c_;
};

}  // namespace

value evaluate(const expression& e, const eval_context& context) {
    if (context.memo != nullptr || context.definitions == nullptr) return evaluator(e, context).eval(e.root);
    definition_memo memo(context.definitions->size());
    eval_context with_memo = context;
    with_memo.memo = &memo;
    return evaluator(e, with_memo).eval(e.root);
}

value fact_value(const sdk::study& study, const std::string& path, const sdk::node* outcome) {
    if (outcome != nullptr && path.rfind("outcomes.", 0) == 0) {
        const sdk::node* field = outcome->get(path.substr(9));
        return field != nullptr ? from_node(*field) : missing();
    }
    // Fields of [[outcomes]] read as one value per outcome, in coding order.
    if (path.rfind("outcomes.", 0) == 0) {
        const sdk::node* outcomes = study.find("outcomes");
        if (outcomes == nullptr || outcomes->type != sdk::node::kind::array || outcomes->items.empty())
            return missing();
        value v;
        v.type = vk::list;
        const std::string key = path.substr(9);
        for (const auto& outcome : outcomes->items) {
            const sdk::node* field = outcome.get(key);
            v.items.push_back(field != nullptr ? from_node(*field) : missing());
        }
        return v;
    }
    const sdk::node* n = study.find(path);
    return n == nullptr ? missing() : from_node(*n);
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
            return v.text;
        case vk::list: {
            std::string text;
            for (const auto& item : v.items) text += (text.empty() ? "" : ", ") + value_text(item);
            return text;
        }
    }
    return "";
}

}  // namespace appraise::declarative
