// Format 1.1's evidence as the loader reads it: wrappers on facts and on
// answers become plain values with their evidence, in one-study and
// [[study]] files; notes, support and direction leave the appraisal tables;
// every malformed wrapper is a located problem.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "appraise/input/study_loader.hpp"

using namespace appraise;

namespace {

const diagnostic* find_code(const diagnostics& problems, const std::string& code) {
    for (const auto& d : problems)
        if (d.code == code) return &d;
    return nullptr;
}

}  // namespace

TEST_CASE("a wrapped fact reads as the plain value, with its evidence", "[core][loader][evidence]") {
    const loaded_file file = load_study_text(R"(id = "s"
[design]
type = "rct"
allocation = { value = "random", support = "children were randomly divided", at = "p. 820", source = "full-text" }
[sample]
arms = { value = [64, 60], at = "Table 1" }
)",
                                             "s.toml");
    REQUIRE(file.studies.size() == 1);
    const loaded_study& s = file.studies[0];
    INFO((s.problems.empty() ? "" : s.problems[0].message));
    CHECK(s.problems.empty());
    const sdk::node* allocation = s.study.find("design.allocation");
    REQUIRE(allocation != nullptr);
    CHECK(allocation->type == sdk::node::kind::string);
    CHECK(allocation->text == "random");
    CHECK(allocation->evidence->support == "children were randomly divided");
    CHECK(allocation->evidence->at == "p. 820");
    CHECK(allocation->evidence->source == "full-text");
    CHECK(allocation->where.line == 4);  // the value's own place, for findings
    const sdk::node* arms = s.study.find("sample.arms");
    REQUIRE(arms != nullptr);
    CHECK(arms->type == sdk::node::kind::array);
    CHECK(arms->items.size() == 2);
    CHECK(arms->evidence->at == "Table 1");
    // A plain value holds none (SDK 10.0): it reads the one shared empty evidence.
    const sdk::node* type = s.study.find("design.type");
    REQUIRE(type != nullptr);
    CHECK(type->evidence.empty());
    CHECK(&*type->evidence == &*sdk::evidence_box{});
    CHECK(&*allocation->evidence != &*sdk::evidence_box{});
}

TEST_CASE("evidence is held out of line: none until written, copied deep, read as empty when none", "[sdk][evidence]") {
    const sdk::evidence_box none;
    CHECK(none.empty());
    CHECK(none->support.empty());
    CHECK(none->where.line == 0);
    const sdk::evidence_box nothing_written = sdk::value_evidence{};
    CHECK(&*nothing_written == &*none);  // a default value_evidence is held as none

    // A wrapper with only a place (`{ value = 3 }`) keeps the place.
    sdk::value_evidence placed;
    placed.where = {"s.toml", 3, 1};
    const sdk::evidence_box place_only = placed;
    CHECK(place_only.empty());  // no text, as value_evidence::empty says
    CHECK(place_only->where.line == 3);
    CHECK(&*place_only != &*none);

    sdk::evidence_box box;
    box.edit().support = "randomly divided";
    CHECK_FALSE(box.empty());
    sdk::evidence_box copy = box;
    CHECK(copy->support == "randomly divided");
    CHECK(&*copy != &*box);  // a copy of its own
    copy.edit().support = "changed";
    CHECK(box->support == "randomly divided");
    const sdk::value_evidence& read = box;  // reads as a value_evidence
    CHECK(read.support == "randomly divided");
    sdk::evidence_box moved = std::move(copy);
    CHECK(moved->support == "changed");
    copy = box;  // a moved-from box can be assigned again
    CHECK(copy->support == "randomly divided");
}

TEST_CASE("a wrapped value is checked exactly as the plain form", "[core][loader][evidence]") {
    const loaded_file file =
        load_study_text("id = \"s\"\n[design]\nallocation = { value = \"randm\", at = \"p. 3\" }\n", "s.toml");
    const diagnostic* wrong = find_code(file.studies.at(0).problems, "coding/not-in-enum");
    REQUIRE(wrong != nullptr);
    CHECK(wrong->where.line == 3);
    CHECK(wrong->message.find("did you mean \"random\"") != std::string::npos);
}

TEST_CASE("wrapped answers in [[study]] files keep their evidence, notes, support and direction leave the table",
          "[core][loader][evidence]") {
    const loaded_file file = load_study_text(R"([[study]]
id = "a"
[study.appraisal.rob2]
effect = "assignment"
notes = "coded from the abstract"
"1.1" = { value = "PN", support = "'randomly divided', no method given", at = "p. 820" }
"1.2" = "NI"
[study.appraisal.rob2.support]
d1 = "no method of sequence generation"
overall = "high in D1"
[study.appraisal.rob2.direction]
overall = "favours-experimental"

[[study]]
id = "b"
)",
                                             "many.toml");
    REQUIRE(file.studies.size() == 2);
    const loaded_study& a = file.studies[0];
    CHECK(a.problems.empty());
    const sdk::node* table = a.study.find("appraisal.rob2");
    REQUIRE(table != nullptr);
    CHECK(table->get("notes") == nullptr);
    CHECK(table->get("support") == nullptr);
    CHECK(table->get("direction") == nullptr);
    const sdk::node* q11 = table->get("1.1");
    REQUIRE(q11 != nullptr);
    CHECK(q11->text == "PN");
    CHECK(q11->evidence->support == "'randomly divided', no method given");
    CHECK(table->get("1.2")->evidence.empty());

    REQUIRE(a.commentary.count("rob2") == 1);
    const appraisal_commentary& c = a.commentary.at("rob2").at(0);
    CHECK(c.notes == "coded from the abstract");
    REQUIRE(c.support.size() == 2);
    CHECK(c.support[0].key == "d1");
    CHECK(c.support[1].text == "high in D1");
    REQUIRE(c.direction.size() == 1);
    CHECK(c.direction[0].text == "favours-experimental");
    CHECK(file.studies[1].commentary.empty());
}

TEST_CASE("an appraisal's weight leaves the table for the host, and a bad weight is located",
          "[core][loader][evidence][grade]") {
    const loaded_file file = load_study_text(R"([[study]]
id = "a"
[[study.appraisal.rob2]]
outcome = "depression"
weight = 18.4
[[study.appraisal.rob2]]
outcome = "anxiety"
weight = { value = 7, source = "forest plot" }

[[study]]
id = "b"
[study.appraisal.rob2]
weight = -1

[[study]]
id = "c"
[study.appraisal.rob2]
weight = "12%"
)",
                                             "many.toml");
    REQUIRE(file.studies.size() == 3);
    const loaded_study& a = file.studies[0];
    CHECK(a.problems.empty());
    const auto& entries = a.commentary.at("rob2");
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].weight == 18.4);
    CHECK(entries[1].weight == 7.0);
    const sdk::node* results = a.study.find("appraisal.rob2");
    REQUIRE(results != nullptr);
    CHECK(results->items.at(0).get("weight") == nullptr);  // never reaches the plugin

    for (std::size_t i : {std::size_t{1}, std::size_t{2}}) {
        const diagnostic* bad = find_code(file.studies[i].problems, "coding/bad-weight");
        REQUIRE(bad != nullptr);
        CHECK(bad->where.line == (i == 1 ? 13 : 18));
        CHECK(bad->where.column == 10);
        CHECK(!file.studies[i].commentary.at("rob2").at(0).weight);
    }
}

TEST_CASE("the [coding] record is checked: a date must be a date", "[core][loader][evidence]") {
    const loaded_file good = load_study_text(
        "id = \"s\"\n[coding]\ncoder = \"MW\"\ndate = 2026-11-03\nsources = [\"abstract\"]\nnotes = \"x\"\n", "s.toml");
    CHECK(good.studies.at(0).problems.empty());
    const loaded_file bad =
        load_study_text("id = \"s\"\n[coding]\ndate = \"2026-13-40\"\nsources = [\"abstrct\"]\n", "s.toml");
    const diagnostics& problems = bad.studies.at(0).problems;
    const diagnostic* date = find_code(problems, "coding/wrong-type");
    REQUIRE(date != nullptr);
    CHECK(date->where.line == 3);
    CHECK(date->message.find("is not a date") != std::string::npos);
    const diagnostic* source = find_code(problems, "coding/not-in-enum");
    REQUIRE(source != nullptr);
    CHECK(source->message.find("did you mean \"abstract\"") != std::string::npos);
}

TEST_CASE("coding.date is a TOML date: a quoted date string is an error", "[core][loader][evidence]") {
    // study-format.md: "date = 2026-11-03  # a TOML date, not a string"; the reader keeps dates as text,
    // so "2026-11-03" and 2026-11-03 read alike: only where a TOML date was written tells them apart.
    const loaded_file quoted = load_study_text("id = \"s\"\n[coding]\ndate = \"2026-11-03\"\n", "s.toml");
    const diagnostic* date = find_code(quoted.studies.at(0).problems, "coding/quoted-date");
    REQUIRE(date != nullptr);
    CHECK(date->level == severity::error);
    CHECK(date->where.file == "s.toml");
    CHECK(date->where.line == 3);
    CHECK(date->where.column == 8);
    CHECK(date->message.find("is a quoted string, not a TOML date") != std::string::npos);
    CHECK(date->hint == "remove the quotes: date = 2026-11-03");
    CHECK_FALSE(quoted.studies.at(0).usable);
    // A literal string is quoted too; a date in an evidence wrapper, or in a [[study]] file, is a date.
    CHECK(find_code(load_study_text("id = \"s\"\n[coding]\ndate = '2026-11-03'\n", "s.toml").studies.at(0).problems,
                    "coding/quoted-date") != nullptr);
    const loaded_file wrapped = load_study_text(
        "id = \"s\"\n[coding]\ndate = { value = 2026-11-03, support = \"the form's stamp\" }\n", "s.toml");
    CHECK(wrapped.studies.at(0).problems.empty());
    const loaded_file many = load_study_text(
        "[[study]]\nid = \"a\"\n[study.coding]\ndate = 2026-11-03\n[[study]]\nid = \"b\"\n[study.coding]\n"
        "date = \"2026-11-04\"\n",
        "m.toml");
    REQUIRE(many.studies.size() == 2u);
    CHECK(many.studies[0].problems.empty());
    CHECK(find_code(many.studies[1].problems, "coding/quoted-date") != nullptr);
    // A date-time is not a date.
    CHECK(find_code(
              load_study_text("id = \"s\"\n[coding]\ndate = 2026-11-03T10:00:00\n", "s.toml").studies.at(0).problems,
              "coding/wrong-type") != nullptr);
}

TEST_CASE("every malformed wrapper is a located problem, and nothing else is lost",
          "[core][loader][evidence][bad-input]") {
    struct bad_case {
        std::string line;
        std::string code;
        severity level;
    };
    const std::vector<bad_case> cases = {
        {"allocation = { support = \"randomly divided\", at = \"p. 2\" }", "coding/wrapper-without-value",
         severity::error},
        {"allocation = { value = { a = 1 }, at = \"p. 2\" }", "coding/wrapper-around-table", severity::error},
        {"allocation = { value = \"random\", support = 3 }", "coding/wrong-type", severity::error},
        {"allocation = { value = \"random\", source = \"ful-text\" }", "coding/not-in-enum", severity::error},
        {"allocation = { value = \"random\", resolved = \"discussion\" }", "coding/resolved-outside-consensus",
         severity::warning},
        {"allocation = { value = \"random\", page = \"p. 2\" }", "coding/unknown-key", severity::warning},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        const loaded_file file = load_study_text("id = \"s\"\n[design]\n" + c.line + "\ntype = \"rct\"\n", "s.toml");
        REQUIRE(file.studies.size() == 1);
        const diagnostic* found = find_code(file.studies[0].problems, c.code);
        REQUIRE(found != nullptr);
        CHECK(found->level == c.level);
        CHECK(found->where.file == "s.toml");
        CHECK(found->where.line == 3);
        CHECK(found->where.column > 0);
        CHECK_THAT(found->message, Catch::Contains("design.allocation"));  // the path, in full
        // The rest of the study is still read.
        CHECK(file.studies[0].study.find("design.type") != nullptr);
    }
    const loaded_file synonym =
        load_study_text("id = \"s\"\n[design]\nallocation = { value = \"random\", page = \"p. 2\" }\n", "s.toml");
    CHECK(find_code(synonym.studies[0].problems, "coding/unknown-key")->message.find("did you mean `at`") !=
          std::string::npos);
    // A wrapper inside an array of tables is named by its dotted path, and the
    // keys after it by theirs (the path is built in one buffer as the walk goes).
    const loaded_file nested = load_study_text(
        "id = \"s\"\n[[outcomes]]\nid = \"o\"\nmeasure = { at = \"p. 2\" }\n"
        "[design]\nallocation = { support = \"x\" }\n",
        "s.toml");
    std::vector<std::string> without_value;
    for (const auto& problem : nested.studies[0].problems)
        if (problem.code == "coding/wrapper-without-value") without_value.push_back(problem.message);
    std::sort(without_value.begin(), without_value.end());
    CHECK(without_value == std::vector<std::string>{"`design.allocation` has support or a place but no `value`",
                                                    "`outcomes.measure` has support or a place but no `value`"});
    load_options consensus;
    consensus.consensus_corpus = true;
    const loaded_file settled = load_study_text(
        "id = \"s\"\n[design]\nallocation = { value = \"random\", resolved = \"discussion\", reason = \"agreed\" }\n",
        "s.toml", consensus);
    CHECK(settled.studies[0].problems.empty());
    CHECK(settled.studies[0].study.find("design.allocation")->evidence->resolved == "discussion");
}

TEST_CASE("[custom] is never unwrapped and a direction off the list is refused", "[core][loader][evidence]") {
    const loaded_file file = load_study_text(R"(id = "s"
[custom]
x = { value = 1, support = "kept as written" }
[appraisal.rob2.direction]
d1 = "favours-control"
)",
                                             "s.toml");
    const loaded_study& s = file.studies.at(0);
    CHECK(s.study.find("custom.x.value") != nullptr);
    const diagnostic* direction = find_code(s.problems, "coding/not-in-enum");
    REQUIRE(direction != nullptr);
    CHECK(direction->where.line == 5);
    CHECK(direction->message.find("favours-") != std::string::npos);
}
