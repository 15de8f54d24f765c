// The constant decider (see constant_decider.hpp).
#include "constant_decider.hpp"

#include <cstddef>

namespace appraise::declarative {
namespace {

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
            case op::and_: {  // short-circuit: a false left side decides
                const auto a = truth(n.args[0]);
                if (a == false) return false;
                const auto b = truth(n.args[1]);
                if (b == false) return false;
                if (a == true && b == true) return true;
                return std::nullopt;
            }
            case op::or_: {
                const auto a = truth(n.args[0]);
                if (a == true) return true;
                const auto b = truth(n.args[1]);
                if (b == true) return true;
                if (a == false && b == false) return false;
                return std::nullopt;
            }
            case op::definition: {
                // Decided once, when the definition was checked: never walked into again.
                const auto& def = (*scope_.definitions)[static_cast<std::size_t>(n.target)];
                return def.body.root < 0 ? std::nullopt : def.truth;
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

}  // namespace

std::optional<bool> constant_truth(const expression& e, const check_scope& scope) {
    if (e.root < 0) return std::nullopt;
    return decider(e, scope).truth(e.root);
}

}  // namespace appraise::declarative
