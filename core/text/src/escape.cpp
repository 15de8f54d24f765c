#include "appraise/text/escape.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "appraise/text/utf8.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// The bytes of `w` json_table escapes (below 0x20, '"' or '\\'), each as
// its high bit: the classic "has a byte less than n" and "has a zero byte"
// tests of bit-twiddling hacks. They never miss a byte; a borrow can flag a
// byte above a flagged one but never below, so the lowest flag is exact.
constexpr std::uint64_t json_special_bytes(std::uint64_t w) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t high = 0x8080808080808080ULL;
    const auto zero_bytes = [](std::uint64_t x) { return (x - ones) & ~x & high; };
    const std::uint64_t below_space = (w - ones * 0x20) & ~w & high;
    return below_space | zero_bytes(w ^ (ones * '"')) | zero_bytes(w ^ (ones * '\\'));
}

// Whether json_table escapes a byte, one entry a byte.
constexpr std::array<bool, 256> json_special = [] {
    std::array<bool, 256> t{};
    for (std::size_t c = 0; c < t.size(); ++c) t[c] = json_table[c] != nullptr;
    return t;
}();

template <typename T>
T load(const char* data) {
    T word = 0;
    std::memcpy(&word, data, sizeof word);
    return word;
}

constexpr std::uint64_t padding = 0x6161616161616161ULL;  // "aaaaaaaa", bytes that need no escaping

// The `size` (1 to 7) bytes at `data` as a little-endian word, padded with
// bytes that need no escaping; no byte past the end is read.
std::uint64_t short_word(const char* data, std::size_t size) {
    std::uint64_t word = 0;
    if (size >= 4) {
        // Two 4-byte loads that overlap: an overlapping byte is the same in both.
        word = load<std::uint32_t>(data) | (std::uint64_t{load<std::uint32_t>(data + size - 4)} << (8 * (size - 4)));
    } else {
        const auto byte = [&](std::size_t k) { return std::uint64_t{static_cast<unsigned char>(data[k])} << (8 * k); };
        word = byte(0) | byte(size / 2) | byte(size - 1);
    }
    return word | (padding << (8 * size));
}

#if defined(__SSE2__)
// One bit per byte of the 16 of `bytes` that json_table escapes.
unsigned json_special_mask(__m128i bytes) {
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(0x1F)), bytes);  // bytes <= 0x1F
    const __m128i quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'));
    const __m128i backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))));
}

unsigned json_special_mask(const char* data) {
    return json_special_mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data)));
}
#endif

std::size_t first_flag(std::uint64_t flags) {
    return static_cast<std::size_t>(std::countr_zero(flags)) / 8;
}

// Where the first byte json_table escapes is in `text` from `from` on
// (text.size() when none), for json_string (the writer copies as it checks,
// copy_json_plain): 16 bytes at a time (SSE2) or 8, the last few through one
// load that ends at the last byte (or, for a string under 8 bytes, a word
// put together without a loop).
std::size_t next_json_special(std::string_view text, std::size_t from) {
    const char* data = text.data();
    const std::size_t size = text.size();
    std::size_t i = from;
    if constexpr (std::endian::native == std::endian::little) {
#if defined(__SSE2__)
        if (size - i >= 16) {
            for (; i + 16 <= size; i += 16)
                if (const unsigned mask = json_special_mask(data + i); mask != 0)
                    return i + static_cast<std::size_t>(std::countr_zero(mask));
            if (i == size) return size;
            const std::size_t last = size - 16;  // the bytes before i are known
            const unsigned mask = json_special_mask(data + last) & (~0U << (i - last));
            return mask == 0 ? size : last + static_cast<std::size_t>(std::countr_zero(mask));
        }
#endif
        for (; i + 8 <= size; i += 8)
            if (const std::uint64_t flags = json_special_bytes(load<std::uint64_t>(data + i)); flags != 0)
                return i + first_flag(flags);
        if (i == size) return size;
        if (size >= 8) {
            const std::size_t last = size - 8;
            const std::uint64_t flags = json_special_bytes(load<std::uint64_t>(data + last));
            if (flags == 0) return size;
            // Exact when no byte before i is flagged: none of them needs escaping then.
            if (const std::size_t at = last + first_flag(flags); at >= i) return at;
        } else if (i == 0) {
            const std::uint64_t flags = json_special_bytes(short_word(data, size));
            return flags == 0 ? size : first_flag(flags);
        }
    }
    for (; i < size; ++i)
        if (json_special[static_cast<unsigned char>(data[i])]) return i;
    return size;
}

#if defined(__SSE2__)
std::uint64_t sse_low_word(__m128i v) {
    return static_cast<std::uint64_t>(_mm_cvtsi128_si64(v));
}
#endif

}  // namespace

std::size_t copy_json_plain(std::string_view text, char* to) {
    const char* from = text.data();
    const std::size_t size = text.size();
#if defined(__SSE2__)
    // Each piece is loaded once, stored whole (the room past the copy takes
    // what a store writes beyond it) and checked in the register.
    const auto store = [](char* at, __m128i bytes) { _mm_storeu_si128(reinterpret_cast<__m128i*>(at), bytes); };
    const auto first = [](unsigned mask) { return static_cast<std::size_t>(std::countr_zero(mask)); };
    if (size >= 16) {
        std::size_t i = 0;
        for (; i + 16 <= size; i += 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + i));
            store(to + i, bytes);
            if (const unsigned mask = json_special_mask(bytes); mask != 0) return i + first(mask);
        }
        if (i == size) return size;
        const std::size_t last = size - 16;  // overlaps bytes known to need no escaping
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + last));
        store(to + last, bytes);
        const unsigned mask = json_special_mask(bytes) & (~0U << (i - last));
        return mask == 0 ? size : last + first(mask);
    }
    if (size >= 8) {
        // Two 8-byte loads that overlap, as one register: the first at bits 0-7 of the mask.
        const __m128i bytes = _mm_set_epi64x(static_cast<long long>(load<std::uint64_t>(from + size - 8)),
                                             static_cast<long long>(load<std::uint64_t>(from)));
        const std::uint64_t head = sse_low_word(bytes);
        const std::uint64_t tail = sse_low_word(_mm_unpackhi_epi64(bytes, bytes));
        std::memcpy(to, &head, sizeof head);
        std::memcpy(to + size - 8, &tail, sizeof tail);
        const unsigned mask = json_special_mask(bytes);
        if ((mask & 0xFFU) != 0) return first(mask);
        return mask == 0 ? size : size - 8 + first(mask >> 8U);
    }
    if (size == 0) return 0;
    const std::uint64_t word = short_word(from, size);
    std::memcpy(to, &word, sizeof word);
    const unsigned mask =
        json_special_mask(_mm_cvtsi64_si128(static_cast<long long>(word))) & 0xFFU;  // the padding needs none
    return mask == 0 ? size : first(mask);
#else
    const std::size_t plain = next_json_special(text, 0);
    std::memcpy(to, from, plain);
    return plain;
#endif
}

namespace {

// append_escaped(out, text, json_table), jumping from one byte to escape to
// the next (report text rarely holds any): the same bytes, far fewer branches.
void append_json_escaped(std::string& out, std::string_view text) {
    std::size_t run = 0;  // start of the bytes kept as they are
    for (std::size_t at = next_json_special(text, 0); at != text.size(); at = next_json_special(text, run)) {
        out.append(text.data() + run, at - run);
        out += json_table[static_cast<unsigned char>(text[at])];
        run = at + 1;
    }
    out.append(text.data() + run, text.size() - run);
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
// up). Exact for "any" (json_special_bytes explains the two tests).
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

bool json_needs_escaping(std::string_view text) {
    return next_json_special(text, 0) != text.size();
}

std::string_view json_escape(char byte) {
    const char* replacement = json_table[static_cast<unsigned char>(byte)];
    return replacement == nullptr ? std::string_view() : std::string_view(replacement);
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
