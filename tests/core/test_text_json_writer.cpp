// The streaming JSON writer (core/text/json_text_writer.hpp) and its
// escaper: literal keys in both layouts, the buffer that reaches the string
// after each top-level value, and every string escaped as JSON requires,
// checked against a byte-by-byte oracle and against nlohmann's dump.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "appraise/text/escape.hpp"
#include "appraise/text/json_text_writer.hpp"

using namespace appraise;
using ordered = nlohmann::ordered_json;

namespace {

// RFC 8259 string escaping, one byte at a time, as the writer must do it:
// the short forms where JSON has them, \u00xx (lower case) for the other
// control characters, every other byte (DEL, UTF-8) as it is.
std::string oracle_string(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (b < 0x20) {
                    out += "\\u00";
                    out += hex[b >> 4];
                    out += hex[b & 0xF];
                } else {
                    out += c;
                }
        }
    }
    return out + '"';
}

std::string compact_value(std::string_view text) {
    std::string out;
    json_text_writer writer(out, 0, json_text_writer::layout::compact);
    writer.value(text);
    return out;
}

}  // namespace

TEST_CASE("json_text_writer: literal keys write what escaped keys write, in both layouts", "[core][text][json]") {
    const auto document = [](json_text_writer::layout style, bool literal) {
        std::string out;
        json_text_writer w(out, 0, style);
        w.begin_object();
        if (literal)
            w.key("id").value("a").key("rubric_version").value(std::int64_t{2}).key("answers").begin_array();
        else
            w.key(std::string_view("id"))
                .value("a")
                .key(std::string_view("rubric_version"))
                .value(std::int64_t{2})
                .key(std::string_view("answers"))
                .begin_array();
        w.begin_object().field("value", "yes").end_object().end_array();
        w.plain_key("overall").null().end_object();
        return out;
    };
    const std::string compact = R"({"id":"a","rubric_version":2,"answers":[{"value":"yes"}],"overall":null})";
    const std::string pretty =
        "{\n  \"id\": \"a\",\n  \"rubric_version\": 2,\n  \"answers\": [\n    {\n      \"value\": \"yes\"\n    }\n"
        "  ],\n  \"overall\": null\n}";
    CHECK(document(json_text_writer::layout::compact, true) == compact);
    CHECK(document(json_text_writer::layout::compact, false) == compact);
    CHECK(document(json_text_writer::layout::pretty, true) == pretty);
    CHECK(document(json_text_writer::layout::pretty, false) == pretty);
}

TEST_CASE("json_text_writer: a char buffer given as a key is read up to its end and escaped", "[core][text][json]") {
    char name[16] = "a\"b";  // NOLINT: the array form on purpose
    std::string out;
    json_text_writer w(out, 0, json_text_writer::layout::compact);
    w.begin_object().key(name).value(true).end_object();
    CHECK(out == R"({"a\"b":true})");
}

TEST_CASE("json_text_writer: numbers, booleans, null and the indent", "[core][text][json]") {
    std::string out;
    json_text_writer w(out, 4);
    w.begin_array()
        .value(std::numeric_limits<std::int64_t>::min())
        .value(std::numeric_limits<std::int64_t>::max())
        .value(0)
        .value(std::size_t{42})
        .value(false)
        .null()
        .begin_object()
        .end_object()
        .end_array();
    CHECK(out ==
          "[\n      -9223372036854775808,\n      9223372036854775807,\n      0,\n      42,\n      false,\n      null,\n"
          "      {}\n    ]");
}

TEST_CASE("json_text_writer: the string holds each top-level value once it is closed", "[core][text][json]") {
    std::string out = "head ";
    json_text_writer w(out, 0, json_text_writer::layout::compact);
    w.begin_array();
    for (int i = 0; i < 500; ++i) w.value("twelve bytes");  // past the buffer several times
    w.end_array();
    const std::size_t size = out.size();
    CHECK(size == 5 + 2 + 500 * 14 + 499);
    out += ' ';  // the caller writes between values
    w.value(std::int64_t{7});
    CHECK(out.substr(size) == " 7");
    CHECK(out.substr(0, 21) == "head [\"twelve bytes\",");
}

TEST_CASE("json escaping: a special byte at every position of every length", "[core][text][json][escape]") {
    // The escaper reads 16, 8 and fewer bytes at a time: put each kind of
    // byte at each offset of strings from 0 to 70 bytes, with a neighbour a
    // borrow in a word-wide test could mistake (a space or '!' after a control).
    const std::vector<std::string> specials = {
        "\"",    "\\",   std::string(1, '\0'), "\x01", "\x1f", "\n", "\t", "\x1f ",
        "\x01!", "\x7f", "\xc3\xa9",           "\xff", " "};
    for (std::size_t size = 0; size <= 70; ++size) {
        for (std::size_t at = 0; at <= size; ++at) {
            for (const auto& special : specials) {
                std::string text(size, 'x');
                for (std::size_t k = 0; k < size; ++k) text[k] = static_cast<char>('a' + (k % 26));
                text.insert(at, special);
                INFO("size " << size << " at " << at << " special " << static_cast<int>(special[0]));
                const std::string expected = oracle_string(text);
                REQUIRE(json_string(text) == expected);
                REQUIRE(compact_value(text) == expected);
                REQUIRE(json_needs_escaping(text) == (expected.size() != text.size() + 2));
                // Two specials: the escaper goes on after the first.
                std::string twice = text;
                twice.insert(size / 2 + special.size() <= twice.size() ? size / 2 : 0, "\"\n");
                REQUIRE(compact_value(twice) == oracle_string(twice));
            }
        }
    }
}

TEST_CASE("json escaping: long strings past the writer's buffer", "[core][text][json][escape]") {
    std::mt19937 random(17);  // fixed seed: the same strings on every run
    // 14 bytes and a NUL (the literal's own terminator is not read), then a 2-byte letter.
    const std::string alphabet = std::string("abc def\"\\\n\t\x01\x1f\x7f\0", 15) + "\xc3\xa9";
    for (const std::size_t size : {511U, 512U, 513U, 1023U, 1024U, 1025U, 5000U}) {
        std::string plain(size, 'p');
        CHECK(compact_value(plain) == oracle_string(plain));
        std::string mixed;
        while (mixed.size() < size) mixed += alphabet[random() % alphabet.size()];
        INFO("size " << size);
        CHECK(compact_value(mixed) == oracle_string(mixed));
        CHECK(json_string(mixed) == oracle_string(mixed));
    }
}

TEST_CASE("json_text_writer: random documents as nlohmann dumps them", "[core][text][json]") {
    // The same document built as an nlohmann value: its dump() and dump(2)
    // are the layouts the writer follows, its escaping an independent one.
    std::mt19937 random(2026);  // fixed seed: the same documents on every run
    const std::vector<std::string> pieces = {"a",    "id",           " ", "\"",   "\\", "\n",
                                             "\x01", "\xe6\x8a\x91", "/", "\x7f", "0"};
    const auto text = [&] {
        std::string s;
        for (auto n = random() % 40; n > 0; --n) s += pieces[random() % pieces.size()];
        return s;
    };
    for (int round = 0; round < 200; ++round) {
        for (const auto style : {json_text_writer::layout::compact, json_text_writer::layout::pretty}) {
            std::string out;
            ordered expected;
            {
                json_text_writer w(out, 0, style);
                const auto fill = [&](auto& self, ordered& node, int depth) -> void {
                    const bool object = random() % 2 == 0;
                    node = object ? ordered::object() : ordered::array();
                    object ? w.begin_object() : w.begin_array();
                    for (auto n = random() % 6; n > 0; --n) {
                        ordered item;                                         // null unless set
                        const std::string name = std::to_string(n) + text();  // unique in its object
                        if (object) w.key(name);
                        switch (random() % 5) {
                            case 0:
                                item = text();
                                w.value(item.get<std::string>());
                                break;
                            case 1:
                                item = static_cast<std::int64_t>(random()) - 1'000'000;
                                w.value(item.get<std::int64_t>());
                                break;
                            case 2:
                                item = random() % 2 == 0;
                                w.value(item.get<bool>());
                                break;
                            case 3:
                                w.null();
                                break;
                            default:
                                if (depth < 4)
                                    self(self, item, depth + 1);
                                else
                                    w.null();
                        }
                        if (object)
                            node[name] = item;
                        else
                            node.push_back(item);
                    }
                    object ? w.end_object() : w.end_array();
                };
                fill(fill, expected, 0);
            }
            INFO(out);
            REQUIRE(out == (style == json_text_writer::layout::compact ? expected.dump() : expected.dump(2)));
        }
    }
}
