// Escaping per output language (core/text/escape.hpp): & < | line breaks,
// quotes and brackets in each.
#include <catch2/catch.hpp>

#include "appraise/text/csv_text.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/markdown_text.hpp"

using namespace appraise;

TEST_CASE("xml_escape: text and double-quoted attributes", "[core][text][escape]") {
    CHECK(xml_escape("a & b") == "a &amp; b");
    CHECK(xml_escape("<script>") == "&lt;script&gt;");
    CHECK(xml_escape("say \"hi\"") == "say &quot;hi&quot;");
    CHECK(xml_escape("a | b\nc [x](y)") == "a | b\nc [x](y)");  // nothing else is special
    CHECK(xml_escape("&amp;") == "&amp;amp;");                  // never half-escaped
    CHECK(xml_escape("抑郁 †") == "抑郁 †");
}

TEST_CASE("markdown_cell: nothing from a value changes the table", "[core][text][escape]") {
    CHECK(markdown_cell("a | b") == "a \\| b");
    CHECK(markdown_cell("a & b") == "a &amp; b");
    CHECK(markdown_cell("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;");
    CHECK(markdown_cell("line one\nline two") == "line one<br>line two");
    CHECK(markdown_cell("windows\r\nline") == "windows<br>line");
    CHECK(markdown_cell("[click](http://x)") == "\\[click\\](http://x)");
    CHECK(markdown_cell("![img](http://x)") == "\\!\\[img\\](http://x)");
    CHECK(markdown_cell("`code` *bold* _em_") == "\\`code\\` \\*bold\\* \\_em\\_");
    CHECK(markdown_cell("back\\slash") == "back\\\\slash");
    CHECK(markdown_cell("a\\|b") == "a\\\\\\|b");  // the pipe stays escaped after an escaped backslash
    CHECK(markdown_cell("say \"hi\"") == "say \"hi\"");
    CHECK(markdown_cell("a\x1e"
                        "b\tc") == "a b\tc");  // control characters are spaces, tabs stay
    CHECK(markdown_cell("抑郁 (adhering) #2") == "抑郁 (adhering) #2");
}

TEST_CASE("markdown_code: a code span that stays in its cell", "[core][text][escape]") {
    CHECK(markdown_code("design.type") == "`design.type`");
    CHECK(markdown_code("rob2/answer-missing") == "`rob2/answer-missing`");
    CHECK(markdown_code("a | b") == "`a \\| b`");
    CHECK(markdown_code("a & <b>") == "`a & <b>`");  // literal inside code
    CHECK(markdown_code("two\nlines") == "`two lines`");
    CHECK(markdown_code("a`b") == "``a`b``");
    CHECK(markdown_code("`x`") == "`` `x` ``");
    CHECK(markdown_code("a\\|b") == "a\\\\\\|b");  // no code span can hold it: escaped text instead
    CHECK(markdown_code("").empty());
}

TEST_CASE("markdown_row joins escaped cells", "[core][text][escape]") {
    CHECK(markdown_row({"a", markdown_cell("b|c")}) == "| a | b\\|c |\n");
    CHECK(markdown_row({}) == "|\n");
}

TEST_CASE("csv_field quotes as RFC 4180", "[core][text][escape]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("cr\r") == "\"cr\r\"");
    CHECK(csv_field(" edge") == "\" edge\"");
    CHECK(csv_field("a & b < c | d [e]") == "a & b < c | d [e]");  // nothing else is special
    CHECK(csv_field("").empty());
    CHECK(csv_line({"a", "b,c", ""}) == "a,\"b,c\",\n");
}

TEST_CASE("json_string escapes quotes, backslashes and control characters", "[core][text][escape]") {
    CHECK(json_string("plain") == "\"plain\"");
    CHECK(json_string("say \"hi\"") == "\"say \\\"hi\\\"\"");
    CHECK(json_string("back\\slash") == "\"back\\\\slash\"");
    CHECK(json_string("two\nlines\ttab\r") == "\"two\\nlines\\ttab\\r\"");
    CHECK(json_string(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
    CHECK(json_string("\x1f") == "\"\\u001f\"");
    CHECK(json_string("a & b < c | d [e] </script>") == "\"a & b < c | d [e] </script>\"");
    CHECK(json_string("抑郁") == "\"抑郁\"");
    std::string out = "x";
    append_json_string(out, "y");
    CHECK(out == "x\"y\"");
}

TEST_CASE("append_toml_string: a TOML basic string", "[core][text][escape]") {
    std::string out;
    append_toml_string(out, "say \"hi\"\\\n\t\x7f\x01 抑郁");
    CHECK(out == "\"say \\\"hi\\\"\\\\\\n\\t\\u007F\\u0001 抑郁\"");
}

TEST_CASE("CSV cells a spreadsheet would run as formulas are neutralised, numbers keep their sign",
          "[core][text][escape]") {
    using appraise::csv_field;
    CHECK(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_field("+1+cmd|' /C calc'!A0") == "'+1+cmd|' /C calc'!A0");
    CHECK(csv_field("-2+3") == "'-2+3");
    CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_field("\tx") == "'\tx");
    CHECK(csv_field("\rx") == "\"'\rx\"");
    CHECK(csv_field("-0.5") == "-0.5");
    CHECK(csv_field("+3") == "+3");
    CHECK(csv_field("-") == "'-");
    CHECK(csv_field("a=b") == "a=b");
}

TEST_CASE("terminal text shows control characters, C1 controls and broken UTF-8 escaped", "[core][text][escape]") {
    using appraise::terminal_text;
    CHECK(terminal_text("plain \u00e9\u4e2d") == "plain \u00e9\u4e2d");
    CHECK(terminal_text("red\x1b[31m") == "red\\x1b[31m");
    CHECK(terminal_text("a\nb.toml:1:1: error: forged") == "a\\x0ab.toml:1:1: error: forged");
    CHECK(terminal_text("\x7f") == "\\x7f");
    CHECK(terminal_text("\xc2\x9b"
                        "2J") == "\\u009b2J");
    CHECK(terminal_text("bad \xff\xfe name") == "bad \\xff\\xfe name");
    CHECK(terminal_text("cut \xe4\xb8") == "cut \\xe4\\xb8");
}

TEST_CASE("terminal text: a special byte at every place of the eight-byte scan", "[core][text][escape]") {
    // terminal_text copies printable ASCII eight bytes at a time; each special
    // byte or sequence is put at every offset of texts up to 20 bytes long, and
    // the result compared with what it must be written out by hand.
    struct special {
        std::string in;
        std::string out;
    };
    const std::vector<special> specials = {{"\x1b", "\\x1b"},      {"\n", "\\x0a"},     {"\x7f", "\\x7f"},
                                           {"\x1f", "\\x1f"},      {"\xc3\xa9", "\xc3\xa9"}, {"\xe4\xb8\xad", "\xe4\xb8\xad"},
                                           {"\xc2\x85", "\\u0085"}, {"\xff", "\\xff"},   {"~", "~"},
                                           {" ", " "}};
    for (const auto& [in, out] : specials)
        for (std::size_t length = 0; length <= 20; ++length)
            for (std::size_t at = 0; at <= length; ++at) {
                const std::string before(at, 'a');
                const std::string after(length - at, 'z');
                INFO("special " << out << " after " << at << " bytes, " << length - at << " after it");
                CHECK(terminal_text(before + in + after) == before + out + after);
            }
}
