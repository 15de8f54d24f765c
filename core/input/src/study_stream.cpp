#include "appraise/input/study_stream.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "appraise/input/toml_reader.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

bool blank(char c) {
    return c == ' ' || c == '\t';
}

// The rest of a header line after its closing bracket: blanks, then a comment or the end.
bool header_ends(std::string_view rest) {
    std::size_t i = 0;
    while (i < rest.size() && blank(rest[i])) ++i;
    return i == rest.size() || rest[i] == '#' || rest[i] == '\n' ||
           (rest[i] == '\r' && i + 1 < rest.size() && rest[i + 1] == '\n');
}

using element = study_stream::element;

// Why the scan stopped: what follows "here" in the message, and the line.
struct scan_refusal {
    std::string reason;
    int line = 0;
};

// Where each [[study]] element starts (the start of its header's line), or
// nullopt when the text is not a plain multi-study file. Strings are followed
// (a multi-line one may hold lines that look like headers) and brackets
// counted (a line of a multi-line array may start with '['); a line whose
// first character outside every string and array is '[' is a header, and
// every header must be [[study]] or a table under `study.`. A doubt means
// "no": the file then loads whole.
std::optional<std::vector<element>> find_elements(std::string_view text, scan_refusal& why) {
    std::vector<element> starts;
    const auto refuse = [&](std::string reason, int at) -> std::optional<std::vector<element>> {
        why = {std::move(reason), at};
        return std::nullopt;
    };
    const auto unclosed = [&](int at) {
        return refuse("a string on line " + std::to_string(at) + " is not closed", at);
    };
    if (text.size() > UINT32_MAX) return refuse("it is over 4 GiB", 0);
    enum class state { code, multi_basic, multi_literal };
    state in = state::code;
    int line = 1;
    std::size_t i = 0;
    std::size_t line_begin = 0;
    std::size_t depth = 0;  // open '[' of array values
    bool line_start = true;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
            line_begin = i;
            line_start = true;
            continue;
        }
        if (in == state::multi_basic) {
            if (c == '\\') {
                i += 2;  // an escape, or a line-ending backslash (its newline is counted below)
                if (i - 1 < text.size() && text[i - 1] == '\n') {
                    ++line;
                    line_begin = i;
                    line_start = true;
                }
                continue;
            }
            if (text.compare(i, 3, R"(""")") == 0) {
                while (i < text.size() && text[i] == '"') ++i;
                in = state::code;
                line_start = false;
                continue;
            }
            ++i;
            continue;
        }
        if (in == state::multi_literal) {
            if (text.compare(i, 3, "'''") == 0) {
                while (i < text.size() && text[i] == '\'') ++i;
                in = state::code;
                line_start = false;
                continue;
            }
            ++i;
            continue;
        }
        if (line_start) {
            if (blank(c) || c == '\r') {
                ++i;
                continue;
            }
            line_start = false;
            const std::string_view rest = text.substr(i);
            if (depth > 0) {
                // a line of a multi-line array: no header here
            } else if (c == '[') {
                if (rest.starts_with("[[study]]") && header_ends(rest.substr(9))) {
                    if (starts.size() == max_streamed_studies)
                        return refuse("it holds over " + std::to_string(max_streamed_studies) + " [[study]] tables",
                                      line);
                    starts.push_back({static_cast<std::uint32_t>(line_begin), static_cast<std::uint32_t>(line)});
                } else if (starts.empty() || !(rest.starts_with("[study.") || rest.starts_with("[[study."))) {
                    return refuse("line " + std::to_string(line) +
                                      " holds a table header that is neither [[study]] nor a table under `study.`",
                                  line);
                }
            } else if (starts.empty() && c != '#') {
                return refuse("line " + std::to_string(line) + " holds a key before the first [[study]]", line);
            }
        }
        if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
            continue;
        }
        if (c == '"') {
            if (text.compare(i, 3, R"(""")") == 0) {
                in = state::multi_basic;
                i += 3;
                continue;
            }
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\n') return unclosed(line);
                if (text[i] == '\\') ++i;
            }
            if (i >= text.size()) return unclosed(line);
            ++i;
            continue;
        }
        if (c == '\'') {
            if (text.compare(i, 3, "'''") == 0) {
                in = state::multi_literal;
                i += 3;
                continue;
            }
            for (++i; i < text.size() && text[i] != '\''; ++i)
                if (text[i] == '\n') return unclosed(line);
            if (i >= text.size()) return unclosed(line);
            ++i;
            continue;
        }
        if (c == '[') ++depth;
        if (c == ']' && depth > 0) --depth;
        ++i;
    }
    if (in != state::code) return refuse("a multi-line string is not closed", 0);
    if (starts.empty()) return refuse("it holds no [[study]] table", 0);
    return starts;
}

void shift_lines(sdk::node& value, int by) {
    value.where.line += by;
    for (auto& member : value.members) shift_lines(member.second, by);
    for (auto& item : value.items) shift_lines(item, by);
}

// One element parsed on its own: the document's one [[study]] table, with
// lines as in the whole file; nullopt on any problem.
struct parsed_element {
    sdk::node table;
    std::vector<sdk::source_location> dates;
};

// `problems` (when given) receives the element's parse problems, their
// lines as in the file.
std::optional<parsed_element> parse_element(std::string_view chunk, const std::string& display_path, int first_line,
                                            diagnostics* problems = nullptr) {
    toml_document document = parse_toml(chunk, display_path);
    if (!document.problems.empty() || !document.root) {
        if (problems != nullptr)
            for (auto& problem : document.problems) {
                if (problem.where.line > 0) problem.where.line += first_line - 1;
                problems->push_back(std::move(problem));
            }
        return std::nullopt;
    }
    sdk::node& root = *document.root;
    if (root.members.size() != 1 || root.members.front().first != "study") return std::nullopt;
    sdk::node& many = root.members.front().second;
    if (many.type != kind::array || many.items.size() != 1 || many.items.front().type != kind::table)
        return std::nullopt;
    parsed_element out{std::move(many.items.front()), std::move(document.dates)};
    const int by = first_line - 1;
    shift_lines(out.table, by);
    for (auto& at : out.dates) at.line += by;
    sort_by_place(out.dates);
    return out;
}

}  // namespace

study_stream::study_stream(std::string text, std::string display_path, const load_options& options,
                           std::vector<element> starts)
    : text_(std::move(text)), display_path_(std::move(display_path)), options_(&options), starts_(std::move(starts)) {}

std::optional<study_stream> study_stream::open(std::string text, std::string display_path, const load_options& options,
                                               stream_refusal* why) {
    scan_refusal scan;
    auto starts = find_elements(text, scan);
    if (!starts) {
        if (why != nullptr) *why = {std::move(scan.reason), scan.line, {}};
        return std::nullopt;
    }
    // The comments before the first study pass the same text checks.
    if (auto before = parse_toml(std::string_view(text).substr(0, starts->front().offset), display_path);
        !before.problems.empty()) {
        if (why != nullptr)
            *why = {"the text before the first [[study]] does not parse", 0, std::move(before.problems)};
        return std::nullopt;
    }
    study_stream stream(std::move(text), std::move(display_path), options, std::move(*starts));
    // Every element parses cleanly, or the file loads whole: nothing is
    // handed on from a file that fails as a whole.
    for (std::size_t k = 0; k < stream.starts_.size(); ++k) {
        const int line = static_cast<int>(stream.starts_[k].line);
        diagnostics problems;
        if (!parse_element(stream.chunk(k), stream.display_path_, line, &problems)) {
            if (why != nullptr)
                *why = {"the [[study]] table of line " + std::to_string(line) + " does not parse on its own", line,
                        std::move(problems)};
            return std::nullopt;
        }
    }
    return stream;
}

std::string_view study_stream::chunk(std::size_t k) const {
    const std::size_t begin = starts_[k].offset;
    const std::size_t end = k + 1 < starts_.size() ? starts_[k + 1].offset : text_.size();
    return std::string_view(text_).substr(begin, end - begin);
}

std::optional<loaded_study> study_stream::next() {
    if (next_ >= starts_.size()) return std::nullopt;
    const std::size_t k = next_++;
    auto parsed = parse_element(chunk(k), display_path_, static_cast<int>(starts_[k].line));
    if (!parsed) return std::nullopt;  // checked by open(): the text has not changed
    const sdk::source_location header = parsed->table.where;
    return load_study_table(std::move(parsed->table), display_path_, header, *options_, parsed->dates);
}

}  // namespace appraise
