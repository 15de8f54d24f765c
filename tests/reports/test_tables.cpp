// Markdown and long CSV reports against golden files, plus the properties
// the goldens rely on (stable header, quoting, skipped studies left out).
#include "report_fixtures.hpp"

#include "appraise/model/version.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

report_context all_rubrics() {
    report_context context;
    context.rubrics = {rob2_description(), robins_description(), weakness_description()};
    return context;
}

}  // namespace

TEST_CASE("markdown: a judgement table and support per rubric, then the findings", "[reports][markdown]") {
    const auto result = write_report("markdown", all_rubrics());
    check_golden("results.md", result.out);
    const std::string& md = result.out;
    CHECK_THAT(md, Catch::StartsWith("# Appraisal report\n"));
    CHECK_THAT(md, Catch::Contains(std::string("Made by appraise ") + tool_version));
    CHECK_THAT(md, Catch::Contains("| Study | Randomisation process | Deviations from intended interventions | Missing "
                                   "outcome data | Measurement of the outcome | Selection of the reported result | "
                                   "Overall |\n"));
    // The override is marked in the table and explained in the support; the pipe is escaped.
    CHECK_THAT(
        md,
        Catch::Contains(
            "| chen-2017 (depression, self-report (assignment)) | Low | Some concerns | Low | High † | Low | High |"));
    CHECK_THAT(md, Catch::Contains(
                       "† overridden (the algorithm gave Some concerns): assessors knew the allocation \\| see notes"));
    CHECK_THAT(
        md, Catch::Contains("| `design-weakness/too-few-clusters` | warning | bias | studies/chen-2017.toml:22:12 |"));
    CHECK(md.find("bad-2010") == std::string::npos);  // skipped studies have no judgements
    CHECK(md.find("## RoB 2 (rob2 2.0.0)") < md.find("## ROBINS-I (robins-i 1.0.0)"));
    CHECK(md.find("## Design weaknesses") < md.find("## Findings"));
}

TEST_CASE("csv: one row per study x rubric x domain with a stable header", "[reports][csv]") {
    const auto result = write_report("csv", all_rubrics());
    check_golden("results.csv", result.out);
    CHECK_THAT(result.out, Catch::StartsWith("study,result,rubric,rubric_version,domain_id,domain,judgement,proposed,"
                                             "override_reason,rationale,tool,"));  // the contract's columns, then 1.1's
    // 3 rob2 results x 6 rows, 1 robins-i x 8, 3 design-weakness x 7.
    std::size_t lines = 0;
    for (const char c : result.out) lines += c == '\n' ? 1 : 0;
    CHECK(lines == 1 + 18 + 8 + 21);
    CHECK_THAT(result.out,
               Catch::Contains("chen-2017,\"depression, self-report (assignment)\",rob2,2.0.0,d4,Measurement "
                               "of the outcome,high,some-concerns,assessors knew the allocation | see notes,"
                               "rule d4 fired,appraise "));
    CHECK_THAT(result.out, Catch::Contains("zhou-2019,,design-weakness,1.0.0,overall,Overall,low,,,,appraise"));
}

TEST_CASE("csv --findings: one row per finding, quotes doubled", "[reports][csv]") {
    auto context = all_rubrics();
    context.finding_rows = true;
    const auto result = write_report("csv", context);
    check_golden("findings.csv", result.out);
    CHECK_THAT(result.out, Catch::StartsWith("study,result,rubric,rubric_version,finding,severity,message,file,line,"
                                             "column,tool,support,at,source,concern\n"));
    CHECK_THAT(result.out,
               Catch::Contains("chen-2017,,design-weakness,1.0.0,design-weakness/too-few-clusters,warning,"
                               "\"2 clusters across 2 arms, \"\"1 per arm\"\"\",studies/chen-2017.toml,22,12,"));
    std::size_t lines = 0;
    for (const char c : result.out) lines += c == '\n' ? 1 : 0;
    CHECK(lines == 1 + 4);
}

// ---------------------------------------------------------------- format 1.1 evidence

namespace {

report_context rob2_only() {
    report_context context;
    context.rubrics = {rob2_description()};
    return context;
}

}  // namespace

TEST_CASE("markdown: support for judgement, the reviewer's text first, then the answers with their quotes",
          "[reports][markdown][evidence]") {
    const std::string md = write_report("markdown", rob2_only(), {evidence_file()}).out;
    INFO(md);
    CHECK_THAT(md, Catch::Contains("| Study | Domain | Judgement | Support for judgement | Rationale |\n"));
    CHECK_THAT(md, Catch::Contains("| liu-2020 (depression) | Some concerns | Low | Not assessed | Low | Low | Not "
                                   "assessed |\n"));
    CHECK_THAT(md, Catch::Contains("| liu-2020 (depression) | Randomisation process | Some concerns | Allocation "
                                   "method not described; groups similar at baseline (Table 1).<br>1.1 = PN "
                                   "(\"'randomly divided', no method given\", p. 820, full-text); 1.2 = NI; 1.3 = N, "
                                   "derived<br>Direction: Unpredictable | rule d1 fired |\n"));
    CHECK_THAT(md, Catch::Contains("| 2.1 = N (\"&lt;b&gt;blinded&lt;/b&gt; &amp; \"sealed\"\", Methods) |"));
    CHECK_THAT(md, Catch::Contains("| liu-2020 (depression) | Missing outcome data | Not assessed: question 3.1 is "
                                   "reached but was not answered | 3.1 not assessed | not judged: 3.1 not answered "
                                   "|\n"));
    CHECK_THAT(md, Catch::Contains("| liu-2020 (depression) | Overall | Not assessed: domain 3 (Missing outcome data) "
                                   "is not assessed |"));
    CHECK_THAT(md, Catch::Contains("| liu-2020 (depression) | Notes |  | Second coder checked D1 &amp; D2 \\| log "
                                   "kept |  |\n"));
    CHECK_THAT(md, Catch::Contains("| liu-2020 (anxiety) | Overall | Low | All five domains low.<br>Direction: "
                                   "Towards null |"));
}

TEST_CASE("markdown: each study's [coding] record, as the HTML report shows it", "[reports][markdown][evidence]") {
    const std::string md = write_report("markdown", rob2_only(), {evidence_file()}).out;
    INFO(md);
    CHECK_THAT(md,
               Catch::Contains("\n## Coding\n\n| Study | Coder | Date | Sources | Notes |\n"
                               "| --- | --- | --- | --- | --- |\n"
                               "| liu-2020 | A. Reviewer &lt;ar@example.org&gt; | 2026-11-30 | full-text, protocol | "
                               "coded from the PDF |\n"));
    CHECK(md.find("## Findings") < md.find("## Coding"));
    // A corpus without records has no such section.
    CHECK(write_report("markdown", all_rubrics()).out.find("## Coding") == std::string::npos);
}

TEST_CASE("csv: support, direction, not assessed and notes in new columns at the end", "[reports][csv][evidence]") {
    const std::string csv = write_report("csv", rob2_only(), {evidence_file()}).out;
    INFO(csv);
    const std::string stamp = std::string("appraise ") + tool_version;
    CHECK_THAT(csv, Catch::StartsWith("study,result,rubric,rubric_version,domain_id,domain,judgement,proposed,"
                                      "override_reason,rationale,tool,support_for_judgement,direction,not_assessed,"
                                      "notes\n"));
    CHECK_THAT(csv, Catch::Contains("liu-2020,depression,rob2,2.0.0,d1,Randomisation process,some-concerns,,,rule d1 "
                                    "fired," +
                                    stamp +
                                    ",\"Allocation method not described; groups similar at baseline (Table 1).\n1.1 "
                                    "= PN (\"\"'randomly divided', no method given\"\", p. 820, full-text); 1.2 = NI; "
                                    "1.3 = N, derived\",unpredictable,,Second coder checked D1 & D2 | log kept\n"));
    // Not assessed: the judgement cell stays empty (JSON writes null) and the reason has its column.
    CHECK_THAT(csv, Catch::Contains("liu-2020,depression,rob2,2.0.0,d3,Missing outcome data,,,,not judged: 3.1 not "
                                    "answered," +
                                    stamp +
                                    ",3.1 not assessed,,question 3.1 is reached but was not answered,Second coder "
                                    "checked D1 & D2 | log kept\n"));
    CHECK_THAT(csv, Catch::Contains("liu-2020,depression,rob2,2.0.0,overall,Overall,,,,," + stamp +
                                    ",,,domain 3 (Missing outcome data) is not assessed,Second coder checked D1 & D2 "
                                    "| log kept\n"));
    CHECK_THAT(csv, Catch::Contains("liu-2020,anxiety,rob2,2.0.0,overall,Overall,low,,,," + stamp +
                                    ",All five domains low.,towards-null,,\n"));
}

TEST_CASE("csv --findings: the evidence of the value a finding points at, escaped", "[reports][csv][evidence]") {
    auto file = evidence_file();
    auto& study = file.studies.front();
    const std::string path = "studies/liu-2020.toml";
    // The wrapped 1.1 answer (its wrapper at 12:8, where the error finding
    // points) and a wrapped fact whose support a spreadsheet would run.
    study.evidence = {
        {{path, 12, 18}, {"'randomly divided', no method given", "p. 820", "full-text", "", "", {path, 12, 8}}},
        {{path, 20, 14}, {"=1+2, see Table 2", "Table 2", "", "", "", {path, 20, 14}}}};
    study.appraisals.front().findings.push_back(
        {"rob2/fact-finding", severity::warning, "about a wrapped fact", {path, 20, 14}});
    study.appraisals.front().findings.push_back(
        {"rob2/plain-finding", severity::info, "about a plain value", {path, 30, 1}});
    auto context = rob2_only();
    context.finding_rows = true;
    const std::string csv = write_report("csv", context, {file}).out;
    INFO(csv);
    const std::string stamp = std::string("appraise ") + tool_version;
    CHECK_THAT(csv, Catch::StartsWith("study,result,rubric,rubric_version,finding,severity,message,file,line,column,"
                                      "tool,support,at,source,concern\n"));
    CHECK_THAT(csv, Catch::Contains("liu-2020,depression,rob2,2.0.0,rob2/answer-contradicts-gate,error,1.1 = PN "
                                    "contradicts the coded allocation,studies/liu-2020.toml,12,8," +
                                    stamp + ",\"'randomly divided', no method given\",p. 820,full-text,bias\n"));
    CHECK_THAT(csv, Catch::Contains("rob2/fact-finding,warning,about a wrapped fact,studies/liu-2020.toml,20,14," +
                                    stamp + ",\"'=1+2, see Table 2\",Table 2,,bias\n"));
    CHECK_THAT(csv, Catch::Contains("rob2/plain-finding,info,about a plain value,studies/liu-2020.toml,30,1," + stamp +
                                    ",,,,bias\n"));
}

TEST_CASE("text: not assessed said with its reason, an error finding at a quoted answer shows the quote",
          "[reports][text][evidence]") {
    const std::string text = write_report("text", rob2_only(), {evidence_file()}).out;
    INFO(text);
    CHECK_THAT(text, Catch::StartsWith(
                         "studies/liu-2020.toml: in study \"liu-2020\":\n"
                         "studies/liu-2020.toml:12:8: error: (depression) 1.1 = PN contradicts the coded allocation "
                         "[rob2/answer-contradicts-gate]\n"
                         "    quote: 1.1 = PN, \"'randomly divided', no method given\" (p. 820, full-text)\n"
                         "    not assessed: rob2 (depression) Missing outcome data: question 3.1 is reached but was "
                         "not answered\n"
                         "    not assessed: rob2 (depression) overall: domain 3 (Missing outcome data) is not "
                         "assessed\n"
                         "    judged: rob2 (depression): overall not assessed; d1 Some concerns, d2 Low, d3 not "
                         "assessed, d4 Low, d5 Low\n"
                         "    judged: rob2 (anxiety): overall Low; d1 Low, d2 Low, d3 Low, d4 Low, d5 Low\n\n"));
    // The judgement table counts not assessed in its own column.
    CHECK_THAT(text, Catch::Contains("low  some-concerns  high  not-assessed\n"));
    CHECK_THAT(text, Catch::Matches(R"([\s\S]*\n  Missing outcome data +1 +0 +0 +1\n[\s\S]*)"));
    CHECK_THAT(text, Catch::Matches(R"([\s\S]*\n  Overall +1 +0 +0 +1\n[\s\S]*)"));
}
