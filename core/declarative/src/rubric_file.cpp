// Compiles a declarative rubric file: reads the TOML through the project's
// reader (parse_toml), checks every table against the language's schema,
// parses and checks every expression against the codebook, and refuses rules
// that can never fire. Errors name the rubric file's line and column; inside
// an expression the column is that of the offending word.
#include "appraise/declarative/rubric_file.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "appraise/input/toml_reader.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/model/suggest.hpp"
#include "constant_decider.hpp"
#include "parser.hpp"
#include "reads_collector.hpp"
#include "type_checker.hpp"

namespace appraise::declarative {
namespace {

using nk = sdk::node::kind;

// Largest rubric file read: a rubric is a page of text, not a data set.
constexpr std::size_t max_rubric_file_bytes = std::size_t{1} << 20;

// The code of each kind of expression mistake, the one table of them (the
// parser and checker say which kind; rubrics/README.md documents the codes).
// Every other mistake in a rubric file is raised below with its code.
constexpr std::array<std::pair<expression_problem, const char*>, 6> expression_codes{{
    {expression_problem::syntax, "rubric/expression-syntax"},
    {expression_problem::unknown_field, "rubric/unknown-field"},
    {expression_problem::type_mismatch, "rubric/type-mismatch"},
    {expression_problem::unknown_value, "rubric/unknown-value"},
    {expression_problem::invalid, "rubric/invalid-expression"},
    {expression_problem::limit, "rubric/too-complex"},
}};

std::string code_for(expression_problem kind) {
    for (const auto& [k, code] : expression_codes)
        if (k == kind) return code;
    return "rubric/invalid-expression";
}

class compiler {
public:
    compiler(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
        std::size_t start = 0;
        while (start <= text_.size()) {
            const auto end = text_.find('\n', start);
            lines_.push_back(text_.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
            if (end == std::string_view::npos) break;
            start = end + 1;
        }
    }

    rubric_compile_result run() {
        rubric_compile_result result;
        toml_document document = parse_toml(text_, file_);
        for (auto& problem : document.problems) {
            problem.code = problem.code == "coding/invalid-utf8" ? "rubric/invalid-utf8" : "rubric/syntax-error";
            problems_.push_back(std::move(problem));
        }
        if (!document.root) {
            result.problems = std::move(problems_);
            return result;
        }
        rubric_ = std::make_shared<compiled_rubric>();
        rubric_->file = file_;
        compile(*document.root);
        std::stable_sort(problems_.begin(), problems_.end(), [](const diagnostic& a, const diagnostic& b) {
            return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
        });
        result.problems = std::move(problems_);
        if (!has_errors(result.problems)) {
            link_rubric(*rubric_);
            result.rubric = std::move(rubric_);
        }
        return result;
    }

private:
    // ---------------------------------------------------------------- reporting

    void error(std::string code, std::string message, const sdk::source_location& where, std::string hint = {}) {
        problems_.push_back({severity::error, std::move(code), std::move(message), where, std::move(hint)});
    }

    // A limit of the language (rubrics/README.md, "Limits") that the file exceeds.
    void limit_error(std::string message, const sdk::source_location& where) {
        error("rubric/too-complex", std::move(message), where,
              "the limits keep every rubric's load and evaluation fast: rubrics/README.md lists them");
    }

    // Every expression's nodes count towards the rubric's total (each
    // definition once: it is evaluated once per study however often used).
    void count_nodes(const expression& e, const sdk::source_location& where) {
        node_counts_.emplace_back(where, e.nodes.size());
    }

    // Over the total: one error, at the expression that takes the file's
    // running count (in file order) past it.
    void check_total_nodes() {
        std::size_t total = 0;
        for (const auto& [where, count] : node_counts_) total += count;
        if (total <= max_rubric_nodes) return;
        std::sort(node_counts_.begin(), node_counts_.end(), [](const auto& a, const auto& b) {
            return std::tie(a.first.line, a.first.column) < std::tie(b.first.line, b.first.column);
        });
        std::size_t running = 0;
        for (const auto& [where, count] : node_counts_) {
            running += count;
            if (running <= max_rubric_nodes) continue;
            limit_error("the rubric's expressions have " + std::to_string(total) + " parts in all, more than the " +
                            std::to_string(max_rubric_nodes) +
                            " a rubric may have (each definition counted once; this one takes the count past it): "
                            "simplify them",
                        where);
            return;
        }
    }

    // Where character `offset` of a string value's content is in the file.
    sdk::source_location inside(const sdk::node& value, int offset) const {
        sdk::source_location at = value.where;
        if (at.line < 1 || static_cast<std::size_t>(at.line) > lines_.size()) return at;
        std::size_t line = static_cast<std::size_t>(at.line) - 1;
        std::size_t column = static_cast<std::size_t>(std::max(at.column, 1)) - 1;
        std::string_view row = lines_[line];
        bool literal = false;
        if (row.substr(column, 3) == "\"\"\"" || row.substr(column, 3) == "'''") {
            literal = row[column] == '\'';
            column += 3;
            if (column >= row.size() ||
                (row.substr(column) == "\r")) {  // a newline right after the delimiter is trimmed
                ++line;
                column = 0;
            }
        } else if (column < row.size() && (row[column] == '"' || row[column] == '\'')) {
            literal = row[column] == '\'';
            column += 1;
        } else {
            return at;
        }
        for (int decoded = 0; decoded < offset && line < lines_.size();) {
            row = lines_[line];
            if (column >= row.size()) {
                ++line;
                column = 0;
                ++decoded;  // the newline itself
                continue;
            }
            if (!literal && row[column] == '\\' && column + 1 < row.size()) {
                column += row[column + 1] == 'u' ? 6 : row[column + 1] == 'U' ? 10 : 2;
            } else {
                // One UTF-8 sequence is one column.
                column += 1;
                while (column < row.size() && (static_cast<unsigned char>(row[column]) & 0xC0) == 0x80) ++column;
            }
            ++decoded;
        }
        return {file_, static_cast<int>(line) + 1, static_cast<int>(column) + 1};
    }

    // ---------------------------------------------------------------- table access

    // Reads the keys of one table, remembering which were used, so that any
    // other key is reported with the nearest known one.
    class table {
    public:
        table(compiler& c, const sdk::node& node, std::string name, std::vector<std::string> known)
            : c_(c), node_(node), name_(std::move(name)), known_(std::move(known)) {}

        ~table() {
            for (const auto& [key, value] : node_.members) {
                if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
                std::string message = "unknown key `" + key + "` in " + name_;
                if (auto near = nearest(key, known_)) message += "; did you mean `" + *near + "`?";
                c_.error("rubric/unknown-key", message, value.where, "keys here: " + join(known_));
            }
        }
        table(const table&) = delete;
        table& operator=(const table&) = delete;

        [[nodiscard]] const sdk::node* get(const std::string& key) const { return node_.get(key); }
        [[nodiscard]] const sdk::node& node() const { return node_; }

        std::optional<std::string> text(const std::string& key, bool required) {
            const sdk::node* value = node_.get(key);
            if (value == nullptr) {
                if (required) missing(key, "a string");
                return std::nullopt;
            }
            if (value->type != nk::string) {
                c_.error("rubric/type-mismatch", "`" + key + "` in " + name_ + " must be a string", value->where);
                return std::nullopt;
            }
            return value->text;
        }
        // A list of strings, each with its node.
        std::vector<const sdk::node*> words(const std::string& key, bool required) {
            std::vector<const sdk::node*> out;
            const sdk::node* value = node_.get(key);
            if (value == nullptr) {
                if (required) missing(key, "an array of strings");
                return out;
            }
            if (value->type != nk::array) {
                c_.error("rubric/type-mismatch", "`" + key + "` in " + name_ + " must be an array of strings",
                         value->where);
                return out;
            }
            for (const auto& item : value->items) {
                if (item.type != nk::string)
                    c_.error("rubric/type-mismatch", "`" + key + "` in " + name_ + " holds strings only", item.where);
                else
                    out.push_back(&item);
            }
            return out;
        }
        void missing(const std::string& key, const std::string& what) {
            c_.error("rubric/missing-key", name_ + " needs `" + key + "` (" + what + ")", node_.where);
        }

    private:
        static std::string join(const std::vector<std::string>& words) {
            std::string text;
            for (const auto& w : words) text += (text.empty() ? "" : ", ") + w;
            return text;
        }
        compiler& c_;
        const sdk::node& node_;
        std::string name_;
        std::vector<std::string> known_;
    };

    // An array of tables ([[item]]), or an error.
    std::vector<const sdk::node*> elements(const sdk::node* value, const std::string& key) {
        std::vector<const sdk::node*> out;
        if (value == nullptr) return out;
        if (value->type != nk::array) {
            error("rubric/type-mismatch", "`" + key + "` must be an array of tables: write [[" + key + "]]",
                  value->where);
            return out;
        }
        for (const auto& item : value->items) {
            if (item.type != nk::table)
                error("rubric/type-mismatch", "each `" + key + "` must be a table: write [[" + key + "]]", item.where);
            else
                out.push_back(&item);
        }
        return out;
    }

    // ---------------------------------------------------------------- expressions

    // Parses and checks an expression written as a string value.
    expression compile_expression(const sdk::node& value, const std::string& key, const check_scope& scope) {
        if (value.type != nk::string) {
            error("rubric/type-mismatch",
                  "`" + key + "` must be an expression in a string, e.g. " + key + " = 'design.comparator == \"none\"'",
                  value.where);
            return {};
        }
        std::vector<expression_error> errors;
        expression e = parse_expression(value.text, errors);
        count_nodes(e, value.where);
        const bool parsed = errors.empty();
        if (parsed) check_expression(e, scope, errors);
        for (const auto& problem : errors)
            error(code_for(problem.kind), problem.message, inside(value, problem.offset),
                  "rubrics/README.md describes the expression language");
        if (!errors.empty()) e.root = -1;
        return e;
    }

    check_scope base_scope() const {
        check_scope scope;
        scope.definition_index = &definition_index_;
        scope.definitions = &rubric_->definitions;
        return scope;
    }

    // Checks `word` is one of `words`, else an unknown-value error at `where`.
    bool expect_word(const std::string& word, const std::vector<std::string>& words, const std::string& what,
                     const sdk::source_location& where) {
        if (std::find(words.begin(), words.end(), word) != words.end()) return true;
        std::string message = "\"" + word + "\" is not a value of " + what;
        if (auto near = nearest(word, words)) message += "; did you mean \"" + *near + "\"?";
        std::string list;
        for (const auto& w : words) list += (list.empty() ? "" : ", ") + w;
        error("rubric/unknown-value", message, where, "allowed: " + list);
        return false;
    }

    // ---------------------------------------------------------------- the file

    void compile(const sdk::node& root) {
        table top(*this, root, "the rubric file",
                  {"rubric", "scales", "define", "item", "domain", "overall", "finding"});
        metadata(top.get("rubric"), root);
        scales(top.get("scales"));
        definitions(top.get("define"));
        items(top.get("item"));
        domains(top.get("domain"));
        overall(top.get("overall"));
        findings(top.get("finding"));
        check_total_nodes();
        describe();
    }

    void metadata(const sdk::node* node, const sdk::node& root) {
        if (node == nullptr || node->type != nk::table) {
            error("rubric/missing-key", "a rubric file starts with a [rubric] table (id, name, version, ...)",
                  node ? node->where : root.where);
            return;
        }
        table t(
            *this, *node, "[rubric]",
            {"id", "name", "version", "summary", "description", "designs", "judgement_scale", "concern", "checklist"});
        auto& d = rubric_->description;
        if (auto id = t.text("id", true)) {
            const bool kebab = !id->empty() && std::all_of(id->begin(), id->end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            });
            if (!kebab)
                error("rubric/invalid", "the rubric id `" + *id + "` must be kebab-case (a-z, 0-9, -)",
                      t.get("id")->where);
            d.id = *id;
        }
        d.name = t.text("name", true).value_or(d.id);
        d.version = t.text("version", true).value_or("0");
        d.summary = t.text("summary", false).value_or(d.name);
        d.details = t.text("description", false).value_or("");
        const field_def* type = codebook::v1().find("design.type");
        for (const auto* design : t.words("designs", false))
            if (expect_word(design->text, type->values, "design.type", design->where))
                rubric_->designs.push_back(design->text);
        std::set<std::string> seen;
        for (const auto* word : t.words("judgement_scale", false)) {
            if (!seen.insert(word->text).second)
                error("rubric/duplicate-id", "\"" + word->text + "\" appears twice in judgement_scale", word->where);
            else
                d.judgement_scale.push_back(word->text);
        }
        if (const auto concern = t.text("concern", false)) concern_word(*concern, *t.get("concern"), default_concern_);
        if (const sdk::node* checklist = t.get("checklist")) {
            if (checklist->type == nk::boolean)
                checklist_ = checklist->boolean;
            else
                error("rubric/type-mismatch", "`checklist` in [rubric] must be true or false", checklist->where);
        }
    }

    // A concern written as a word: "bias", "precision", ... (the rubric's default, or one finding's).
    void concern_word(const std::string& word, const sdk::node& where, sdk::finding_concern& into) {
        constexpr std::array all{sdk::finding_concern::bias, sdk::finding_concern::precision,
                                 sdk::finding_concern::applicability, sdk::finding_concern::reporting,
                                 sdk::finding_concern::integrity};
        std::vector<std::string> words;
        for (const auto c : all) words.emplace_back(sdk::to_string(c));
        if (!expect_word(word, words, "concern", where.where)) return;
        for (const auto c : all)
            if (sdk::to_string(c) == word) into = c;
    }

    void scales(const sdk::node* node) {
        if (node == nullptr) {
            error("rubric/missing-key", "a rubric needs at least one answer scale under [scales.<name>]",
                  {file_, 1, 1});
            return;
        }
        if (node->type != nk::table) {
            error("rubric/type-mismatch", "`scales` must be a table of tables: write [scales.<name>]", node->where);
            return;
        }
        for (const auto& [name, value] : node->members) {
            if (value.type != nk::table) {
                error("rubric/type-mismatch", "scale `" + name + "` must be a table with `values`", value.where);
                continue;
            }
            table t(*this, value, "[scales." + name + "]", {"values", "missing", "not_applicable"});
            answer_scale scale;
            scale.name = name;
            for (const auto* word : t.words("values", true)) {
                if (std::find(scale.values.begin(), scale.values.end(), word->text) != scale.values.end())
                    error("rubric/duplicate-id", "\"" + word->text + "\" appears twice in scale `" + name + "`",
                          word->where);
                else
                    scale.values.push_back(word->text);
            }
            if (auto m = t.text("missing", true)) {
                if (expect_word(*m, scale.values, "scale `" + name + "`", t.get("missing")->where)) scale.missing = *m;
            }
            if (auto na = t.text("not_applicable", false)) {
                if (expect_word(*na, scale.values, "scale `" + name + "`", t.get("not_applicable")->where))
                    scale.not_applicable = *na;
            }
            rubric_->scales.push_back(std::move(scale));
        }
    }

    // [define]: named expressions, checked in dependency order (a cycle is an
    // error) and analysed once each, so that no later stage walks into a
    // definition again: its users read its type, depth, truth and reads.
    void definitions(const sdk::node* node) {
        if (node == nullptr) return;
        if (node->type != nk::table) {
            error("rubric/type-mismatch", "`define` must be a table of named expressions", node->where);
            return;
        }
        // Over the limit: one error, and every name known (so no use of one is
        // an unknown field) but none parsed or checked.
        const bool too_many = node->members.size() > max_definitions;
        if (too_many) {
            std::vector<sdk::source_location> places;
            for (const auto& member : node->members) places.push_back(member.second.where);
            const auto first_over = places.begin() + static_cast<std::ptrdiff_t>(max_definitions);
            std::nth_element(places.begin(), first_over, places.end(), [](const auto& a, const auto& b) {
                return std::tie(a.line, a.column) < std::tie(b.line, b.column);
            });
            limit_error("[define] has " + std::to_string(node->members.size()) + " names, more than the " +
                            std::to_string(max_definitions) + " a rubric may have (this is name " +
                            std::to_string(max_definitions + 1) + " in the file): combine or remove definitions",
                        *first_over);
        }
        const codebook& book = codebook::v1();
        for (const auto& [name, value] : node->members) {
            if (book.find(name) != nullptr || name == "answers" || name == "judgements") {
                error("rubric/invalid",
                      "the name `" + name + "` is taken by the codebook or the language: choose another", value.where);
                continue;
            }
            definition_index_[name] = static_cast<int>(rubric_->definitions.size());
            definition d;
            d.name = name;
            std::vector<expression_error> errors;
            if (too_many) {
                // named only
            } else if (value.type == nk::string) {
                d.body = parse_expression(value.text, errors);
                count_nodes(d.body, value.where);
            } else {
                error("rubric/type-mismatch", "definition `" + name + "` must be an expression in a string",
                      value.where);
            }
            for (const auto& problem : errors)
                error(code_for(problem.kind), problem.message, inside(value, problem.offset));
            rubric_->definitions.push_back(std::move(d));
            definition_nodes_.push_back(&value);
        }
        if (!too_many) analyse_definitions();
    }

    // The definition a not-yet-checked node names, or -1.
    int reference(const expr_node& n) const {
        if (n.kind != op::field || n.text.find('.') != std::string::npos) return -1;
        const auto found = definition_index_.find(n.text);
        return found == definition_index_.end() ? -1 : found->second;
    }

    // How deep node `i` of definition `self` nests with every definition it
    // names written out in place, counted without writing them out (a name
    // is one level above its definition's own depth); and the definition on
    // that deepest path. The recursion is one expression's height.
    std::pair<int, int> written_out_depth(const expression& e, int i, int self) const {
        if (i < 0) return {0, -1};
        const auto& n = e.nodes[static_cast<std::size_t>(i)];
        std::pair<int, int> below{0, -1};
        if (const int ref = reference(n); ref >= 0 && ref != self)
            below = {rubric_->definitions[static_cast<std::size_t>(ref)].depth, ref};
        for (int a : n.args) {
            const auto arg = written_out_depth(e, a, self);
            if (arg.first > below.first) below = arg;
        }
        return {below.first + 1, below.second};
    }

    // Depth-first from each definition, with the path on the heap (a chain of
    // any length cannot overflow the stack); each definition is finished once,
    // after everything it names.
    void analyse_definitions() {
        const std::size_t count = rubric_->definitions.size();
        std::vector<int> state(count, 0);  // 0 new, 1 on the path, 2 finished
        std::vector<int> deepest(count, -1);
        struct step {
            int index;
            std::size_t next;  // the next of its nodes to look at for a reference
        };
        std::vector<step> path;
        for (std::size_t start = 0; start < count; ++start) {
            if (state[start] != 0) continue;
            state[start] = 1;
            path.push_back({static_cast<int>(start), 0});
            while (!path.empty()) {
                step& top = path.back();
                const auto& nodes = rubric_->definitions[static_cast<std::size_t>(top.index)].body.nodes;
                int ref = -1;
                while (ref < 0 && top.next < nodes.size()) ref = reference(nodes[top.next++]);
                if (ref >= 0) {
                    auto& st = state[static_cast<std::size_t>(ref)];
                    if (st == 1) {
                        error("rubric/invalid",
                              "definition `" + rubric_->definitions[static_cast<std::size_t>(ref)].name +
                                  "` refers to itself (through other definitions): definitions cannot be recursive",
                              definition_nodes_[static_cast<std::size_t>(ref)]->where);
                        rubric_->definitions[static_cast<std::size_t>(ref)].body.root = -1;
                    } else if (st == 0) {
                        st = 1;
                        path.push_back({ref, 0});
                    }
                    continue;
                }
                finish_definition(top.index, deepest);
                state[static_cast<std::size_t>(top.index)] = 2;
                path.pop_back();
            }
        }
    }

    // Everything `index` names is finished: its depth, then its check, truth and reads.
    void finish_definition(int index, std::vector<int>& deepest) {
        auto& defs = rubric_->definitions;
        auto& d = defs[static_cast<std::size_t>(index)];
        const sdk::node& where = *definition_nodes_[static_cast<std::size_t>(index)];
        bool below_too_deep = false;
        for (const auto& n : d.body.nodes) {
            const int ref = reference(n);
            if (ref >= 0 && ref != index)
                below_too_deep |= defs[static_cast<std::size_t>(ref)].depth > max_definition_depth;
        }
        if (below_too_deep) {  // reported once, where the chain first grew too deep
            d.depth = max_definition_depth + 1;
            d.body.root = -1;
            return;
        }
        const auto [depth, via] = written_out_depth(d.body, d.body.root, index);
        d.depth = depth;
        deepest[static_cast<std::size_t>(index)] = via;
        if (d.depth > max_definition_depth) {
            std::string chain = "`" + d.name + "`";
            int shown = 0;
            int last = index;
            for (int i = deepest[static_cast<std::size_t>(index)]; i >= 0; i = deepest[static_cast<std::size_t>(i)]) {
                if (++shown <= 2) chain += " -> `" + defs[static_cast<std::size_t>(i)].name + "`";
                last = i;
            }
            if (shown > 2) chain += " -> ... -> `" + defs[static_cast<std::size_t>(last)].name + "`";
            limit_error("definition `" + d.name + "` nests " + std::to_string(d.depth) +
                            " levels deep with the definitions it names written out (" + chain + "); at most " +
                            std::to_string(max_definition_depth) +
                            " are allowed: use fewer layers of definitions, or shorter chains of operators in them",
                        where.where);
            d.body.root = -1;
            return;
        }
        if (d.body.root < 0) return;
        std::vector<expression_error> errors;
        check_expression(d.body, base_scope(), errors);
        for (const auto& problem : errors)
            error(code_for(problem.kind), problem.message, inside(where, problem.offset));
        if (!errors.empty()) {
            d.body.root = -1;
            return;
        }
        d.truth = constant_truth(d.body, base_scope());
        collect_reads(d.body, defs, d.reads);
    }

    std::optional<std::size_t> find_scale(const std::string& name) const {
        for (std::size_t i = 0; i < rubric_->scales.size(); ++i)
            if (rubric_->scales[i].name == name) return i;
        return std::nullopt;
    }

    void items(const sdk::node* node) {
        std::map<std::string, sdk::source_location> seen;
        for (const auto* element : elements(node, "item")) {
            table t(*this, *element, "an [[item]]",
                    {"id", "prompt", "scale", "derive", "applies", "reads", "guidance", "per_outcome", "proposal"});
            rubric_item item;
            const auto id = t.text("id", true);
            if (!id) continue;
            item.id = *id;
            if (const auto [at, fresh] = seen.emplace(item.id, t.get("id")->where); !fresh) {
                error("rubric/duplicate-id",
                      "item id `" + item.id + "` is used twice (first at " + format_location(at->second) + ")",
                      t.get("id")->where);
                continue;
            }
            item.prompt = t.text("prompt", true).value_or("");
            item.guidance = t.text("guidance", false).value_or("");
            if (const auto scale = t.text("scale", true)) {
                if (const auto index = find_scale(*scale)) {
                    item.scale = *index;
                } else {
                    std::vector<std::string> names;
                    for (const auto& s : rubric_->scales) names.push_back(s.name);
                    std::string message = "no scale `" + *scale + "` in [scales]";
                    if (auto near = nearest(*scale, names)) message += "; did you mean `" + *near + "`?";
                    error("rubric/unknown-value", message, t.get("scale")->where);
                    continue;
                }
            } else {
                continue;
            }
            if (const sdk::node* per_outcome = t.get("per_outcome")) {
                if (per_outcome->type == nk::boolean)
                    item.per_outcome = per_outcome->boolean;
                else
                    error("rubric/type-mismatch", "`per_outcome` in an [[item]] must be true or false",
                          per_outcome->where);
            }
            if (const sdk::node* proposal = t.get("proposal")) {
                if (proposal->type != nk::boolean)
                    error("rubric/type-mismatch", "`proposal` in an [[item]] must be true or false", proposal->where);
                else if (proposal->boolean && t.get("derive") == nullptr)
                    error("rubric/invalid",
                          "item `" + item.id + "` has `proposal = true` but no `derive`: there is nothing to propose",
                          proposal->where);
                else
                    item.proposal = proposal->boolean;
            }
            check_scope item_scope = base_scope();
            item_scope.one_outcome = item.per_outcome;
            const answer_scale& scale = rubric_->scales[item.scale];
            if (const sdk::node* derive = t.get("derive")) {
                item.derive = compile_expression(*derive, "derive", item_scope);
                if (item.derive.root >= 0) {
                    const auto& root = item.derive.nodes[static_cast<std::size_t>(item.derive.root)];
                    if (root.result != type::string && root.result != type::any)
                        error("rubric/type-mismatch",
                              "type mismatch: `derive` must give an answer word of scale `" + scale.name + "`",
                              inside(*derive, root.offset));
                    for (const auto& word : root.words)
                        if (std::find(scale.values.begin(), scale.values.end(), word) == scale.values.end())
                            unknown_answer(word, scale, item.derive, *derive);
                }
            }
            if (const sdk::node* applies = t.get("applies")) {
                item.applies = compile_expression(*applies, "applies", item_scope);
                expect_boolean(item.applies, *applies, "applies");
                if (item.applies.root >= 0 && scale.not_applicable.empty())
                    error("rubric/invalid",
                          "item `" + item.id + "` has `applies` but scale `" + scale.name +
                              "` has no `not_applicable` word to answer with",
                          applies->where);
            }
            collect_reads(item.derive, rubric_->definitions, item.reads);
            collect_reads(item.applies, rubric_->definitions, item.reads);
            for (const auto* read : t.words("reads", false)) {
                if (check_path(read->text, *read) &&
                    std::find(item.reads.begin(), item.reads.end(), read->text) == item.reads.end())
                    item.reads.push_back(read->text);
            }
            item_where_.push_back(t.get("id")->where);
            rubric_->items.push_back(std::move(item));
        }
        if (rubric_->items.empty() && node == nullptr)
            error("rubric/missing-key", "a rubric needs at least one [[item]]", {file_, 1, 1});
        for (const auto& item : rubric_->items) {
            item_words_[item.id] = rubric_->scales[item.scale].values;
            if (item.per_outcome) per_outcome_items_.insert(item.id);
        }
    }

    // A derived answer literal that is not a word of the item's scale.
    void unknown_answer(const std::string& word, const answer_scale& scale, const expression& e,
                        const sdk::node& value) {
        int offset = 0;
        for (const auto& n : e.nodes)
            if (n.kind == op::string && n.text == word) {
                offset = n.offset;
                break;
            }
        std::string message = "\"" + word + "\" is not a value of scale `" + scale.name + "`";
        if (auto near = nearest(word, scale.values)) message += "; did you mean \"" + *near + "\"?";
        error("rubric/unknown-value", message, inside(value, offset));
    }

    void expect_boolean(expression& e, const sdk::node& value, const std::string& key) {
        if (e.root < 0) return;
        const auto& root = e.nodes[static_cast<std::size_t>(e.root)];
        if (root.result != type::boolean && root.result != type::any) {
            error("rubric/type-mismatch", "type mismatch: `" + key + "` must be a condition (true or false)",
                  inside(value, root.offset));
            e.root = -1;
        }
    }

    bool check_path(const std::string& path, const sdk::node& where, int offset = -1) {
        const codebook& book = codebook::v1();
        if (book.find(path) != nullptr) return true;
        std::vector<std::string> names;
        for (const auto& f : book.fields()) names.push_back(f.path);
        std::string message = "unknown field `" + path + "`";
        if (auto near = nearest(path, names)) message += "; did you mean `" + *near + "`?";
        error("rubric/unknown-field", message, offset < 0 ? where.where : inside(where, offset));
        return false;
    }

    // Ordered rules: first match wins. Refuses rules that can never fire.
    std::vector<judgement_rule> rules(const sdk::node* node, const std::string& key, const check_scope& scope,
                                      const sdk::source_location& owner, const std::string& owner_name) {
        std::vector<judgement_rule> out;
        bool settled = false;  // an earlier rule always matches
        std::size_t settled_by = 0;
        std::map<std::string, std::size_t> conditions;
        const auto list = elements(node, key);
        for (std::size_t i = 0; i < list.size(); ++i) {
            const sdk::node& element = *list[i];
            table t(*this, element, "a [[" + key + "]]", {"when", "judgement", "because"});
            judgement_rule rule;
            if (auto j = t.text("judgement", true)) {
                if (rubric_->description.judgement_scale.empty())
                    error("rubric/missing-key", "judgement rules need `judgement_scale` in [rubric]",
                          t.get("judgement")->where);
                else
                    expect_word(*j, rubric_->description.judgement_scale, "the judgement scale",
                                t.get("judgement")->where);
                rule.judgement = *j;
            }
            rule.because = t.text("because", false).value_or("");
            const sdk::node* when = t.get("when");
            std::optional<bool> constant = true;
            if (when != nullptr) {
                rule.when = compile_expression(*when, "when", scope);
                expect_boolean(rule.when, *when, "when");
                constant = rule.when.root >= 0 ? constant_truth(rule.when, scope) : std::nullopt;
            }
            const sdk::source_location at = when != nullptr ? when->where : element.where;
            if (settled) {
                error("rubric/never-fires",
                      "this rule can never fire: rule " + std::to_string(settled_by) + " before it always matches", at,
                      "rules are tried in order and the first match wins; move this rule up or remove it");
            } else if (constant == false) {
                error("rubric/never-fires", "this rule can never fire: its condition is false for every study", at);
            } else if (when != nullptr && when->type == nk::string) {
                std::string canonical;
                for (char c : when->text)
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') canonical += c;
                if (const auto [earlier, fresh] = conditions.emplace(canonical, i + 1); !fresh)
                    error(
                        "rubric/never-fires",
                        "this rule can never fire: rule " + std::to_string(earlier->second) + " has the same condition",
                        at);
            }
            if (!settled && constant == true) {
                settled = true;
                settled_by = i + 1;
            }
            out.push_back(std::move(rule));
        }
        if (!list.empty() && !settled)
            error("rubric/invalid",
                  owner_name + ": no rule matches when every condition is false: end with a rule without `when`",
                  list.back()->where, "add [[" + key + "]] with only `judgement` (the default) as the last rule");
        if (list.empty()) error("rubric/missing-key", owner_name + " needs judgement rules ([[" + key + "]])", owner);
        return out;
    }

    void domains(const sdk::node* node) {
        std::map<std::string, sdk::source_location> seen;
        for (const auto* element : elements(node, "domain")) {
            table t(*this, *element, "a [[domain]]",
                    {"id", "name", "description", "items", "when", "rule", "stop_when", "stop_because"});
            rubric_domain domain;
            const auto id = t.text("id", true);
            if (!id) continue;
            domain.id = *id;
            if (const auto [at, fresh] = seen.emplace(domain.id, t.get("id")->where); !fresh) {
                error("rubric/duplicate-id",
                      "domain id `" + domain.id + "` is used twice (first at " + format_location(at->second) + ")",
                      t.get("id")->where);
                continue;
            }
            domain.name = t.text("name", true).value_or(domain.id);
            domain.description = t.text("description", false).value_or("");
            check_scope scope = base_scope();
            scope.answers_allowed = true;
            scope.items = &item_words_;
            for (const auto* ref : t.words("items", true)) {
                std::size_t index = 0;
                while (index < rubric_->items.size() && rubric_->items[index].id != ref->text) ++index;
                if (index == rubric_->items.size()) {
                    std::vector<std::string> ids;
                    for (const auto& item : rubric_->items) ids.push_back(item.id);
                    std::string message = "no item `" + ref->text + "` in this rubric";
                    if (auto near = nearest(ref->text, ids)) message += "; did you mean `" + *near + "`?";
                    error("rubric/unknown-value", message, ref->where);
                    continue;
                }
                if (std::find(domain.items.begin(), domain.items.end(), index) != domain.items.end()) {
                    error("rubric/duplicate-id", "item `" + ref->text + "` is listed twice in this domain", ref->where);
                    continue;
                }
                domain.items.push_back(index);
                in_domain_.insert(index);
                for (const auto& word : rubric_->scales[rubric_->items[index].scale].values)
                    if (std::find(scope.answer_words.begin(), scope.answer_words.end(), word) ==
                        scope.answer_words.end())
                        scope.answer_words.push_back(word);
            }
            scope.answer_count = domain.items.size();
            if (const sdk::node* when = t.get("when")) {
                domain.when = compile_expression(*when, "when", base_scope());
                expect_boolean(domain.when, *when, "when");
                if (domain.when.root >= 0 && constant_truth(domain.when, base_scope()) == false)
                    error("rubric/never-fires", "this domain is never appraised: its `when` is false for every study",
                          when->where);
            }
            // stop_when: a screening answer that ends the appraisal leaves this domain not assessed.
            if (const sdk::node* stop = t.get("stop_when")) {
                check_scope answers_only = base_scope();
                answers_only.items = &item_words_;
                answers_only.per_outcome_items = &per_outcome_items_;
                answers_only.single_answer_place = "stop_when";
                domain.stop_when = compile_expression(*stop, "stop_when", answers_only);
                expect_boolean(domain.stop_when, *stop, "stop_when");
                domain.stop_because = t.text("stop_because", true).value_or("");
                if (const sdk::node* because = t.get("stop_because");
                    because != nullptr && because->type == nk::string && because->text.empty())
                    error("rubric/invalid",
                          "`stop_because` is empty: say why the appraisal stops (the reports show it as the reason "
                          "the domain is not assessed)",
                          because->where);
            } else if (const sdk::node* because = t.get("stop_because")) {
                error("rubric/invalid", "`stop_because` without `stop_when`: say when the appraisal stops",
                      because->where);
            }
            domain.rules = rules(t.get("rule"), "domain.rule", scope, element->where, "domain `" + domain.id + "`");
            rubric_->domains.push_back(std::move(domain));
            domain_ids_.push_back(*id);
        }
        for (std::size_t i = 0; i < rubric_->items.size(); ++i)
            if (!in_domain_.count(i))
                error("rubric/invalid",
                      "item `" + rubric_->items[i].id + "` belongs to no domain: its answer would appear in no report",
                      item_where_[i], "list it in a [[domain]]'s items");
        if (rubric_->domains.empty() && node == nullptr)
            error("rubric/missing-key", "a rubric needs at least one [[domain]]", {file_, 1, 1});
    }

    void overall(const sdk::node* node) {
        if (node == nullptr) return;  // no overall judgement (MMAT discourages one)
        if (node->type != nk::table) {
            error("rubric/type-mismatch", "`overall` must be a table holding [[overall.rule]]", node->where);
            return;
        }
        table t(*this, *node, "[overall]", {"rule", "option", "choice"});
        check_scope scope = base_scope();
        scope.items = &item_words_;
        scope.per_outcome_items = &per_outcome_items_;
        scope.single_answer_place = "the overall rules";
        scope.judgements_allowed = true;
        scope.judgement_scale = &rubric_->description.judgement_scale;
        scope.domain_ids = &domain_ids_;
        scope.judgement_count = rubric_->domains.size();
        if (const auto option = t.text("option", false)) {
            overall_choices(t, *option, scope, *node);
            return;
        }
        if (const sdk::node* choice = t.get("choice"))
            error("rubric/invalid", "[[overall.choice]] without `option` in [overall]: name the option that chooses",
                  choice->where);
        rubric_->has_overall = true;
        rubric_->overall = rules(t.get("rule"), "overall.rule", scope, node->where, "[overall]");
    }

    // [overall] option = "overall_rule" with [[overall.choice]]: no overall
    // unless the configuration names a choice; the option is the rubric's.
    void overall_choices(table& t, const std::string& option, const check_scope& scope, const sdk::node& node) {
        if (const sdk::node* rule = t.get("rule"))
            error("rubric/invalid",
                  "[overall] has `option` and [[overall.rule]]: with an option the rules are the choices' "
                  "([[overall.choice.rule]])",
                  rule->where);
        rubric_->overall_option = option;
        std::set<std::string> seen{"none"};
        std::string names;
        for (const auto* element : elements(t.get("choice"), "overall.choice")) {
            table c(*this, *element, "an [[overall.choice]]", {"name", "source", "rule"});
            overall_choice choice;
            const auto name = c.text("name", true);
            if (!name) continue;
            if (!seen.insert(*name).second) {
                error("rubric/duplicate-id",
                      "overall choice `" + *name + "` is named twice (or is \"none\", which means no overall)",
                      c.get("name")->where);
                continue;
            }
            choice.name = *name;
            choice.source = c.text("source", true).value_or("");
            choice.rules = rules(c.get("rule"), "overall.choice.rule", scope, element->where,
                                 "overall choice `" + choice.name + "`");
            names += ", \"" + choice.name + "\" (" + choice.source + ")";
            rubric_->overall_choices.push_back(std::move(choice));
        }
        if (rubric_->overall_choices.empty())
            error("rubric/missing-key", "[overall] option needs at least one [[overall.choice]] to choose from",
                  node.where);
        rubric_->description.options.push_back(
            {.name = option,
             .type = sdk::option_spec::kind::string,
             .default_value = "\"none\"",
             .min = std::nullopt,
             .max = std::nullopt,
             .description = "the overall rule: \"none\" (no overall judgement, the default)" + names});
    }

    void findings(const sdk::node* node) {
        std::map<std::string, sdk::source_location> seen;
        check_scope scope = base_scope();
        scope.items = &item_words_;
        for (const auto* element : elements(node, "finding")) {
            table t(*this, *element, "a [[finding]]",
                    {"id", "severity", "concern", "when", "at", "message", "title", "why", "applies_to", "source",
                     "another_case"});
            rubric_finding f;
            sdk::finding_spec spec;
            const auto id = t.text("id", true);
            if (!id) continue;
            f.slug = *id;
            if (f.slug == "invalid-answer" || f.slug == "unknown-answer" || f.slug == "not-answered" ||
                f.slug == "result-unlabelled") {
                error("rubric/duplicate-id", "finding id `" + f.slug + "` is reserved for checking coded answers",
                      t.get("id")->where);
                continue;
            }
            // another_case = true: the same finding again, with its own `when` and
            // message (a finding whose id keeps its meaning but says which case it is).
            bool another_case = false;
            if (const sdk::node* again = t.get("another_case")) {
                if (again->type != nk::boolean)
                    error("rubric/type-mismatch", "`another_case` must be true or false", again->where);
                else
                    another_case = again->boolean;
            }
            if (const auto [at, fresh] = seen.emplace(f.slug, t.get("id")->where); !fresh && !another_case) {
                error("rubric/duplicate-id",
                      "finding id `" + f.slug + "` is used twice (first at " + format_location(at->second) +
                          "); mark a second case of the same finding with `another_case = true`",
                      t.get("id")->where);
                continue;
            } else if (fresh && another_case) {
                error("rubric/invalid",
                      "`another_case = true` but no earlier [[finding]] has id `" + f.slug +
                          "`: the first case of a finding does not say it",
                      t.get("another_case")->where);
                continue;
            }
            if (const auto level = t.text("severity", true)) {
                if (expect_word(*level, {"info", "warning", "error"}, "severity", t.get("severity")->where))
                    f.level = *level == "info"    ? sdk::severity::info
                              : *level == "error" ? sdk::severity::error
                                                  : sdk::severity::warning;
            }
            f.concern = default_concern_;
            if (const auto concern = t.text("concern", false)) concern_word(*concern, *t.get("concern"), f.concern);
            if (const sdk::node* when = t.get("when")) {
                f.when = compile_expression(*when, "when", scope);
                expect_boolean(f.when, *when, "when");
                if (f.when.root >= 0 && constant_truth(f.when, scope) == false)
                    error("rubric/never-fires", "this finding can never fire: its `when` is false for every study",
                          when->where);
            } else {
                t.missing("when", "the condition under which it fires");
            }
            std::vector<std::string> reads;
            collect_reads(f.when, rubric_->definitions, reads);
            if (const auto at = t.text("at", false)) {
                if (check_path(*at, *t.get("at"))) f.at = *at;
            } else if (!reads.empty()) {
                f.at = reads.front();
            }
            if (const auto message = t.text("message", true)) {
                f.message = placeholders(*message, *t.get("message"), reads);
            }
            if (!f.at.empty() && std::find(reads.begin(), reads.end(), f.at) == reads.end())
                reads.insert(reads.begin(), f.at);
            spec.slug = f.slug;
            spec.level = f.level;
            spec.concern = f.concern;
            spec.title = t.text("title", false).value_or(message_text(f.message));
            spec.why = t.text("why", false).value_or("");
            spec.source = t.text("source", false).value_or("");
            spec.applies_to = t.text("applies_to", false).value_or("");
            spec.reads = reads;
            if (another_case) {
                // The first case describes the finding for explain and the audit.
                for (const char* key : {"title", "why", "applies_to", "source"})
                    if (const sdk::node* extra = t.get(key))
                        error("rubric/invalid",
                              std::string("`") + key + "` on another case of finding `" + f.slug +
                                  "`: the first case describes the finding (write it there, for both cases)",
                              extra->where);
                // One catalogue row per id: the case must grade as the first does.
                auto first = std::find_if(rubric_->description.findings.begin(), rubric_->description.findings.end(),
                                          [&](const sdk::finding_spec& x) { return x.slug == f.slug; });
                if (first != rubric_->description.findings.end()) {
                    if (first->level != f.level || first->concern != f.concern)
                        error("rubric/invalid",
                              "another case of finding `" + f.slug +
                                  "` must have the first case's severity and "
                                  "concern (one finding, one grade)",
                              t.get("id")->where);
                    for (const auto& r : reads)
                        if (std::find(first->reads.begin(), first->reads.end(), r) == first->reads.end())
                            first->reads.push_back(r);
                }
                rubric_->findings.push_back(std::move(f));
                continue;
            }
            rubric_->description.findings.push_back(std::move(spec));
            rubric_->findings.push_back(std::move(f));
        }
    }

    static std::string message_text(const std::vector<message_part>& parts) {
        std::string text;
        for (const auto& p : parts) text += p.field ? "{" + p.text + "}" : p.text;
        return text;
    }

    // "{design.type}" in a message is replaced by the study's value; each must be a codebook field.
    std::vector<message_part> placeholders(const std::string& message, const sdk::node& where,
                                           std::vector<std::string>& reads) {
        std::vector<message_part> parts;
        std::size_t i = 0;
        while (i < message.size()) {
            const auto open = message.find('{', i);
            if (open == std::string::npos) {
                parts.push_back({message.substr(i), false});
                break;
            }
            const auto close = message.find('}', open);
            if (close == std::string::npos) {
                error("rubric/invalid", "`{` without a closing `}` in the message",
                      inside(where, static_cast<int>(open)));
                break;
            }
            if (open > i) parts.push_back({message.substr(i, open - i), false});
            const std::string path = message.substr(open + 1, close - open - 1);
            if (check_path(path, where, static_cast<int>(open + 1))) {
                parts.push_back({path, true});
                if (std::find(reads.begin(), reads.end(), path) == reads.end()) reads.push_back(path);
            }
            i = close + 1;
        }
        return parts;
    }

    // The description `list` and `explain` print: domains, and every item with
    // the fields its answer is derived from.
    void describe() {
        auto& d = rubric_->description;
        for (const auto& domain : rubric_->domains) d.domains.push_back({domain.id, domain.name, domain.description});
        std::string text = d.details;
        if (!text.empty() && text.back() != '\n') text += '\n';
        if (!rubric_->designs.empty()) {
            text += "\nApplies to design.type:";
            for (const auto& design : rubric_->designs) text += " " + design;
            text += " (and to studies whose design.type is not coded)\n";
        }
        text += "\nItems (a coded answer under [appraisal." + d.id + "] always wins over a derived one):\n";
        for (const auto& domain : rubric_->domains) {
            for (std::size_t index : domain.items) {
                const auto& item = rubric_->items[index];
                const auto& scale = rubric_->scales[item.scale];
                text += "  " + item.id + " [" + domain.id + "]: " + item.prompt + "\n";
                std::string words;
                for (const auto& w : scale.values) words += (words.empty() ? "" : ", ") + w;
                text += "      answers: " + words + " (not answered: " + scale.missing + ")\n";
                if (!item.derive.empty()) {
                    std::string fields;
                    for (const auto& r : item.reads) fields += (fields.empty() ? "" : ", ") + r;
                    text += "      derived from: " + (fields.empty() ? std::string("(no study field)") : fields) + "\n";
                    if (item.proposal)
                        text +=
                            "      proposal: the derived answer is only proposed (provenance `proposed`) until the "
                            "reviewer codes " +
                            item.id + " = \"...\"; domains and findings built on it say so\n";
                } else {
                    text += "      coded only: a judgement call for the reviewer" +
                            (item.reads.empty() ? std::string() : " (consult " + join(item.reads) + ")") + "\n";
                }
                if (item.per_outcome)
                    text +=
                        "      per outcome: answered once per [[outcomes]] result; code one answer for all "
                        "with " +
                        item.id + " = \"...\", or each with " + item.id + " = { <outcome-id> = \"...\" }\n";
                if (!item.guidance.empty()) text += "      guidance: " + item.guidance + "\n";
            }
        }
        if (std::any_of(rubric_->items.begin(), rubric_->items.end(), [](const auto& i) { return i.per_outcome; }))
            text +=
                "\nPer-outcome items: a domain with a per-outcome item (or whose rules read one) is judged once "
                "per outcome, and its judgement is the worst of those (the rationale names each outcome's); "
                "a finding on a per-outcome answer names the outcomes it holds for.\n";
        for (const auto& domain : rubric_->domains)
            if (!domain.stop_when.empty())
                text += "\nDomain " + domain.id + " is not assessed when " + domain.stop_when.source + ": " +
                        domain.stop_because + " (its unanswered items are then not asked for)\n";
        if (!rubric_->overall_option.empty()) {
            text += "\nNo overall judgement unless the configuration names a rule: [options." + d.id + "] " +
                    rubric_->overall_option + " = one of:\n";
            for (const auto& choice : rubric_->overall_choices) {
                text += "  " + choice.name + " (" + choice.source + "):\n";
                for (std::size_t i = 0; i < choice.rules.size(); ++i) {
                    const auto& rule = choice.rules[i];
                    text += "      " + std::to_string(i + 1) + ". " +
                            (rule.when.empty() ? std::string("otherwise") : "when " + rule.when.source) + ": " +
                            rule.judgement + "\n";
                }
            }
        } else if (!rubric_->has_overall) {
            text += "\nNo overall judgement: report the domain profile.\n";
        }
        // What a reviewer answers, for `appraise template`: the coded-only items.
        for (const auto& domain : rubric_->domains)
            for (std::size_t index : domain.items) {
                const auto& item = rubric_->items[index];
                if (!item.derive.empty() && !item.proposal) continue;
                d.questions.push_back(
                    {item.id, domain.id, item.prompt, rubric_->scales[item.scale].values, item.applies.empty()});
            }
        d.details = text;
        // A checklist's items in the file's order (the tool's numbering), each under the domain that lists it.
        if (checklist_)
            for (const auto& item : rubric_->items)
                for (const auto& domain : rubric_->domains)
                    if (std::any_of(domain.items.begin(), domain.items.end(),
                                    [&](std::size_t i) { return rubric_->items[i].id == item.id; })) {
                        d.checklist.push_back({item.id, domain.id, item.prompt});
                        break;
                    }
        // Every declarative rubric checks the reviewer's answers it is given.
        const std::string table = "[appraisal." + d.id + "]";
        d.findings.push_back({"invalid-answer",
                              sdk::severity::error,
                              "a coded answer or override is not a word of its scale; the item counts as not answered",
                              {},
                              "studies with " + table,
                              "a misspelt answer would otherwise be silently ignored",
                              sdk::finding_concern::reporting});
        d.findings.push_back({"not-answered",
                              sdk::severity::warning,
                              "an item only the reviewer answers (no derive) is not answered: its domain and the "
                              "overall are not assessed",
                              {},
                              "studies the rubric appraises",
                              "counting it as unclear would put an answer in the reviewer's mouth",
                              sdk::finding_concern::reporting});
        d.findings.push_back({"result-unlabelled",
                              sdk::severity::warning,
                              "one of several [[appraisal." + d.id + "]] results names no `outcome`",
                              {},
                              "studies with several [[appraisal." + d.id + "]] results",
                              "a reader cannot tell which result the judgements are for",
                              sdk::finding_concern::reporting});
        d.findings.push_back({"unknown-answer",
                              sdk::severity::error,
                              table + " names an item the rubric does not have",
                              {},
                              "studies with " + table,
                              "the reviewer's answer would otherwise be silently lost",
                              sdk::finding_concern::reporting});
    }

    static std::string join(const std::vector<std::string>& words) {
        std::string text;
        for (const auto& w : words) text += (text.empty() ? "" : ", ") + w;
        return text;
    }

    std::string_view text_;
    std::string file_;
    std::vector<std::string_view> lines_;
    diagnostics problems_;
    std::shared_ptr<compiled_rubric> rubric_;
    sdk::finding_concern default_concern_ = sdk::finding_concern::bias;  // [rubric] concern
    bool checklist_ = false;  // [rubric] checklist = true: the description lists every item
    std::map<std::string, int> definition_index_;
    std::vector<const sdk::node*> definition_nodes_;
    std::vector<std::pair<sdk::source_location, std::size_t>> node_counts_;  // each expression's nodes
    std::map<std::string, std::vector<std::string>> item_words_;
    std::set<std::string> per_outcome_items_;  // answered once per outcome: no single answer()
    std::vector<std::string> domain_ids_;
    std::set<std::size_t> in_domain_;
    std::vector<sdk::source_location> item_where_;
};

}  // namespace

rubric_compile_result compile_rubric(std::string_view text, const std::string& display_path) {
    return compiler(text, display_path).run();
}

rubric_compile_result compile_rubric_file(const std::string& path, const std::string& display_path) {
    diagnostics problems;
    const auto text = read_text_file(path, display_path, max_rubric_file_bytes, problems);
    if (!text) {
        for (auto& p : problems) p.code = "rubric/unreadable-file";
        return {nullptr, std::move(problems)};
    }
    return compile_rubric(*text, display_path);
}

}  // namespace appraise::declarative
