// edit_toml_text: the edits `appraise serve` makes to a study's text, key by
// key, keeping every comment, blank line and untouched value byte for byte.
#include <catch2/catch.hpp>

#include "appraise/input/toml_reader.hpp"
#include "appraise/input/toml_text_edit.hpp"

using namespace appraise;

namespace {

const std::string study = R"(# A study with comments everywhere.
id = "x-2020"   # its id
year = 2020

# The design, as reported.
[design]
type = "rct"  # stated in the abstract
comparator = { value = "usual-care", support = "controls had the usual lessons", at = "p. 2" }
arms = [
  58,
  55,
]

# Comment before the sample.
[sample]
population = "Kinder in Köln, ünd so"  # non-ASCII before the value
enrolled = 113

[appraisal.rob2.support]
d1 = "not described"
)";

std::string edited(const std::string& text, const std::vector<toml_edit>& edits) {
    const auto result = edit_toml_text(text, edits, "x.toml");
    std::string why;
    for (const auto& p : result.problems) why += p.message + "\n";
    INFO(why);
    REQUIRE(result.text);
    return *result.text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a changed value is replaced where it is written, its comment kept", "[toml-edit]") {
    CHECK(edited(study, {{{"design", "type"}, "\"cluster-rct\""}}) ==
          replaced(study, "type = \"rct\"  #", "type = \"cluster-rct\"  #"));
    CHECK(edited(study, {{{"year"}, "2021"}}) == replaced(study, "year = 2020", "year = 2021"));
    // After a non-ASCII string on the line before: columns count characters, not bytes.
    CHECK(edited(study, {{{"sample", "population"}, "\"Kinder\""}}) ==
          replaced(study, "\"Kinder in Köln, ünd so\"", "\"Kinder\""));
    // A wrapper and a multi-line array are replaced whole.
    CHECK(edited(study, {{{"design", "comparator"}, "\"waitlist\""}}) ==
          replaced(study, "{ value = \"usual-care\", support = \"controls had the usual lessons\", at = \"p. 2\" }",
                   "\"waitlist\""));
    CHECK(edited(study, {{{"design", "arms"}, "[60, 53]"}}) == replaced(study, "[\n  58,\n  55,\n]", "[60, 53]"));
}

TEST_CASE("a new key is a line after the last key of its table", "[toml-edit]") {
    CHECK(edited(study, {{{"design", "unit"}, "\"individual\""}}) ==
          replaced(study, "  55,\n]\n", "  55,\n]\nunit = \"individual\"\n"));
    CHECK(edited(study, {{{"country"}, "\"China\""}}) ==
          replaced(study, "year = 2020\n", "year = 2020\ncountry = \"China\"\n"));
    CHECK(edited(study, {{{"appraisal", "rob2", "support", "d2"}, "\"x\""}}) ==
          replaced(study, "d1 = \"not described\"\n", "d1 = \"not described\"\nd2 = \"x\"\n"));
}

TEST_CASE("a key of a table not written adds the table at the end", "[toml-edit]") {
    CHECK(edited(study, {{{"followup", "weeks_after"}, "8"}}) == study + "\n[followup]\nweeks_after = 8\n");
    // [appraisal.rob2] is only implied by [appraisal.rob2.support]: its own header is added.
    const std::string text = edited(study, {{{"appraisal", "rob2", "1.1"}, "\"Y\""}});
    CHECK(text == study + "\n[appraisal.rob2]\n\"1.1\" = \"Y\"\n");
    CHECK(parse_toml(text, "x.toml").root);
}

TEST_CASE("a removed key loses its lines and nothing else", "[toml-edit]") {
    CHECK(edited(study, {{{"sample", "enrolled"}, std::nullopt}}) == replaced(study, "enrolled = 113\n", ""));
    CHECK(edited(study, {{{"design", "arms"}, std::nullopt}}) == replaced(study, "arms = [\n  58,\n  55,\n]\n", ""));
    CHECK(edited(study, {{{"id"}, std::nullopt}}) == replaced(study, "id = \"x-2020\"   # its id\n", ""));
    CHECK(edited(study, {{{"sample", "absent"}, std::nullopt}}) == study);
}

TEST_CASE("the elements of an array of tables are edited by index", "[toml-edit]") {
    const std::string many = "[[study]]\nid = \"a\"\n\n[study.design]\ntype = \"rct\"\n\n[[study]]\nid = \"b\"\n";
    CHECK(edited(many, {{{"study", "[1]", "year"}, "2019"}}) ==
          "[[study]]\nid = \"a\"\n\n[study.design]\ntype = \"rct\"\n\n[[study]]\nid = \"b\"\nyear = 2019\n");
    CHECK(edited(many, {{{"study", "[0]", "design", "type"}, "\"cluster-rct\""}}) ==
          replaced(many, "\"rct\"", "\"cluster-rct\""));
    CHECK(edited(many, {{{"study", "[0]", "year"}, "2018"}}) ==
          replaced(many, "id = \"a\"\n", "id = \"a\"\nyear = 2018\n"));
    // A new table inside an element would land in the last element: refused.
    const auto refused = edit_toml_text(many, {{{"study", "[0]", "sample", "enrolled"}, "10"}}, "x.toml");
    CHECK_FALSE(refused.text);
    REQUIRE(refused.problems.size() == 1);
    CHECK(refused.problems[0].code == "serve/edit-refused");
    CHECK_FALSE(edit_toml_text(many, {{{"study", "[2]", "year"}, "1"}}, "x.toml").text);
}

TEST_CASE("an edit that would write more than one value, or break the text, is refused", "[toml-edit]") {
    for (const std::string value : {"1\n[x]", "1 # c", "", "1, b = 2", "\"a\" \"b\"", "{"}) {
        INFO(value);
        CHECK_FALSE(edit_toml_text(study, {{{"year"}, value}}, "x.toml").text);
    }
    CHECK(is_single_toml_value("2026-11-03"));
    CHECK(is_single_toml_value("{ value = true, at = \"p. 1\" }"));
    // A key inside an inline table, a table's own name, a key sharing its line.
    CHECK_FALSE(edit_toml_text(study, {{{"design", "comparator", "at"}, "\"p. 3\""}}, "x.toml").text);
    CHECK_FALSE(edit_toml_text(study, {{{"design"}, "1"}}, "x.toml").text);
    CHECK_FALSE(edit_toml_text("a = 1; b = 2\n", {{{"a"}, std::nullopt}}, "x.toml").text);
    CHECK_FALSE(edit_toml_text("t = { a = 1 }\n", {{{"t", "a"}, std::nullopt}}, "x.toml").text);
    // A text that does not parse gets the reader's diagnostics.
    const auto broken = edit_toml_text("id = \n", {{{"id"}, "\"x\""}}, "x.toml");
    CHECK_FALSE(broken.text);
    REQUIRE_FALSE(broken.problems.empty());
    CHECK(broken.problems[0].code == "coding/syntax-error");
}
