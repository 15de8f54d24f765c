// The load-time half of compiling a rubric to a flat form: everything the
// evaluator would otherwise find by name on every study is resolved here,
// once per rubric file. Function names become function ids, answer("id") and
// judgement("id") the item's or domain's index, each field path an index into
// one table of split paths (so a study resolves each field once), and the
// per-domain and per-finding facts the appraiser needs (which answers a rule
// reads, which rationale a rule gives) are computed ahead.
#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "appraise/declarative/rubric_file.hpp"

namespace appraise::declarative {
namespace {

constexpr std::array<std::pair<std::string_view, function>, 9> function_names{{
    {"present", function::present},
    {"answer", function::answer},
    {"judgement", function::judgement},
    {"len", function::len},
    {"min", function::min},
    {"max", function::max},
    {"count", function::count},
    {"any", function::any},
    {"all", function::all},
}};

class linker {
public:
    explicit linker(compiled_rubric& r) : r_(r) {}

    void run() {
        r_.appraisal_key = "appraisal." + r_.description.id;
        for (auto& d : r_.definitions) link(d.body);
        r_.under_table = " under [" + r_.appraisal_key + "]";
        for (auto& it : r_.items) {
            link(it.derive);
            link(it.applies);
            it.unanswered_head =
                "item `" + it.id + "` (" + it.prompt + ") is for the reviewer to answer and is not answered";
            it.unanswered_add = " not assessed; add \"" + it.id + "\" = one of ";
            std::string words;
            for (const auto& w : r_.scales[it.scale].values) words += (words.empty() ? "" : ", ") + w;
            it.unanswered_add += words;
        }
        for (auto& d : r_.domains) {
            link(d.when);
            link(d.stop_when);
            link(d.rules);
            d.each_outcome =
                std::any_of(d.items.begin(), d.items.end(), [&](std::size_t i) { return r_.items[i].per_outcome; }) ||
                std::any_of(d.rules.begin(), d.rules.end(),
                            [&](const judgement_rule& rule) { return reads_outcome_answer(rule.when); });
            d.unanswered_order = d.items;
            for (const auto& rule : d.rules)
                for (std::size_t index : answer_items(rule.when)) d.unanswered_order.push_back(index);
        }
        link(r_.overall);
        for (auto& choice : r_.overall_choices) link(choice.rules);
        for (auto& f : r_.findings) {
            link(f.when);
            for (auto& part : f.message)
                if (part.field) part.slot = field_slot(part.text);
            f.id = r_.description.id + "/" + f.slug;
            f.reads_outcome_answer = reads_outcome_answer(f.when);
            f.answer_items = answer_items(f.when);
        }
        find_coding_derives();
    }

private:
    // compiled_rubric::coding_derives: the items the coding scope's gates
    // (a domain's when and stop_when) and its findings about the coding read
    // by answer("id"). Only those can: the type checker refuses answer() in a
    // definition, a derive and an applies (items are answered after them), so
    // nothing else leads to an answer (test_declarative.cpp holds it to that).
    // A list of answers read there (conservative) needs every item.
    void find_coding_derives() {
        std::vector<char>& needed = r_.coding_derives;
        needed.assign(r_.items.size(), 0);
        bool every_item = false;
        const auto read = [&](const expression& e) {
            for (const auto& n : e.nodes) {
                if (n.kind == op::answers || n.kind == op::judgements) every_item = true;
                if (n.kind != op::call || n.fn != function::answer) continue;
                if (n.slot < 0)
                    every_item = true;
                else
                    needed[static_cast<std::size_t>(n.slot)] = 1;
            }
        };
        for (const auto& d : r_.domains) {
            read(d.when);
            read(d.stop_when);
        }
        for (const auto& f : r_.findings)
            if (sdk::is_about_the_coding(f.level, f.id)) read(f.when);
        if (every_item) needed.assign(r_.items.size(), 1);
    }

    void link(std::vector<judgement_rule>& rules) {
        for (std::size_t i = 0; i < rules.size(); ++i) {
            auto& rule = rules[i];
            link(rule.when);
            std::string why = rule.because;
            if (why.empty()) why = rule.when.empty() ? "no earlier rule matched" : "when " + rule.when.source;
            rule.rationale = "rule " + std::to_string(i + 1) + ": " + why;
        }
    }

    void link(expression& e) {
        resolve_names(e);
        e.linked.clear();
        e.linked_args.clear();
        e.linked.reserve(e.nodes.size());
        for (const auto& n : e.nodes) {
            linked_node& l = e.linked.emplace_back();
            l.kind = n.kind;
            l.fn = n.fn;
            l.truth = n.truth;
            l.slot = n.slot;
            l.target = n.target;
            l.number = n.number;
            l.first_arg = static_cast<int>(e.linked_args.size());
            l.arg_count = static_cast<int>(n.args.size());
            e.linked_args.insert(e.linked_args.end(), n.args.begin(), n.args.end());
        }
    }

    // Functions by name, fields by path, answer("id") and judgement("id") by index.
    void resolve_names(expression& e) {
        for (auto& n : e.nodes) {
            if (n.kind == op::field) n.slot = field_slot(n.text);
            if (n.kind != op::call) continue;
            for (const auto& [name, fn] : function_names)
                if (name == n.text) n.fn = fn;
            if ((n.fn != function::answer && n.fn != function::judgement) || n.args.empty()) continue;
            const std::string& id = e.nodes[static_cast<std::size_t>(n.args[0])].text;
            if (n.fn == function::answer) {
                for (std::size_t i = 0; i < r_.items.size(); ++i)
                    if (r_.items[i].id == id) n.slot = static_cast<int>(i);
            } else {
                for (std::size_t i = 0; i < r_.domains.size(); ++i)
                    if (r_.domains[i].id == id) n.slot = static_cast<int>(i);
            }
        }
    }

    int field_slot(const std::string& path) {
        for (std::size_t i = 0; i < r_.fields.size(); ++i)
            if (r_.fields[i].path == path) return static_cast<int>(i);
        field_path f;
        f.path = path;
        // Split as sdk::node::find walks a path: each part up to a dot, until nothing is left.
        std::string_view rest = path;
        while (!rest.empty()) {
            const auto dot = rest.find('.');
            f.keys.emplace_back(rest.substr(0, dot));
            rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
        }
        f.outcome_field = path.rfind("outcomes.", 0) == 0;
        if (f.outcome_field) f.outcome_key = path.substr(9);
        r_.fields.push_back(std::move(f));
        return static_cast<int>(r_.fields.size() - 1);
    }

    // The items `e` names by answer("id"), by id (as a std::map of ids orders them).
    std::vector<std::size_t> answer_items(const expression& e) const {
        std::vector<std::size_t> out;
        for (const auto& n : e.nodes)
            if (n.kind == op::call && n.fn == function::answer && n.slot >= 0 &&
                std::find(out.begin(), out.end(), static_cast<std::size_t>(n.slot)) == out.end())
                out.push_back(static_cast<std::size_t>(n.slot));
        std::sort(out.begin(), out.end(),
                  [&](std::size_t a, std::size_t b) { return r_.items[a].id < r_.items[b].id; });
        return out;
    }

    bool reads_outcome_answer(const expression& e) const {
        return std::any_of(e.nodes.begin(), e.nodes.end(), [&](const expr_node& n) {
            return n.kind == op::call && n.fn == function::answer && n.slot >= 0 &&
                   r_.items[static_cast<std::size_t>(n.slot)].per_outcome;
        });
    }

    compiled_rubric& r_;
};

}  // namespace

void link_rubric(compiled_rubric& rubric) {
    linker(rubric).run();
}

}  // namespace appraise::declarative
