// Report formats through the appraise executable on the example corpus:
// robvis usage rules and notes, weights, determinism across thread counts,
// and the audit grouped by a field in every format.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "test_support.hpp"

using namespace appraise::test;
using json = nlohmann::json;

namespace {

const std::string corpus = "examples/left-behind-children";

std::size_t line_count(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text) n += c == '\n' ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("run --format robvis needs exactly one --rubric", "[cli][reports][robvis]") {
    const auto none = run_appraise("run --format robvis " + corpus);
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.err, Catch::Contains("--format robvis writes one rubric's judgements, but 0 were named"));
    CHECK_THAT(none.err, Catch::Contains("[usage/robvis-one-rubric]"));
    CHECK(none.out.empty());
    const auto two = run_appraise("run --format robvis --rubric design-weakness --rubric design-weakness " + corpus);
    CHECK(two.exit_code == 2);
}

TEST_CASE("run --format robvis on the example corpus: Generic, one row per study", "[cli][reports][robvis]") {
    const auto result = run_appraise("run --format robvis --rubric design-weakness " + corpus);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.out,
               Catch::StartsWith("Study,Allocation,Sample,Attrition,Measurement,Analysis,Transparency,Overall\n"));
    CHECK(line_count(result.out) == 19);
    CHECK_THAT(result.out, Catch::Contains("\nChen 2017,"));  // authors and year coded: "Author Year" (--label)
    CHECK_THAT(result.err, Catch::Contains("pass tool = \"Generic\""));
    CHECK_THAT(result.err, Catch::Contains("robvis has no template of its own for "));
    for (const char* bad : {"low,", "high,", "some-concerns", "NI", "not-applicable"}) {
        INFO(bad);
        CHECK(result.out.find(bad) == std::string::npos);
    }
}

TEST_CASE("run --format robvis --rubric rob2: individually and cluster-randomised trials in their own templates",
          "[cli][reports][robvis]") {
    // The example corpus has four individually randomised trials (one with two
    // results) and four cluster-randomised ones (chen, gao, wang, yang).
    const auto rob2 = run_appraise("run --format robvis --rubric rob2 " + corpus);
    INFO(rob2.err);
    REQUIRE(rob2.exit_code == 0);
    CHECK_THAT(rob2.out, Catch::StartsWith("Study,D1,D2,D3,D4,D5,Overall\n"));
    CHECK(line_count(rob2.out) == 5);
    CHECK_THAT(rob2.out, Catch::Contains("\n\"Zhou 2019, depression (assignment)\","));
    CHECK_THAT(rob2.err, Catch::Contains("left out 4 rows that rob2 draws with robvis's ROB2-Cluster template"));
    CHECK_THAT(rob2.err, Catch::Contains("--robvis-template ROB2-Cluster"));

    const auto cluster = run_appraise("run --format robvis --rubric rob2 --robvis-template ROB2-Cluster " + corpus);
    INFO(cluster.err);
    REQUIRE(cluster.exit_code == 0);
    // robvis's ROB2-Cluster: Study, D1, D1b, D2-D5, Overall (robvis.md), full words only.
    CHECK_THAT(cluster.out, Catch::StartsWith("Study,D1,D1b,D2,D3,D4,D5,Overall\n"));
    CHECK(line_count(cluster.out) == 5);
    for (const char* trial : {"Chen 2017", "Gao 2019", "Wang 2018", "Yang 2020"})
        CHECK_THAT(cluster.out, Catch::Contains(std::string("\n\"") + trial + ", "));
    CHECK(cluster.out.find("Zhou 2019") == std::string::npos);
    CHECK_THAT(cluster.err, Catch::Contains("pass tool = \"ROB2-Cluster\" to rob_traffic_light()"));

    const auto unknown = run_appraise("run --format robvis --rubric rob2 --robvis-template ROBINS-I " + corpus);
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("--robvis-template takes one of: ROB2, ROB2-Cluster, Generic\n"));
}

TEST_CASE("run --weight: a study without the field is an input error with its place", "[cli][reports][robvis]") {
    const auto result = run_appraise("run --format robvis --rubric design-weakness --weight sample.enrolled " + corpus);
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Catch::Contains("examples/left-behind-children/studies/ma-2008-education.toml:5:6: error:"));
    CHECK_THAT(result.err, Catch::Contains("has no `sample.enrolled`"));
    CHECK_THAT(result.out, Catch::StartsWith(
                               "Study,Allocation,Sample,Attrition,Measurement,Analysis,Transparency,Overall,Weight\n"));
    CHECK(line_count(result.out) == 18);                 // every study but ma-2008
    CHECK(result.out.find(",\n") == std::string::npos);  // never an empty weight
    CHECK(result.out.find("ma-2008") == std::string::npos);

    const auto typo = run_appraise("run --format robvis --rubric design-weakness --weight sample.enroled " + corpus);
    CHECK(typo.exit_code == 2);
    CHECK_THAT(typo.err, Catch::Contains("did you mean `sample.enrolled`?"));
    const auto wrong_format = run_appraise("run --weight sample.enrolled " + corpus);
    CHECK(wrong_format.exit_code == 2);
    CHECK_THAT(wrong_format.err, Catch::Contains("--weight applies to --format robvis and html only"));
    const auto findings = run_appraise("run --findings " + corpus);
    CHECK(findings.exit_code == 2);
}

TEST_CASE("report formats are byte-identical for any -j and written atomically", "[cli][reports]") {
    temp_dir dir;
    for (const std::string format : {"html", "markdown", "csv", "robvis", "revman"}) {
        INFO(format);
        const std::string rubric = format == "robvis"   ? " --rubric design-weakness"
                                   : format == "revman" ? " --rubric rob2"
                                                        : "";
        const auto one = run_appraise("run -j 1 --format " + format + rubric + " " + corpus);
        const auto path = dir.path() / ("report." + format);
        const auto four =
            run_appraise("run -j 4 --format " + format + rubric + " -o '" + path.string() + "' " + corpus);
        REQUIRE(one.exit_code == 0);
        REQUIRE(four.exit_code == 0);
        CHECK(four.out.empty());
        CHECK(read_file(path) == one.out);
        CHECK(one.err.find("\r") == std::string::npos);  // no progress line when stderr is not a terminal
    }
    const auto findings = run_appraise("run --format csv --findings " + corpus);
    REQUIRE(findings.exit_code == 0);
    const auto text = run_appraise("run --format json " + corpus);
    const auto parsed = json::parse(text.out);
    CHECK(line_count(findings.out) == 1 + parsed["summary"]["findings"]["warning"].get<std::size_t>() +
                                          parsed["summary"]["findings"]["info"].get<std::size_t>() +
                                          parsed["summary"]["findings"]["error"].get<std::size_t>());
}

TEST_CASE("audit --by design.type on the example corpus: findings and judgements per group", "[cli][reports][audit]") {
    const auto result = run_appraise("audit --format json --by design.type " + corpus);
    REQUIRE(result.exit_code == 0);
    const auto audit = json::parse(result.out);
    CHECK(audit["groups"] == json{{"cluster-rct", 4},
                                  {"controlled-before-after", 1},
                                  {"non-randomised-controlled", 5},
                                  {"pre-post", 4},
                                  {"qualitative", 1},
                                  {"rct", 3}});
    // The screening rubric (trustworthiness) runs first; design-weakness follows.
    CHECK(audit["judgements"][0]["rubric"] == "trustworthiness");
    const auto& dw = audit["judgements"][1];
    CHECK(dw["rubric"] == "design-weakness");
    const auto& overall = dw["domains"].back();
    CHECK(overall["domain"] == "Overall");
    // Each group's overall judgements add up to its size (one appraisal per study).
    for (const auto& [group, size] : audit["groups"].items()) {
        std::size_t sum = 0;
        for (const auto& [word, n] : overall["by_group"][group].items()) sum += n.get<std::size_t>();
        INFO(group);
        CHECK(sum == size.get<std::size_t>());
    }
    // Every pre-post study lacks a comparison group: 4 of the 4 where the check applies there.
    bool found = false;
    for (const auto& finding : audit["findings"])
        if (finding["id"] == "design-weakness/no-comparison-group") {
            found = true;
            CHECK(finding["by_group"]["pre-post"]["count"] == 4);
            CHECK(finding["by_group"]["pre-post"]["applies"] == 4);
            CHECK(finding["by_group"]["pre-post"]["weakness"] == 4);
        }
    CHECK(found);
    // Concealment applies to the randomised studies only (the qualitative study and the
    // non-randomised ones are not counted), whatever share of the corpus they are.
    for (const auto& finding : audit["findings"])
        if (finding["id"] == "design-weakness/allocation-concealment-unreported") {
            INFO(finding.dump());
            CHECK(finding["applies"] == 7);  // 3 rct + 4 cluster-rct
            CHECK(finding["by_group"]["rct"]["applies"] == 3);
            CHECK_FALSE(finding["by_group"].contains("qualitative"));
            CHECK(finding["weakness"]["count"].get<int>() + finding["not_reported"]["count"].get<int>() +
                      finding["fine"]["count"].get<int>() ==
                  7);
        }

    const auto text = run_appraise("audit --by design.type " + corpus);
    CHECK_THAT(text.out, Catch::Contains("Judgements by design.type"));
    CHECK_THAT(text.out, Catch::Contains("  design-weakness, pre-post (4 studies)\n"));
    const auto md = run_appraise("audit --format markdown --by year " + corpus);
    REQUIRE(md.exit_code == 0);
    CHECK_THAT(md.out, Catch::Contains("| `year` | Studies |"));
    const auto csv = run_appraise("audit --format csv --by tags " + corpus);
    REQUIRE(csv.exit_code == 0);
    CHECK_THAT(csv.out,
               Catch::StartsWith("kind,group_by,group,group_studies,rubric,item,value,count,share,studies,tool,concern,"
                                 "applies,weakness,not_reported,fine,title\n"));
    CHECK_THAT(csv.out, Catch::Contains("judgement,tags,sport,"));
    const auto html = run_appraise("audit --format html --palette colourblind " + corpus);
    REQUIRE(html.exit_code == 0);
    CHECK_THAT(html.out, Catch::Contains("<svg class=\"summary-bars\""));
    CHECK_THAT(html.out, Catch::Contains("<h3>pre-post (4 studies)</h3>"));
}

TEST_CASE("run --format robvis: --outcome and --allow-unjudged are robvis options, an empty file is refused",
          "[cli][reports][robvis]") {
    const auto elsewhere = run_appraise("run --outcome reading --rubric design-weakness " + corpus);
    CHECK(elsewhere.exit_code == 2);
    CHECK_THAT(elsewhere.err, Catch::Contains("--outcome applies to --format robvis only [usage/robvis-only]"));
    // No rob2 result has this outcome: nothing to draw, so no file and exit 2.
    const auto none = run_appraise("run --format robvis --rubric rob2 --outcome no-such-outcome " + corpus);
    CHECK(none.exit_code == 2);
    CHECK(none.out.empty());
    CHECK_THAT(none.err, Catch::Contains("no row of rob2 to write, so no CSV was written"));
    // One outcome's results only.
    const auto loneliness = run_appraise("run --format robvis --rubric rob2 --outcome loneliness " + corpus);
    INFO(loneliness.err);
    CHECK(loneliness.exit_code == 0);
    CHECK(line_count(loneliness.out) == 3);  // header, fang-2022 and zhou-2019
    CHECK_THAT(loneliness.out, Catch::Contains("\"Zhou 2019, loneliness (assignment)\""));
    CHECK_THAT(loneliness.out, !Catch::Contains("depression"));
}

TEST_CASE("check reports the coding, not judgements: no judged lines", "[cli][reports]") {
    const auto checked = run_appraise("check " + corpus);
    INFO(checked.err);
    CHECK(checked.out.find("judged:") == std::string::npos);
    const auto ran = run_appraise("run " + corpus);
    CHECK(ran.out.find("    judged: design-weakness: overall ") != std::string::npos);
}

// chen-2017-sport, checked by hand against its coding file and the rubrics'
// derive rules: a cluster RCT with allocation = "random" and a method (JBI q1,
// MMAT 2.1: yes), concealment = false (q2: no), baseline.equivalent = true (q3,
// 2.2: yes), blinding.assessors = false (q6, 2.4: no) and participants and
// providers not coded (q4, q5: unclear, facts not reported), completion 0.94
// (2.3: yes; q8: below 1 and reasons_reported not coded, so unclear, not
// reported), attrition.analysis not coded (q9), reliability coded for one of
// its two outcomes (q11: unclear, not reported), methods_appropriate = false
// (q12: no), unit cluster with cluster_adjusted = false (q13: no),
// intervention.received not coded (2.5: can't tell, not reported); the
// reviewer coded JBI q7 = unclear, q10 = yes and MMAT s1 = s2 = yes.
TEST_CASE("run --table items on the example corpus: JBI and MMAT, one column per item, chen-2017-sport by hand",
          "[cli][reports][items]") {
    const auto result = run_appraise("run --format markdown --table items -r jbi-rct-2017 -r mmat-2018 " + corpus);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const std::string& md = result.out;
    CHECK_THAT(md, Catch::Contains("| Study | q1 | q2 | q3 | q4 | q5 | q6 | q7 | q8 | q9 | q10 | q11 | q12 | q13 |\n"));
    // Rows named as the report names studies: author-year by default.
    CHECK_THAT(md, Catch::Contains("| Chen 2017 | Yes (d) | No (d) | Yes (d) | Unclear (nr) | Unclear (nr) | "
                                   "No (d) | Unclear | Unclear (nr) | Unclear (nr) | Yes | Unclear (nr) | No (d) | "
                                   "No (d) |\n"));
    // MMAT: a table per category, the screening questions and that category's five criteria.
    CHECK_THAT(md, Catch::Contains("#### Screening; 2. Randomised controlled trial\n\n"
                                   "| Study | s1 | s2 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 |\n"));
    CHECK_THAT(md, Catch::Contains("| Chen 2017 | Yes | Yes | Yes (d) | Yes (d) | Yes (d) | No (d) | "
                                   "Can't tell (nr) |\n"));
    const auto by_id =
        run_appraise("run --format markdown --table items --label id -r jbi-rct-2017 -r mmat-2018 " + corpus);
    CHECK_THAT(by_id.out, Catch::Contains("| chen-2017-sport | Yes | Yes | Yes (d) | Yes (d) | Yes (d) | No (d) | "
                                          "Can't tell (nr) |\n"));
    CHECK_THAT(
        md, Catch::Contains("#### Screening; 3. Non-randomised\n\n| Study | s1 | s2 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 |"));
    CHECK_THAT(md, Catch::Contains("- `q13`: Was the trial design appropriate"));
    // The full Markdown report has the same tables under each checklist rubric.
    const auto report = run_appraise("run --format markdown -r jbi-rct-2017 " + corpus);
    REQUIRE(report.exit_code == 0);
    CHECK_THAT(report.out, Catch::Contains("### Items\n\n| Study | q1 | q2 |"));
    CHECK(report.out.find("### Items") > report.out.find("### Support for judgements"));
}

TEST_CASE("run --table items: an item only the reviewer answers, left unanswered, reads Not assessed",
          "[cli][reports][items]") {
    temp_dir dir;
    // No [appraisal.mmat-2018]: s1 and s2 are the reviewer's to answer; 2.2 is derived.
    dir.write("s.toml", "id = \"solo-2020\"\n[design]\ntype = \"rct\"\n[baseline]\nequivalent = true\n");
    const auto result =
        run_appraise("run --format csv --table items -r mmat-2018 " + shell_quote(dir.path() / "s.toml"));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.out, Catch::Contains("solo-2020,,mmat-2018,2018.1.0,s1,Are the research questions clear?,"
                                           "screening,,Not assessed,,not-assessed,"));
    CHECK_THAT(result.out, Catch::Contains("solo-2020,,mmat-2018,2018.1.0,2.2,Are the groups comparable at baseline?,"
                                           "randomised,,Yes,yes,derived,"));
    CHECK(result.out.find(",1.1,") == std::string::npos);  // another category's criteria are not asked
}

TEST_CASE("run --table characteristics on the example corpus: coded values, not reported for the rest",
          "[cli][reports][characteristics]") {
    const auto result = run_appraise("run --format markdown --table characteristics -r mmat-2018 " + corpus);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    // chen-2017-sport codes no intervention.setting.
    CHECK_THAT(result.out,
               Catch::Contains("| chen-2017-sport | Cluster RCT | China | not reported | 64 / 60 | Sunshine "
                               "sports hour | 16 weeks | Mental health problems (Mental Health Test "
                               "(MHT)); Physical fitness (National Student Physical Health Standard test "
                               "battery) | post-test only |\n"));
    const auto csv = run_appraise("run --format csv --table characteristics -r mmat-2018 " + corpus);
    REQUIRE(csv.exit_code == 0);
    CHECK_THAT(csv.out, Catch::StartsWith("Study,Design,Country,Setting,n per arm,Intervention,Duration,Outcomes,"
                                          "Follow-up,tool\n"));
    CHECK(csv.out.find(",,") == std::string::npos);  // never a blank cell
    // The configuration's screening rubric (trustworthiness) marks chen-2017-sport: every table says so.
    const auto marked = run_appraise("run --format markdown --table characteristics " + corpus);
    REQUIRE(marked.exit_code == 0);
    CHECK_THAT(marked.out, Catch::Contains("\nExcluded from synthesis pending review (the configuration's screening "
                                           "rubric): chen-2017-sport.\n"));
    const auto marked_csv = run_appraise("run --format csv --table items " + corpus);
    REQUIRE(marked_csv.exit_code == 0);
    CHECK_THAT(marked_csv.err, Catch::Contains("table: Excluded from synthesis pending review"));
    for (const std::string table : {"items", "characteristics"})
        for (const std::string format : {"markdown", "csv", "html"}) {
            INFO(table << " " << format);
            const auto one = run_appraise("run -j 1 --format " + format + " --table " + table + " " + corpus);
            const auto four = run_appraise("run -j 4 --format " + format + " --table " + table + " " + corpus);
            REQUIRE(one.exit_code == 0);
            CHECK(one.out == four.out);
        }
}

TEST_CASE("run --table: markdown, csv or html only, and not with --findings", "[cli][reports][items]") {
    const auto json = run_appraise("run --format json --table items " + corpus);
    CHECK(json.exit_code == 2);
    CHECK_THAT(json.err, Catch::Contains("--table is written as markdown, csv or html, not json [usage/table-format]"));
    CHECK(json.out.empty());
    const auto both = run_appraise("run --format csv --findings --table items " + corpus);
    CHECK(both.exit_code == 2);
    CHECK_THAT(both.err, Catch::Contains("[usage/table-format]"));
    const auto weighted = run_appraise("run --format html --weight sample.enrolled --table items " + corpus);
    CHECK(weighted.exit_code == 2);
    CHECK_THAT(weighted.err, Catch::Contains("a --table has none [usage/table-format]"));
    const auto unknown = run_appraise("run --format csv --table nope " + corpus);
    CHECK(unknown.exit_code != 0);
    const auto help = run_appraise("run --help");
    CHECK_THAT(help.out, Catch::Contains("Tables (--table):\n  items "));
    CHECK_THAT(help.out, Catch::Contains("  characteristics "));
}

TEST_CASE("run --format html --weight: a study with several results counts once", "[cli][reports][html]") {
    temp_dir dir;
    for (const char* name : {"fang-2022-parent.toml", "zhou-2019-cbt.toml"})
        std::filesystem::copy_file(source_dir / "examples" / "left-behind-children" / "studies" / name,
                                   dir.path() / name);
    const auto html =
        run_appraise("run " + shell_quote(dir.path()) + " --rubric rob2 --format html --weight sample.enrolled");
    INFO(html.err);
    REQUIRE(html.exit_code == 0);
    // zhou (enrolled 132) has two results at Some concerns, fang (60) one at High:
    // 132 / (132 + 60) = 68.75 %. Giving each result the study's whole weight
    // would draw 264 / 324 = 81.5 %.
    CHECK(html.out.find("<title>Overall: Some concerns 68.8%</title>") != std::string::npos);
    CHECK(html.out.find("<title>Overall: High 31.2%</title>") != std::string::npos);
    CHECK(html.out.find("a study with several results gives each its share") != std::string::npos);
}
