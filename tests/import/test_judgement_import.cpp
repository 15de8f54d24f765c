// Recorded judgements ([[recorded.<rubric>]]) and `appraise import robvis |
// revman | covidence` (issue 18): the reader of untrusted CSV, the engine's
// reading of a recorded judgement against the rubric's description, every
// report marking it, and the round trips export -> import -> export. The
// oracles are the exporters' own output on the example corpus (a round trip
// must give it back) and hand-written fixtures under data/import.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <tuple>

#include "appraise/import/robvis_import.hpp"
#include "appraise/text/csv_reader.hpp"
#include "test_support.hpp"

using namespace appraise;
using test::read_file;
using test::run_appraise;
using test::shell_quote;
using test::temp_dir;
namespace fs = std::filesystem;

namespace {

const std::string recorded_study = R"(id = "zhou-2019"
authors = ["Zhou"]
year = 2019

[[outcomes]]
id = "loneliness"

[[recorded.rob2]]
outcome = "loneliness"
effect = "assignment"
d1 = "low"
d2 = "some-concerns"
d3 = "low"
d4 = "low"
d5 = "high"
overall = "high"
source = { file = "robvis.csv", row = 4, tool = "robvis" }

[recorded.rob2.support]
d5 = "outcomes switched"
)";

// (study, label) -> (overall, domain id -> judgement) of one rubric in a JSON report.
using judgements =
    std::map<std::pair<std::string, std::string>, std::pair<std::string, std::map<std::string, std::string>>>;
judgements judgements_of(const std::string& json_text, const std::string& rubric) {
    judgements out;
    const auto report = nlohmann::json::parse(json_text);
    for (const auto& study : report.at("studies"))
        for (const auto& a : study.at("appraisals")) {
            if (a.at("rubric") != rubric || a.at("domains").empty()) continue;
            std::map<std::string, std::string> domains;
            for (const auto& d : a.at("domains"))
                domains[d.at("id").get<std::string>()] =
                    d.at("judgement").is_null() ? "" : d.at("judgement").get<std::string>();
            out[{study.at("id").get<std::string>(), a.value("label", std::string())}] = {
                a.at("overall").is_null() ? "" : a.at("overall").get<std::string>(), domains};
        }
    return out;
}

}  // namespace

TEST_CASE("csv reader: RFC 4180 fields, a BOM and CRLF, and errors at row and column", "[import][csv]") {
    const auto table = read_csv("\xEF\xBB\xBFStudy,\"a, b\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\r\nlast,1,2");
    REQUIRE_FALSE(table.error);
    REQUIRE(table.records.size() == 3);
    CHECK(table.records[0].fields == std::vector<std::string>{"Study", "a, b", "say \"hi\""});
    CHECK(table.records[1].fields == std::vector<std::string>{"two\nlines", "x", ""});
    CHECK(table.records[1].row == 2);
    CHECK(table.records[2].row == 3);
    CHECK(table.records[2].line == 4);  // the quoted line break counts as a line
    CHECK(table.records[2].fields.back() == "2");

    const auto open = read_csv("a,b\n1,\"never closed\n");
    REQUIRE(open.error);
    CHECK(open.error->row == 2);
    CHECK(open.error->column == 2);
    const auto stray = read_csv("a,b\nx,y\"z\n");
    REQUIRE(stray.error);
    CHECK(stray.error->row == 2);
    CHECK(stray.error->column == 2);
    const auto after = read_csv("\"a\"b\n");
    REQUIRE(after.error);
    // Bounded: a table longer than the limit stops with an error, never grows without end.
    csv_limits small;
    small.max_records = 2;
    CHECK(read_csv("a\nb\nc\n", small).error.has_value());
    small = {};
    small.max_field_bytes = 4;
    CHECK(read_csv("abcdefgh\n", small).error.has_value());
    CHECK(blank_record(read_csv(" , \n").records.at(0)));
}

TEST_CASE("import names: the Study cells the exporters write give study and result back", "[import]") {
    const auto zhou = parse_result_name("Zhou 2019, loneliness (assignment) #2");
    CHECK(zhou.study == "Zhou 2019");
    CHECK(zhou.outcome == "loneliness");
    CHECK(zhou.effect == "assignment");
    const auto id_form = parse_result_name("chen-2017 (depression (assignment))");
    CHECK(id_form.study == "chen-2017");
    CHECK(id_form.outcome == "depression");
    CHECK(id_form.effect == "assignment");
    // A comma inside an author's name is not the result's comma.
    CHECK(parse_result_name("Brown, A 2015").study == "Brown, A 2015");
    const auto lan = parse_study_name("Lan 2009a");
    CHECK(lan.id == "lan-2009a");
    REQUIRE(lan.year);
    CHECK(*lan.year == 2009);
    CHECK(lan.authors == std::vector<std::string>{"Lan"});
    CHECK(parse_study_name("van Dijk 2018").id == "van-dijk-2018");
    CHECK(parse_study_name("chen-2017-sport").id == "chen-2017-sport");
    CHECK(parse_study_name("Study 1").id == "study-1");
    CHECK_FALSE(parse_study_name("Study 1").year);
    CHECK(as_id("Quality of life") == "quality-of-life");
    CHECK(as_id("../../etc/passwd") == "etc-passwd");  // never a path
}

TEST_CASE("recorded judgements: the rubric's result, provenance imported, the rubric not called",
          "[import][recorded]") {
    temp_dir dir;
    const auto file = dir.write("zhou.toml", recorded_study);
    const auto run = run_appraise("run " + shell_quote(file) + " --rubric rob2 --format json");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto report = nlohmann::json::parse(run.out);
    const auto& appraisals = report.at("studies").at(0).at("appraisals");
    // One appraisal: rob2 called on this study would add its own (not assessed, with a finding).
    REQUIRE(appraisals.size() == 1);
    const auto& a = appraisals.at(0);
    CHECK(a.at("provenance") == "imported");
    CHECK(a.at("source").at("file") == "robvis.csv");
    CHECK(a.at("source").at("row") == 4);
    CHECK(a.at("source").at("tool") == "robvis");
    CHECK(a.at("source").at("location").at("line") == 8);
    CHECK(a.at("label") == "loneliness (assignment)");
    CHECK(a.at("overall") == "high");
    CHECK(a.at("findings").empty());
    REQUIRE(a.at("domains").size() == 5);
    CHECK(a.at("domains").at(1).at("id") == "d2");
    CHECK(a.at("domains").at(1).at("name") == "Deviations from intended interventions");
    CHECK(a.at("domains").at(1).at("judgement") == "some-concerns");
    CHECK(a.at("domains").at(1).at("provenance") == "imported");
    CHECK(a.at("domains").at(1).at("answers").empty());
    CHECK(a.at("domains").at(4).at("support") == "outcomes switched");
    CHECK(a.at("overall_rationale") ==
          "recorded judgement imported from robvis.csv row 4 (robvis); not computed from answers");
    // A computed result says nothing of provenance: the field is only on recorded ones.
    const auto computed =
        run_appraise("run examples/left-behind-children/zhou-2019-cbt.toml --rubric rob2 --format json");
    CHECK(computed.out.find("\"provenance\":\"imported\"") == std::string::npos);
}

TEST_CASE("recorded judgements: a key or word the rubric does not have is an error at it, with the nearest",
          "[import][recorded]") {
    temp_dir dir;
    const auto file = dir.write("bad.toml",
                                "id = \"bad-2020\"\n[[recorded.rob2]]\nd1 = \"Some concerns\"\nd6 = \"low\"\n"
                                "overall = \"hihg\"\nsource = { row = \"four\" }\n");
    const auto run = run_appraise("run " + shell_quote(file) + " --rubric rob2");
    CHECK(run.exit_code == 2);
    const std::string shown = dir.path().string() + "/bad.toml";
    CHECK(run.out.find(shown + ":3:6: error: `Some concerns` for `d1` is not a judgement of rob2; did you mean "
                               "`some-concerns`? [coding/recorded-judgement]") != std::string::npos);
    CHECK(run.out.find(shown + ":4:6: error: a recorded judgement of rob2 has a judgement for `d6`, which it does not "
                               "know; did you mean `d1`?") != std::string::npos);
    CHECK(run.out.find(shown + ":5:11: error: `hihg` for `overall` is not a judgement of rob2; did you mean `high`?") !=
          std::string::npos);
    CHECK(run.out.find("`source.row` must be a row number") != std::string::npos);
    CHECK(run.out.find("judged:") == std::string::npos);  // nothing of it is reported as a judgement
}

TEST_CASE("recorded judgements: one result both recorded and answered is an error naming both", "[import][recorded]") {
    temp_dir dir;
    const auto file = dir.write("both.toml", recorded_study +
                                                 "\n[[appraisal.rob2]]\noutcome = \"loneliness\"\n"
                                                 "effect = \"assignment\"\n\"1.1\" = \"Y\"\n");
    const auto run = run_appraise("run " + shell_quote(file) + " --rubric rob2 --format json");
    CHECK(run.exit_code == 2);
    const auto report = nlohmann::json::parse(run.out);
    const auto& study = report.at("studies").at(0);
    REQUIRE(study.at("errors").size() == 1);
    const auto& error = study.at("errors").at(0);
    CHECK(error.at("code") == "coding/recorded-and-answered");
    CHECK(error.at("location").at("line") == 8);
    INFO(error.at("message").get<std::string>());
    CHECK(error.at("message").get<std::string>().find("is recorded here and answered at " + file.string() + ":22:1") !=
          std::string::npos);
    // The answers are computed as usual; the recorded judgement is left out.
    for (const auto& a : study.at("appraisals")) CHECK_FALSE(a.contains("provenance"));
    // Another outcome recorded beside the answered one is fine.
    const auto other = dir.write("other.toml", recorded_study +
                                                   "\n[[appraisal.rob2]]\noutcome = \"sleep\"\n"
                                                   "effect = \"assignment\"\n\"1.1\" = \"Y\"\n");
    const auto fine = run_appraise("run " + shell_quote(other) + " --rubric rob2 --format json");
    CHECK(fine.out.find("recorded-and-answered") == std::string::npos);
    CHECK(fine.out.find("\"provenance\":\"imported\"") != std::string::npos);
}

TEST_CASE("recorded judgements: every report for people marks them as recorded", "[import][recorded][reports]") {
    temp_dir dir;
    const auto file = dir.write("zhou.toml", recorded_study);
    const std::string base = "run " + shell_quote(file) + " --rubric rob2";
    const auto text = run_appraise(base);
    CHECK(text.out.find("judged: recorded rob2 (loneliness (assignment)): overall High;") != std::string::npos);
    CHECK(text.out.find("recorded: rob2 (loneliness (assignment)): recorded judgement imported from robvis.csv row 4 "
                        "(robvis); not computed from answers") != std::string::npos);
    const auto markdown = run_appraise(base + " --format markdown");
    CHECK(markdown.out.find("| Zhou 2019, loneliness (assignment) | Low (recorded) |") != std::string::npos);
    CHECK(markdown.out.find("| High (recorded) | outcomes switched |") != std::string::npos);
    const auto html = run_appraise(base + " --format html");
    CHECK(html.out.find("<span class=\"recorded\" title=\"recorded judgement imported from robvis.csv row 4 "
                        "(robvis); not computed from answers\">recorded</span>") != std::string::npos);
    // The traffic light's tooltips say it too.
    CHECK(html.out.find(": Low (recorded judgement imported from robvis.csv row 4") != std::string::npos);
    const auto csv = run_appraise(base + " --format csv");
    CHECK(csv.out.find("recorded judgement imported from robvis.csv row 4") != std::string::npos);
}

TEST_CASE("import robvis: the example corpus's robvis files read back to the same rows", "[import][robvis]") {
    temp_dir dir;
    // rob2 with both of its layouts, robins-i, and Generic files (robins-i-v2, whose scale has two words
    // robvis writes "Low"; ephpp's words through the ladder): every row must come back byte for byte.
    for (const auto& [rubric, tool] : {std::pair<std::string, std::string>{"rob2", "ROB2"},
                                       {"rob2", "ROB2-Cluster"},
                                       {"robins-i", "ROBINS-I"},
                                       {"robins-i-v2", "Generic"},
                                       {"ephpp", "Generic"}}) {
        INFO(rubric << " " << tool);
        const auto exported = run_appraise("run examples/left-behind-children --rubric " + rubric +
                                           " --format robvis --robvis-template " + tool);
        REQUIRE(exported.out.find('\n') != std::string::npos);
        const auto csv = dir.write(rubric + "-" + tool + ".csv", exported.out);
        const fs::path out = dir.path() / (rubric + "-" + tool + "-studies");
        const auto imported = run_appraise("import robvis " + shell_quote(csv) + " --tool " + tool + " --rubric " +
                                           rubric + " -o " + shell_quote(out));
        INFO(imported.err);
        REQUIRE(imported.exit_code == 0);
        const auto again = run_appraise("run " + shell_quote(out) + " --rubric " + rubric +
                                        " --format robvis --robvis-template " + tool);
        CHECK(again.out == exported.out);
        CHECK(again.exit_code == 0);
    }
    // Rows named by id ("fang-2022-parent (loneliness (assignment))") read back the same.
    const auto by_id = run_appraise("run examples/left-behind-children --rubric rob2 --format robvis --label id");
    const auto csv = dir.write("by-id.csv", by_id.out);
    REQUIRE(run_appraise("import robvis " + shell_quote(csv) + " --tool ROB2 -o " + shell_quote(dir.path() / "by-id"))
                .exit_code == 0);
    CHECK(run_appraise("run " + shell_quote(dir.path() / "by-id") + " --rubric rob2 --format robvis --label id").out ==
          by_id.out);
}

TEST_CASE("import revman: run --format revman, import revman, run --format json give the same judgements",
          "[import][revman]") {
    temp_dir dir;
    const auto exported = run_appraise("run examples/left-behind-children --rubric rob2 --format revman");
    const auto csv = dir.write("revman.csv", exported.out);
    const fs::path out = dir.path() / "studies";
    const auto imported = run_appraise("import revman " + shell_quote(csv) + " -o " + shell_quote(out));
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    const auto original =
        judgements_of(run_appraise("run examples/left-behind-children --rubric rob2 --format json").out, "rob2");
    const auto back =
        judgements_of(run_appraise("run " + shell_quote(out) + " --rubric rob2 --format json").out, "rob2");
    REQUIRE(back.size() == 4);  // the four results RevMan's parallel table holds
    for (const auto& [key, value] : back) {
        INFO(key.first << " " << key.second);
        REQUIRE(original.count(key) == 1);
        CHECK(original.at(key) == value);
    }
    // The support went along, as written.
    const std::string file = read_file(out / "3-zhou-2019-cbt.toml");
    CHECK(file.find("[[recorded.rob2]]  # revman.csv row") != std::string::npos);
    CHECK(file.find("source = { file = \"revman.csv\", row = ") != std::string::npos);
    // And the revman export of the imported corpus is the first export again.
    CHECK(run_appraise("run " + shell_quote(out) + " --rubric rob2 --format revman")
              .out.find("zhou-2019-cbt,depression,depression (assignment),assignment,Low") != std::string::npos);
}

TEST_CASE("import robvis: a messy file: errors at row and column, nothing written, --keep-going keeps the good rows",
          "[import][robvis]") {
    temp_dir dir;
    const fs::path table = test::data_dir / "import" / "robvis-messy.csv";
    const fs::path out = dir.path() / "out";
    const auto strict = run_appraise("import robvis " + shell_quote(table) + " --tool ROB2 -o " + shell_quote(out));
    CHECK(strict.exit_code == 2);
    CHECK_FALSE(fs::exists(out));  // all or nothing
    CHECK(strict.err.find("robvis-messy.csv:4:3: error: `Modrate` in D2 is not a judgement of rob2; the row is skipped "
                          "[import/bad-row]") != std::string::npos);
    CHECK(strict.err.find("robvis-messy.csv:5: error: the row has 4 fields, the header 8") != std::string::npos);
    CHECK(strict.err.find("[import/not-written]") != std::string::npos);
    // No temporary folder is left behind either.
    for (const auto& entry : fs::directory_iterator(test::data_dir / "import"))
        CHECK(entry.path().filename().string().rfind(".appraise-import-", 0) == std::string::npos);
    for (const auto& entry : fs::directory_iterator(dir.path()))
        CHECK(entry.path().filename().string().rfind(".appraise-import-", 0) == std::string::npos);

    const auto lenient =
        run_appraise("import robvis " + shell_quote(table) + " --tool ROB2 -o " + shell_quote(out) + " --keep-going");
    CHECK(lenient.exit_code == 2);
    REQUIRE(fs::exists(out / "1-smith-2010.toml"));
    CHECK(fs::exists(out / "2-jones-2012.toml"));
    CHECK(fs::exists(out / "3-van-dijk-2018.toml"));
    CHECK(std::distance(fs::directory_iterator(out), fs::directory_iterator{}) == 3);  // not Brown's, not Wu's
    const std::string smith = read_file(out / "1-smith-2010.toml");
    CHECK(smith.find("d2 = \"some-concerns\"") != std::string::npos);  // "Some Concerns"
    CHECK(smith.find("d3 = \"low\"") != std::string::npos);            // "low risk"
    CHECK(smith.find("effect = \"assignment\"") != std::string::npos);
    // "Not applicable" records no judgement for that domain: none is invented.
    const std::string dijk = read_file(out / "3-van-dijk-2018.toml");
    CHECK(dijk.find("d2 =") == std::string::npos);
    CHECK(dijk.find("authors = [\"van Dijk\"]") != std::string::npos);
    // The folder is now in use: a second import refuses it.
    const auto again =
        run_appraise("import robvis " + shell_quote(table) + " --tool ROB2 -o " + shell_quote(out) + " --keep-going");
    CHECK(again.exit_code == 2);
    CHECK(again.err.find("the output folder is not empty") != std::string::npos);
    // A template the rubric has no layout for, and a tool for many rubrics without --rubric.
    CHECK(run_appraise("import robvis " + shell_quote(table) + " --tool QUIPS -o " + shell_quote(dir.path() / "q"))
              .err.find("[usage/unknown-rubric]") != std::string::npos);
    CHECK(run_appraise("import robvis " + shell_quote(table) + " --tool ROB2 --rubric rob3 -o " +
                       shell_quote(dir.path() / "q"))
              .err.find("did you mean `rob2`?") != std::string::npos);
}

TEST_CASE("import covidence: its RevMan Web risk-of-bias CSV and its quality-assessment CSV", "[import][covidence]") {
    temp_dir dir;
    const fs::path revman_form = test::data_dir / "import" / "covidence-risk-of-bias.csv";
    const auto first =
        run_appraise("import covidence " + shell_quote(revman_form) + " -o " + shell_quote(dir.path() / "a"));
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    const std::string smith = read_file(dir.path() / "a" / "1-smith-2010.toml");
    CHECK(smith.find("id = \"pain-at-6-weeks\"\nname = \"Pain at 6 weeks\"") != std::string::npos);
    CHECK(smith.find("tool = \"covidence\"") != std::string::npos);
    CHECK(smith.find("d1 = \"\\\"computer-generated list\\\" (p. 3)\"") != std::string::npos);
    const auto run = run_appraise("run " + shell_quote(dir.path() / "a") + " --rubric rob2 --format json");
    const auto judged = judgements_of(run.out, "rob2");
    REQUIRE(judged.size() == 3);
    CHECK(judged.at({"smith-2010", "Function (assignment)"}).first == "high");
    CHECK(judged.at({"jones-2012", "pain-at-6-weeks (assignment)"}).second.at("d1") == "some-concerns");

    const fs::path long_form = test::data_dir / "import" / "covidence-quality-assessment.csv";
    const auto strict =
        run_appraise("import covidence " + shell_quote(long_form) + " -o " + shell_quote(dir.path() / "b"));
    CHECK(strict.exit_code == 2);
    // The table's order, each at its row and column.
    const auto conflict = strict.err.find(
        "covidence-quality-assessment.csv:11:6: error: reviewers differ on d1 of "
        "jones-2012: high by Ana Reviewer in row 10, low by Ben Reviewer");
    const auto unknown = strict.err.find(
        "covidence-quality-assessment.csv:13:5: error: the domain `Bias in something "
        "else` is none of rob2's");
    CHECK(conflict != std::string::npos);
    CHECK(unknown != std::string::npos);
    CHECK(conflict < unknown);
    CHECK_FALSE(fs::exists(dir.path() / "b"));
    const auto lenient = run_appraise("import covidence " + shell_quote(long_form) + " -o " +
                                      shell_quote(dir.path() / "b") + " --keep-going");
    CHECK(lenient.exit_code == 2);
    const std::string agreed = read_file(dir.path() / "b" / "1-smith-2010.toml");
    // The consensus row wins over the two reviewers' (who differed).
    CHECK(agreed.find("d1 = \"\\\"computer-generated list\\\" and central allocation (p. 3)\"") != std::string::npos);
    CHECK(agreed.find("d1 = \"low\"") != std::string::npos);
    CHECK(agreed.find("overall = \"some-concerns\"") != std::string::npos);
    // Jones's d1 stays out (the reviewers differ); the overall one reviewer gave is kept.
    const std::string jones = read_file(dir.path() / "b" / "2-jones-2012.toml");
    CHECK(jones.find("d1 =") == std::string::npos);
    CHECK(jones.find("overall = \"high\"") != std::string::npos);
}

TEST_CASE("imported corpus: audit, agree, grade and figure run on recorded judgements", "[import][recorded]") {
    temp_dir dir;
    for (const std::string coder : {"left-behind-children", "left-behind-children-coder-b"}) {
        const auto exported =
            run_appraise("run examples/" + coder + " --rubric rob2 --format robvis --robvis-template ROB2-Cluster");
        const auto csv = dir.write(coder + ".csv", exported.out);
        REQUIRE(run_appraise("import robvis " + shell_quote(csv) + " --tool ROB2-Cluster -o " +
                             shell_quote(dir.path() / coder))
                    .exit_code == 0);
    }
    const fs::path a = dir.path() / "left-behind-children";
    const fs::path b = dir.path() / "left-behind-children-coder-b";
    // Kept by the cache as they are: the second run serves them from it, provenance and all.
    const std::string cached =
        "run " + shell_quote(a) + " --rubric rob2 --format json --cache " + shell_quote(dir.path() / "cache");
    const auto first = run_appraise(cached);
    const auto second = run_appraise(cached);
    CHECK(first.out.find("\"provenance\":\"imported\"") != std::string::npos);
    CHECK(second.out == first.out);
    const auto audit = run_appraise("audit " + shell_quote(a) + " --rubric rob2");
    CHECK(audit.exit_code == 0);
    CHECK(audit.out.find("Corpus audit: 4 appraised studies") != std::string::npos);
    // Agreement on the recorded judgements, counted once (as judgements, not also as coded facts).
    const auto agree = run_appraise("agree " + shell_quote(a) + " " + shell_quote(b) + " --rubric rob2");
    CHECK(agree.exit_code == 0);
    CHECK(agree.out.find("rob2 d1b ") != std::string::npos);
    CHECK(agree.out.find("recorded.rob2") == std::string::npos);
    // A disagreement points at the [[recorded.rob2]] element (line 10 of an imported file).
    CHECK(agree.out.find("gao-2019.toml:10:1") != std::string::npos);
    dir.write("appraise.toml",
              "[review]\nrubrics = [\"rob2\"]\n\n[[review.outcomes]]\nid = \"mental-health\"\n"
              "name = \"Mental health\"\noutcomes = [\"depression\", \"mental-health\"]\n");
    const auto grade = run_appraise("grade " + shell_quote(a));
    INFO(grade.err);
    CHECK(grade.exit_code == 0);
    CHECK(grade.out.find("gao-2019  depression (assignment)  rob2  Some concerns (recorded) (counted high)") !=
          std::string::npos);
    const auto drawn =
        run_appraise("figure " + shell_quote(a) + " --rubric rob2 -o " + shell_quote(dir.path() / "f.svg"));
    INFO(drawn.err);
    CHECK(drawn.exit_code == 0);
    CHECK(read_file(dir.path() / "f.svg").find("recorded judgement imported from left-behind-children.csv row 2") !=
          std::string::npos);
}

TEST_CASE("import: a cell is data, never TOML or a path", "[import][revman]") {
    temp_dir dir;
    // A study name and a support text that try to close the string and open a table of their own.
    const std::string header =
        "Study,Outcome,Result,Effect of interest,D1 judgement,D1 support,D2 judgement,D2 support,D3 judgement,"
        "D3 support,D4 judgement,D4 support,D5 judgement,D5 support,Overall judgement,Overall support\n";
    const auto csv =
        dir.write("evil.csv", header +
                                  "\"../x\"\" = 1\n[recorded.rob2]\nd1 = \"\"high 2019\",o,,,Low,"
                                  "\"\"\"\n[[recorded.rob2]]\nd1 = \"\"high\"\"\n\x01\",Low,,Low,,Low,,Low,"
                                  ",Low,\n");
    const fs::path out = dir.path() / "out";
    const auto run = run_appraise("import revman " + shell_quote(csv) + " -o " + shell_quote(out));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(out)) files.push_back(entry.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].parent_path() == out);  // the name gave no path
    const auto json = run_appraise("run " + shell_quote(out) + " --rubric rob2 --format json");
    INFO(read_file(files[0]));
    REQUIRE(json.exit_code == 0);
    const auto report = nlohmann::json::parse(json.out);
    const auto& appraisals = report.at("studies").at(0).at("appraisals");
    REQUIRE(appraisals.size() == 1);  // one recorded result, not the ones the cells spelled
    CHECK(appraisals.at(0).at("domains").at(0).at("judgement") == "low");
    CHECK(appraisals.at(0).at("domains").at(0).at("support") == "\"\n[[recorded.rob2]]\nd1 = \"high\"\n\x01");
}
