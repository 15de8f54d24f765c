#include "appraise/import/sheet_map.hpp"

#include <algorithm>
#include <set>

#include "appraise/input/toml_reader.hpp"
#include "appraise/model/suggest.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

constexpr std::size_t max_columns = 4096;
constexpr std::size_t max_values = 1000;
constexpr std::size_t max_missing = 100;
constexpr std::size_t max_header_rows = 10;

bool list_type(field_type t) {
    return t == field_type::string_list || t == field_type::integer_list || t == field_type::enumeration_list ||
           t == field_type::number_or_list;
}

bool numeric_type(field_type t) {
    return t == field_type::integer || t == field_type::number || t == field_type::integer_list ||
           t == field_type::number_or_list;
}

std::vector<const sdk::node_member*> in_order(const sdk::node& table) {
    std::vector<const sdk::node_member*> order;
    for (const auto& m : table.members) order.push_back(&m);
    std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
        return std::pair(a->second.where.line, a->second.where.column) <
               std::pair(b->second.where.line, b->second.where.column);
    });
    return order;
}

class map_reader {
public:
    explicit map_reader(diagnostics& problems) : problems_(problems) {}

    void error(std::string code, const source_location& where, std::string message, std::string hint = {}) {
        problems_.push_back({severity::error, std::move(code), std::move(message), where, std::move(hint)});
    }

    // An unknown key of a table, with the nearest known one.
    void unknown_key(const sdk::node_member& m, const std::vector<std::string>& known, const std::string& in) {
        std::string message = "unknown key `" + m.first + "` in " + in;
        if (auto near = nearest(m.first, known)) message += "; did you mean `" + *near + "`?";
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        error("import/map-invalid", m.second.where, message, "the keys are: " + list);
    }

    // Every importable field path, for did-you-mean.
    static const std::vector<std::string>& field_paths() {
        static const std::vector<std::string> paths = [] {
            std::vector<std::string> out;
            for (const auto& f : codebook::v1().fields()) {
                const field_def* def = nullptr;
                if (importable_field(f.path, def)) out.push_back(f.path);
            }
            return out;
        }();
        return paths;
    }

    bool field_path(const sdk::node& value, const std::string& header, std::string& path, const field_def*& def) {
        if (value.type != kind::string) {
            error("import/map-invalid", value.where,
                  "column `" + header + "`: a field is a string such as \"design.allocation\"");
            return false;
        }
        path = value.text;
        if (importable_field(path, def)) return true;
        std::string message = "column `" + header + "`: `" + path + "` is not a field of the study format";
        if (const auto* f = codebook::v1().find(path); f != nullptr)
            message = "column `" + header + "`: `" + path + "` is a table, not a field a cell can fill";
        else if (const auto* synonym = synonym_of(path); synonym != nullptr)
            message += "; did you mean `" + synonym->path + "`?";
        else if (auto near = nearest(path, field_paths()))
            message += "; did you mean `" + *near + "`?";
        error("import/unknown-field", value.where, message,
              "`appraise fields` lists the fields; own fields go under custom.");
        return false;
    }

    // A value map's value, checked against the field's type.
    bool mapped_value(const sdk::node_member& m, const column_rule& rule) {
        const sdk::node& v = m.second;
        if (rule.def == nullptr) {
            if (v.type == kind::string) return true;
            error("import/map-invalid", v.where, "column `" + rule.header + "`: a custom field's values are strings");
            return false;
        }
        const field_type t = rule.def->type;
        if (t == field_type::enumeration || t == field_type::enumeration_list) {
            const auto& allowed = rule.def->values;
            if (v.type == kind::string && std::find(allowed.begin(), allowed.end(), v.text) != allowed.end())
                return true;
            std::string message =
                "column `" + rule.header + "`: \"" + m.first + "\" maps to " +
                (v.type == kind::string ? "`" + v.text + "`" : std::string("a value that is not a string")) +
                ", which is not a value of `" + rule.field + "`: " + describe_type(*rule.def);
            if (v.type == kind::string)
                if (auto near = nearest(v.text, allowed)) message += "; did you mean `" + *near + "`?";
            error("import/unknown-value", v.where, message);
            return false;
        }
        const bool ok = (t == field_type::boolean && v.type == kind::boolean) ||
                        ((t == field_type::string || t == field_type::string_list || t == field_type::date) &&
                         v.type == kind::string) ||
                        ((t == field_type::integer || t == field_type::integer_list) && v.type == kind::integer) ||
                        ((t == field_type::number || t == field_type::number_or_list) && v.is_number());
        if (!ok)
            error("import/unknown-value", v.where,
                  "column `" + rule.header + "`: \"" + m.first + "\" must map to a value of `" + rule.field +
                      "`: " + describe_type(*rule.def));
        return ok;
    }

    std::optional<column_rule> column(const sdk::node_member& entry) {
        column_rule rule;
        rule.header = entry.first;
        rule.where = entry.second.where;
        const sdk::node& spec = entry.second;
        if (spec.type == kind::string) {
            if (!field_path(spec, rule.header, rule.field, rule.def)) return std::nullopt;
            return finish(rule, spec);
        }
        if (spec.type != kind::table) {
            error("import/map-invalid", spec.where,
                  "column `" + rule.header +
                      "`: write a field (\"design.type\") or a table ({ field = \"design.type\", ... })");
            return std::nullopt;
        }
        static const std::vector<std::string> keys = {"field",       "values", "split",      "percent", "decimal",
                                                      "support_for", "at_for", "source_for", "outcome"};
        bool ok = true;
        int roles = 0;
        for (const auto& m : spec.members) {
            if (std::find(keys.begin(), keys.end(), m.first) == keys.end()) {
                unknown_key(m, keys, "column `" + rule.header + "`");
                ok = false;
            }
        }
        for (const auto& [key, role] :
             {std::pair{"field", column_role::field}, std::pair{"support_for", column_role::support_for},
              std::pair{"at_for", column_role::at_for}, std::pair{"source_for", column_role::source_for}}) {
            const sdk::node* value = spec.get(key);
            if (value == nullptr) continue;
            ++roles;
            rule.role = role;
            if (!field_path(*value, rule.header, rule.field, rule.def)) ok = false;
        }
        if (roles != 1) {
            error("import/map-invalid", spec.where,
                  "column `" + rule.header + "`: give exactly one of field, support_for, at_for and source_for");
            return std::nullopt;
        }
        if (!ok) return std::nullopt;
        const field_type t = rule.def == nullptr ? field_type::string : rule.def->type;
        if (const sdk::node* split = spec.get("split")) {
            if (split->type != kind::string || split->text.empty() || split->text.size() > 8) {
                error("import/map-invalid", split->where,
                      "column `" + rule.header + "`: split is a separator such as \";\"");
                ok = false;
            } else if (rule.role != column_role::field || !list_type(t)) {
                error("import/map-invalid", split->where,
                      "column `" + rule.header + "`: split applies to a field that holds a list, and `" + rule.field +
                          "` does not");
                ok = false;
            } else {
                rule.split = split->text;
            }
        }
        if (const sdk::node* percent = spec.get("percent")) {
            if (percent->type != kind::boolean ||
                (percent->boolean && (rule.role != column_role::field || !numeric_type(t) || t == field_type::integer ||
                                      t == field_type::integer_list))) {
                error("import/map-invalid", percent->where,
                      "column `" + rule.header +
                          "`: percent = true applies to a number field (a fraction such as "
                          "attrition.completion)");
                ok = false;
            } else {
                rule.percent = percent->boolean;
            }
        }
        if (const sdk::node* decimal = spec.get("decimal")) {
            if (decimal->type != kind::string || (decimal->text != "." && decimal->text != ",")) {
                error("import/map-invalid", decimal->where, "column `" + rule.header + "`: decimal is \".\" or \",\"");
                ok = false;
            } else if (rule.role != column_role::field || !numeric_type(t)) {
                error("import/map-invalid", decimal->where,
                      "column `" + rule.header + "`: decimal applies to a number field, and `" + rule.field +
                          "` is not one");
                ok = false;
            } else {
                rule.decimal = decimal->text.front();
                if (rule.decimal == ',' && rule.split == ",") {
                    error("import/map-invalid", decimal->where,
                          "column `" + rule.header + "`: a decimal comma needs another split than \",\"");
                    ok = false;
                }
            }
        }
        if (const sdk::node* outcome = spec.get("outcome")) {
            if (outcome->type != kind::integer || outcome->integer < 1 || outcome->integer > 100 ||
                rule.field.rfind("outcomes.", 0) != 0) {
                error("import/map-invalid", outcome->where,
                      "column `" + rule.header +
                          "`: outcome is the number (1 to 100) of the [[outcomes]] element an "
                          "outcomes.* field goes to");
                ok = false;
            } else {
                rule.outcome = static_cast<std::size_t>(outcome->integer);
            }
        }
        if (const sdk::node* values = spec.get("values")) {
            if (values->type != kind::table || values->members.size() > max_values) {
                error("import/map-invalid", values->where,
                      "column `" + rule.header + "`: values is a table of up to " + std::to_string(max_values) +
                          " entries, { \"cell text\" = value }");
                ok = false;
            } else if (rule.role != column_role::field && rule.role != column_role::source_for) {
                error("import/map-invalid", values->where,
                      "column `" + rule.header + "`: values applies to a field's column");
                ok = false;
            } else {
                for (const auto* m : in_order(*values)) {
                    if (rule.role == column_role::field ? mapped_value(*m, rule) : source_value(*m, rule))
                        rule.values.push_back({m->first, m->second});
                    else
                        ok = false;
                }
            }
        }
        if (!ok) return std::nullopt;
        return finish(rule, spec);
    }

    bool source_value(const sdk::node_member& m, const column_rule& rule) {
        const auto& words = evidence_sources();
        if (m.second.type == kind::string && std::find(words.begin(), words.end(), m.second.text) != words.end())
            return true;
        std::string list;
        for (const auto& w : words) list += (list.empty() ? "`" : ", `") + w + "`";
        error("import/unknown-value", m.second.where,
              "column `" + rule.header + "`: \"" + m.first + "\" must map to a source: one of " + list);
        return false;
    }

    std::optional<column_rule> finish(column_rule rule, const sdk::node& spec) {
        if (rule.field.rfind("outcomes.", 0) == 0 && rule.outcome == 0) rule.outcome = 1;
        if (rule.role == column_role::source_for) rule.def = nullptr;
        (void)spec;
        return rule;
    }

private:
    diagnostics& problems_;
};

}  // namespace

const std::vector<std::string>& default_missing_words() {
    static const std::vector<std::string> words = {"", "NR", "n/a", "-"};
    return words;
}

bool importable_field(std::string_view path, const field_def*& def) {
    def = nullptr;
    if (path.rfind("custom.", 0) == 0) {
        const std::string_view key = path.substr(7);
        return !key.empty() && key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
    }
    def = codebook::v1().find(path);
    if (def == nullptr) return false;
    const field_type t = def->type;
    if (t == field_type::section || t == field_type::section_array || t == field_type::free_section) {
        def = nullptr;
        return false;
    }
    return path.rfind("appraisal.", 0) != 0;
}

std::optional<sheet_map> parse_sheet_map(std::string_view text, const std::string& display_path,
                                         diagnostics& problems) {
    const std::size_t before = problems.size();
    if (text.size() > max_map_bytes) {
        problems.push_back({severity::error,
                            "import/map-invalid",
                            "the MAP is over 1 MiB",
                            {display_path, 0, 0},
                            "a MAP holds one entry per column"});
        return std::nullopt;
    }
    toml_document doc = parse_toml(text, display_path);
    if (!doc.root) {
        for (auto& p : doc.problems) {
            p.code = "import/map-syntax";
            problems.push_back(std::move(p));
        }
        return std::nullopt;
    }
    map_reader reader(problems);
    sheet_map map;
    map.missing = default_missing_words();
    const sdk::node& root = *doc.root;
    static const std::vector<std::string> top = {"columns", "missing", "header_rows"};
    for (const auto& m : root.members)
        if (std::find(top.begin(), top.end(), m.first) == top.end()) reader.unknown_key(m, top, "the MAP");
    if (const sdk::node* missing = root.get("missing")) {
        const bool strings = missing->type == kind::array && missing->items.size() <= max_missing &&
                             std::all_of(missing->items.begin(), missing->items.end(), [](const sdk::node& n) {
                                 return n.type == kind::string && n.text.size() <= 64;
                             });
        if (!strings)
            reader.error("import/map-invalid", missing->where,
                         "missing is an array of up to " + std::to_string(max_missing) +
                             " words that mean \"not reported\", such as [\"not stated\", \"?\"]");
        else
            for (const auto& item : missing->items) map.missing.push_back(item.text);
    }
    if (const sdk::node* rows = root.get("header_rows")) {
        if (rows->type != kind::integer || rows->integer < 1 ||
            rows->integer > static_cast<std::int64_t>(max_header_rows))
            reader.error("import/map-invalid", rows->where,
                         "header_rows is the number of header rows above the first study, 1 to " +
                             std::to_string(max_header_rows));
        else
            map.header_rows = static_cast<std::size_t>(rows->integer);
    }
    const sdk::node* columns = root.get("columns");
    if (columns == nullptr || columns->type != kind::table || columns->members.empty()) {
        reader.error("import/map-invalid", columns == nullptr ? source_location{display_path, 1, 1} : columns->where,
                     "the MAP has no [columns] table mapping the sheet's headers to fields",
                     "`appraise import sheet --template -o DIR` writes a MAP to start from");
        return std::nullopt;
    }
    if (columns->members.size() > max_columns) {
        reader.error("import/map-invalid", columns->where,
                     "[columns] has over " + std::to_string(max_columns) + " entries");
        return std::nullopt;
    }
    for (const auto* m : in_order(*columns))
        if (auto rule = reader.column(*m)) map.columns.push_back(std::move(*rule));
    if (problems.size() > before &&
        has_errors(diagnostics(problems.begin() + static_cast<std::ptrdiff_t>(before), problems.end())))
        return std::nullopt;

    // Each field from one column; evidence for a field some column fills.
    std::set<std::pair<std::string, std::size_t>> filled;
    std::set<std::pair<int, std::pair<std::string, std::size_t>>> evidence;
    for (const auto& rule : map.columns) {
        const auto key = std::pair(rule.field, rule.outcome);
        if (rule.role == column_role::field) {
            if (!filled.insert(key).second)
                reader.error("import/map-invalid", rule.where,
                             "column `" + rule.header + "`: another column already fills `" + rule.field + "`");
        } else if (!evidence.insert({static_cast<int>(rule.role), key}).second) {
            reader.error(
                "import/map-invalid", rule.where,
                "column `" + rule.header + "`: another column already gives this evidence for `" + rule.field + "`");
        }
    }
    for (const auto& rule : map.columns)
        if (rule.role != column_role::field && filled.count({rule.field, rule.outcome}) == 0)
            reader.error("import/map-invalid", rule.where,
                         "column `" + rule.header + "`: no column fills `" + rule.field +
                             "`, so its evidence has no value to go with",
                         "map the column that holds the value too");
    if (filled.count({"id", 0}) == 0)
        reader.error("import/map-invalid", columns->where, "no column maps `id`: every study needs one",
                     "map the column of study ids: \"Study ID\" = \"id\"");
    for (const auto& [field, outcome] : filled)
        if (outcome != 0 && filled.count({"outcomes.id", outcome}) == 0)
            reader.error("import/map-invalid", columns->where,
                         "`" + field + "` of outcome " + std::to_string(outcome) +
                             " has no outcomes.id column for that outcome: every [[outcomes]] element needs an id");
    if (has_errors(diagnostics(problems.begin() + static_cast<std::ptrdiff_t>(before), problems.end())))
        return std::nullopt;
    return map;
}

}  // namespace appraise
