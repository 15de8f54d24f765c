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
    CHECK_THAT(md, Catch::Contains("| `design-weakness/too-few-clusters` | warning | studies/chen-2017.toml:22:12 |"));
    CHECK(md.find("bad-2010") == std::string::npos);  // skipped studies have no judgements
    CHECK(md.find("## RoB 2 (rob2 2.0.0)") < md.find("## ROBINS-I (robins-i 1.0.0)"));
    CHECK(md.find("## Design weaknesses") < md.find("## Findings"));
}

TEST_CASE("csv: one row per study x rubric x domain with a stable header", "[reports][csv]") {
    const auto result = write_report("csv", all_rubrics());
    check_golden("results.csv", result.out);
    CHECK_THAT(result.out, Catch::StartsWith("study,result,rubric,rubric_version,domain_id,domain,judgement,proposed,"
                                             "override_reason,rationale,tool\n"));
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
                                             "column,tool\n"));
    CHECK_THAT(result.out,
               Catch::Contains("chen-2017,,design-weakness,1.0.0,design-weakness/too-few-clusters,warning,"
                               "\"2 clusters across 2 arms, \"\"1 per arm\"\"\",studies/chen-2017.toml,22,12,"));
    std::size_t lines = 0;
    for (const char c : result.out) lines += c == '\n' ? 1 : 0;
    CHECK(lines == 1 + 4);
}
