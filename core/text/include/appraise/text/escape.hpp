// Text made safe for the language it is written into: one function per
// output language and context, so every writer (run reports, audit,
// agreement) escapes alike and a value from a coding file can never change
// the structure of the document it lands in.
#pragma once

#include <string>
#include <string_view>

namespace appraise {

// HTML and XML (SVG) text and double-quoted attribute values: & < > " as entities.
[[nodiscard]] std::string xml_escape(std::string_view text);

// A Markdown table cell (GFM), also fit for a heading or a paragraph: | and
// the characters of emphasis, code, links and images (\ ` * _ [ ] !) are
// backslash-escaped, & < > are entities (no raw HTML), a line break is <br>,
// other control characters are spaces.
[[nodiscard]] std::string markdown_cell(std::string_view text);

// `text` as a Markdown code span, fences included, safe in a table cell: the
// fence is longer than any run of backticks inside, | is escaped, a line
// break is a space. Empty text gives an empty string.
[[nodiscard]] std::string markdown_code(std::string_view text);

// A CSV field as RFC 4180 writes it: quoted when it holds a comma, quote,
// line break or edge space, quotes doubled. A field a spreadsheet would run
// as a formula (starting with = + - @, tab or carriage return, and not a
// plain number such as -0.5) gets a leading ' (OWASP's advice).
[[nodiscard]] std::string csv_field(std::string_view text);

// A JSON string, quotes included: " \ and control characters escaped, other
// bytes (UTF-8) as they are.
[[nodiscard]] std::string json_string(std::string_view text);
void append_json_string(std::string& out, std::string_view text);
// Whether json_string would escape a byte of `text`.
[[nodiscard]] bool json_needs_escaping(std::string_view text);
// Copies the bytes of `text` up to the first one json_string escapes to
// `to`, which has room for text.size() + 16 bytes (the bytes past the copy
// may be overwritten); returns how many were copied: text.size() when none
// needs escaping. What the writer's buffer checks and copies strings with.
[[nodiscard]] std::size_t copy_json_plain(std::string_view text, char* to);
// What json_string writes for `byte`: "\\n", "\\u001f"; empty when it stays.
[[nodiscard]] std::string_view json_escape(char byte);

// Text for a terminal or a log: control characters (a newline too, so no
// one can forge a diagnostic line; ESC, so no escape sequence runs), DEL, the
// C1 controls and bytes that are not UTF-8 are shown as \xNN or \u00NN.
[[nodiscard]] std::string terminal_text(std::string_view text);
// terminal_text(text) appended to `out`.
void append_terminal_text(std::string& out, std::string_view text);

// A TOML basic string, quotes included: as JSON, with DEL escaped too and
// \uXXXX in upper case.
void append_toml_string(std::string& out, std::string_view text);

}  // namespace appraise
