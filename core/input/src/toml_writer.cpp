#include "appraise/input/toml_writer.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "appraise/input/toml_reader.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

bool bare_key(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

void append_number(std::string& out, double value) {
    // A reader's zero has no sign; a TOML file keeps the one it was written with.
    std::string text = value == 0 && std::signbit(value) ? "-0" : format_number(value);
    // TOML floats need a fraction or an exponent; "1" would read back as an integer.
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    out += text;
}

// Whether every value below `value` sits on its own line: then it was written
// inline ({ ... } or [ ... ]) and is written back that way.
bool all_on_line(const sdk::node& value, int line) {
    if (value.where.line != line) return false;
    for (const auto& [key, member] : value.members)
        if (!all_on_line(member, line)) return false;
    for (const auto& item : value.items)
        if (!all_on_line(item, line)) return false;
    return true;
}

// Tables read from `x = { ... }`, and tables built with every position on one
// line (the consensus writer's marks), are inline; tables built in memory
// (line 0) get a header.
bool inline_table(const sdk::node& value) {
    if (value.type != kind::table) return false;
    if (value.where.line == 0 || value.members.empty()) return false;
    return all_on_line(value, value.where.line);
}

bool is_table_array(const sdk::node& value) {
    return value.type == kind::array && !value.items.empty() &&
           std::all_of(value.items.begin(), value.items.end(),
                       [](const sdk::node& item) { return item.type == kind::table; });
}

// Written as a [header] (table) or [[header]] elements (array of tables).
bool is_section(const sdk::node& value) {
    if (value.type == kind::table) return !inline_table(value);
    if (!is_table_array(value)) return false;
    return std::none_of(value.items.begin(), value.items.end(), inline_table) || !all_on_line(value, value.where.line);
}

// Members in document order; constructed ones (line 0) after, in stored order.
std::vector<const sdk::node_member*> in_document_order(const sdk::node& table) {
    std::vector<const sdk::node_member*> order;
    for (const auto& member : table.members) order.push_back(&member);
    std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
        const auto key = [](const sdk::node& n) {
            return std::pair(n.where.line == 0 ? 1 : 0, std::pair(n.where.line, n.where.column));
        };
        return key(a->second) < key(b->second);
    });
    return order;
}

// `date`: the value is of a date field, whose text is written back as a
// TOML date (the node tree keeps dates as strings), so it reads back as one.
void append_inline(std::string& out, const sdk::node& value, bool wrap, bool date = false);

// A value with its evidence written back as the 1.1 wrapper it was read from.
void append_wrapper(std::string& out, const sdk::node& value, bool date) {
    out += "{ value = ";
    append_inline(out, value, false, date);
    const sdk::value_evidence& e = value.evidence;
    for (const auto& [key, text] :
         {std::pair{"support", &e.support}, std::pair{"at", &e.at}, std::pair{"source", &e.source},
          std::pair{"resolved", &e.resolved}, std::pair{"reason", &e.reason}}) {
        if (text->empty()) continue;
        out += ", ";
        out += key;
        out += " = ";
        append_toml_string(out, *text);
    }
    out += " }";
}

void append_inline(std::string& out, const sdk::node& value, bool wrap, bool date) {
    if (wrap && !value.evidence.empty()) return append_wrapper(out, value, date);
    switch (value.type) {
        case kind::string:
            if (date && is_toml_date_text(value.text))
                out += value.text;
            else
                append_toml_string(out, value.text);
            break;
        case kind::integer:
            out += std::to_string(value.integer);
            break;
        case kind::number:
            append_number(out, value.number);
            break;
        case kind::boolean:
            out += value.boolean ? "true" : "false";
            break;
        case kind::array:
            out += '[';
            for (std::size_t i = 0; i < value.items.size(); ++i) {
                if (i != 0) out += ", ";
                append_inline(out, value.items[i], wrap, date);
            }
            out += ']';
            break;
        case kind::table: {
            if (value.members.empty()) {
                out += "{}";
                break;
            }
            out += "{ ";
            bool first = true;
            for (const auto* member : in_document_order(value)) {
                if (!first) out += ", ";
                first = false;
                out += toml_key(member->first);
                out += " = ";
                append_inline(out, member->second, wrap, date);
            }
            out += " }";
            break;
        }
    }
}

// The comment that ends a source line (`x = 1  # why`), found by scanning
// the line with TOML's string rules; empty when there is none, or when the
// line opens a value that goes on (a multi-line string or array).
std::string_view trailing_comment(std::string_view line) {
    char quote = 0;  // inside '...' or "..."
    int depth = 0;   // open [ and {
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote != 0) {
            if (quote == '"' && c == '\\') {
                ++i;
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (c == '"' || c == '\'') {
            if (line.substr(i, 3) == std::string_view(c == '"' ? "\"\"\"" : "'''")) return {};  // multi-line string
            quote = c;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == '#') {
            // `[[x]]` and `[x]` headers close their brackets; a value array left open goes on.
            if (depth > 0) return {};
            std::string_view comment = line.substr(i);
            while (!comment.empty() && (comment.back() == '\r' || comment.back() == ' ' || comment.back() == '\t'))
                comment.remove_suffix(1);
            return comment;
        }
    }
    return {};
}

class document_writer {
public:
    document_writer(std::string_view source, toml_comment_source extra) : extra_(std::move(extra)) {
        std::size_t from = 0;
        while (from <= source.size() && !source.empty()) {
            const auto end = source.find('\n', from);
            lines_.emplace_back(
                source.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from));
            if (end == std::string_view::npos) break;
            from = end + 1;
        }
    }

    std::string write(const sdk::node& root) {
        write_body(root, {});
        if (!out_.empty() && out_.back() != '\n') out_ += '\n';
        return std::move(out_);
    }

private:
    // Copies the comment lines above `line` of the source (with the blank
    // lines between them, so a file's heading block survives), once each.
    void comments_above(int line) {
        if (line <= 1 || lines_.empty()) return;
        const auto text_of = [this](int l) {
            std::string_view text = lines_[static_cast<std::size_t>(l - 1)];
            if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
            return text;
        };
        const auto blank = [](std::string_view text) {
            return text.find_first_not_of(" \t") == std::string_view::npos;
        };
        const auto comment = [](std::string_view text) {
            const auto start = text.find_first_not_of(" \t");
            return start != std::string_view::npos && text[start] == '#';
        };
        int first = line;
        while (first > 1 && static_cast<std::size_t>(first - 1) <= lines_.size() && copied_.count(first - 1) == 0) {
            const std::string_view text = text_of(first - 1);
            if (!blank(text) && !comment(text)) break;
            --first;
        }
        while (first < line && blank(text_of(first))) ++first;  // no leading blank lines
        for (int l = first; l < line; ++l) {
            copied_.insert(l);
            out_.append(text_of(l)).append("\n");
        }
    }

    // Whether the codebook types the field at `path` as a date.
    static bool is_date_field(const std::vector<std::string>& path) {
        std::string field;
        for (const auto& part : path) {
            if (!part.empty() && part.front() == '[') continue;  // an element of an array of tables
            field += (field.empty() ? "" : ".") + part;
        }
        const field_def* def = codebook::v1().find(field);
        return def != nullptr && def->type == field_type::date;
    }

    static std::string dotted(const std::vector<std::string>& path) {
        std::string text;
        for (const auto& part : path) {
            if (!part.empty() && part.front() == '[') continue;  // an element of an array of tables
            if (!text.empty()) text += '.';
            text += toml_key(part);
        }
        return text;
    }

    // The comment ending source line `line` (once), and the caller's own for `path`.
    void end_of_line(int line, const std::vector<std::string>& path) {
        if (line >= 1 && static_cast<std::size_t>(line) <= lines_.size() && ended_.insert(line).second) {
            const std::string_view comment = trailing_comment(lines_[static_cast<std::size_t>(line - 1)]);
            if (!comment.empty()) out_.append("  ").append(comment);
        }
        if (extra_) {
            const std::string comment = extra_(path);
            if (!comment.empty()) out_.append("  # ").append(comment);
        }
        out_ += '\n';
    }

    void header(const std::string& text, int line, const std::vector<std::string>& path) {
        if (!out_.empty()) out_ += '\n';
        comments_above(line);
        out_ += text;
        end_of_line(line, path);
    }

    void write_body(const sdk::node& table, const std::vector<std::string>& path) {
        const auto order = in_document_order(table);
        for (const auto* member : order) {
            if (is_section(member->second)) continue;
            comments_above(member->second.where.line);
            out_ += toml_key(member->first);
            out_ += " = ";
            std::vector<std::string> here = path;
            here.push_back(member->first);
            // A mark of a consensus ({ unresolved = true, a = ..., b = ... }) holds the field's values too.
            append_inline(out_, member->second, true, is_date_field(here));
            end_of_line(member->second.where.line, here);
        }
        for (const auto* member : order) {
            const sdk::node& value = member->second;
            if (!is_section(value)) continue;
            std::vector<std::string> child = path;
            child.push_back(member->first);
            if (value.type == kind::table) {
                // A table holding only other tables needs no header of its own.
                const bool only_sections =
                    !value.members.empty() && std::all_of(value.members.begin(), value.members.end(),
                                                          [](const auto& m) { return is_section(m.second); });
                if (!only_sections) header("[" + dotted(child) + "]", value.where.line, child);
                write_body(value, child);
            } else {
                for (std::size_t i = 0; i < value.items.size(); ++i) {
                    std::vector<std::string> element = child;
                    element.push_back("[" + std::to_string(i) + "]");
                    header("[[" + dotted(child) + "]]", value.items[i].where.line, element);
                    write_body(value.items[i], element);
                }
            }
        }
    }

    toml_comment_source extra_;
    std::vector<std::string_view> lines_;
    std::set<int> copied_;
    std::set<int> ended_;
    std::string out_;
};

}  // namespace

std::string toml_key(std::string_view key) {
    if (bare_key(key)) return std::string(key);
    std::string quoted;
    append_toml_string(quoted, key);
    return quoted;
}

std::string toml_inline_value(const sdk::node& value) {
    std::string out;
    append_inline(out, value, false);
    return out;
}

std::string toml_written_value(const sdk::node& value) {
    std::string out;
    append_inline(out, value, true);
    return out;
}

std::string write_toml_document(const sdk::node& root, std::string_view source_text, toml_comment_source comments) {
    return document_writer(source_text, std::move(comments)).write(root);
}

diagnostics validate_toml(std::string_view text, const std::string& display_path) {
    return parse_toml(text, display_path).problems;
}

}  // namespace appraise
