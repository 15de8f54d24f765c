// The study format's fast path (core/input/study_fast_parser) against the
// toml++ reference path: on every TOML file of the repository and on
// handwritten edge cases, the fast path gives the reference tree (keys, order,
// types, values bit for bit, every location, the dates) or says it does not
// handle the input; parse_toml() then gives the reference result either way.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "appraise/input/study_fast_parser.hpp"
#include "appraise/input/toml_reader.hpp"
#include "node_difference.hpp"
#include "test_support.hpp"

using namespace appraise;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> toml_files_under(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string problems_text(const diagnostics& problems) {
    std::string text;
    for (const auto& p : problems)
        text +=
            p.code + " " + std::to_string(p.where.line) + ":" + std::to_string(p.where.column) + " " + p.message + "\n";
    return text;
}

// Whether the fast path handled `text`; when it did, its result equals the
// reference path's. Either way parse_toml() equals the reference.
bool check_against_reference(const std::string& text, const std::string& name) {
    INFO(name);
    const toml_document reference = parse_toml_reference(text, name);
    const toml_document combined = parse_toml(text, name);
    CHECK(problems_text(combined.problems) == problems_text(reference.problems));
    CHECK(combined.root.has_value() == reference.root.has_value());
    if (combined.root && reference.root) CHECK(testing::node_difference(*combined.root, *reference.root).empty());
    CHECK(testing::dates_difference(combined.dates, reference.dates).empty());

    const auto fast = parse_study_fast(text, name);
    if (!fast) return false;
    REQUIRE(reference.root.has_value());
    CHECK(testing::node_difference(fast->root, *reference.root) == "");
    CHECK(testing::dates_difference(fast->dates, reference.dates) == "");
    return true;
}

}  // namespace

TEST_CASE("fast path: every TOML file of the repository gives the toml++ tree or is not handled", "[fast-parser]") {
    const fs::path source(APPRAISE_SOURCE_DIR);
    std::size_t handled = 0;
    std::size_t not_handled = 0;
    for (const char* folder : {"examples", "tests/data", "rubrics", "tests/fuzz/seeds", "tests/fuzz/regressions"}) {
        for (const auto& file : toml_files_under(source / folder)) {
            const bool fast = check_against_reference(read_all(file), fs::relative(file, source).generic_string());
            (fast ? handled : not_handled) += 1;
        }
    }
    // Both paths are exercised: most files take the fast path; the broken
    // codings, rubric files with multi-line strings and the fuzz regressions
    // fall back to toml++.
    CHECK(handled > 150);
    CHECK(not_handled > 10);
}

TEST_CASE("fast path: handles every study file of the example corpora", "[fast-parser]") {
    const fs::path source(APPRAISE_SOURCE_DIR);
    std::size_t files = 0;
    for (const char* folder : {"examples/left-behind-children/studies", "examples/left-behind-children-coder-b/studies",
                               "examples/plugin-sdk/tests/studies", "tests/data/design-weakness"}) {
        for (const auto& file : toml_files_under(source / folder)) {
            INFO(file.string());
            CHECK(parse_study_fast(read_all(file), file.filename().string()).has_value());
            ++files;
        }
    }
    CHECK(files > 100);
}

TEST_CASE("fast path: handwritten cases it handles give the toml++ tree", "[fast-parser]") {
    const std::vector<std::string> handled = {
        "",
        "\n\n# only a comment",
        "a = 1",
        "a = 1\r\nb = 2\r\n",
        "a=1#c\nb = -0\nc = +7\nd = 9223372036854775807\ne = -9223372036854775807\n",
        "f = 1.5\ng = -0.0\nh = 1e5\ni = 1E-5\nj = 6.02e+23\nk = 0.1\nl = 1e05\nm = 0e0\nn = 123456789.123456789123\n",
        "t = true\nf = false\n",
        "s = \"plain\"\nl = 'lit\\eral'\ne = \"tab\\tquote\\\" back\\\\ nl\\n \\b\\f\\r\"\n",
        "u = \"\\u00e9\\u0041\\U0001F600\\u0000x\"\n",
        "x = \"caf\u00e9 \u4e2d\"\ny = '\u00e9'\nz = 1 # \u00e9 comment\n",
        "\"quoted key\" = 1\n'lit key' = 2\n\"\" = 3\n\"a.b\" = 4\n\"\\u00e9\" = 5\n",
        "a.b.c = 1\na.b.d = 2\na . e = 3\n\"q\".'r' = 4\n",
        "zeta = 1\nalpha = 2\nMid = 3\n_x = 4\n-y = 5\n1 = 6\n",
        "[design]\ntype = \"rct\"\n[sample]\nn = 3\n",
        "[a.b.c]\nx = 1\n[a]\ny = 2\n",
        "[a.b]\n[a.c]\n[a]\n",
        "  [ a . b ]  # header comment\n\tx = 1\n",
        "[[study]]\nid = \"a\"\n[study.design]\ntype = \"rct\"\n[[study]]\nid = \"b\"\n[[study.outcomes]]\nn = 1\n"
        "[[study.outcomes]]\nn = 2\n",
        "[[a.b]]\n[[a.b]]\n[a.c]\n",
        "x = [1, 2, 3]\ny = []\nz = [ ]\nw = [1,]\nv = [\n  1, # one\n  2,\n]\n",
        "m = [1, \"a\", true, 1.5, [2, [3]], {k = 1}]\n",
        "o = [{ id = \"a\", n = 1 }, { id = \"b\", n = 2 }]\n",
        "t = { }\nu = {a = 1}\nv = { a.b = 1, a.c = 2, \"q\" = 'x' }\nw = { x = { y = [1] } }\n",
        "d = 2015-09-01\ne = [2020-02-29, 2000-02-29]\nf = { g = 1999-12-31 }\nh = 2015-09-01 # c\n",
        "[x]\nd = 0000-02-29\n[y]\nz = 9999-12-31\t# tab\nw = 1999-01-01 \n",
        "v = { value = \"yes\", support = \"p. 3\" }\n",
    };
    for (std::size_t i = 0; i < handled.size(); ++i) {
        INFO("case " << i << ": " << handled[i]);
        CHECK(check_against_reference(handled[i], "case.toml"));
    }
    // Columns count characters, not bytes.
    const auto fast = parse_study_fast("x = [\"\u00e9\u00e9\", 2]\n", "c.toml");
    REQUIRE(fast);
    CHECK(fast->root.members.at(0).second.items.at(1).where.column == 12);
    CHECK(check_against_reference("x = [\"\u00e9\u00e9\", 2]\n", "c.toml"));
}

TEST_CASE("fast path: what it does not handle falls back to toml++ with the same result", "[fast-parser]") {
    const std::vector<std::string> not_handled = {
        "\xEF\xBB\xBF"
        "a = 1\n",
        "a = \"\"\"multi\nline\"\"\"\n",
        "a = '''multi'''\n",
        "a = 1979-05-27T07:32:00Z\n",
        "a = 1979-05-27 07:32:00\n",
        "a = 1979-05-27 1\n",
        "a = 07:32:00\n",
        "a = 0x1F\nb = 0o7\nc = 0b1\n",
        "a = 1_000\n",
        "a = inf\n",
        "a = -nan\n",
        "a = 1e400\n",
        "a = 1e-400\n",
        "a = 9223372036854775808\n",
        "a = -9223372036854775808\n",
        "a = 1\na = 2\n",
        "[a]\n[a]\n",
        "a.b = 1\n[a]\n",
        "a = {b = 1}\na.c = 2\n",
        "[a]\nb = 1\n[a.b]\n",
        "a = [1 2]\n",
        "a = [,]\n",
        "a = {b = 1,}\n",
        "a = {\nb = 1}\n",
        "a = 01\n",
        "a = .5\n",
        "a = 1.\n",
        "a = \"\\e\"\n",
        "a = \"\\uD800\"\n",
        "a = \"\\x41\"\n",
        "a = \"unterminated\n",
        "a = 1 b = 2\n",
        "a\n",
        "= 1\n",
        "[[a]]\n[a]\n",
        "a = [1]\n[[a]]\n",
        "a = \"x\"\r",
        "a = 1 # \x01 control\n",
        "a = \"\xC3\x28\"\n",
        "\u00e9 = 1\n",
        "[a.b]\n[a]\nb.c = 1\n",
        "a = 2015-02-29\n",
        "a = 2015-13-01\n",
        "x.y = 1\n[x.z]\n",
        "a = truex\n",
        "a = "
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
        "]]]]]]]]]]]]]]]]]]]]]]]]\n",
    };
    for (std::size_t i = 0; i < not_handled.size(); ++i) {
        INFO("case " << i << ": " << not_handled[i]);
        CHECK_FALSE(check_against_reference(not_handled[i], "case.toml"));
    }
    // Falling back keeps every toml++ message.
    const toml_document document = parse_toml("a = 1\na = 2\n", "dup.toml");
    REQUIRE(document.problems.size() == 1);
    CHECK(document.problems[0].code == "coding/syntax-error");
    CHECK(document.problems[0].where.line == 2);
}

TEST_CASE("fast path: the tree comparison sees a moved column, a float's sign and key order", "[fast-parser]") {
    const auto fast = parse_study_fast("[t]\nb = -0.0\nc = 1\n", "c.toml");
    REQUIRE(fast);
    CHECK(testing::node_difference(fast->root, fast->root).empty());
    sdk::node moved = fast->root;
    moved.members.at(0).second.members.at(1).second.where.column += 1;
    CHECK_FALSE(testing::node_difference(fast->root, moved).empty());
    sdk::node positive = fast->root;
    positive.members.at(0).second.members.at(0).second.number = 0.0;
    CHECK_FALSE(testing::node_difference(fast->root, positive).empty());
    sdk::node swapped = fast->root;
    std::swap(swapped.members.at(0).second.members.at(0), swapped.members.at(0).second.members.at(1));
    CHECK_FALSE(testing::node_difference(fast->root, swapped).empty());
}

namespace {

// Every place of the tree, in order.
void collect_places(const sdk::node& n, std::vector<const sdk::source_location*>& places) {
    places.push_back(&n.where);
    for (const auto& [key, value] : n.members) collect_places(value, places);
    for (const auto& item : n.items) collect_places(item, places);
}

}  // namespace

TEST_CASE("both paths name the file once: every value's place shares the one name", "[fast-parser]") {
    // A path past the small-string buffer, which a copy per value would have
    // put on the heap once per value (SDK 9.0).
    const std::string name = "studies/a-folder-name-longer-than-any-small-string-buffer/zhou-2019.toml";
    const std::string handled = "id = \"zhou-2019\"\n[design]\ntype = \"rct\"\narms = [1, 2]\n";
    const std::string not_handled = handled + "note = \"\"\"\nmulti-line\"\"\"\n";  // toml++ only
    REQUIRE(parse_study_fast(handled, name).has_value());
    REQUIRE_FALSE(parse_study_fast(not_handled, name).has_value());
    for (const std::string* text : {&handled, &not_handled}) {
        const sdk::file_name file(name);
        const toml_document document = parse_toml(*text, file);
        REQUIRE(document.root.has_value());
        std::vector<const sdk::source_location*> places;
        collect_places(*document.root, places);
        CHECK(places.size() >= 6);
        for (const sdk::source_location* place : places) {
            CHECK(place->file == name);
            CHECK(place->file.data() == file.data());  // the same bytes, not an equal copy
        }
    }
}

TEST_CASE("a file name is text to read and compare, and shared when copied", "[sdk]") {
    const sdk::file_name none;
    CHECK(none.empty());
    CHECK(none.str().empty());
    CHECK(sdk::file_name("").empty());  // an empty name holds nothing
    const sdk::file_name a("studies/a.toml");
    const sdk::file_name copy = a;  // NOLINT(performance-unnecessary-copy-initialization): the copy is the point
    CHECK(copy.data() == a.data());
    const sdk::file_name equal(std::string("studies/a.toml"));
    CHECK(equal.data() != a.data());
    CHECK(equal == a);  // equal text is equal, shared or not
    CHECK(a == "studies/a.toml");
    CHECK(a == std::string_view("studies/a.toml"));
    CHECK_FALSE(a == sdk::file_name("studies/b.toml"));
    CHECK(a < sdk::file_name("studies/b.toml"));
    CHECK(a + ":3" == "studies/a.toml:3");
    CHECK("in " + a == "in studies/a.toml");
    const std::string& text = a;
    CHECK(text == "studies/a.toml");
    CHECK(a.size() == text.size());
}
