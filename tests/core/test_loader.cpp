// The study loader: TOML text to the study model, every value with its place,
// and every problem of the input as a diagnostic with file, line and column.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>
#include <string_view>

#include "appraise/input/study_loader.hpp"
#include "test_support.hpp"

using namespace appraise;
using kind = sdk::node::kind;
namespace fs = std::filesystem;

namespace {

// The first diagnostic with `code`, or nullptr.
const diagnostic* find_code(const diagnostics& list, std::string_view code) {
    for (const auto& d : list)
        if (d.code == code) return &d;
    return nullptr;
}

std::size_t count_code(const diagnostics& list, std::string_view code) {
    std::size_t n = 0;
    for (const auto& d : list) n += d.code == code ? 1 : 0;
    return n;
}

std::string codes(const diagnostics& list) {
    std::string text;
    for (const auto& d : list) text += d.code + " at " + format_location(d.where) + ": " + d.message + "\n";
    return text;
}

// Loads a one-study text that must parse, and returns its only study.
loaded_study load_one(std::string_view text, const std::string& file = "study.toml") {
    loaded_file loaded = load_study_text(text, file);
    INFO(codes(loaded.problems));
    REQUIRE(loaded.problems.empty());
    REQUIRE(loaded.studies.size() == 1);
    return std::move(loaded.studies.front());
}

// Checks that the study has exactly one problem, with this code, severity and place.
const diagnostic& only_problem(const loaded_study& study, std::string_view code, severity level, int line, int column) {
    INFO(codes(study.problems));
    REQUIRE(study.problems.size() == 1);
    const diagnostic& d = study.problems.front();
    CHECK(d.code == code);
    CHECK(d.level == level);
    CHECK(d.where.file == "study.toml");
    CHECK(d.where.line == line);
    CHECK(d.where.column == column);
    CHECK_FALSE(d.message.empty());
    return d;
}

void check_at(const sdk::source_location& where, const std::string& file, int line, int column) {
    CHECK(where.file == file);
    CHECK(where.line == line);
    CHECK(where.column == column);
}

// A study that uses most of the format. Line numbers matter to the tests below.
constexpr std::string_view full_study = R"toml(id = "lan-2009"
title = "School sport and mental health"
authors = ["Lan, X.", "Wang, Y."]
year = 2009
language = "zh"
country = "CN"
publication = "journal"
source = "Chinese Journal of School Health"
doi = "10.1000/xyz.2009"
tags = ["sport", "education"]

[design]
type = "cluster-rct"
allocation = "random"
allocation_method = "coin toss"
concealment = false
comparator = "usual-care"
unit = "cluster"
clusters = 4
sites = 2
theory = "social cognitive theory"
registered = false
protocol = false

[sample]
population = "secondary school pupils"
age_min = 12
age_max = 15.5
sampling = "whole-population"
representative = "somewhat-likely"
participation = 0.92
enrolled = 240
arms = [121, 119]
power_calculation = false

[baseline]
equivalent = true
confounders_controlled = 0.5

[blinding]
participants = false
assessors = true

[attrition]
analysed = 220
completion = [0.9, 0.93]
reasons_reported = true
analysis = "completers"

[followup]
posttest = true
weeks_after = 12
waves = 3

[[outcomes]]
id = "depression"
instrument = "CES-D"
validated = true
self_report = true
primary = true

[[outcomes]]
id = "anxiety"
name = "trait anxiety"
reliable = true

[intervention]
name = "Sunshine sport"
mode = ["group", "face-to-face"]
sessions = 24
session_minutes = 45
weeks = 12.5
received = 0.95
disciplines = ["teacher", "coach"]
manual = false

[analysis]
unit = "individual"
cluster_adjusted = false
effect_sizes = true

[reporting]
conflicts_declared = true
funding = "provincial education bureau"

[custom]
screening_batch = 3

[appraisal.rob2]
outcome = "depression"
"1.1" = "Y"
)toml";

}  // namespace

// ---------------------------------------------------------------- valid input

TEST_CASE("a full valid study loads usable with zero problems", "[core][loader]") {
    const loaded_study loaded = load_one(full_study);
    INFO(codes(loaded.problems));
    CHECK(loaded.problems.empty());
    CHECK(loaded.usable);

    const sdk::study& s = loaded.study;
    CHECK(s.id == "lan-2009");
    CHECK(s.file == "study.toml");
    check_at(s.id_where, "study.toml", 1, 6);

    SECTION("values of every kind") {
        REQUIRE(s.find("title") != nullptr);
        CHECK(s.find("title")->type == kind::string);
        CHECK(s.find("title")->text == "School sport and mental health");

        const sdk::node* authors = s.find("authors");
        REQUIRE(authors != nullptr);
        REQUIRE(authors->type == kind::array);
        REQUIRE(authors->items.size() == 2);
        CHECK(authors->items[1].text == "Wang, Y.");

        REQUIRE(s.find("year") != nullptr);
        CHECK(s.find("year")->type == kind::integer);
        CHECK(s.find("year")->integer == 2009);
        CHECK(s.find("year")->number == 2009.0);

        CHECK(s.find("design.type")->text == "cluster-rct");
        CHECK(s.find("design.clusters")->integer == 4);
        CHECK(s.find("design.concealment")->type == kind::boolean);
        CHECK(s.find("design.concealment")->boolean == false);
        CHECK(s.find("baseline.equivalent")->boolean == true);

        CHECK(s.find("sample.participation")->type == kind::number);
        CHECK(s.find("sample.participation")->number == Approx(0.92));
        CHECK(s.find("sample.age_min")->is_number());
        CHECK(s.find("sample.age_max")->number == Approx(15.5));
        const sdk::node* arms = s.find("sample.arms");
        REQUIRE(arms != nullptr);
        REQUIRE(arms->items.size() == 2);
        CHECK(arms->items[0].integer == 121);
        CHECK(arms->items[1].integer == 119);

        const sdk::node* completion = s.find("attrition.completion");
        REQUIRE(completion != nullptr);
        REQUIRE(completion->type == kind::array);
        CHECK(completion->items[1].number == Approx(0.93));

        const sdk::node* outcomes = s.find("outcomes");
        REQUIRE(outcomes != nullptr);
        REQUIRE(outcomes->type == kind::array);
        REQUIRE(outcomes->items.size() == 2);
        CHECK(outcomes->items[0].get("id")->text == "depression");
        CHECK(outcomes->items[0].get("instrument")->text == "CES-D");
        CHECK(outcomes->items[1].get("id")->text == "anxiety");
        CHECK(outcomes->items[1].get("instrument") == nullptr);

        const sdk::node* mode = s.find("intervention.mode");
        REQUIRE(mode != nullptr);
        REQUIRE(mode->items.size() == 2);
        CHECK(mode->items[0].text == "group");
        CHECK(mode->items[1].text == "face-to-face");
        CHECK(s.find("intervention.weeks")->number == Approx(12.5));

        // Free tables are kept as written, for rubrics to read.
        CHECK(s.find("custom.screening_batch")->integer == 3);
        CHECK(s.find("appraisal.rob2.outcome")->text == "depression");
        const sdk::node* rob2 = s.find("appraisal.rob2");
        REQUIRE(rob2 != nullptr);
        REQUIRE(rob2->get("1.1") != nullptr);
        CHECK(rob2->get("1.1")->text == "Y");
    }

    SECTION("every value keeps its line and column") {
        check_at(s.find("year")->where, "study.toml", 4, 8);
        check_at(s.find("tags")->items[1].where, "study.toml", 10, 18);
        check_at(s.find("design.allocation")->where, "study.toml", 14, 14);
        check_at(s.find("design.clusters")->where, "study.toml", 19, 12);
        check_at(s.find("sample.participation")->where, "study.toml", 31, 17);
        check_at(s.find("outcomes")->items[1].get("id")->where, "study.toml", 63, 6);
        check_at(s.find("outcomes")->items[1].get("reliable")->where, "study.toml", 65, 12);
        check_at(s.find("appraisal.rob2.outcome")->where, "study.toml", 90, 11);
    }

    SECTION("table headers are recorded") {
        REQUIRE(s.table_headers.count("design") == 1);
        check_at(s.table_headers.at("design"), "study.toml", 12, 1);
        REQUIRE(s.table_headers.count("sample") == 1);
        check_at(s.table_headers.at("sample"), "study.toml", 25, 1);
        // [[outcomes]]: the first element's header.
        REQUIRE(s.table_headers.count("outcomes") == 1);
        check_at(s.table_headers.at("outcomes"), "study.toml", 55, 1);
        REQUIRE(s.table_headers.count("appraisal.rob2") == 1);
        check_at(s.table_headers.at("appraisal.rob2"), "study.toml", 89, 1);
    }
}

TEST_CASE("load_study_file reads a file and names it by its display path", "[core][loader]") {
    const test::temp_dir dir;
    const fs::path file = dir.write("studies/lan-2009.toml", std::string(full_study));
    const loaded_file loaded = load_study_file(file, "studies/lan-2009.toml");
    CHECK(loaded.path == "studies/lan-2009.toml");
    INFO(codes(loaded.problems));
    CHECK(loaded.problems.empty());
    REQUIRE(loaded.studies.size() == 1);
    CHECK(loaded.studies[0].usable);
    CHECK(loaded.studies[0].problems.empty());
    CHECK(loaded.studies[0].study.file == "studies/lan-2009.toml");
    check_at(loaded.studies[0].study.find("design.allocation")->where, "studies/lan-2009.toml", 14, 14);
}

TEST_CASE("a minimal study with only an id is valid", "[core][loader]") {
    const loaded_study loaded = load_one("id = \"only-id\"\n");
    CHECK(loaded.usable);
    CHECK(loaded.problems.empty());
    CHECK(loaded.study.id == "only-id");
    CHECK(loaded.study.table_headers.empty());
}

TEST_CASE("ids may use letters, digits, dot, underscore and hyphen", "[core][loader]") {
    const loaded_study loaded = load_one("id = \"Lan_2009.b-2\"\n");
    CHECK(loaded.usable);
    CHECK(loaded.problems.empty());
    CHECK(loaded.study.id == "Lan_2009.b-2");
}

TEST_CASE("omitted keys are absent and locate() falls back to the table header, then the id", "[core][loader]") {
    const loaded_study loaded = load_one(R"toml(title = "t"
id = "omits"

[design]
type = "rct"

[[outcomes]]
id = "depression"
)toml");
    CHECK(loaded.usable);
    const sdk::study& s = loaded.study;

    CHECK(s.find("design.allocation") == nullptr);
    CHECK(s.find("sample") == nullptr);
    CHECK(s.find("sample.arms") == nullptr);
    CHECK(s.find("year") == nullptr);
    CHECK(s.find("design.type.deeper") == nullptr);

    // Present: the value itself.
    check_at(s.locate("design.type"), "study.toml", 5, 8);
    // Omitted in a present table: the table's header.
    check_at(s.locate("design.allocation"), "study.toml", 4, 1);
    check_at(s.locate("outcomes.instrument"), "study.toml", 7, 1);
    // Omitted table: the id line.
    check_at(s.locate("sample.arms"), "study.toml", 2, 6);
    // Omitted top-level key: the id line.
    check_at(s.locate("year"), "study.toml", 2, 6);
}

TEST_CASE("a [[study]] file holds several studies, each with its own keys and places", "[core][loader]") {
    const loaded_file loaded = load_study_text(R"toml([[study]]
id = "first"
year = 2010

[study.design]
type = "rct"

[[study]]
id = "second"
[[study.outcomes]]
id = "depression"
)toml",
                                               "many.toml");
    INFO(codes(loaded.problems));
    CHECK(loaded.problems.empty());
    REQUIRE(loaded.studies.size() == 2);

    const loaded_study& first = loaded.studies[0];
    const loaded_study& second = loaded.studies[1];
    CHECK(first.usable);
    CHECK(second.usable);
    CHECK(first.problems.empty());
    CHECK(second.problems.empty());

    CHECK(first.study.id == "first");
    CHECK(first.study.file == "many.toml");
    check_at(first.study.id_where, "many.toml", 2, 6);
    CHECK(first.study.find("year")->integer == 2010);
    CHECK(first.study.find("design.type")->text == "rct");
    check_at(first.study.table_headers.at("design"), "many.toml", 5, 1);
    CHECK(first.study.find("outcomes") == nullptr);

    CHECK(second.study.id == "second");
    check_at(second.study.id_where, "many.toml", 9, 6);
    CHECK(second.study.find("year") == nullptr);
    CHECK(second.study.find("design") == nullptr);
    check_at(second.study.find("outcomes")->items[0].get("id")->where, "many.toml", 11, 6);
    check_at(second.study.locate("outcomes.instrument"), "many.toml", 10, 1);
    // The second study's table headers are its own.
    CHECK(second.study.table_headers.count("design") == 0);
}

// ---------------------------------------------------------------- errors

TEST_CASE("a TOML syntax error is a file problem with its position", "[core][loader]") {
    SECTION("unterminated table header") {
        const loaded_file loaded = load_study_text("id = \"x\"\n[design\ntype = \"rct\"\n", "bad.toml");
        CHECK(loaded.studies.empty());
        REQUIRE(loaded.problems.size() == 1);
        const diagnostic& d = loaded.problems[0];
        CHECK(d.code == "coding/syntax-error");
        CHECK(d.level == severity::error);
        check_at(d.where, "bad.toml", 2, 8);
        CHECK_THAT(d.message, Catch::Contains("TOML syntax error"));
    }
    SECTION("a key written twice") {
        const loaded_file loaded = load_study_text("id = \"x\"\nyear = 2015\nyear = 2016\n", "bad.toml");
        CHECK(loaded.studies.empty());
        REQUIRE(loaded.problems.size() == 1);
        CHECK(loaded.problems[0].code == "coding/syntax-error");
        check_at(loaded.problems[0].where, "bad.toml", 3, 8);
        CHECK_THAT(loaded.problems[0].message, Catch::Contains("year"));
    }
}

TEST_CASE("a value of the wrong type is an error at the value", "[core][loader]") {
    SECTION("a string for an integer") {
        const loaded_study s = load_one("id = \"x\"\nyear = \"2015\"\n");
        const diagnostic& d = only_problem(s, "coding/wrong-type", severity::error, 2, 8);
        CHECK_THAT(d.message, Catch::Contains("`year` must be an integer from 1900 to 2100, not a string"));
        CHECK_FALSE(s.usable);
    }
    SECTION("an array element of the wrong type") {
        const loaded_study s = load_one("id = \"x\"\ntags = [\"sport\", 3]\n");
        const diagnostic& d = only_problem(s, "coding/wrong-type", severity::error, 2, 18);
        CHECK_THAT(d.message, Catch::Contains("`tags`") && Catch::Contains("an integer"));
        CHECK_FALSE(s.usable);
    }
    SECTION("an integer element in an array of integers must be an integer") {
        const loaded_study s = load_one("id = \"x\"\n[sample]\narms = [60, 59.5]\n");
        only_problem(s, "coding/wrong-type", severity::error, 3, 13);
        CHECK_FALSE(s.usable);
    }
    SECTION("a string for a boolean, inside a table") {
        const loaded_study s = load_one("id = \"x\"\n[design]\nconcealment = \"yes\"\n");
        const diagnostic& d = only_problem(s, "coding/wrong-type", severity::error, 3, 15);
        CHECK_THAT(d.message, Catch::Contains("`design.concealment` must be true or false"));
    }
    SECTION("a decimal for an integer") {
        const loaded_study s = load_one("id = \"x\"\n[design]\nclusters = 2.5\n");
        only_problem(s, "coding/wrong-type", severity::error, 3, 12);
    }
    SECTION("a single string for an array") {
        const loaded_study s = load_one("id = \"x\"\n[intervention]\nmode = \"group\"\n");
        only_problem(s, "coding/wrong-type", severity::error, 3, 8);
    }
    SECTION("a value where a table belongs") {
        const loaded_study s = load_one("id = \"x\"\ndesign = \"rct\"\n");
        only_problem(s, "coding/wrong-type", severity::error, 2, 10);
    }
    SECTION("[outcomes] written as a single table") {
        const loaded_study s = load_one("id = \"x\"\n[outcomes]\nid = \"a\"\n");
        only_problem(s, "coding/wrong-type", severity::error, 2, 1);
    }
    SECTION("an integer id") {
        const loaded_study s = load_one("id = 2009\n");
        only_problem(s, "coding/wrong-type", severity::error, 1, 6);
        CHECK(s.study.id.empty());
        CHECK_FALSE(s.usable);
    }
    SECTION("a date is not a year") {
        const loaded_study s = load_one("id = \"x\"\nyear = 2015-01-01\n");
        only_problem(s, "coding/wrong-type", severity::error, 2, 8);
        CHECK_FALSE(s.usable);
    }
    SECTION("a date-time is not a number") {
        const loaded_study s = load_one("id = \"x\"\n[sample]\nparticipation = 1979-05-27T07:32:00Z\n");
        only_problem(s, "coding/wrong-type", severity::error, 3, 17);
    }
}

TEST_CASE("a value outside its range is an error at the value", "[core][loader]") {
    SECTION("a fraction written as a percentage") {
        const loaded_study s = load_one("id = \"x\"\n[sample]\nparticipation = 1.4\n");
        const diagnostic& d = only_problem(s, "coding/out-of-range", severity::error, 3, 17);
        CHECK_THAT(d.message,
                   Catch::Contains("`sample.participation` = 1.4 is out of range") && Catch::Contains("from 0 to 1"));
        CHECK_THAT(d.hint, Catch::Contains("0.85"));
        CHECK_FALSE(s.usable);
    }
    SECTION("a whole number written as a decimal reads without a point") {
        const loaded_study s = load_one("id = \"x\"\n[sample]\nparticipation = 85.0\n");
        const diagnostic& d = only_problem(s, "coding/out-of-range", severity::error, 3, 17);
        CHECK_THAT(d.message, Catch::Contains("`sample.participation` = 85 is out of range"));
    }
    SECTION("a year before 1900") {
        const loaded_study s = load_one("id = \"x\"\nyear = 1800\n");
        const diagnostic& d = only_problem(s, "coding/out-of-range", severity::error, 2, 8);
        CHECK_THAT(d.message, Catch::Contains("`year` = 1800") && Catch::Contains("from 1900 to 2100"));
    }
    SECTION("the bounds themselves are allowed") {
        const loaded_study s =
            load_one("id = \"x\"\nyear = 2100\n[sample]\nparticipation = 1\n[attrition]\ncompletion = 0.0\n");
        CHECK(s.problems.empty());
        CHECK(s.usable);
    }
    SECTION("zero clusters") {
        const loaded_study s = load_one("id = \"x\"\n[design]\nclusters = 0\n");
        const diagnostic& d = only_problem(s, "coding/out-of-range", severity::error, 3, 12);
        CHECK_THAT(d.message, Catch::Contains(">= 1"));
    }
    SECTION("one arm of completion above 1") {
        const loaded_study s = load_one("id = \"x\"\n[attrition]\ncompletion = [0.9, 1.2]\n");
        only_problem(s, "coding/out-of-range", severity::error, 3, 20);
    }
    SECTION("a negative arm size") {
        const loaded_study s = load_one("id = \"x\"\n[sample]\narms = [60, -1]\n");
        only_problem(s, "coding/out-of-range", severity::error, 3, 13);
    }
}

TEST_CASE("per-arm lists must have one value per arm of sample.arms", "[core][loader]") {
    SECTION("one analysed count short") {
        const loaded_study s = load_one("id = \"x\"\n[sample]\narms = [60, 58]\narms_analysed = [55]\n");
        const diagnostic& d = only_problem(s, "coding/arm-count-mismatch", severity::error, 4, 17);
        CHECK_THAT(d.message, Catch::Contains("sample.arms_analysed has 1 value but sample.arms has 2 arms"));
        CHECK_THAT(d.hint, Catch::Contains("in the order of sample.arms"));
        CHECK_FALSE(s.usable);
    }
    SECTION("clusters per arm and completion per arm, each one too many; an outcome's means are not per-arm lists") {
        const loaded_study s = load_one(
            "id = \"x\"\n[design]\nclusters_per_arm = [4, 4, 4]\n[sample]\narms = [60, 58]\n"
            "[attrition]\ncompletion = [0.9, 0.8, 0.7]\n[[outcomes]]\nid = \"a\"\nmeans = [1.2, 1.4, 1.1]\n");
        CHECK(count_code(s.problems, "coding/arm-count-mismatch") == 2);
        CHECK(s.problems.size() == 2);
    }
    SECTION("lists that line up, a single completion figure, and no sample.arms are all fine") {
        CHECK(load_one("id = \"x\"\n[design]\nclusters = 8\nclusters_per_arm = [4, 4]\n[sample]\narms = [60, 58]\n"
                       "arms_lost = [5, 6]\n[attrition]\ncompletion = 0.9\n")
                  .problems.empty());
        CHECK(load_one("id = \"x\"\n[sample]\narms_analysed = [55, 50, 40]\n").problems.empty());
    }
}

TEST_CASE("a value outside its enum is an error with the nearest allowed value", "[core][loader]") {
    SECTION("a typo") {
        const loaded_study s = load_one("id = \"x\"\n[design]\nallocation = \"randm\"\n");
        const diagnostic& d = only_problem(s, "coding/not-in-enum", severity::error, 3, 14);
        CHECK_THAT(d.message, Catch::Contains("\"randm\"") && Catch::Contains("did you mean \"random\"?"));
        CHECK_THAT(d.hint, Catch::Contains("quasi-random"));
        CHECK_FALSE(s.usable);
    }
    SECTION("wrong case is not accepted, but suggested") {
        const loaded_study s = load_one("id = \"x\"\n[design]\ntype = \"RCT\"\n");
        const diagnostic& d = only_problem(s, "coding/not-in-enum", severity::error, 3, 8);
        CHECK_THAT(d.message, Catch::Contains("did you mean \"rct\"?"));
    }
    SECTION("an element of an enum list") {
        const loaded_study s = load_one("id = \"x\"\n[intervention]\nmode = [\"group\", \"onlin\"]\n");
        const diagnostic& d = only_problem(s, "coding/not-in-enum", severity::error, 3, 18);
        CHECK_THAT(d.message, Catch::Contains("did you mean \"online\"?"));
    }
    SECTION("nothing close: no suggestion") {
        const loaded_study s = load_one("id = \"x\"\n[attrition]\nanalysis = \"whatever\"\n");
        const diagnostic& d = only_problem(s, "coding/not-in-enum", severity::error, 3, 12);
        CHECK_THAT(d.message, !Catch::Contains("did you mean"));
    }
}

TEST_CASE("an unknown key is a warning with a suggestion, the study stays usable", "[core][loader]") {
    SECTION("a typo in a table") {
        const loaded_study s = load_one("id = \"x\"\n[design]\nalocation = \"random\"\n");
        const diagnostic& d = only_problem(s, "coding/unknown-key", severity::warning, 3, 13);
        CHECK_THAT(d.message, Catch::Contains("`alocation`") && Catch::Contains("[design]") &&
                                  Catch::Contains("did you mean `allocation`?"));
        CHECK_THAT(d.hint, Catch::Contains("[custom]"));
        CHECK(s.usable);
    }
    SECTION("a typo at the top level") {
        const loaded_study s = load_one("id = \"x\"\nyaer = 2015\n");
        const diagnostic& d = only_problem(s, "coding/unknown-key", severity::warning, 2, 8);
        CHECK_THAT(d.message, Catch::Contains("did you mean `year`?"));
        CHECK(s.usable);
    }
    SECTION("a typo in an [[outcomes]] entry") {
        const loaded_study s = load_one("id = \"x\"\n[[outcomes]]\nid = \"a\"\nvalidatd = true\n");
        const diagnostic& d = only_problem(s, "coding/unknown-key", severity::warning, 4, 12);
        CHECK_THAT(d.message, Catch::Contains("did you mean `validated`?"));
        CHECK(s.usable);
    }
    SECTION("a key of [design] at the top level") {
        const loaded_study s = load_one("id = \"x\"\nallocation = \"random\"\n");
        const diagnostic& d = only_problem(s, "coding/unknown-key", severity::warning, 2, 14);
        CHECK_THAT(d.message, Catch::Contains("`design.allocation`"));
        CHECK(s.usable);
    }
    SECTION("a key of [sample] in [design]") {
        const loaded_study s = load_one("id = \"x\"\n[design]\nparticipation = 0.5\n");
        const diagnostic& d = only_problem(s, "coding/unknown-key", severity::warning, 3, 17);
        CHECK_THAT(d.message, Catch::Contains("`sample.participation`"));
    }
    SECTION("nothing close: no suggestion") {
        const loaded_study s = load_one("id = \"x\"\nflavour = \"mint\"\n");
        const diagnostic& d = only_problem(s, "coding/unknown-key", severity::warning, 2, 11);
        CHECK_THAT(d.message, !Catch::Contains("did you mean"));
        CHECK(s.usable);
    }
}

TEST_CASE("[custom] and [appraisal.*] are never checked", "[core][loader]") {
    const loaded_study s = load_one(R"toml(id = "free"
[custom]
anything = "goes"
numbers = [1, "two", 3.0]
when = 2015-01-01
[custom.nested]
deep = { x = 1 }

[appraisal.rob2]
"1.1" = "Y"
nonsense = 42
[[appraisal.robins-i]]
outcome = 3
)toml");
    INFO(codes(s.problems));
    CHECK(s.problems.empty());
    CHECK(s.usable);
    CHECK(s.study.find("custom.nested.deep.x")->integer == 1);
}

TEST_CASE("a free section must still be a table", "[core][loader]") {
    const loaded_study s = load_one("id = \"x\"\ncustom = 3\n");
    only_problem(s, "coding/wrong-type", severity::error, 2, 10);
}

TEST_CASE("a study without an id is an error at its start", "[core][loader]") {
    SECTION("one-study file: line 1, column 1") {
        const loaded_study s = load_one("title = \"no id\"\nyear = 2010\n");
        const diagnostic& d = only_problem(s, "coding/missing-id", severity::error, 1, 1);
        CHECK_THAT(d.hint, Catch::Contains("id = "));
        CHECK(s.study.id.empty());
        check_at(s.study.id_where, "study.toml", 1, 1);
        CHECK_FALSE(s.usable);
    }
    SECTION("[[study]] file: the [[study]] header") {
        const loaded_file loaded =
            load_study_text("[[study]]\nid = \"a\"\n\n[[study]]\ntitle = \"no id\"\n", "many.toml");
        REQUIRE(loaded.studies.size() == 2);
        CHECK(loaded.studies[0].usable);
        const auto& s = loaded.studies[1];
        REQUIRE(s.problems.size() == 1);
        CHECK(s.problems[0].code == "coding/missing-id");
        check_at(s.problems[0].where, "many.toml", 4, 1);
        CHECK_FALSE(s.usable);
    }
}

TEST_CASE("an id with other characters is an error", "[core][loader]") {
    SECTION("space and punctuation") {
        const loaded_study s = load_one("id = \"lan 2009!\"\n");
        const diagnostic& d = only_problem(s, "coding/invalid-id", severity::error, 1, 6);
        CHECK_THAT(d.message, Catch::Contains("lan 2009!"));
        CHECK(s.study.id == "lan 2009!");
        CHECK_FALSE(s.usable);
    }
    SECTION("non-ASCII letters") {
        const loaded_study s = load_one("id = \"lán-2009\"\n");
        only_problem(s, "coding/invalid-id", severity::error, 1, 6);
    }
    SECTION("empty") {
        const loaded_study s = load_one("id = \"\"\n");
        only_problem(s, "coding/invalid-id", severity::error, 1, 6);
    }
}

TEST_CASE("outcome ids are required and unique within a study", "[core][loader]") {
    SECTION("a duplicate names the first place") {
        const loaded_study s = load_one(R"toml(id = "x"
[[outcomes]]
id = "depression"

[[outcomes]]
id = "anxiety"

[[outcomes]]
id = "depression"
)toml");
        const diagnostic& d = only_problem(s, "coding/duplicate-outcome-id", severity::error, 9, 6);
        CHECK_THAT(d.message, Catch::Contains("\"depression\"") && Catch::Contains("first at study.toml:3:6"));
        CHECK_FALSE(s.usable);
    }
    SECTION("an entry without an id points at its header") {
        const loaded_study s = load_one(R"toml(id = "x"
[[outcomes]]
id = "depression"

[[outcomes]]
instrument = "STAI"
)toml");
        only_problem(s, "coding/missing-outcome-id", severity::error, 5, 1);
        CHECK_FALSE(s.usable);
    }
}

TEST_CASE("an empty file holds no study", "[core][loader]") {
    for (const std::string& text : std::vector<std::string>{"", "\n\n", "# only a comment\n   \n"}) {
        INFO("text: '" << text << "'");
        const loaded_file loaded = load_study_text(text, "empty.toml");
        CHECK(loaded.studies.empty());
        REQUIRE(loaded.problems.size() == 1);
        CHECK(loaded.problems[0].code == "coding/empty-file");
        CHECK(loaded.problems[0].level == severity::error);
        check_at(loaded.problems[0].where, "empty.toml", 1, 1);
    }
}

TEST_CASE("bytes that are not UTF-8 are an error at the first bad byte", "[core][loader]") {
    struct bad_text {
        std::string text;
        int line;
        int column;
    };
    const std::vector<bad_text> cases = {
        {"id = \"a\"\ntitle = \"ab\xff\"\n", 2, 12},         // a byte never valid
        {"id = \"a\"\ntitle = \"\xc3\xa9\xff\"\n", 2, 11},   // columns count characters, not bytes
        {"id = \"a\"\n\n  source = \"\xc0\xaf\"\n", 3, 13},  // an overlong encoding
        {"id = \"a\"\ntitle = \"\xed\xa0\x80\"\n", 2, 10},   // a UTF-16 surrogate
        {"id = \"a\"\ntitle = \"\xe4\xb8\"\n", 2, 10},       // a sequence cut short
        {"id = \"\xe4\xb8\xad\"\n# \xf0\x9f\x98", 2, 3},     // truncated at the end of the file
    };
    for (const auto& c : cases) {
        INFO("expected at " << c.line << ":" << c.column);
        const loaded_file loaded = load_study_text(c.text, "latin1.toml");
        CHECK(loaded.studies.empty());
        REQUIRE(loaded.problems.size() == 1);
        CHECK(loaded.problems[0].code == "coding/invalid-utf8");
        check_at(loaded.problems[0].where, "latin1.toml", c.line, c.column);
    }
}

TEST_CASE("valid multi-byte UTF-8 loads", "[core][loader]") {
    const loaded_study s = load_one("id = \"zh-2015\"\ntitle = \"体育锻炼与心理健康 😀\"\nyear = 2015\n");
    CHECK(s.usable);
    CHECK(s.study.find("title")->text == "体育锻炼与心理健康 😀");
    check_at(s.study.find("year")->where, "study.toml", 3, 8);
}

TEST_CASE("a line continuation before a non-ASCII character is refused before toml++ sees it", "[core][loader]") {
    // toml++ 3.3.0 reaches undefined behaviour on this input (upstream issues 190 and 295).
    SECTION("the upstream reproducer: a backslash, then U+00A7 on the next line") {
        const loaded_file loaded = load_study_text("id = \"a\"\ntitle = \"\"\"\\\n\xc2\xa7\"\"\"\n", "ub.toml");
        CHECK(loaded.studies.empty());
        REQUIRE(loaded.problems.size() == 1);
        CHECK(loaded.problems[0].code == "coding/unsafe-line-continuation");
        check_at(loaded.problems[0].where, "ub.toml", 3, 1);
    }
    SECTION("blank lines and indentation between, Chinese text, CRLF endings") {
        const loaded_file loaded =
            load_study_text("id = \"a\"\r\ntitle = \"\"\"\\  \r\n\r\n   \xe4\xb8\xad\xe6\x96\x87\"\"\"\r\n", "ub.toml");
        REQUIRE(loaded.problems.size() == 1);
        CHECK(loaded.problems[0].code == "coding/unsafe-line-continuation");
        check_at(loaded.problems[0].where, "ub.toml", 4, 4);
    }
    SECTION("an escaped backslash at the end of a line is not a continuation") {
        const loaded_study s = load_one("id = \"a\"\ntitle = \"\"\"a\\\\\n\xc2\xa7\"\"\"\n");
        CHECK(s.usable);
        CHECK(s.study.find("title")->text == "a\\\n\xc2\xa7");
    }
    SECTION("a continuation before ASCII text is parsed as usual") {
        const loaded_study s = load_one("id = \"a\"\ntitle = \"\"\"one \\\n   two \xc2\xa7\"\"\"\n");
        CHECK(s.usable);
        CHECK(s.study.find("title")->text == "one two \xc2\xa7");
    }
}

TEST_CASE("a file that cannot be read is refused", "[core][loader]") {
    const test::temp_dir dir;
    SECTION("a dangling symbolic link") {
        const fs::path link = dir.path() / "dangling.toml";
        fs::create_symlink(dir.path() / "no-such-target.toml", link);
        const loaded_file loaded = load_study_file(link, "dangling.toml");
        CHECK(loaded.path == "dangling.toml");
        CHECK(loaded.studies.empty());
        REQUIRE(loaded.problems.size() == 1);
        CHECK(loaded.problems[0].code == "coding/unreadable-file");
        CHECK(loaded.problems[0].where.file == "dangling.toml");
    }
    SECTION("a directory") {
        fs::create_directories(dir.path() / "folder.toml");
        const loaded_file loaded = load_study_file(dir.path() / "folder.toml", "folder.toml");
        CHECK(loaded.studies.empty());
        REQUIRE(loaded.problems.size() == 1);
        CHECK(loaded.problems[0].code == "coding/unreadable-file");
        CHECK(loaded.problems[0].message == "this is a directory, not a file");
    }
    SECTION("a FIFO named directly: refused at once, never waited on") {
        const fs::path fifo = dir.path() / "pipe.toml";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        auto loading = std::async(std::launch::async, [&] { return load_study_file(fifo, "pipe.toml"); });
        const bool finished = loading.wait_for(std::chrono::seconds(2)) == std::future_status::ready;
        CHECK(finished);  // a blocking open waits for a writer that never comes
        if (!finished) {
            const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            if (writer >= 0) ::close(writer);
        }
        const loaded_file loaded = loading.get();
        CHECK(loaded.studies.empty());
        REQUIRE(loaded.problems.size() == 1);
        CHECK(loaded.problems[0].code == "coding/unreadable-file");
        CHECK(loaded.problems[0].message == "this is not a regular file");
    }
    SECTION("a file without read permission") {
        const fs::path file = dir.write("secret.toml", "id = \"x\"\n");
        fs::permissions(file, fs::perms::none);
        // root reads whatever the permissions say: nothing to test then.
        if (std::ifstream probe(file); probe) {
            SUCCEED("running with privileges that ignore file permissions");
        } else {
            const loaded_file loaded = load_study_file(file, "secret.toml");
            CHECK(loaded.studies.empty());
            REQUIRE(loaded.problems.size() == 1);
            CHECK(loaded.problems[0].code == "coding/unreadable-file");
        }
    }
}

TEST_CASE("a file over the size limit is refused before parsing", "[core][loader]") {
    const test::temp_dir dir;
    std::string text = "id = \"big\"\n";
    text.resize(std::size_t{9} << 20, '#');  // one long comment, 9 MiB in all
    const fs::path file = dir.write("big.toml", text);
    REQUIRE(fs::file_size(file) > max_study_file_bytes);

    const loaded_file loaded = load_study_file(file, "big.toml");
    CHECK(loaded.studies.empty());
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].code == "coding/file-too-large");
    CHECK(loaded.problems[0].where.file == "big.toml");
    CHECK_THAT(loaded.problems[0].message, Catch::Contains("9 MiB") && Catch::Contains("8 MiB"));
}

TEST_CASE("keys outside [[study]] in a multi-study file are errors of the file", "[core][loader]") {
    const loaded_file loaded = load_study_text(R"toml(title = "stray"
[design]
type = "rct"

[[study]]
id = "a"
)toml",
                                               "many.toml");
    INFO(codes(loaded.problems));
    REQUIRE(loaded.problems.size() == 2);
    CHECK(count_code(loaded.problems, "coding/key-outside-study") == 2);
    bool saw_title = false;
    bool saw_design = false;
    for (const auto& d : loaded.problems) {
        CHECK(d.level == severity::error);
        if (d.message.find("`title`") != std::string::npos) {
            saw_title = true;
            check_at(d.where, "many.toml", 1, 9);
        }
        if (d.message.find("`design`") != std::string::npos) {
            saw_design = true;
            check_at(d.where, "many.toml", 2, 1);
        }
    }
    CHECK(saw_title);
    CHECK(saw_design);
    // The studies themselves are unaffected.
    REQUIRE(loaded.studies.size() == 1);
    CHECK(loaded.studies[0].study.id == "a");
    CHECK(loaded.studies[0].study.find("design") == nullptr);
}

TEST_CASE("`study` that is not an array of tables is an error of the file", "[core][loader]") {
    const loaded_file loaded = load_study_text("[study]\nid = \"a\"\n", "one.toml");
    CHECK(loaded.studies.empty());
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].code == "coding/wrong-type");
    check_at(loaded.problems[0].where, "one.toml", 1, 1);
}

TEST_CASE("a study with errors is unusable, its siblings are not", "[core][loader]") {
    const loaded_file loaded = load_study_text(R"toml([[study]]
id = "good-1"
year = 2012

[[study]]
id = "bad"
year = 1800
[study.design]
allocation = "randm"

[[study]]
id = "good-2"
[study.sample]
participation = 0.5
)toml",
                                               "many.toml");
    CHECK(loaded.problems.empty());
    REQUIRE(loaded.studies.size() == 3);
    CHECK(loaded.studies[0].usable);
    CHECK(loaded.studies[0].problems.empty());
    CHECK(loaded.studies[2].usable);
    CHECK(loaded.studies[2].problems.empty());

    const loaded_study& bad = loaded.studies[1];
    CHECK_FALSE(bad.usable);
    CHECK(bad.study.id == "bad");
    REQUIRE(bad.problems.size() == 2);
    CHECK(find_code(bad.problems, "coding/out-of-range") != nullptr);
    CHECK(find_code(bad.problems, "coding/not-in-enum") != nullptr);
}

TEST_CASE("warnings alone leave a study usable", "[core][loader]") {
    const loaded_study s = load_one("id = \"x\"\nyaer = 2015\nflavour = 1\n");
    CHECK(s.problems.size() == 2);
    CHECK(count_code(s.problems, "coding/unknown-key") == 2);
    CHECK(s.usable);
}

TEST_CASE("a study's problems come in document order", "[core][loader]") {
    // Tables are checked in key order (design, sample, year); reports read top to bottom.
    const loaded_study s = load_one(R"toml(id = "x"
year = "2015"
[sample]
participation = 2.0
[design]
allocation = "randm"
colour = "blue"
)toml");
    INFO(codes(s.problems));
    REQUIRE(s.problems.size() == 4);
    CHECK(s.problems[0].code == "coding/wrong-type");
    CHECK(s.problems[0].where.line == 2);
    CHECK(s.problems[1].code == "coding/out-of-range");
    CHECK(s.problems[1].where.line == 4);
    CHECK(s.problems[2].code == "coding/not-in-enum");
    CHECK(s.problems[2].where.line == 6);
    CHECK(s.problems[3].code == "coding/unknown-key");
    CHECK(s.problems[3].where.line == 7);
    CHECK_FALSE(s.usable);
}
