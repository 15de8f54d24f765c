#include "appraise/input/toml_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <utility>
#include <vector>

#include "appraise/input/study_fast_parser.hpp"
#include "appraise/text/utf8.hpp"

namespace appraise {
namespace {

sdk::source_location location_of(const toml::node& n, const sdk::file_name& file) {
    const auto& begin = n.source().begin;
    return {file, static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

// What no coded study, configuration or rubric needs, refused before any
// recursive walk (the study tree's checks, the writer, destructors) meets it.
constexpr std::size_t max_nesting = 64;

// Tables and arrays nested deeper than max_nesting, and floats that are not
// finite (nan, inf: no field or option means anything by them), found with an
// explicit stack so that no depth of input can overflow this walk.
std::optional<diagnostic> refuse_unusable(const toml::node& root, const sdk::file_name& file) {
    std::vector<std::pair<const toml::node*, std::size_t>> stack{{&root, 0}};
    while (!stack.empty()) {
        const auto [node, depth] = stack.back();
        stack.pop_back();
        if (depth > max_nesting)
            return diagnostic{
                severity::error, "coding/too-deep",
                "tables or arrays are nested more than " + std::to_string(max_nesting) + " levels deep here",
                location_of(*node, file),
                "the format nests a few levels at most: check the [header] or dotted key for a "
                "repeated part"};
        if (const auto* table = node->as_table()) {
            for (const auto& [key, value] : *table) stack.emplace_back(&value, depth + 1);
        } else if (const auto* array = node->as_array()) {
            for (const auto& item : *array) stack.emplace_back(&item, depth + 1);
        } else if (const auto* number = node->as_floating_point(); number && !std::isfinite(number->get())) {
            return diagnostic{
                severity::error, "coding/non-finite-number",
                std::string("`") + (std::isnan(number->get()) ? "nan" : "inf") + "` is not a number appraise can use",
                location_of(*node, file), "write the reported figure, or leave the key out if it is not reported"};
        }
    }
    return std::nullopt;
}

sdk::node convert(const toml::node& in, const sdk::file_name& file, std::vector<sdk::source_location>& dates) {
    sdk::node out;
    out.where = location_of(in, file);
    switch (in.type()) {
        case toml::node_type::table:
            out.type = sdk::node::kind::table;
            // toml++ tables iterate in key order: members stay sorted by key.
            for (const auto& [key, value] : *in.as_table())
                out.members.emplace_back(std::string(key.str()), convert(value, file, dates));
            break;
        case toml::node_type::array:
            out.type = sdk::node::kind::array;
            for (const auto& item : *in.as_array()) out.items.push_back(convert(item, file, dates));
            break;
        case toml::node_type::string:
            out.type = sdk::node::kind::string;
            out.text = in.as_string()->get();
            break;
        case toml::node_type::integer:
            out.type = sdk::node::kind::integer;
            out.integer = in.as_integer()->get();
            out.number = static_cast<double>(out.integer);
            break;
        case toml::node_type::floating_point:
            out.type = sdk::node::kind::number;
            out.number = in.as_floating_point()->get();
            break;
        case toml::node_type::boolean:
            out.type = sdk::node::kind::boolean;
            out.boolean = in.as_boolean()->get();
            break;
        default: {
            // Dates and times have no place in format v1; keep their text so the
            // codebook check reports them as a wrong type where it matters.
            std::ostringstream text;
            if (const auto* date = in.as_date())
                text << date->get();
            else if (const auto* time = in.as_time())
                text << time->get();
            else if (const auto* date_time = in.as_date_time())
                text << date_time->get();
            out.type = sdk::node::kind::string;
            out.text = text.str();
            dates.push_back(out.where);
            break;
        }
    }
    return out;
}

// Position (1-based line, column in characters) of the first byte that is not
// valid UTF-8, or line 0 when the text is valid.
sdk::source_location first_invalid_utf8(std::string_view text, const sdk::file_name& file) {
    int line = 1;
    int column = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) return {file, line, column};
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += length;
    }
    return {file, 0, 0};
}

// toml++ 3.3.0 (Debian 12) reaches undefined behaviour when a line-ending
// backslash in a multi-line string is followed by a non-ASCII character
// (upstream issues 190 and 295, fixed after 3.3.0). Such input is refused
// before it reaches the parser. Returns the character's position, or line 0.
sdk::source_location non_ascii_after_line_continuation(std::string_view text, const sdk::file_name& file) {
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n') continue;
        std::size_t end = i;  // the line's content ends before trailing blanks and '\r'
        while (end > line_start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
        std::size_t backslashes = 0;
        while (end > line_start + backslashes && text[end - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 1) {
            int next_line = line + 1;
            std::size_t next_start = i + 1;
            std::size_t j = i + 1;
            for (; j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n'); ++j) {
                if (text[j] == '\n') {
                    ++next_line;
                    next_start = j + 1;
                }
            }
            if (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x80) {
                int column = 1;  // in characters, as the parser counts them
                for (std::size_t k = next_start; k < j; ++k)
                    if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++column;
                return {file, next_line, column};
            }
        }
        ++line;
        line_start = i + 1;
    }
    return {file, 0, 0};
}

// toml++ 3.3.0 reaches TOML_UNREACHABLE (undefined behaviour) when it meets
// some non-ASCII characters (U+00A1-U+0499, U+FB56-U+FEFE among them) where it
// looks for whitespace outside strings and comments. TOML allows only ASCII
// there anyway (bare keys are A-Z a-z 0-9 - _), so every non-ASCII character
// outside a quoted string or a comment is refused before parsing, at its
// position and by name. Returns the position and the character, or line 0.
// Whether every byte is ASCII, eight at a time (most codings are).
bool all_ascii(std::string_view text) {
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, sizeof word);
        if ((word & 0x8080808080808080ULL) != 0) return false;
    }
    for (; i < text.size(); ++i)
        if (static_cast<unsigned char>(text[i]) >= 0x80) return false;
    return true;
}

std::pair<sdk::source_location, std::string_view> non_ascii_outside_strings(std::string_view text,
                                                                            const sdk::file_name& file) {
    if (all_ascii(text)) return {{file, 0, 0}, {}};  // nothing to find: skip the scan
    int line = 1;
    int column = 1;
    std::size_t i = 0;
    // Steps over one character (a whole UTF-8 sequence), keeping line and column.
    const auto advance = [&] {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    };
    const auto starts = [&](std::string_view what) { return text.substr(i, what.size()) == what; };
    // Skips to just after `close`; in basic strings a backslash escapes the next character.
    const auto skip_string = [&](std::string_view close, bool escapes, bool single_line) {
        while (i < text.size()) {
            if (starts(close)) {
                for (std::size_t k = 0; k < close.size(); ++k) advance();
                // A multi-line string may end with up to two more quotes of content.
                for (int extra = 0; close.size() == 3 && extra < 2 && i < text.size() && text[i] == close[0]; ++extra)
                    advance();
                return;
            }
            if (single_line && text[i] == '\n') return;  // unterminated: the parser says so
            if (escapes && text[i] == '\\' && i + 1 < text.size()) advance();
            advance();
        }
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '#') {
            while (i < text.size() && text[i] != '\n') advance();
        } else if (starts("\"\"\"")) {
            for (int k = 0; k < 3; ++k) advance();
            skip_string("\"\"\"", true, false);
        } else if (starts("'''")) {
            for (int k = 0; k < 3; ++k) advance();
            skip_string("'''", false, false);
        } else if (c == '"') {
            advance();
            skip_string("\"", true, true);
        } else if (c == '\'') {
            advance();
            skip_string("'", false, true);
        } else if (static_cast<unsigned char>(c) >= 0x80) {
            std::size_t length = 1;
            while (i + length < text.size() && (static_cast<unsigned char>(text[i + length]) & 0xC0) == 0x80) ++length;
            return {{file, line, column}, text.substr(i, length)};
        } else {
            advance();
        }
    }
    return {{file, 0, 0}, {}};
}

// "U+00E9" for the character `utf8` (valid UTF-8, one character).
std::string code_point_name(std::string_view utf8) {
    auto code = static_cast<unsigned>(static_cast<unsigned char>(utf8[0]));
    if (utf8.size() > 1) {
        code &= 0x7FU >> utf8.size();
        for (std::size_t k = 1; k < utf8.size(); ++k)
            code = (code << 6) | (static_cast<unsigned char>(utf8[k]) & 0x3FU);
    }
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", code);
    return name;
}

}  // namespace

toml_document parse_toml(std::string_view text, const sdk::file_name& display_path) {
    // What the fast path handles passes every screen below (it is ASCII outside
    // strings and comments, valid UTF-8 inside, and has no multi-line strings).
    if (auto fast = parse_study_fast(text, display_path)) {
        toml_document document;
        document.root = std::move(fast->root);
        document.dates = std::move(fast->dates);
        return document;
    }
    return parse_toml_reference(text, display_path);
}

toml_document parse_toml_reference(std::string_view text, const sdk::file_name& display_path) {
    toml_document document;
    if (const auto bad = first_invalid_utf8(text, display_path); bad.line > 0) {
        document.problems.push_back({severity::error, "coding/invalid-utf8", "the file is not valid UTF-8", bad,
                                     "save the file as UTF-8 (most editors offer this under 'Save with encoding')"});
        return document;
    }
    if (const auto bad = non_ascii_after_line_continuation(text, display_path); bad.line > 0) {
        document.problems.push_back(
            {severity::error, "coding/unsafe-line-continuation",
             "a line-ending backslash is followed by a non-ASCII character, which the TOML library of this "
             "system (toml++ 3.3.0) cannot parse safely",
             bad, "join the two lines, or put an ASCII character first on the continued line"});
        return document;
    }
    if (const auto [where, character] = non_ascii_outside_strings(text, display_path); where.line > 0) {
        document.problems.push_back(
            {severity::error, "coding/non-ascii-outside-string",
             "the character \"" + std::string(character) + "\" (" + code_point_name(character) +
                 ") is outside any quoted string or comment, where TOML allows only ASCII",
             where, "put text in quotes (title = \"...\"); a key with such letters is quoted too (\"t\u00e9\" = 1)"});
        return document;
    }
    try {
        const toml::table table = toml::parse(text, std::string_view(display_path.str()));
        if (auto refused = refuse_unusable(table, display_path)) {
            document.problems.push_back(std::move(*refused));
            return document;
        }
        document.root = convert(table, display_path, document.dates);
        document.root->where = {display_path, 1, 1};
    } catch (const toml::parse_error& error) {
        const auto& begin = error.source().begin;
        document.problems.push_back({severity::error,
                                     "coding/syntax-error",
                                     "TOML syntax error: " + std::string(error.description()),
                                     {display_path, static_cast<int>(begin.line), static_cast<int>(begin.column)},
                                     "fix the TOML at this position; https://toml.io describes the syntax"});
    }
    return document;
}

std::optional<std::string> read_text_file(const std::string& path, const std::string& display_path,
                                          std::size_t max_bytes, diagnostics& problems) {
    const auto refuse = [&](std::string code, std::string message, std::string hint) {
        problems.push_back(
            {severity::error, std::move(code), std::move(message), {display_path, 0, 0}, std::move(hint)});
        return std::nullopt;
    };
    // POSIX calls, not a std::ifstream: one open, fstat, read and close a
    // file (the stream added three seeks, two ioctls and a stat a study).
    // The type is checked on the descriptor opened: a directory "opens",
    // and O_NONBLOCK keeps a FIFO (even one swapped in after a check) from
    // blocking the open forever; it changes nothing for a regular file.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return refuse("coding/unreadable-file", "cannot read the file: " + std::string(std::strerror(errno)),
                      "check that the file exists and that you may read it");
    struct descriptor {
        int fd;
        explicit descriptor(int open_fd) : fd(open_fd) {}
        descriptor(const descriptor&) = delete;
        descriptor& operator=(const descriptor&) = delete;
        ~descriptor() { ::close(fd); }
    } const closer(fd);
    struct stat status {};
    if (::fstat(fd, &status) != 0)
        return refuse("coding/unreadable-file",
                      "cannot determine the file's size: " + std::string(std::strerror(errno)),
                      "check that the file is a regular, readable file");
    if (!S_ISREG(status.st_mode))
        return refuse("coding/unreadable-file",
                      S_ISDIR(status.st_mode) ? "this is a directory, not a file" : "this is not a regular file",
                      "name a coding file, or a folder of them");
    const auto size = static_cast<std::size_t>(status.st_size);
    if (size > max_bytes)
        return refuse("coding/file-too-large",
                      "the file is " + std::to_string((size + (std::size_t{1} << 20) - 1) >> 20) + " MiB, over the " +
                          std::to_string(max_bytes >> 20) + " MiB limit for one coding file",
                      "split the [[study]] tables across several files in the same directory");
    std::string text(size, '\0');
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got = ::read(fd, text.data() + done, size - done);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0)
            return refuse("coding/unreadable-file", "reading the file failed: " + std::string(std::strerror(errno)),
                          "check that the file is a regular, readable file");
        if (got == 0) break;  // it shrank since fstat: what is there is the file
        done += static_cast<std::size_t>(got);
    }
    text.resize(done);
    return text;
}

bool is_toml_date_text(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (const std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U})
        if (text[i] < '0' || text[i] > '9') return false;
    const auto number = [&](std::size_t from, std::size_t length) {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    const int year = number(0, 4);
    const int month = number(5, 2);
    const int day = number(8, 2);
    static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

}  // namespace appraise
