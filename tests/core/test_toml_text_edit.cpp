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
    // A new table inside an element is written at the end of that element,
    // where its header names it (not at the end of the text, in the last).
    CHECK(edited(many, {{{"study", "[0]", "sample", "enrolled"}, "10"}}) ==
          replaced(many, "type = \"rct\"\n", "type = \"rct\"\n\n[study.sample]\nenrolled = 10\n"));
    // A table under an element that is not there is refused.
    const auto refused = edit_toml_text(many, {{{"study", "[5]", "sample", "enrolled"}, "10"}}, "x.toml");
    CHECK_FALSE(refused.text);
    REQUIRE(refused.problems.size() == 1);
    CHECK(refused.problems[0].code == "serve/edit-refused");
    // Past the end (the next index, [2], would append an element).
    CHECK_FALSE(edit_toml_text(many, {{{"study", "[3]", "year"}, "1"}}, "x.toml").text);
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

namespace {

const std::string results = R"(id = "z-2019"

# RoB 2, one table per result.
[[appraisal.rob2]]
outcome = "depression"   # the first result
effect = "assignment"
"1.1" = "Y"

[[appraisal.rob2]]
outcome = "loneliness"
effect = "assignment"
"1.1" = "Y"

[appraisal.rob2.support]
d1 = "computer-generated"

# Who coded it.
[coding]
coder = "MW"
)";

}  // namespace

TEST_CASE("a key inside the second element of an array of tables keeps the first element's bytes", "[toml-edit]") {
    const std::string first = results.substr(0, results.find("[[appraisal.rob2]]\noutcome = \"loneliness\""));
    const std::string changed = edited(results, {{{"appraisal", "rob2", "[1]", "1.1"}, "\"PN\""}});
    CHECK(changed.compare(0, first.size(), first) == 0);
    CHECK(changed == replaced(results, "effect = \"assignment\"\n\"1.1\" = \"Y\"\n\n[appraisal.rob2.support]",
                              "effect = \"assignment\"\n\"1.1\" = \"PN\"\n\n[appraisal.rob2.support]"));
    // A new key of element 2 goes after its last key, before its sub-table.
    const std::string added = edited(results, {{{"appraisal", "rob2", "[1]", "1.2"}, "\"Y\""}});
    CHECK(added.compare(0, first.size(), first) == 0);
    CHECK(added == replaced(results, "\"1.1\" = \"Y\"\n\n[appraisal.rob2.support]",
                            "\"1.1\" = \"Y\"\n\"1.2\" = \"Y\"\n\n[appraisal.rob2.support]"));
    // And in element 1, element 2 is left as it was.
    CHECK(edited(results, {{{"appraisal", "rob2", "[0]", "effect"}, "\"adhering\""}}) ==
          replaced(results, "effect = \"assignment\"\n\"1.1\" = \"Y\"\n\n[[appraisal.rob2]]",
                   "effect = \"adhering\"\n\"1.1\" = \"Y\"\n\n[[appraisal.rob2]]"));
}

TEST_CASE("a new element of an array of tables is written after the last element and its sub-tables", "[toml-edit]") {
    const std::string appended = edited(results, {{{"appraisal", "rob2", "[2]", "outcome"}, "\"anxiety\""},
                                                  {{"appraisal", "rob2", "[2]", "effect"}, "\"adhering\""},
                                                  {{"appraisal", "rob2", "[2]", "1.1"}, "\"PY\""}});
    CHECK(appended == replaced(results, "d1 = \"computer-generated\"\n",
                               "d1 = \"computer-generated\"\n\n[[appraisal.rob2]]\noutcome = \"anxiety\"\neffect = "
                               "\"adhering\"\n\"1.1\" = \"PY\"\n"));
    const auto document = parse_toml(appended, "x.toml");
    REQUIRE(document.root);
    // Element 2 keeps its sub-table; the new one has none.
    const auto* rob2 = document.root->find("appraisal.rob2");
    REQUIRE(rob2 != nullptr);
    REQUIRE(rob2->items.size() == 3);
    CHECK(rob2->items[1].get("support") != nullptr);
    CHECK(rob2->items[2].get("support") == nullptr);
    CHECK(rob2->items[2].get("outcome")->text == "anxiety");
    // Only the next index appends; a removal of a key of an element not there changes nothing.
    CHECK_FALSE(edit_toml_text(results, {{{"appraisal", "rob2", "[3]", "outcome"}, "\"x\""}}, "x.toml").text);
    CHECK(edited(results, {{{"appraisal", "rob2", "[2]", "outcome"}, std::nullopt}}) == results);
    // A new element's key must be its own, not a sub-table's.
    const auto deep = edit_toml_text(results, {{{"appraisal", "rob2", "[2]", "support", "d1"}, "\"x\""}}, "x.toml");
    CHECK_FALSE(deep.text);
    REQUIRE(deep.problems.size() == 1);
    CHECK(deep.problems[0].code == "serve/edit-refused");

    // Inside a [[study]] element that is not the last: the new element stays in that study.
    const std::string many =
        "[[study]]\nid = \"a\"\n\n[[study.appraisal.rob2]]\noutcome = \"x\"\n\n[study.design]\ntype = \"rct\"\n\n"
        "[[study]]\nid = \"b\"\n";
    const std::string grown = edited(many, {{{"study", "[0]", "appraisal", "rob2", "[1]", "outcome"}, "\"y\""}});
    CHECK(grown ==
          replaced(many, "outcome = \"x\"\n", "outcome = \"x\"\n\n[[study.appraisal.rob2]]\noutcome = \"y\"\n"));
    const auto studies = parse_toml(grown, "x.toml");
    REQUIRE(studies.root);
    CHECK(studies.root->find("study")->items[0].find("appraisal.rob2")->items.size() == 2);
    CHECK(studies.root->find("study")->items[1].find("appraisal") == nullptr);
}

TEST_CASE("one table given a second element becomes an array of tables, its header's brackets doubled", "[toml-edit]") {
    const std::string single =
        "id = \"y-2020\"\n\n[appraisal.rob2]   # one result so far\neffect = "
        "\"assignment\"\n\"1.1\" = \"Y\"\n\n[appraisal.rob2.support]\nd1 = \"random\"\n\n"
        "# The coder.\n[coding]\ncoder = \"MW\"\n";
    const std::string two = edited(single, {{{"appraisal", "rob2", "[1]", "outcome"}, "\"anxiety\""},
                                            {{"appraisal", "rob2", "[1]", "effect"}, "\"assignment\""},
                                            {{"appraisal", "rob2", "[0]", "outcome"}, "\"depression\""}});
    CHECK(two ==
          "id = \"y-2020\"\n\n[[appraisal.rob2]]   # one result so far\neffect = \"assignment\"\n\"1.1\" = "
          "\"Y\"\noutcome = \"depression\"\n\n[appraisal.rob2.support]\nd1 = \"random\"\n\n[[appraisal.rob2]]\n"
          "outcome = \"anxiety\"\neffect = \"assignment\"\n\n# The coder.\n[coding]\ncoder = \"MW\"\n");
    const auto document = parse_toml(two, "x.toml");
    REQUIRE(document.root);
    const auto* rob2 = document.root->find("appraisal.rob2");
    REQUIRE(rob2 != nullptr);
    REQUIRE(rob2->items.size() == 2);
    CHECK(rob2->items[0].get("support") != nullptr);
    // The single table is element [0] too.
    CHECK(edited(single, {{{"appraisal", "rob2", "[0]", "1.1"}, "\"N\""}}) == replaced(single, "= \"Y\"", "= \"N\""));

    // Refused where doubling the brackets would change more: a table only implied by its sub-table,
    // one written as dotted keys, one whose sub-table comes first, an inline one.
    for (const char* text : {"[appraisal.rob2.support]\nd1 = \"x\"\n", "[appraisal]\nrob2.effect = \"assignment\"\n",
                             "[appraisal.rob2.support]\nd1 = \"x\"\n\n[appraisal.rob2]\neffect = \"assignment\"\n",
                             "[appraisal]\nrob2 = { effect = \"assignment\" }\n"}) {
        INFO(text);
        const auto refused = edit_toml_text(text, {{{"appraisal", "rob2", "[1]", "outcome"}, "\"x\""}}, "x.toml");
        CHECK_FALSE(refused.text);
        REQUIRE(refused.problems.size() == 1);
        CHECK(refused.problems[0].code == "serve/edit-refused");
    }
    CHECK_FALSE(edit_toml_text(single, {{{"appraisal", "rob2", "[2]", "outcome"}, "\"x\""}}, "x.toml").text);
}

TEST_CASE("the first element of a new array of tables (outcomes) is written at the end of its parent", "[toml-edit]") {
    CHECK(edited(study,
                 {{{"outcomes", "[0]", "id"}, "\"loneliness\""}, {{"outcomes", "[0]", "name"}, "\"Loneliness\""}}) ==
          study + "\n[[outcomes]]\nid = \"loneliness\"\nname = \"Loneliness\"\n");
    // One more goes after it.
    const std::string one = study + "\n[[outcomes]]\nid = \"loneliness\"\n";
    CHECK(edited(one, {{{"outcomes", "[1]", "id"}, "\"depression\""}}) ==
          one + "\n[[outcomes]]\nid = \"depression\"\n");
    // Inside a [[study]] element that is not the last: at the end of that element.
    const std::string many = "[[study]]\nid = \"a\"\n\n[study.design]\ntype = \"rct\"\n\n[[study]]\nid = \"b\"\n";
    const std::string text = edited(many, {{{"study", "[0]", "outcomes", "[0]", "id"}, "\"x\""}});
    CHECK(text == replaced(many, "type = \"rct\"\n", "type = \"rct\"\n\n[[study.outcomes]]\nid = \"x\"\n"));
    const auto document = parse_toml(text, "x.toml");
    REQUIRE(document.root);
    CHECK(document.root->find("study")->items[0].find("outcomes") != nullptr);
    CHECK(document.root->find("study")->items[1].find("outcomes") == nullptr);
}

TEST_CASE("a new sub-table of an element of an array of tables is written at the end of that element", "[toml-edit]") {
    // A second result's direction or override: [appraisal.rob2.direction]
    // names the element last written, so it goes right after element [0]'s
    // lines for [0], and at the end of the text for the last element.
    const std::string two =
        "id = \"y-2020\"\n\n[[appraisal.rob2]]\noutcome = \"depression\"\n\"1.1\" = \"Y\"\n\n"
        "[[appraisal.rob2]]  # the second result\noutcome = \"anxiety\"\n\"1.1\" = \"N\"\n";
    const std::string first =
        edited(two, {{{"appraisal", "rob2", "[0]", "direction", "d1"}, "\"favours-comparator\""}});
    CHECK(first ==
          "id = \"y-2020\"\n\n[[appraisal.rob2]]\noutcome = \"depression\"\n\"1.1\" = \"Y\"\n\n"
          "[appraisal.rob2.direction]\nd1 = \"favours-comparator\"\n\n"
          "[[appraisal.rob2]]  # the second result\noutcome = \"anxiety\"\n\"1.1\" = \"N\"\n");
    const std::string second = edited(two, {{{"appraisal", "rob2", "[1]", "override", "d1"}, "\"high\""},
                                            {{"appraisal", "rob2", "[1]", "override", "reason"}, "\"see notes\""}});
    CHECK(second == two + "\n[appraisal.rob2.override]\nd1 = \"high\"\nreason = \"see notes\"\n");
    for (const auto& text : {first, second}) {
        const auto document = parse_toml(text, "x.toml");
        REQUIRE(document.root);
        const auto* rob2 = document.root->find("appraisal.rob2");
        REQUIRE(rob2 != nullptr);
        REQUIRE(rob2->items.size() == 2);
    }
    const auto parsed = parse_toml(second, "x.toml");
    CHECK(parsed.root->find("appraisal.rob2")->items[1].get("override") != nullptr);
    CHECK(parsed.root->find("appraisal.rob2")->items[0].get("override") == nullptr);

    // Inside a [[study]] element: the header keeps the study's prefix and
    // lands in that study, not the next.
    const std::string many =
        "[[study]]\nid = \"a\"\n[[study.appraisal.rob2]]\noutcome = \"x\"\n\n[[study]]\nid = \"b\"\n";
    const std::string in_study =
        edited(many, {{{"study", "[0]", "appraisal", "rob2", "[0]", "override", "d1"}, "\"low\""}});
    CHECK(in_study ==
          "[[study]]\nid = \"a\"\n[[study.appraisal.rob2]]\noutcome = \"x\"\n\n[study.appraisal.rob2.override]\n"
          "d1 = \"low\"\n\n[[study]]\nid = \"b\"\n");
}
