#include "appraise/input/study_fast_parser.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <new>
#include <system_error>
#include <utility>

#include "appraise/input/toml_reader.hpp"
#include "appraise/text/utf8.hpp"

// The rules below follow toml++ 3.3.0 (parser.inl) where the tree is built:
// - a table made by a [header] is located at the header's '[', and so is
//   every table the header creates on the way (`[a.b]` places `a` there too);
//   a table first made that way and then named by its own header moves to it;
// - an array of tables and its first element are at the first `[[`, each
//   later element at its own header;
// - a table made by a dotted key (`a.b = 1`) is at that key segment;
// - a value, an array or an inline table is at its first character;
// - columns count characters, not bytes.
// Where toml++ accepts something these rules do not cover (a header through a
// table made by dotted keys, a dotted key through a table made by a header,
// ...), this parser gives up rather than guess.

namespace appraise {
namespace {

// Thrown on anything the fast path does not handle; caught in parse_study_fast.
struct not_handled {};

[[noreturn]] void give_up() {
    throw not_handled{};
}

// How a table or array came to be, which decides what may extend it later.
enum class origin : std::uint8_t {
    root,
    header,           // [a] or an element of [[a]]
    header_implicit,  // `a` of [a.b], until [a] itself appears
    dotted,           // `a` of a.b = 1
    inline_table,     // { ... }
    value_array,      // [ ... ] as a value
    table_array,      // [[a]]
    scalar,
};

// The reader refuses deeper trees (refuse_unusable in toml_reader.cpp).
constexpr int max_depth = 64;

struct proto_node {
    sdk::node::kind type = sdk::node::kind::table;
    origin from = origin::scalar;
    bool is_date = false;
    int line = 0;
    int column = 0;
    int depth = 0;
    std::string_view key;          // under its table
    std::uint64_t key_prefix = 0;  // key_prefix_of(key), to compare keys quickly
    std::string_view text;         // strings and dates: into the input or into decoded storage
    std::int64_t integer = 0;
    double number = 0;
    bool boolean = false;
    // Children: a table's kept sorted by key (as toml++ iterates), an array's in order.
    int first_child = -1;
    int last_child = -1;
    int next_sibling = -1;
    int child_count = 0;
};

struct key_segment {
    std::string_view text;
    int line = 0;
    int column = 0;
};

bool is_bare_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// The first eight bytes of a key, big-endian and zero-padded: when two
// prefixes differ they order the keys as the whole keys do (bytes unsigned,
// as std::string compares), so most comparisons need no memcmp.
std::uint64_t key_prefix_of(std::string_view key) {
    std::uint64_t prefix = 0;
    for (std::size_t k = 0; k < 8; ++k)
        prefix = (prefix << 8) | (k < key.size() ? static_cast<unsigned char>(key[k]) : 0U);
    return prefix;
}

// -1, 0, 1 as `a` orders before, with, after the member `b`.
int compare_key(std::string_view a, std::uint64_t a_prefix, std::string_view b, std::uint64_t b_prefix) {
    if (a_prefix != b_prefix) return a_prefix < b_prefix ? -1 : 1;
    const int order = a.compare(b);
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A byte that toml++ refuses unescaped in strings and comments.
bool is_forbidden_control(unsigned char c) {
    return (c < 0x20 && c != '\t') || c == 0x7F;
}

class fast_parser {
public:
    fast_parser(std::string_view text, const sdk::file_name& file) : text_(text), file_(file) {
        nodes_.reserve(64 + text.size() / 24);
        segments_.reserve(16);
    }

    fast_parsed_document parse() {
        if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") give_up();
        proto_node root;
        root.from = origin::root;
        nodes_.push_back(root);
        int current = 0;
        while (at_ < text_.size()) {
            skip_blanks();
            if (at_ >= text_.size()) break;
            const char c = text_[at_];
            if (c == '#') {
                skip_comment();
            } else if (line_break()) {
                continue;
            } else if (c == '[') {
                current = header();
            } else if (is_bare_key_char(c) || c == '"' || c == '\'') {
                key_value(current);
                end_of_line();
            } else {
                give_up();
            }
        }
        fast_parsed_document document;
        build(0, document.root, document.dates);
        document.root.where.line = 1;
        document.root.where.column = 1;
        return document;
    }

private:
    std::string_view text_;
    const sdk::file_name& file_;
    std::size_t at_ = 0;
    int line_ = 1;
    std::size_t line_start_ = 0;
    std::vector<proto_node> nodes_;
    std::vector<key_segment> segments_;
    std::deque<std::string> decoded_;  // strings with escapes (a deque: views into it stay valid)

    [[nodiscard]] char peek(std::size_t ahead = 0) const {
        return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
    }
    [[nodiscard]] bool at_end() const { return at_ >= text_.size(); }

    // Column of the current position in characters, as toml++ counts.
    [[nodiscard]] int column() const {
        int column = 1;
        for (std::size_t k = line_start_; k < at_; ++k)
            if ((static_cast<unsigned char>(text_[k]) & 0xC0) != 0x80) ++column;
        return column;
    }

    void skip_blanks() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t')) ++at_;
    }

    bool line_break() {
        if (peek() == '\n') {
            ++at_;
        } else if (peek() == '\r' && peek(1) == '\n') {
            at_ += 2;
        } else {
            return false;
        }
        ++line_;
        line_start_ = at_;
        return true;
    }

    // Skips a comment up to (not over) its line break.
    void skip_comment() {
        ++at_;  // '#'
        while (at_ < text_.size()) {
            const auto c = static_cast<unsigned char>(text_[at_]);
            if (c == '\n' || (c == '\r' && peek(1) == '\n')) return;
            if (is_forbidden_control(c)) give_up();
            if (c >= 0x80) {
                const std::size_t length = utf8_sequence_length(text_, at_);
                if (length == 0) give_up();
                at_ += length;
            } else {
                ++at_;
            }
        }
    }

    // After a key-value pair or a header: blanks, an optional comment, then a line break or the end.
    void end_of_line() {
        skip_blanks();
        if (peek() == '#') skip_comment();
        if (at_end()) return;
        if (!line_break()) give_up();
    }

    // Whether a number, boolean or date ends here (toml++'s value terminators
    // that this parser goes on to accept).
    [[nodiscard]] bool at_value_end() const {
        if (at_end()) return true;
        const char c = text_[at_];
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}' || c == '#';
    }

    int new_node(origin from, sdk::node::kind type, int line, int column, int depth) {
        if (depth > max_depth) give_up();
        proto_node node;
        node.from = from;
        node.type = type;
        node.line = line;
        node.column = column;
        node.depth = depth;
        nodes_.push_back(node);
        return static_cast<int>(nodes_.size()) - 1;
    }

    [[nodiscard]] int find_child(int table, std::string_view key) const {
        const std::uint64_t prefix = key_prefix_of(key);
        for (int child = nodes_[table].first_child; child >= 0; child = nodes_[child].next_sibling) {
            const int order = compare_key(key, prefix, nodes_[child].key, nodes_[child].key_prefix);
            if (order == 0) return child;
            if (order < 0) return -1;  // sorted: it is not further on
        }
        return -1;
    }

    // Adds `child` to `table` under `key` (not present), keeping the keys sorted.
    void add_member(int table, std::string_view key, int child) {
        const std::uint64_t prefix = key_prefix_of(key);
        nodes_[child].key = key;
        nodes_[child].key_prefix = prefix;
        int before = -1;
        int after = nodes_[table].first_child;
        while (after >= 0 && compare_key(key, prefix, nodes_[after].key, nodes_[after].key_prefix) > 0) {
            before = after;
            after = nodes_[after].next_sibling;
        }
        nodes_[child].next_sibling = after;
        if (before < 0)
            nodes_[table].first_child = child;
        else
            nodes_[before].next_sibling = child;
        if (after < 0) nodes_[table].last_child = child;
        ++nodes_[table].child_count;
    }

    void add_item(int array, int child) {
        auto& list = nodes_[array];
        if (list.last_child < 0)
            list.first_child = child;
        else
            nodes_[list.last_child].next_sibling = child;
        list.last_child = child;
        ++list.child_count;
    }

    // A single-line basic string; the opening quote is at at_.
    std::string_view basic_string() {
        if (peek(1) == '"' && peek(2) == '"') give_up();  // multi-line (or an empty string then a quote)
        ++at_;
        const std::size_t start = at_;
        std::string* buffer = nullptr;
        while (true) {
            if (at_end()) give_up();
            const auto c = static_cast<unsigned char>(text_[at_]);
            if (c == '"') {
                ++at_;
                return buffer != nullptr ? std::string_view(*buffer) : text_.substr(start, at_ - 1 - start);
            }
            if (c == '\\') {
                if (buffer == nullptr) buffer = &decoded_.emplace_back(text_.substr(start, at_ - start));
                escape(*buffer);
                continue;
            }
            if (is_forbidden_control(c)) give_up();
            std::size_t length = 1;
            if (c >= 0x80) {
                length = utf8_sequence_length(text_, at_);
                if (length == 0) give_up();
            }
            if (buffer != nullptr) buffer->append(text_.substr(at_, length));
            at_ += length;
        }
    }

    // One escape sequence; the backslash is at at_.
    void escape(std::string& out) {
        ++at_;
        const char c = peek();
        std::size_t digits = 0;
        switch (c) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case 'u':
                digits = 4;
                break;
            case 'U':
                digits = 8;
                break;
            default:
                give_up();
        }
        ++at_;
        if (digits == 0) return;
        std::uint32_t code = 0;
        for (std::size_t k = 0; k < digits; ++k) {
            const int digit = hex_value(peek());
            if (digit < 0) give_up();
            code = code * 16 + static_cast<std::uint32_t>(digit);
            ++at_;
        }
        if ((code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) give_up();
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>((code >> 6) | 0xC0U);
            out += static_cast<char>((code & 0x3FU) | 0x80U);
        } else if (code < 0x10000) {
            out += static_cast<char>((code >> 12) | 0xE0U);
            out += static_cast<char>(((code >> 6) & 0x3FU) | 0x80U);
            out += static_cast<char>((code & 0x3FU) | 0x80U);
        } else {
            out += static_cast<char>((code >> 18) | 0xF0U);
            out += static_cast<char>(((code >> 12) & 0x3FU) | 0x80U);
            out += static_cast<char>(((code >> 6) & 0x3FU) | 0x80U);
            out += static_cast<char>((code & 0x3FU) | 0x80U);
        }
    }

    // A single-line literal string; the opening quote is at at_.
    std::string_view literal_string() {
        if (peek(1) == '\'' && peek(2) == '\'') give_up();  // multi-line
        ++at_;
        const std::size_t start = at_;
        while (true) {
            if (at_end()) give_up();
            const auto c = static_cast<unsigned char>(text_[at_]);
            if (c == '\'') {
                ++at_;
                return text_.substr(start, at_ - 1 - start);
            }
            if (is_forbidden_control(c)) give_up();
            std::size_t length = 1;
            if (c >= 0x80) {
                length = utf8_sequence_length(text_, at_);
                if (length == 0) give_up();
            }
            at_ += length;
        }
    }

    // A key (one or more dotted segments) appended to segments_; returns the first index.
    std::size_t key() {
        const std::size_t first = segments_.size();
        while (true) {
            key_segment segment;
            segment.line = line_;
            segment.column = column();
            const char c = peek();
            if (at_end()) give_up();
            if (c == '"') {
                segment.text = basic_string();
            } else if (c == '\'') {
                segment.text = literal_string();
            } else if (is_bare_key_char(c)) {
                const std::size_t start = at_;
                while (at_ < text_.size() && is_bare_key_char(text_[at_])) ++at_;
                segment.text = text_.substr(start, at_ - start);
            } else {
                give_up();
            }
            segments_.push_back(segment);
            skip_blanks();
            if (peek() != '.') return first;
            ++at_;
            skip_blanks();
        }
    }

    // key = value, inserted into `table`.
    void key_value(int table) {
        const std::size_t first = key();
        const std::size_t last = segments_.size() - 1;
        if (peek() != '=') give_up();
        ++at_;
        skip_blanks();
        for (std::size_t k = first; k < last; ++k) {
            const key_segment& segment = segments_[k];
            const int child = find_child(table, segment.text);
            if (child < 0) {
                const int made = new_node(origin::dotted, sdk::node::kind::table, segment.line, segment.column,
                                          nodes_[table].depth + 1);
                add_member(table, segment.text, made);
                table = made;
            } else if (nodes_[child].from == origin::dotted) {
                table = child;
            } else {
                give_up();  // a redefinition, or a case toml++ treats in its own way
            }
        }
        const std::string_view name = segments_[last].text;
        if (find_child(table, name) >= 0) give_up();
        const int value = parse_value(nodes_[table].depth + 1);
        add_member(table, name, value);
        segments_.resize(first);
    }

    // [a.b] or [[a.b]]; returns the table that the following pairs go into.
    int header() {
        const int line = line_;
        const int col = column();
        ++at_;
        bool is_array = false;
        if (peek() == '[') {
            is_array = true;
            ++at_;
        }
        skip_blanks();
        const std::size_t first = key();
        const std::size_t last = segments_.size() - 1;
        if (peek() != ']') give_up();
        ++at_;
        if (is_array) {
            if (peek() != ']') give_up();
            ++at_;
        }
        end_of_line();

        int table = 0;
        for (std::size_t k = first; k < last; ++k) {
            const std::string_view segment = segments_[k].text;
            const int child = find_child(table, segment);
            if (child < 0) {
                const int made =
                    new_node(origin::header_implicit, sdk::node::kind::table, line, col, nodes_[table].depth + 1);
                add_member(table, segment, made);
                table = made;
            } else if (nodes_[child].from == origin::header || nodes_[child].from == origin::header_implicit) {
                table = child;
            } else if (nodes_[child].from == origin::table_array) {
                table = nodes_[child].last_child;
            } else {
                give_up();
            }
        }
        const std::string_view name = segments_[last].text;
        segments_.resize(first);
        const int existing = find_child(table, name);
        if (existing >= 0) {
            proto_node& node = nodes_[existing];
            if (is_array && node.from == origin::table_array) {
                const int element = new_node(origin::header, sdk::node::kind::table, line, col, node.depth + 1);
                add_item(existing, element);
                return element;
            }
            if (!is_array && node.from == origin::header_implicit) {
                for (int child = node.first_child; child >= 0; child = nodes_[child].next_sibling) {
                    const origin from = nodes_[child].from;
                    if (from != origin::header && from != origin::header_implicit && from != origin::table_array)
                        give_up();
                }
                node.from = origin::header;
                node.line = line;
                node.column = col;
                return existing;
            }
            give_up();
        }
        if (is_array) {
            const int array = new_node(origin::table_array, sdk::node::kind::array, line, col, nodes_[table].depth + 1);
            add_member(table, name, array);
            const int element = new_node(origin::header, sdk::node::kind::table, line, col, nodes_[array].depth + 1);
            add_item(array, element);
            return element;
        }
        const int made = new_node(origin::header, sdk::node::kind::table, line, col, nodes_[table].depth + 1);
        add_member(table, name, made);
        return made;
    }

    int parse_value(int depth) {
        const int line = line_;
        const int col = column();
        const char c = peek();
        if (c == '"' || c == '\'') {
            const int node = new_node(origin::scalar, sdk::node::kind::string, line, col, depth);
            const std::string_view text = c == '"' ? basic_string() : literal_string();
            nodes_[node].text = text;
            return node;
        }
        if (c == '[') return array(line, col, depth);
        if (c == '{') return inline_table(line, col, depth);
        if (c == 't' || c == 'f') {
            const std::string_view word = c == 't' ? "true" : "false";
            if (text_.substr(at_, word.size()) != word) give_up();
            at_ += word.size();
            if (!at_value_end()) give_up();
            const int node = new_node(origin::scalar, sdk::node::kind::boolean, line, col, depth);
            nodes_[node].boolean = c == 't';
            return node;
        }
        if (is_digit(c) || c == '+' || c == '-') return number_or_date(line, col, depth);
        give_up();
    }

    int number_or_date(int line, int col, int depth) {
        if (is_digit(peek()) && is_digit(peek(1)) && is_digit(peek(2)) && is_digit(peek(3)) && peek(4) == '-') {
            // YYYY-MM-DD, and nothing toml++ would read on into a date-time
            // (a space and a digit after the date make it look further).
            if (!(is_digit(peek(5)) && is_digit(peek(6)) && peek(7) == '-' && is_digit(peek(8)) && is_digit(peek(9))))
                give_up();
            const std::string_view date = text_.substr(at_, 10);
            if (!is_toml_date_text(date)) give_up();
            at_ += 10;
            if (!at_value_end() || (peek() == ' ' && is_digit(peek(1)))) give_up();
            const int node = new_node(origin::scalar, sdk::node::kind::string, line, col, depth);
            nodes_[node].text = date;
            nodes_[node].is_date = true;
            return node;
        }
        bool negative = false;
        if (peek() == '+' || peek() == '-') {
            negative = peek() == '-';
            ++at_;
        }
        const std::size_t start = at_;
        if (!is_digit(peek())) give_up();  // inf, nan, or an error
        if (peek() == '0') {
            ++at_;
        } else {
            while (is_digit(peek())) ++at_;
        }
        const std::size_t integer_end = at_;
        bool is_float = false;
        if (peek() == '.') {
            ++at_;
            if (!is_digit(peek())) give_up();
            while (is_digit(peek())) ++at_;
            is_float = true;
        }
        const std::size_t mantissa_end = at_;
        if (peek() == 'e' || peek() == 'E') {
            ++at_;
            if (peek() == '+' || peek() == '-') ++at_;
            if (!is_digit(peek())) give_up();
            while (is_digit(peek())) ++at_;
            is_float = true;
        }
        if (!at_value_end()) give_up();  // underscores, hex, times, ...
        const std::string_view digits = text_.substr(start, at_ - start);
        if (!is_float) {
            if (integer_end - start > 19) give_up();
            std::uint64_t magnitude = 0;
            for (const char d : digits) magnitude = magnitude * 10 + static_cast<std::uint64_t>(d - '0');
            if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) give_up();
            const int node = new_node(origin::scalar, sdk::node::kind::integer, line, col, depth);
            const auto value = static_cast<std::int64_t>(magnitude);
            nodes_[node].integer = negative ? -value : value;
            return node;
        }
        if (digits.size() > 100) give_up();  // toml++ has a length limit
        double value = 0;
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (error != std::errc{} || end != digits.data() + digits.size()) give_up();
        // Only the normal range, where every correctly rounded conversion agrees.
        if (!std::isfinite(value)) give_up();
        if (value == 0) {
            for (std::size_t k = start; k < mantissa_end; ++k)
                if (text_[k] >= '1' && text_[k] <= '9') give_up();  // underflow
        } else if (!std::isnormal(value)) {
            give_up();
        }
        const int node = new_node(origin::scalar, sdk::node::kind::number, line, col, depth);
        nodes_[node].number = negative ? value * -1 : value;
        return node;
    }

    // Blanks, line breaks and comments inside an array.
    void skip_array_space() {
        while (true) {
            skip_blanks();
            if (peek() == '#') skip_comment();
            if (!line_break()) return;
        }
    }

    int array(int line, int col, int depth) {
        const int array = new_node(origin::value_array, sdk::node::kind::array, line, col, depth);
        ++at_;  // '['
        bool after_value = false;
        while (true) {
            skip_array_space();
            if (at_end()) give_up();
            const char c = text_[at_];
            if (c == ',') {
                if (!after_value) give_up();
                after_value = false;
                ++at_;
            } else if (c == ']') {
                ++at_;
                return array;
            } else {
                if (after_value) give_up();
                const int item = parse_value(depth + 1);
                add_item(array, item);
                after_value = true;
            }
        }
    }

    int inline_table(int line, int col, int depth) {
        const int table = new_node(origin::inline_table, sdk::node::kind::table, line, col, depth);
        ++at_;  // '{'
        enum class previous { none, comma, pair } before = previous::none;
        while (true) {
            skip_blanks();
            if (at_end()) give_up();
            const char c = text_[at_];
            if (c == ',') {
                if (before != previous::pair) give_up();
                before = previous::comma;
                ++at_;
            } else if (c == '}') {
                if (before == previous::comma) give_up();  // TOML 1.0: no trailing comma
                ++at_;
                return table;
            } else if (is_bare_key_char(c) || c == '"' || c == '\'') {
                if (before == previous::pair) give_up();
                before = previous::pair;
                key_value(table);
            } else {
                give_up();
            }
        }
    }

    // Fills `out` from proto node `index`, in place (a node is a dozen
    // strings: no moves), visiting in convert()'s order so that dates are
    // listed as the toml++ path lists them.
    void build(int index, sdk::node& out, std::vector<sdk::source_location>& dates) const {
        const proto_node& in = nodes_[index];
        out.where.file = file_;
        out.where.line = in.line;
        out.where.column = in.column;
        out.type = in.type;
        switch (in.type) {
            case sdk::node::kind::table:
                out.members.resize(static_cast<std::size_t>(in.child_count));
                for (int child = in.first_child, k = 0; child >= 0; child = nodes_[child].next_sibling, ++k) {
                    sdk::node_member& member = out.members[static_cast<std::size_t>(k)];
                    member.first.assign(nodes_[child].key);
                    build(child, member.second, dates);
                }
                break;
            case sdk::node::kind::array:
                out.items.resize(static_cast<std::size_t>(in.child_count));
                for (int child = in.first_child, k = 0; child >= 0; child = nodes_[child].next_sibling, ++k)
                    build(child, out.items[static_cast<std::size_t>(k)], dates);
                break;
            case sdk::node::kind::string:
                out.text.assign(in.text);
                if (in.is_date) dates.push_back(out.where);
                break;
            case sdk::node::kind::integer:
                out.integer = in.integer;
                out.number = static_cast<double>(in.integer);
                break;
            case sdk::node::kind::number:
                out.number = in.number;
                break;
            case sdk::node::kind::boolean:
                out.boolean = in.boolean;
                break;
        }
    }
};

}  // namespace

std::optional<fast_parsed_document> parse_study_fast(std::string_view text, const sdk::file_name& display_path) {
    try {
        return fast_parser(text, display_path).parse();
    } catch (const not_handled&) {
        return std::nullopt;
    } catch (const std::bad_alloc&) {
        return std::nullopt;  // let toml++ meet it, as before
    }
}

}  // namespace appraise
