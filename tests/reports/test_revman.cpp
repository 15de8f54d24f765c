// RevMan Web's RoB 2 import CSV (instruments-2.md section 8): the columns of
// revman_columns.hpp or of RevMan's template, one row per result, judgement
// and support per domain and overall, and never a judgement not made.
#include "appraise/reports/revman_columns.hpp"
#include "report_fixtures.hpp"
#include "robvis_reader.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

report_context rob2_context() {
    report_context context;
    context.rubrics = {rob2_description()};
    return context;
}

// The header's index of `name` (the default columns).
std::size_t at(const std::vector<std::string>& header, std::string_view name) {
    const auto found = std::find(header.begin(), header.end(), name);
    REQUIRE(found != header.end());
    return static_cast<std::size_t>(found - header.begin());
}

}  // namespace

TEST_CASE("revman: the table's columns in order, one row per result, RevMan's three words", "[reports][revman]") {
    const auto result = write_report("revman", rob2_context());
    INFO(result.notes);
    const auto rows = csv_rows(result.out);
    REQUIRE(rows.front().size() == revman_columns.size());
    for (std::size_t c = 0; c < revman_columns.size(); ++c) CHECK(rows.front()[c] == revman_columns[c].header);
    // chen-2017's three rob2 results; the third judges D3 "no-information", which RevMan has no word for.
    REQUIRE(rows.size() == 3);
    const auto& head = rows.front();
    const auto& first = rows[1];
    CHECK(first[at(head, "Study")] == "chen-2017");
    CHECK(first[at(head, "Outcome")] == "depression, self-report");
    CHECK(first[at(head, "Result")] == "depression, self-report (assignment)");
    CHECK(first[at(head, "Effect of interest")] == "assignment");
    const std::vector<std::string> judgements{"Low", "Some concerns", "Low", "High", "Low", "High"};
    const std::vector<std::string> columns{"D1", "D2", "D3", "D4", "D5", "Overall"};
    for (std::size_t d = 0; d < columns.size(); ++d) CHECK(first[at(head, columns[d] + " judgement")] == judgements[d]);
    // Support: the answers (the fixture's d1.1 = Y), and the reviewer's reason when they overrode the algorithm.
    CHECK(first[at(head, "D1 support")] == "d1.1 = Y");
    CHECK(first[at(head, "D2 support")] == "d2.1 = NI, missing");
    CHECK(first[at(head, "D4 support")] ==
          "d4.1 = NI, missing\nThe reviewer's judgement; the algorithm gave Some concerns: assessors knew the "
          "allocation | see notes");
    CHECK(rows[2][at(head, "Result")] == "抑郁 (adhering)");
    CHECK(rows[2][at(head, "Effect of interest")] == "adhering");
    for (const auto& row : rows)
        for (std::size_t d = 0; d < columns.size() && &row != &rows.front(); ++d) {
            const auto& word = row[at(head, columns[d] + " judgement")];
            CHECK((word == "Low" || word == "Some concerns" || word == "High"));
        }
    CHECK_THAT(result.notes, Catch::Contains("revman: 2 rows of rob2 2.0.0, written by appraise "));
    CHECK_THAT(result.notes, Catch::Contains("revman: left out 1 row whose judgement is not Low, Some concerns or "
                                             "High: chen-2017 (抑郁 (adhering)) #2 (Missing outcome data: "
                                             "no-information)"));
    CHECK_THAT(result.notes, Catch::Contains("2 studies not assessed by rob2, left out: lan-2009, zhou-2019"));
}

TEST_CASE("revman: the reviewer's support and direction, and a result not assessed in full stays out, located",
          "[reports][revman][evidence]") {
    const auto result = write_report("revman", rob2_context(), {evidence_file()});
    INFO(result.out << result.notes);
    const auto rows = csv_rows(result.out);
    REQUIRE(rows.size() == 2);  // "anxiety"; "depression" has domain 3 not assessed
    const auto& head = rows.front();
    CHECK(rows[1][at(head, "Result")] == "anxiety");
    CHECK(rows[1][at(head, "Overall judgement")] == "Low");
    CHECK(rows[1][at(head, "Overall support")] == "All five domains low.\nDirection: Towards null");
    CHECK(result.out.find("depression") == std::string::npos);
    CHECK(result.out.find("Not assessed") == std::string::npos);
    CHECK_THAT(result.notes, Catch::Contains("revman: left out 1 row that the reviewer did not assess in full"));
    CHECK_THAT(result.notes, Catch::Contains("liu-2020 (depression) (Missing outcome data: question 3.1 is reached "
                                             "but was not answered; Overall: domain 3 (Missing outcome data) is not "
                                             "assessed)"));

    // The reviewer's D1 support, its quotes and direction, as one cell.
    auto file = evidence_file();
    auto& depression = file.studies[0].appraisals[0];
    depression.domains[2].not_assessed.clear();
    depression.domains[2].judgement = "low";
    depression.overall_not_assessed.clear();
    depression.overall = "some-concerns";
    depression.findings.clear();
    const auto both = csv_rows(write_report("revman", rob2_context(), {file}).out);
    REQUIRE(both.size() == 3);
    CHECK(both[1][at(head, "D1 support")] ==
          "Allocation method not described; groups similar at baseline (Table 1).\n1.1 = PN (\"'randomly divided', "
          "no method given\", p. 820, full-text); 1.2 = NI; 1.3 = N, derived\nDirection: Unpredictable");
}

TEST_CASE("revman: a result whose coding has errors stays out, with its place", "[reports][revman]") {
    const auto rob2 = rob2_description();
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    auto wrong = appraisal_of(rob2, "", {"low", "low", "low", "low", "low"}, "low");
    wrong.findings.push_back(
        {"rob2/invalid-answer", severity::error, "1.1 = \"maybe\" is not an answer", {"studies/bad.toml", 12, 8}});
    files[0].studies.push_back(study_of("bad", {wrong}));
    auto good = appraisal_of(rob2, "", {"low", "low", "low", "low", "low"}, "low");
    good.domains[0].support = "=HYPERLINK(\"http://x\")";  // a spreadsheet would run it
    files[0].studies.push_back(study_of("good", {good}));
    const auto result = write_report("revman", rob2_context(), files);
    const auto rows = csv_rows(result.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1][0] == "good");
    CHECK_THAT(result.notes, Catch::Contains("revman: left out 1 row whose coding has errors"));
    CHECK_THAT(result.notes,
               Catch::Contains("bad: studies/bad.toml:12:8: 1.1 = \"maybe\" is not an answer [rob2/invalid-answer]"));
    // The project's CSV escaper: a leading ' keeps the formula text.
    CHECK(rows[1][at(rows.front(), "D1 support")].rfind("'=HYPERLINK(", 0) == 0);
}

TEST_CASE("revman refuses another rubric, and a file with no row", "[reports][revman]") {
    std::ostringstream out;
    report_context robins;
    robins.rubrics = {robins_description()};
    CHECK_THROWS_WITH(make_revman_report(out, robins),
                      Catch::Contains("takes exactly one rubric, rob2 (--rubric rob2); the run has robins-i"));
    report_context two;
    two.rubrics = {rob2_description(), weakness_description()};
    CHECK_THROWS_WITH(make_revman_report(out, two), Catch::Contains("the run has rob2, design-weakness"));

    std::ostringstream notes;
    auto context = rob2_context();
    context.notes = &notes;
    auto writer = make_revman_report(out, context);
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    files[0].studies.push_back(study_of("other", {appraisal_of(weakness_description(), "", {"low"}, "low")}));
    writer->add(files[0], writer->render(files[0]));
    CHECK_THROWS_WITH(writer->finish(run_summary{}), Catch::Contains("no row of rob2 to write, so no CSV was written"));
    CHECK(out.str().empty());
}

TEST_CASE("revman --revman-template: headers matched by name, in the template's order and spelling",
          "[reports][revman]") {
    auto context = rob2_context();
    context.revman_template =
        "\xEF\xBB\xBF\"Study\",\"D1_Judgement\",D1 support,D2 judgement,D2 support,D3 judgement,D3 support,"
        "D4 judgement,D4 support,D5 judgement,D5 support,Overall judgement,Overall support\r\n";
    context.revman_path = "rob2-template.csv";
    const auto result = write_report("revman", context);
    const auto rows = csv_rows(result.out);
    REQUIRE(rows.size() == 3);
    CHECK(rows.front().size() == 13);
    CHECK(rows.front()[1] == "D1_Judgement");
    CHECK(rows[1] == std::vector<std::string>{"chen-2017", "Low", "d1.1 = Y", "Some concerns", "d2.1 = NI, missing",
                                              "Low", "d3.1 = Y", "High",
                                              "d4.1 = NI, missing\nThe reviewer's judgement; the algorithm gave Some "
                                              "concerns: assessors knew the allocation | see notes",
                                              "Low", "d5.1 = Y", "High", ""});
    CHECK_THAT(result.notes, Catch::Contains("revman: columns as rob2-template.csv names them"));
}

TEST_CASE("revman_layout fails on any header it cannot map, naming its place", "[reports][revman]") {
    const std::string all =
        "Study,D1 judgement,D1 support,D2 judgement,D2 support,D3 judgement,D3 support,D4 judgement,D4 support,"
        "D5 judgement,D5 support,Overall judgement,Overall support";
    CHECK(revman_layout(all + "\n", "t.csv").size() == 13);
    CHECK_THROWS_WITH(revman_layout(all + ",Notes\n", "t.csv"),
                      Catch::Contains("t.csv:1:" + std::to_string(all.size() + 2) +
                                      ": the RevMan template's header \"Notes\" is no column appraise knows how to "
                                      "fill (it knows: Study, Outcome,"));
    CHECK_THROWS_WITH(revman_layout(all + ",study\n", "t.csv"), Catch::Contains("names column \"Study\" twice"));
    CHECK_THROWS_WITH(revman_layout("Study,D1 judgement,D1 support\n", "t.csv"),
                      Catch::Contains("t.csv:1:1: the RevMan template has no column \"D2 judgement\""));
    CHECK_THROWS_WITH(revman_layout("", "t.csv"), Catch::Contains("t.csv:1:1: the RevMan template has no header row"));
    CHECK_THROWS_WITH(revman_layout("\"Study,D1\n", "t.csv"), Catch::Contains("a quoted header is not closed"));
    // The optional columns may be left out; the required ones are every judgement and support, and Study.
    for (const auto& c : revman_columns)
        CHECK(c.required == (c.field == revman_field::study || c.field == revman_field::judgement ||
                             c.field == revman_field::support));
}
