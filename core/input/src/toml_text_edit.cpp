#include "appraise/input/toml_text_edit.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "appraise/input/toml_reader.hpp"
#include "appraise/input/toml_writer.hpp"

namespace appraise {
namespace {

// Byte offsets of each line's start (line 1 at index 0).
std::vector<std::size_t> line_starts(std::string_view text) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') starts.push_back(i + 1);
    return starts;
}

// The byte offset of toml++'s (line, column): columns count characters, as the reader's do.
std::size_t offset_of(std::string_view text, const std::vector<std::size_t>& starts, const toml::source_position& at) {
    if (at.line == 0 || at.line > starts.size()) return text.size();
    std::size_t i = starts[at.line - 1];
    for (std::size_t column = 1; column < at.column && i < text.size() && text[i] != '\n'; ++column) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    return i;
}

// The start of the line after `line` (or the end of the text).
std::size_t after_line(std::string_view text, const std::vector<std::size_t>& starts, std::size_t line) {
    return line < starts.size() ? starts[line] : text.size();
}

bool is_index(const std::string& key) {
    return key.size() > 2 && key.front() == '[' && key.back() == ']';
}

std::optional<std::size_t> index_of(const std::string& key) {
    std::size_t value = 0;
    for (std::size_t i = 1; i + 1 < key.size(); ++i) {
        if (key[i] < '0' || key[i] > '9') return std::nullopt;
        value = value * 10 + static_cast<std::size_t>(key[i] - '0');
    }
    return value;
}

// A table written with a header of its own (not inline, not only implied by
// a deeper header or a dotted key): its header line names exactly `keys`.
bool has_own_header(std::string_view text, const std::vector<std::size_t>& starts, const toml::table& table,
                    const std::vector<std::string>& keys) {
    const auto& begin = table.source().begin;
    if (begin.line == 0 || begin.line > starts.size()) return false;
    const std::size_t from = starts[begin.line - 1];
    const std::size_t to = after_line(text, starts, begin.line);
    std::string_view line = text.substr(from, to - from);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] != '[' || line.substr(first, 2) == "[[") return false;
    try {
        const toml::table header = toml::parse(line);
        const toml::table* at = &header;
        for (const auto& key : keys) {
            if (at->size() != 1) return false;
            const toml::table* next = at->get_as<toml::table>(key);
            if (next == nullptr) return false;
            at = next;
        }
        return at->empty();
    } catch (const toml::parse_error&) {
        return false;
    }
}

class editor {
public:
    editor(std::string text, std::string display_path) : text_(std::move(text)), path_(std::move(display_path)) {}

    bool apply(const toml_edit& edit) {
        if (edit.path.empty() || is_index(edit.path.back())) return refuse(edit, "the path names no key");
        if (edit.value && !is_single_toml_value(*edit.value)) return refuse(edit, "the value is not one TOML value");
        toml::table root;
        try {
            root = toml::parse(text_, std::string_view(path_));
        } catch (const toml::parse_error& error) {
            return refuse(edit, "the text does not parse: " + std::string(error.description()));
        }
        starts_ = line_starts(text_);
        // Down to the table holding the key.
        toml::table* table = &root;
        std::vector<std::string> keys;  // the parent's keys, indices left out (as a header names them)
        bool explicit_table = true;     // root, or an element of an array of tables: always written
        bool parent_missing = false;
        const toml::node* element = nullptr;  // the innermost element of an array of tables on the way
        for (std::size_t i = 0; i + 1 < edit.path.size(); ++i) {
            const std::string& key = edit.path[i];
            if (is_index(key)) return refuse(edit, "an index must follow an array of tables");
            toml::node* child = table->get(key);
            if (child == nullptr && edit.path[i + 1] == "[0]") {
                // A new array of tables: at the end of the file, or of the [[...]] element it is inside.
                keys.push_back(key);
                return new_element(edit, keys, i + 2, element != nullptr ? last_line(*element) : 0, 0);
            }
            if (child == nullptr) {
                parent_missing = true;
                break;
            }
            if (auto* array = child->as_array(); array != nullptr) {
                if (!array->is_array_of_tables() || i + 2 >= edit.path.size() || !is_index(edit.path[i + 1]))
                    return refuse(edit, "`" + key + "` is an array, not a table");
                const auto index = index_of(edit.path[i + 1]);
                keys.push_back(key);
                // The element after the last: a new [[...]] table.
                if (index && *index == array->size()) return append(edit, *array, keys, i + 2);
                keys.pop_back();
                if (!index || *index >= array->size())
                    return refuse(edit, "`" + key + "` has no element " + edit.path[i + 1]);
                table = array->get(*index)->as_table();
                element = table;
                keys.push_back(key);
                explicit_table = true;
                ++i;
                continue;
            }
            table = child->as_table();
            if (table == nullptr) return refuse(edit, "`" + key + "` holds a value, not a table");
            if (table->is_inline()) return refuse(edit, "`" + key + "` is an inline table: edit its whole value");
            keys.push_back(key);
            explicit_table = false;
            if (is_index(edit.path[i + 1])) {
                // One table where the path names elements: it is element [0]; [1] turns it into [[...]].
                const auto index = index_of(edit.path[i + 1]);
                if (index && *index == 1) return to_array(edit, *table, keys, i + 1);
                if (!index || *index != 0) return refuse(edit, "`" + key + "` is one table, not an array of them");
                ++i;
            }
        }
        const std::string& leaf = edit.path.back();
        if (parent_missing) return edit.value ? add_table(edit) : true;
        for (auto&& [key, value] : *table) {
            if (key.str() != leaf) continue;
            if (const auto* sub = value.as_table(); sub != nullptr && !sub->is_inline())
                return refuse(edit, "`" + leaf + "` is a table: edit its keys");
            if (const auto* array = value.as_array(); array != nullptr && array->is_array_of_tables() &&
                                                      !array->empty() && !array->get(0)->as_table()->is_inline())
                return refuse(edit, "`" + leaf + "` is an array of tables: edit its keys");
            return edit.value ? replace(value, *edit.value) : remove(edit, key, value);
        }
        if (!edit.value) return true;  // removing a key not there: nothing to do
        if (!explicit_table && !has_own_header(text_, starts_, *table, keys)) return add_table(edit);
        return insert(*table, table == &root, toml_key(leaf) + " = " + *edit.value);
    }

    [[nodiscard]] std::string take() { return std::move(text_); }
    diagnostics problems;

private:
    bool refuse(const toml_edit& edit, const std::string& why) {
        std::string key;
        for (const auto& part : edit.path) key += (key.empty() || is_index(part) ? "" : ".") + part;
        problems.push_back({severity::error,
                            "serve/edit-refused",
                            "cannot edit `" + key + "` in the text: " + why,
                            {path_, 0, 0},
                            "edit this key in the file's text instead"});
        return false;
    }

    bool replace(const toml::node& value, const std::string& written) {
        const std::size_t from = offset_of(text_, starts_, value.source().begin);
        const std::size_t to = offset_of(text_, starts_, value.source().end);
        text_.replace(from, to - from, written);
        return true;
    }

    bool remove(const toml_edit& edit, const toml::key& key, const toml::node& value) {
        const auto& begin = key.source().begin;
        const auto& end = value.source().end;
        const std::size_t line_from = starts_[begin.line - 1];
        const std::size_t key_at = offset_of(text_, starts_, begin);
        const std::size_t value_end = offset_of(text_, starts_, end);
        const std::size_t line_to = after_line(text_, starts_, end.line);
        const std::string_view before = std::string_view(text_).substr(line_from, key_at - line_from);
        std::string_view after = std::string_view(text_).substr(value_end, line_to - value_end);
        const auto rest = after.find_first_not_of(" \t\r\n");
        if (before.find_first_not_of(" \t") != std::string_view::npos ||
            (rest != std::string_view::npos && after[rest] != '#'))
            return refuse(edit, "the key shares its line with other text");
        text_.erase(line_from, line_to - line_from);
        return true;
    }

    // A new line after the table's last key written directly in it (or its header).
    bool insert(const toml::table& table, bool is_root, const std::string& line) {
        std::size_t last = 0;
        std::size_t first_header = 0;
        for (auto&& [key, value] : table) {
            const auto* sub = value.as_table();
            const auto* array = value.as_array();
            const bool own_line =
                (sub != nullptr && !sub->is_inline()) || (array != nullptr && array->is_array_of_tables() &&
                                                          !array->empty() && !array->get(0)->as_table()->is_inline());
            if (own_line) {
                const std::size_t at = value.source().begin.line;
                if (at > 0 && (first_header == 0 || at < first_header)) first_header = at;
                continue;
            }
            last = std::max(last, static_cast<std::size_t>(value.source().end.line));
        }
        std::size_t at = 0;
        if (last > 0)
            at = after_line(text_, starts_, last);
        else if (!is_root)
            at = after_line(text_, starts_, table.source().begin.line);
        else if (first_header > 0)
            at = starts_[first_header - 1];
        if (at > 0 && at == text_.size() && text_.back() != '\n') text_ += '\n', at = text_.size();
        text_.insert(at, line + "\n");
        return true;
    }

    // A new last element of `array` (named by `keys`), holding the edit's key:
    // `[[keys]]` written after the last line of the array's last element (its
    // sub-tables included), so it lands in the same parent even inside a
    // [[study]] element. `rest` is where the path goes on after the new index.
    bool append(const toml_edit& edit, const toml::array& array, const std::vector<std::string>& keys,
                std::size_t rest) {
        if (array.empty() || array.back().as_table() == nullptr || array.back().as_table()->is_inline())
            return refuse(edit, "the array is written inline: edit its whole value");
        const std::size_t last = last_line(array.back());
        if (last == 0) return refuse(edit, "the place of its last element is not known");
        return new_element(edit, keys, rest, last, array.size());
    }

    // `[[keys]]` with the edit's key under it, after line `last` (0: at the
    // end of the text); the parser must then read `size` + 1 elements.
    bool new_element(const toml_edit& edit, const std::vector<std::string>& keys, std::size_t rest, std::size_t last,
                     std::size_t size) {
        if (rest + 1 != edit.path.size())
            return refuse(edit, "a new element of an array of tables takes its own keys, not a table's");
        if (!edit.value) return true;  // removing a key of an element not there: nothing to do
        std::string header;
        for (const auto& key : keys) header += (header.empty() ? "" : ".") + toml_key(key);
        const std::string before = text_;
        std::size_t at = last > 0 ? after_line(text_, starts_, last) : text_.size();
        if (at == text_.size() && !text_.empty() && text_.back() != '\n') text_ += '\n', at = text_.size();
        text_.insert(at, std::string(text_.empty() ? "" : "\n") + "[[" + header + "]]\n" + toml_key(edit.path.back()) +
                             " = " + *edit.value + "\n");
        // The parser decides: one element more, in the array the path names.
        const toml::node* now = reparsed_at(edit, rest - 1);
        const toml::array* grown = now != nullptr ? now->as_array() : nullptr;
        if (grown == nullptr || grown->size() != size + 1 || grown->back().as_table() == nullptr ||
            !grown->back().as_table()->contains(edit.path.back())) {
            text_ = before;
            return refuse(edit, "a new element would not land in its array here");
        }
        return true;
    }

    // One table `[a.b]` made the first element of an array, `[[a.b]]` (its
    // header's brackets doubled, nothing else changed), then the edit made in
    // a second element. Only a table with its own header line; the parser
    // must read the same table back as element [0].
    bool to_array(const toml_edit& edit, const toml::table& table, const std::vector<std::string>& keys,
                  std::size_t index_at) {
        if (!has_own_header(text_, starts_, table, keys))
            return refuse(edit, "`" + keys.back() + "` has no [header] of its own to turn into [[...]]");
        const std::size_t from = starts_[table.source().begin.line - 1];
        const std::size_t open = text_.find('[', from);
        std::size_t close = open + 1;
        for (; close < text_.size() && text_[close] != ']' && text_[close] != '\n'; ++close) {
            if (text_[close] == '"') {
                for (++close; close < text_.size() && text_[close] != '"' && text_[close] != '\n'; ++close)
                    if (text_[close] == '\\') ++close;
            } else if (text_[close] == '\'') {
                close = text_.find_first_of("'\n", close + 1);
                if (close == std::string::npos) close = text_.size();
            }
        }
        if (open == std::string::npos || close >= text_.size() || text_[close] != ']')
            return refuse(edit, "its header cannot be read");
        const std::string before = text_;
        text_.insert(close, "]");
        text_.insert(open, "[");
        const toml::node* now = reparsed_at(edit, index_at);
        const toml::array* array = now != nullptr ? now->as_array() : nullptr;
        if (array == nullptr || array->size() != 1 || array->get(0)->as_table() == nullptr ||
            *array->get(0)->as_table() != table) {
            text_ = before;
            return refuse(edit, "`" + keys.back() + "` cannot become an array of tables here");
        }
        return apply(edit);
    }

    // The node the first `count` parts of the edit's path name in the text as
    // it is now (indices step into arrays), or nullptr; parsed into `checked_`.
    const toml::node* reparsed_at(const toml_edit& edit, std::size_t count) {
        try {
            checked_ = toml::parse(text_, std::string_view(path_));
        } catch (const toml::parse_error&) {
            return nullptr;
        }
        const toml::node* at = &checked_;
        for (std::size_t i = 0; i < count && at != nullptr; ++i) {
            if (is_index(edit.path[i])) {
                const auto* array = at->as_array();
                const auto index = index_of(edit.path[i]);
                at = array != nullptr && index ? array->get(*index) : nullptr;
            } else {
                const auto* table = at->as_table();
                at = table != nullptr ? table->get(edit.path[i]) : nullptr;
            }
        }
        return at;
    }

    // The last line a node's text takes: a table's header and every key and
    // value under it, its sub-tables' too.
    static std::size_t last_line(const toml::node& node) {
        std::size_t last = node.source().begin.line;
        if (const auto* table = node.as_table(); table != nullptr && !table->is_inline()) {
            for (auto&& [key, value] : *table)
                last = std::max({last, static_cast<std::size_t>(key.source().end.line), last_line(value)});
            return last;
        }
        if (const auto* array = node.as_array(); array != nullptr && array->is_array_of_tables()) {
            for (const auto& item : *array) last = std::max(last, last_line(item));
            return last;
        }
        return std::max(last, static_cast<std::size_t>(node.source().end.line));
    }

    // The key's table written as `[a.b]` with the key under it: at the end of
    // the text, or, inside an element of an array of tables (a second result's
    // [appraisal.rob2.override]), right after that element's last line, where
    // the header names the element being written. The parser must then find
    // the key at the path, indices included, or nothing is changed.
    bool add_table(const toml_edit& edit) {
        std::string header;
        std::size_t last_index = edit.path.size();
        for (std::size_t i = 0; i + 1 < edit.path.size(); ++i) {
            if (is_index(edit.path[i])) {
                last_index = i;
                continue;
            }
            header += (header.empty() ? "" : ".") + toml_key(edit.path[i]);
        }
        const std::string table = "[" + header + "]\n" + toml_key(edit.path.back()) + " = " + *edit.value + "\n";
        if (last_index == edit.path.size()) {
            if (!text_.empty() && text_.back() != '\n') text_ += '\n';
            text_ += "\n" + table;
            return true;
        }
        const toml::node* element = reparsed_at(edit, last_index + 1);
        const std::size_t last = element != nullptr ? last_line(*element) : 0;
        if (last == 0) return refuse(edit, "the place of its element of an array of tables is not known");
        const std::string before = text_;
        std::size_t at = after_line(text_, starts_, last);
        if (at == text_.size() && !text_.empty() && text_.back() != '\n') text_ += '\n', at = text_.size();
        text_.insert(at, "\n" + table);
        if (reparsed_at(edit, edit.path.size()) == nullptr) {
            text_ = before;
            return refuse(edit, "its table would not land in its element of an array of tables here");
        }
        return true;
    }

    std::string text_;
    std::string path_;
    std::vector<std::size_t> starts_;
    toml::table checked_;  // the text as an append or a conversion left it, parsed to check it
};

}  // namespace

bool is_single_toml_value(std::string_view value) {
    if (value.empty() || value.find('\n') != std::string_view::npos || value.find('\r') != std::string_view::npos)
        return false;
    try {
        const std::string line = "v = " + std::string(value);
        const toml::table parsed = toml::parse(line);
        const toml::node* v = parsed.get("v");
        if (parsed.size() != 1 || v == nullptr) return false;
        // Nothing after the value: no comment, no space (the value ends the text).
        std::size_t characters = 0;
        for (const char c : value) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
        return v->source().end.line == 1 && v->source().end.column == 5 + characters;
    } catch (const toml::parse_error&) {
        return false;
    }
}

toml_edit_result edit_toml_text(std::string_view text, const std::vector<toml_edit>& edits,
                                const std::string& display_path) {
    toml_edit_result result;
    // The reader's checks first (UTF-8, what toml++ cannot parse safely).
    if (auto document = parse_toml(text, display_path); !document.root) {
        result.problems = std::move(document.problems);
        return result;
    }
    editor edit{std::string(text), display_path};
    for (const auto& one : edits)
        if (!edit.apply(one)) {
            result.problems = std::move(edit.problems);
            return result;
        }
    std::string edited = edit.take();
    if (auto document = parse_toml(edited, display_path); !document.root) {
        result.problems = std::move(document.problems);
        return result;
    }
    result.text = std::move(edited);
    return result;
}

}  // namespace appraise
