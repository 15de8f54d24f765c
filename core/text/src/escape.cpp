#include "appraise/text/escape.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "appraise/text/utf8.hpp"

namespace appraise {
namespace {

// What each byte becomes in one language: nullptr keeps it, "" drops it.
// Multi-byte UTF-8 sequences pass through (their bytes are all >= 0x80).
using escape_table = std::array<const char*, 256>;

void append_escaped(std::string& out, std::string_view text, const escape_table& table) {
    std::size_t run = 0;  // start of the bytes kept as they are
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char* replacement = table[static_cast<unsigned char>(text[i])];
        if (replacement == nullptr) continue;
        out.append(text, run, i - run);
        out += replacement;
        run = i + 1;
    }
    out.append(text, run);
}

std::string escaped(std::string_view text, const escape_table& table) {
    std::string out;
    out.reserve(text.size());
    append_escaped(out, text, table);
    return out;
}

constexpr escape_table xml_table = [] {
    escape_table t{};
    t['&'] = "&amp;";
    t['<'] = "&lt;";
    t['>'] = "&gt;";
    t['"'] = "&quot;";
    return t;
}();

// Control characters but the tab become spaces; `line_break` replaces "\n", "\r" is dropped.
constexpr escape_table plain_line_table(const char* line_break) {
    escape_table t{};
    for (std::size_t c = 0; c < 0x20; ++c) t[c] = " ";
    t[0x7F] = " ";
    t['\t'] = nullptr;
    t['\n'] = line_break;
    t['\r'] = "";
    return t;
}

// "\\c" for every ASCII byte c.
constexpr auto backslashed = [] {
    std::array<std::array<char, 3>, 128> t{};
    for (std::size_t c = 0; c < t.size(); ++c) t[c] = {'\\', static_cast<char>(c), '\0'};
    return t;
}();

constexpr escape_table markdown_table = [] {
    escape_table t = plain_line_table("<br>");
    for (const unsigned char c : std::string_view("\\|`*_[]!")) t[c] = backslashed[c].data();
    for (const unsigned char c : std::string_view("&<>")) t[c] = xml_table[c];
    return t;
}();

constexpr escape_table code_span_table = [] {
    escape_table t = plain_line_table(" ");
    t['|'] = backslashed['|'].data();
    return t;
}();

// "\u0000" to "\u007f" (JSON writes the hex digits in lower case, TOML in upper).
using unicode_escapes = std::array<std::array<char, 7>, 128>;
constexpr unicode_escapes make_unicode_escapes(bool upper) {
    unicode_escapes t{};
    const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    for (std::size_t c = 0; c < t.size(); ++c) t[c] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF], '\0'};
    return t;
}
constexpr unicode_escapes json_unicode = make_unicode_escapes(false);
constexpr unicode_escapes toml_unicode = make_unicode_escapes(true);

// A double-quoted string of JSON or TOML: both escape " \ and control
// characters alike; TOML also escapes DEL.
constexpr escape_table quoted_string_table(const unicode_escapes& unicode, bool escape_delete) {
    escape_table t{};
    for (std::size_t c = 0; c < 0x20; ++c) t[c] = unicode[c].data();
    if (escape_delete) t[0x7F] = unicode[0x7F].data();
    t['"'] = backslashed['"'].data();
    t['\\'] = backslashed['\\'].data();
    t['\b'] = "\\b";
    t['\f'] = "\\f";
    t['\n'] = "\\n";
    t['\r'] = "\\r";
    t['\t'] = "\\t";
    return t;
}
constexpr escape_table json_table = quoted_string_table(json_unicode, false);
constexpr escape_table toml_table = quoted_string_table(toml_unicode, true);

// Whether any of the 8 bytes of `w` is one json_table escapes: below 0x20, '"'
// or '\\' (exact: the classic "has a byte less than n" and "has a zero byte"
// tests of bit-twiddling hacks, which never miss and never err on presence).
constexpr bool json_special_byte_in(std::uint64_t w) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t high = 0x8080808080808080ULL;
    const auto has_zero = [](std::uint64_t x) { return ((x - ones) & ~x & high) != 0; };
    const bool below_space = ((w - ones * 0x20) & ~w & high) != 0;
    return below_space || has_zero(w ^ (ones * '"')) || has_zero(w ^ (ones * '\\'));
}

// Whether `text` holds a byte json_table escapes, eight bytes at a time;
// the last few are padded with a byte that needs none.
bool json_needs_escaping(std::string_view text) {
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, sizeof word);
        if (json_special_byte_in(word)) return true;
    }
    if (i == text.size()) return false;
    std::uint64_t word = 0x6161616161616161ULL;  // "aaaaaaaa"
    std::memcpy(&word, text.data() + i, text.size() - i);
    return json_special_byte_in(word);
}

// append_escaped(out, text, json_table), with one append when nothing needs
// escaping (report text rarely does): the same bytes, far fewer branches.
void append_json_escaped(std::string& out, std::string_view text) {
    if (json_needs_escaping(text))
        append_escaped(out, text, json_table);
    else
        out.append(text);
}

}  // namespace

std::string xml_escape(std::string_view text) {
    return escaped(text, xml_table);
}

std::string markdown_cell(std::string_view text) {
    return escaped(text, markdown_table);
}

std::string markdown_code(std::string_view text) {
    if (text.empty()) return {};
    // A table splits its row at a pipe that no backslash escapes; in a code
    // span a backslash cannot be escaped, so text holding "\|" is written as
    // plain escaped text instead.
    if (text.find("\\|") != std::string_view::npos) return markdown_cell(text);
    std::size_t run = 0;
    std::size_t longest = 0;
    for (const char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(longest + 1, '`');
    // A span starting or ending with a backtick needs a space inside each
    // fence (CommonMark strips one from each side).
    const char* pad = text.front() == '`' || text.back() == '`' ? " " : "";
    return fence + pad + escaped(text, code_span_table) + pad + fence;
}

namespace {

// A plain decimal number ("-0.5", "+3", "12"): a spreadsheet reads it as a
// number, not a formula, so it keeps its sign.
bool plain_number(std::string_view text) {
    std::size_t i = text.empty() || (text[0] != '-' && text[0] != '+') ? 0 : 1;
    bool digits = false;
    bool point = false;
    for (; i < text.size(); ++i) {
        if (text[i] >= '0' && text[i] <= '9')
            digits = true;
        else if (text[i] == '.' && !point)
            point = true;
        else
            return false;
    }
    return digits;
}

}  // namespace

std::string csv_field(std::string_view text) {
    // OWASP's advice against CSV injection: a cell a spreadsheet would take
    // for a formula (= + - @, or a leading tab or carriage return) starts
    // with a ' so that it is shown as text.
    std::string neutral;
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos &&
        !plain_number(text)) {
        neutral = "'";
        neutral += text;
        text = neutral;
    }
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

namespace {

// Whether any of the 8 bytes of `w` is one terminal_text must look at: a
// control (below 0x20, or DEL) or a byte of a multi-byte sequence (0x80 and
// up). Exact, as json_special_byte_in is.
constexpr bool terminal_special_byte_in(std::uint64_t w) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t high = 0x8080808080808080ULL;
    const std::uint64_t del = w ^ (ones * 0x7F);
    const bool below_space = ((w - ones * 0x20) & ~w & high) != 0;
    return (w & high) != 0 || below_space || ((del - ones) & ~del & high) != 0;
}

// How many bytes from `at` are printable ASCII, eight at a time: report text
// nearly always is, so it is copied in runs rather than byte by byte.
std::size_t printable_ascii_run(std::string_view text, std::size_t at) {
    std::size_t i = at;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, sizeof word);
        if (terminal_special_byte_in(word)) break;
    }
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x20 || b >= 0x7F) break;
        ++i;
    }
    return i - at;
}

}  // namespace

std::string terminal_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_terminal_text(out, text);
    return out;
}

void append_terminal_text(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto byte_escape = [&](unsigned char b) {
        out += "\\x";
        out += hex[b >> 4];
        out += hex[b & 0xF];
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t plain = printable_ascii_run(text, i);
        out.append(text, i, plain);
        i += plain;
        if (i == text.size()) break;
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {  // a control byte or DEL: printable ASCII was copied above
            byte_escape(b);
            ++i;
            continue;
        }
        // A whole, valid UTF-8 sequence passes, but for the C1 controls
        // (U+0080-U+009F: CSI among them); anything else byte by byte.
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            byte_escape(b);
            ++i;
            continue;
        }
        if (b == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            out += "\\u00";
            out += hex[(static_cast<unsigned char>(text[i + 1]) >> 4) & 0xF];
            out += hex[static_cast<unsigned char>(text[i + 1]) & 0xF];
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
}

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    append_json_escaped(out, text);
    out += '"';
}

std::string json_string(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    append_json_string(out, text);
    return out;
}

void append_toml_string(std::string& out, std::string_view text) {
    out += '"';
    append_escaped(out, text, toml_table);
    out += '"';
}

}  // namespace appraise
