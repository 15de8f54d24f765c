#include "appraise/import/sheet_import.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "appraise/input/study_loader.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/input/toml_writer.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/model/version.hpp"
#include "appraise/text/excerpt.hpp"
#include "appraise/text/number_format.hpp"
#include "appraise/text/utf8.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

constexpr std::size_t max_list_items = 1000;
constexpr std::size_t shown_cell_chars = 80;

bool space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Surrounding white space off, a no-break space (U+00A0) included.
std::string_view trim(std::string_view text) {
    for (;;) {
        if (!text.empty() && space(text.front())) {
            text.remove_prefix(1);
        } else if (text.size() >= 2 && text.substr(0, 2) == "\xC2\xA0") {
            text.remove_prefix(2);
        } else if (!text.empty() && space(text.back())) {
            text.remove_suffix(1);
        } else if (text.size() >= 2 && text.substr(text.size() - 2) == "\xC2\xA0") {
            text.remove_suffix(2);
        } else {
            return text;
        }
    }
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// A cell's text quoted in a message: bounded, one line.
std::string shown(std::string_view text) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size() && chars < shown_cell_chars; ++chars) {
        const std::size_t n = std::max<std::size_t>(1, utf8_sequence_length(text, i));
        out.append(text.substr(i, n));
        i += n;
        if (i < text.size() && chars + 1 == shown_cell_chars) out += "...";
    }
    return "\"" + out + "\"";
}

// Text for one comment line of a written study.
std::string comment_text(std::string_view text) {
    std::string line = repair_utf8(text.substr(0, 200));
    for (char& c : line)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return line;
}

// At most `listed_words` words, each shortened: a sheet's headers are
// untrusted and may be many and long.
constexpr std::size_t listed_words = 20;
std::string list_words(const std::vector<std::string>& words) {
    std::string list;
    for (std::size_t i = 0; i < words.size() && i < listed_words; ++i)
        list += (list.empty() ? "`" : ", `") + excerpt(words[i]) + "`";
    if (words.size() > listed_words) list += " ... and " + std::to_string(words.size() - listed_words) + " more";
    return list;
}

struct resolved_column {
    std::string full;  // every header row's part, joined with " / "
    std::string last;  // the last header row's text
};

// The headers of each column: with header_rows > 1, a cell of an upper row
// that a merged range covers (XLSX) or, in CSV, that is empty after a filled
// one (a merge exported), continues the cell to its left or above.
std::vector<resolved_column> resolve_headers(const sheet_table& table, std::size_t header_rows, std::size_t width) {
    std::vector<sheet_range> merges;  // those that reach into the header rows
    for (const auto& m : table.merges)
        if (m.first_row < header_rows) merges.push_back(m);
    std::vector<std::vector<std::string>> grid(header_rows, std::vector<std::string>(width));
    for (std::size_t r = 0; r < header_rows; ++r)
        for (std::size_t c = 0; c < width; ++c) {
            const sheet_cell* cell = table.cell(r, c);
            std::string text = cell == nullptr ? std::string() : normal_header(cell->text);
            if (text.empty()) {
                for (const auto& m : merges)
                    if (r >= m.first_row && r <= m.last_row && c >= m.first_column && c <= m.last_column &&
                        (r != m.first_row || c != m.first_column)) {
                        const sheet_cell* anchor = table.cell(m.first_row, m.first_column);
                        if (anchor != nullptr) text = normal_header(anchor->text);
                        if (m.first_row != r) text.clear();  // a vertical merge names the column once
                    }
                if (text.empty() && table.sheet.empty() && r + 1 < header_rows && c > 0) text = grid[r][c - 1];
            }
            grid[r][c] = std::move(text);
        }
    std::vector<resolved_column> columns(width);
    for (std::size_t c = 0; c < width; ++c) {
        std::vector<std::string> parts;
        for (std::size_t r = 0; r < header_rows; ++r)
            if (!grid[r][c].empty() && (parts.empty() || parts.back() != grid[r][c])) parts.push_back(grid[r][c]);
        for (std::size_t i = 0; i < parts.size(); ++i) columns[c].full += (i == 0 ? "" : " / ") + parts[i];
        columns[c].last = grid[header_rows - 1][c].empty() && !parts.empty() ? parts.back() : grid[header_rows - 1][c];
    }
    return columns;
}

class importer {
public:
    importer(const sheet_table& table, const sheet_map& map) : table_(table), map_(map) {}

    sheet_import run() {
        std::size_t width = 0;
        for (const auto& row : table_.rows) width = std::max(width, row.size());
        const auto columns = resolve_headers(table_, map_.header_rows, width);
        if (!match_columns(columns)) return std::move(result_);
        for (std::size_t r = map_.header_rows; r < table_.rows.size(); ++r) import_row(r);
        if (result_.rows == 0)
            result_.problems.push_back(
                {severity::warning,
                 "import/no-rows",
                 "the sheet has no study rows below its " + std::to_string(map_.header_rows) + " header row(s)",
                 {table_.file, 0, 0},
                 "check header_rows in the MAP"});
        return std::move(result_);
    }

private:
    void problem(severity level, std::string code, source_location where, std::string message, std::string hint = {}) {
        result_.problems.push_back({level, std::move(code), std::move(message), std::move(where), std::move(hint)});
    }

    bool match_columns(const std::vector<resolved_column>& columns) {
        bool ok = true;
        std::vector<std::string> names;
        for (const auto& c : columns) {
            if (!c.full.empty()) names.push_back(c.full);
            if (!c.last.empty() && c.last != c.full) names.push_back(c.last);
        }
        std::vector<bool> used(columns.size(), false);
        bool listed_headers = false;
        for (const auto& rule : map_.columns) {
            const std::string wanted = normal_header(rule.header);
            std::vector<std::size_t> found;
            for (const auto& pass : {0, 1, 2, 3}) {
                for (std::size_t c = 0; c < columns.size(); ++c) {
                    const std::string& name = pass % 2 == 0 ? columns[c].full : columns[c].last;
                    if (pass < 2 ? name == wanted : lower(name) == lower(wanted)) found.push_back(c);
                }
                if (!found.empty()) break;
            }
            if (found.size() == 1) {
                index_.push_back(found.front());
                used[found.front()] = true;
                continue;
            }
            ok = false;
            index_.push_back(0);
            if (found.empty()) {
                std::string message = "the MAP's column `" + excerpt(rule.header) + "` is not a header of the sheet";
                if (auto near = nearest(wanted, names)) message += "; did you mean `" + excerpt(*near) + "`?";
                // The headers are listed once, not for every MAP column that misses.
                problem(severity::error, "import/unknown-column", rule.where, message,
                        listed_headers ? "the sheet's headers are listed above"
                                       : "the sheet's headers: " + list_words(names));
                listed_headers = true;
            } else {
                std::vector<std::string> which;
                which.reserve(found.size());
                for (const auto c : found) which.push_back(columns[c].full);
                problem(severity::error, "import/ambiguous-column", rule.where,
                        "the MAP's column `" + excerpt(rule.header) +
                            "` names several columns of the sheet: " + list_words(which),
                        "write the header rows joined with \" / \" to name one");
            }
        }
        std::vector<std::string> ignored;
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (!used[c] && !columns[c].full.empty()) ignored.push_back(columns[c].full);
        if (ok && !ignored.empty())
            problem(severity::warning, "import/unmapped-column", {table_.file, 0, 0},
                    "the MAP does not map these columns, which are not imported: " + list_words(ignored));
        return ok;
    }

    bool missing(std::string_view text) const {
        const std::string word = lower(text);
        return std::any_of(map_.missing.begin(), map_.missing.end(),
                           [&](const std::string& m) { return lower(trim(m)) == word; });
    }

    const sdk::node* mapped(const column_rule& rule, std::string_view text) const {
        for (const auto& v : rule.values)
            if (trim(v.cell) == text) return &v.value;
        for (const auto& v : rule.values)
            if (lower(trim(v.cell)) == lower(text)) return &v.value;
        return nullptr;
    }

    // A number cell's text in '.' notation, scaled by 100 for a percentage
    // (moving the point, so 94,5 % is exactly 0.945), or an error.
    std::optional<std::string> number_text(const column_rule& rule, const sheet_cell& cell, std::string_view text,
                                           std::string& error) const {
        std::string t;
        for (const char c : text)
            if (!space(c)) t += c;
        bool percent_sign = false;
        if (!t.empty() && t.back() == '%') {
            percent_sign = true;
            t.pop_back();
        }
        if (percent_sign && !rule.percent) {
            error = "a percentage, and the MAP does not say percent = true for this column";
            return std::nullopt;
        }
        if (!cell.number) {
            if (rule.decimal == ',') {
                if (t.find('.') != std::string::npos) {
                    error = "not a number with a decimal comma (the MAP says decimal = \",\")";
                    return std::nullopt;
                }
                std::replace(t.begin(), t.end(), ',', '.');
            } else if (t.find(',') != std::string::npos) {
                error = "not a number (a decimal comma? the MAP can say decimal = \",\")";
                return std::nullopt;
            }
        }
        if (rule.percent && !cell.fraction) {
            // Move the point two places left.
            std::string sign;
            if (!t.empty() && (t.front() == '-' || t.front() == '+')) {
                sign = t.substr(0, 1);
                t.erase(0, 1);
            }
            if (t.empty() || t.find_first_not_of("0123456789.") != std::string::npos ||
                std::count(t.begin(), t.end(), '.') > 1) {
                error = "not a number";
                return std::nullopt;
            }
            auto point = t.find('.');
            if (point == std::string::npos) point = t.size();
            std::string digits = t.substr(0, point) + (point < t.size() ? t.substr(point + 1) : "");
            std::size_t whole = point;
            while (whole < 2) {
                digits.insert(digits.begin(), '0');
                ++whole;
            }
            t = sign + digits.substr(0, whole - 2) + "." + digits.substr(whole - 2);
            if (t.size() > sign.size() && t[sign.size()] == '.') t.insert(sign.size(), "0");
        }
        return t;
    }

    // One scalar of the field's type (an element's type for lists), or an error.
    std::optional<sdk::node> scalar(const column_rule& rule, field_type type, const sheet_cell& cell,
                                    std::string_view text, std::string& error, std::string& code) const {
        if (const sdk::node* m = mapped(rule, text)) return *m;
        const field_def* def = rule.def;
        sdk::node n;
        switch (type) {
            case field_type::string:
            case field_type::string_list:
                n.type = kind::string;
                n.text = std::string(text);
                return n;
            case field_type::enumeration:
            case field_type::enumeration_list: {
                for (const auto& v : def->values)
                    if (v == text || lower(v) == lower(text)) {
                        n.type = kind::string;
                        n.text = v;
                        return n;
                    }
                std::vector<std::string> words;
                for (const auto& v : rule.values) words.push_back(v.cell);
                for (const auto& v : def->values) words.push_back(v);
                error = "not one of " + list_words(words);
                if (auto near = nearest(std::string(text), words)) error += "; did you mean `" + *near + "`?";
                code = "import/not-in-enum";
                return std::nullopt;
            }
            case field_type::boolean: {
                static const std::vector<std::string> yes = {"yes", "y", "true", "1"};
                static const std::vector<std::string> no = {"no", "n", "false", "0"};
                const std::string word = lower(text);
                n.type = kind::boolean;
                if (std::find(yes.begin(), yes.end(), word) != yes.end()) {
                    n.boolean = true;
                    return n;
                }
                if (std::find(no.begin(), no.end(), word) != no.end()) return n;
                std::string words;
                for (const auto& v : rule.values) words += "`" + v.cell + "`, ";
                error = "not yes or no (" + words + "`yes`, `no`, `true`, `false`, `y`, `n`, `1`, `0`)";
                code = "import/not-a-boolean";
                return std::nullopt;
            }
            case field_type::date:
                if (is_toml_date_text(text)) {
                    n.type = kind::string;
                    n.text = std::string(text);
                    return n;
                }
                error = "not a date written YYYY-MM-DD (or a cell formatted as a date)";
                code = "import/not-a-date";
                return std::nullopt;
            case field_type::integer:
            case field_type::integer_list:
            case field_type::number:
            case field_type::number_or_list: {
                code = "import/not-a-number";
                const auto t = number_text(rule, cell, text, error);
                if (!t) return std::nullopt;
                double value = 0;
                const auto [end, ec] = std::from_chars(t->data(), t->data() + t->size(), value);
                if (ec != std::errc() || end != t->data() + t->size() || t->empty() || !std::isfinite(value) ||
                    t->front() == '+') {
                    if (error.empty()) error = "not a number";
                    return std::nullopt;
                }
                const bool integral = t->find_first_of(".eE") == std::string::npos;
                if (type == field_type::integer || type == field_type::integer_list) {
                    if (std::floor(value) != value || std::fabs(value) > 9e15) {
                        error = "not a whole number";
                        return std::nullopt;
                    }
                    n.type = kind::integer;
                    n.integer = static_cast<std::int64_t>(value);
                    n.number = value;
                } else if (integral && std::fabs(value) <= 9e15) {
                    n.type = kind::integer;
                    n.integer = static_cast<std::int64_t>(value);
                    n.number = value;
                } else {
                    n.type = kind::number;
                    n.number = value == 0 ? 0.0 : value;
                }
                if ((def->min && value < *def->min) || (def->max && value > *def->max)) {
                    error = "out of range: `" + rule.field + "` is " + describe_type(*def) + " (read as " +
                            format_number(value) + ")";
                    code = "import/out-of-range";
                    return std::nullopt;
                }
                return n;
            }
            default:
                error = "not a value a cell can hold";
                code = "import/not-a-number";
                return std::nullopt;
        }
    }

    std::optional<sdk::node> convert(const column_rule& rule, const sheet_cell& cell, std::string_view text,
                                     std::string& error, std::string& code) const {
        const field_type type = rule.def == nullptr ? field_type::string : rule.def->type;
        const bool list = type == field_type::string_list || type == field_type::integer_list ||
                          type == field_type::enumeration_list ||
                          (type == field_type::number_or_list && !rule.split.empty() &&
                           text.find(rule.split) != std::string_view::npos);
        if (!list) return scalar(rule, type, cell, text, error, code);
        sdk::node array;
        array.type = kind::array;
        std::string_view rest = text;
        for (;;) {
            const auto at = rule.split.empty() ? std::string_view::npos : rest.find(rule.split);
            const std::string_view item = trim(rest.substr(0, at));
            if (!item.empty()) {
                if (array.items.size() == max_list_items) {
                    error = "over " + std::to_string(max_list_items) + " items";
                    code = "import/not-a-number";
                    return std::nullopt;
                }
                sheet_cell part;
                part.text = std::string(item);
                auto value = scalar(rule, type, part, item, error, code);
                if (!value) {
                    error = "item " + shown(item) + ": " + error;
                    return std::nullopt;
                }
                array.items.push_back(std::move(*value));
            }
            if (at == std::string_view::npos) break;
            rest.remove_prefix(at + rule.split.size());
        }
        return array;
    }

    // Path of a value in the study tree, as the writer names it: build()
    // packs the outcomes a row reports, so outcome 2 of the MAP is the first
    // [[outcomes]] when outcome 1 is not reported.
    static std::string written_path(const std::string& field, std::size_t outcome,
                                    const std::set<std::size_t>& reported) {
        if (outcome == 0) return field;
        const auto packed = static_cast<std::size_t>(std::distance(reported.begin(), reported.find(outcome)));
        return "outcomes.[" + std::to_string(packed) + "]." + field.substr(9);
    }

    static std::size_t field_order(const std::string& path) {
        const auto& fields = codebook::v1().fields();
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (fields[i].path == path) return i;
        return fields.size();  // custom.*
    }

    static sdk::node& member(sdk::node& table, const std::string& key, kind type) {
        for (auto& m : table.members)
            if (m.first == key) return m.second;
        sdk::node n;
        n.type = type;
        table.members.emplace_back(key, std::move(n));
        return table.members.back().second;
    }

    // The study's tree in codebook order: the writer keeps the order of
    // members built in memory.
    static sdk::node build(std::vector<std::pair<const column_rule*, sdk::node>> values) {
        std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
            const auto key = [](const column_rule* r) {
                const std::string section = r->field.substr(0, r->field.find('.'));
                return std::tuple(field_order(section), r->outcome, field_order(r->field));
            };
            return key(a.first) < key(b.first);
        });
        sdk::node root;
        std::map<std::size_t, sdk::node> outcomes;
        for (auto& [rule, value] : values) {
            const auto dot = rule->field.find('.');
            if (dot == std::string::npos) {
                member(root, rule->field, kind::table) = std::move(value);
            } else if (rule->outcome != 0) {
                sdk::node& outcome = outcomes[rule->outcome];
                outcome.type = kind::table;
                member(outcome, rule->field.substr(dot + 1), kind::table) = std::move(value);
            } else {
                member(member(root, rule->field.substr(0, dot), kind::table), rule->field.substr(dot + 1),
                       kind::table) = std::move(value);
            }
        }
        if (!outcomes.empty()) {
            sdk::node& list = member(root, "outcomes", kind::array);
            for (auto& [index, outcome] : outcomes) list.items.push_back(std::move(outcome));
            // Keep [[outcomes]] where the codebook puts it among the sections.
            std::stable_sort(root.members.begin(), root.members.end(),
                             [](const auto& a, const auto& b) { return field_order(a.first) < field_order(b.first); });
        }
        return root;
    }

    void import_row(std::size_t r) {
        const auto& row = table_.rows[r];
        if (std::all_of(row.begin(), row.end(), [](const sheet_cell& c) { return trim(c.text).empty(); })) return;
        ++result_.rows;
        bool bad = false;
        std::vector<std::pair<const column_rule*, sdk::node>> values;
        std::map<std::pair<std::size_t, std::string>, std::string> comments;  // by (outcome, field)
        std::string id;
        std::size_t id_column = 0;
        for (std::size_t i = 0; i < map_.columns.size(); ++i) {
            const column_rule& rule = map_.columns[i];
            if (rule.role != column_role::field) continue;
            const std::size_t c = index_[i];
            if (rule.field == "id") id_column = c;
            const sheet_cell* cell = table_.cell(r, c);
            const std::string_view text = cell == nullptr ? std::string_view() : trim(cell->text);
            if (cell == nullptr || missing(text)) continue;
            std::string error;
            std::string code;
            auto value = convert(rule, *cell, text, error, code);
            if (!value) {
                problem(severity::error, code, cell_location(table_, r, c),
                        "'" + excerpt(rule.header) + "' = " + shown(text) + ": " + error,
                        "the row is not imported; correct the cell, or map the word in the MAP's values");
                bad = true;
                continue;
            }
            if (rule.field == "id") id = value->text;
            comments[{rule.outcome, rule.field}] = comment_text(cell_name(table_, r, c) + " '" + rule.header + "'");
            values.emplace_back(&rule, std::move(*value));
        }
        // Evidence columns: onto the value of their field.
        for (std::size_t i = 0; i < map_.columns.size(); ++i) {
            const column_rule& rule = map_.columns[i];
            if (rule.role == column_role::field) continue;
            const std::size_t c = index_[i];
            const sheet_cell* cell = table_.cell(r, c);
            const std::string_view text = cell == nullptr ? std::string_view() : trim(cell->text);
            if (missing(text)) continue;
            auto target = std::find_if(values.begin(), values.end(), [&](const auto& v) {
                return v.first->field == rule.field && v.first->outcome == rule.outcome;
            });
            if (target == values.end()) {
                if (!bad)
                    problem(severity::warning, "import/evidence-without-value", cell_location(table_, r, c),
                            "'" + excerpt(rule.header) + "' = " + shown(text) + ": `" + rule.field +
                                "` is not reported in this row, so this evidence is not imported",
                            "fill the value's cell, or move the text to a notes column");
                continue;
            }
            auto& evidence = target->second.evidence;
            std::string value(text);
            if (rule.role == column_role::source_for) {
                const sdk::node* m = mapped(rule, text);
                const auto& words = evidence_sources();
                if (m != nullptr) {
                    value = m->text;
                } else if (std::find(words.begin(), words.end(), lower(text)) != words.end()) {
                    value = lower(text);
                } else {
                    problem(severity::error, "import/not-in-enum", cell_location(table_, r, c),
                            "'" + excerpt(rule.header) + "' = " + shown(text) + ": not one of " + list_words(words),
                            "the row is not imported; correct the cell, or map the word in the MAP's values");
                    bad = true;
                    continue;
                }
            }
            (rule.role == column_role::support_for ? evidence.edit().support
             : rule.role == column_role::at_for    ? evidence.edit().at
                                                   : evidence.edit().source) = value;
            auto& comment = comments[{rule.outcome, rule.field}];
            comment += comment_text("; " +
                                    std::string(rule.role == column_role::support_for ? "support"
                                                : rule.role == column_role::at_for    ? "at"
                                                                                      : "source") +
                                    " from " + cell_name(table_, r, c) + " '" + rule.header + "'");
        }
        const source_location row_at = cell_location(table_, r, id_column);
        if (!bad && id.empty()) {
            problem(severity::error, "import/missing-id", row_at, "the row has no study id",
                    "every study needs an id; the row is not imported");
            bad = true;
        }
        if (!bad && id.front() == '.') {
            problem(severity::error, "import/invalid-id", row_at,
                    "study id " + shown(id) + " starts with '.': it would name a hidden file",
                    "the row is not imported");
            bad = true;
        }
        if (!bad) {
            // Case-blind: `Lan-2009.toml` and `lan-2009.toml` are one file on
            // a case-insensitive file system.
            if (const auto [first, added] = ids_.emplace(lower(id), r + 1); !added) {
                problem(severity::error, "import/duplicate-id", row_at,
                        "study id " + shown(id) + " is also the id of row " + std::to_string(first->second) +
                            " (ids differing only in case count as one: they name one file on many systems)",
                        "ids are unique; the row is not imported");
                bad = true;
            }
        }
        if (bad) {
            ++result_.rows_skipped;
            return;
        }
        sheet_study study;
        study.id = id;
        study.file_name = id + ".toml";
        study.row = r + 1;
        std::set<std::size_t> reported;
        for (const auto& v : values)
            if (v.first->outcome != 0) reported.insert(v.first->outcome);
        std::map<std::string, std::string> comment_at;
        for (auto& [key, text] : comments) comment_at[written_path(key.second, key.first, reported)] = std::move(text);
        const sdk::node root = build(std::move(values));
        std::string heading = "# Imported by " + std::string(tool_name) + " import sheet from " +
                              comment_text(table_.file) +
                              (table_.sheet.empty() ? "" : ", sheet " + comment_text(table_.sheet)) + ", row " +
                              std::to_string(r + 1) + ".\n# Each value's comment names the cell it came from.\n";
        study.text = heading + write_toml_document(root, {}, [&](const std::vector<std::string>& path) {
                         std::string key;
                         for (const auto& part : path) key += (key.empty() ? "" : ".") + part;
                         const auto found = comment_at.find(key);
                         return found == comment_at.end() ? std::string() : found->second;
                     });
        // The loader has the last word (per-arm lists, ids, ranges of lists).
        const loaded_file loaded = load_study_text(study.text, study.file_name);
        bool rejected = false;
        const auto report = [&](const diagnostic& d) {
            problem(d.level, "import/study-problem", row_at,
                    "study " + shown(id) + ": " + d.message + " (" + d.code + " at line " +
                        std::to_string(d.where.line) + " of the written study)",
                    d.hint);
            rejected = rejected || d.level == severity::error;
        };
        for (const auto& d : loaded.problems) report(d);
        for (const auto& s : loaded.studies)
            for (const auto& d : s.problems) report(d);
        if (rejected) {
            ++result_.rows_skipped;
            return;
        }
        result_.studies.push_back(std::move(study));
    }

    const sheet_table& table_;
    const sheet_map& map_;
    std::vector<std::size_t> index_;  // the sheet column of each MAP column
    std::map<std::string, std::size_t> ids_;
    sheet_import result_;
};

}  // namespace

std::string normal_header(std::string_view text) {
    text = trim(text);
    std::string out;
    bool gap = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool nbsp = text.substr(i, 2) == "\xC2\xA0";
        if (space(text[i]) || nbsp) {
            gap = true;
            if (nbsp) ++i;
            continue;
        }
        if (gap) out += ' ';
        gap = false;
        out += text[i];
    }
    return out;
}

sheet_import import_sheet(const sheet_table& table, const sheet_map& map) {
    return importer(table, map).run();
}

}  // namespace appraise
