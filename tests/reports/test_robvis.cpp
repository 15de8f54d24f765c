// The robvis CSV (../shared/reference/robvis.md): fixed column counts per
// template, canonical full words only, quoted labels, UTF-8, weights.
#include <set>

#include "report_fixtures.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

// A small RFC 4180 reader: rows of fields (quotes, doubled quotes, commas).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += text[++i];
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            field += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(field.empty());  // every row ends in a newline
    return rows;
}

report_context context_for(const sdk::rubric_description& rubric, const std::string& weight = "") {
    report_context context;
    context.rubrics = {rubric};
    context.weight_field = weight;
    return context;
}

void check_shape(const std::vector<std::vector<std::string>>& rows, std::size_t columns,
                 const std::set<std::string>& words, bool weighted) {
    REQUIRE(rows.size() > 1);
    for (const auto& row : rows) {
        INFO("row starting " << row.front());
        REQUIRE(row.size() == columns);
    }
    const std::size_t judgements_end = weighted ? columns - 1 : columns;
    std::set<std::string> labels;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        CHECK(labels.insert(rows[r][0]).second);  // unique Study labels
        for (std::size_t c = 1; c < judgements_end; ++c) {
            INFO(rows[r][0] << " column " << c << ": " << rows[r][c]);
            CHECK(words.count(rows[r][c]) == 1);
        }
        if (weighted) CHECK_THAT(rows[r].back(), Catch::Matches(R"([0-9]+(\.[0-9]+)?)"));
    }
}

}  // namespace

TEST_CASE("robvis ROB2: 7 columns, canonical words, one telling row per result", "[reports][robvis]") {
    const auto result = write_report("robvis", context_for(rob2_description()));
    check_golden("robvis-rob2.csv", result.out);
    const auto rows = parse_csv(result.out);
    CHECK(rows[0] == std::vector<std::string>{"Study", "D1", "D2", "D3", "D4", "D5", "Overall"});
    check_shape(rows, 7, {"Low", "Some concerns", "High", "No information"}, false);
    REQUIRE(rows.size() == 4);  // three results of chen-2017; the others were not assessed with rob2
    CHECK(rows[1][0] == "chen-2017 (depression, self-report (assignment))");
    CHECK(rows[2][0] == "chen-2017 (抑郁 (adhering))");
    CHECK(rows[3][0] == "chen-2017 (抑郁 (adhering)) #2");
    CHECK(rows[3][3] == "No information");  // never "NI", which robvis reads as Not applicable
    // The label with a comma is quoted on the wire; UTF-8 bytes pass unchanged.
    CHECK_THAT(result.out, Catch::Contains("\"chen-2017 (depression, self-report (assignment))\",Low,"));
    CHECK_THAT(result.out, Catch::Contains("chen-2017 (\xE6\x8A\x91\xE9\x83\x81 (adhering))"));
    CHECK(result.out.find("NI") == std::string::npos);
    CHECK(result.out.find("some-concerns") == std::string::npos);
    CHECK_THAT(result.notes, Catch::Contains("pass tool = \"ROB2\""));
    CHECK_THAT(result.notes, Catch::Contains("2 studies not assessed by rob2, left out: lan-2009, zhou-2019"));
}

TEST_CASE("robvis ROB2 with --weight: 8 columns, the weight last and never empty", "[reports][robvis]") {
    const auto result = write_report("robvis", context_for(rob2_description(), "sample.enrolled"));
    const auto rows = parse_csv(result.out);
    CHECK(rows[0].back() == "Weight");
    check_shape(rows, 8, {"Low", "Some concerns", "High", "No information"}, true);
    // The study (enrolled = 121) has three results: each carries a third of its
    // weight, so the study counts once in a weighted summary (issue 16, item 6).
    REQUIRE(rows.size() == 4u);
    double total = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        CHECK(rows[r].back() == "40.333333333");
        total += std::stod(rows[r].back());
    }
    CHECK(total == Approx(121).epsilon(1e-6));
    CHECK_THAT(result.notes, Catch::Contains("1 study has several results; each result carries its share"));
    CHECK_THAT(result.notes, Catch::Contains("weighted = TRUE"));
}

TEST_CASE("robvis ROBINS-I: 9 columns (10 weighted) and its own five words", "[reports][robvis]") {
    const std::set<std::string> words{"Low", "Moderate", "Serious", "Critical", "No information"};
    const auto plain = write_report("robvis", context_for(robins_description()));
    check_golden("robvis-robins-i.csv", plain.out);
    const auto rows = parse_csv(plain.out);
    CHECK(rows[0] == std::vector<std::string>{"Study", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "Overall"});
    check_shape(rows, 9, words, false);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{"lan-2009 (wellbeing)", "Moderate", "Low", "Serious", "Critical",
                                              "No information", "Low", "Moderate", "Critical"});
    CHECK_THAT(plain.notes, Catch::Contains("pass tool = \"ROBINS-I\""));

    const auto weighted = write_report("robvis", context_for(robins_description(), "sample.enrolled"));
    const auto weighted_rows = parse_csv(weighted.out);
    check_shape(weighted_rows, 10, words, true);
    CHECK(weighted_rows[1].back() == "35.5");
}

TEST_CASE("robvis Generic: the real domain names as headers, robvis's Generic words", "[reports][robvis]") {
    const auto result = write_report("robvis", context_for(weakness_description()));
    check_golden("robvis-generic.csv", result.out);
    const auto rows = parse_csv(result.out);
    CHECK(rows[0] == std::vector<std::string>{"Study", "Allocation", "Sample", "Attrition", "Measurement", "Analysis",
                                              "Transparency, reporting", "Overall"});
    CHECK_THAT(result.out, Catch::StartsWith("Study,Allocation,Sample,Attrition,Measurement,Analysis,\"Transparency, "
                                             "reporting\",Overall\n"));
    check_shape(rows, 8, {"Low", "Some concerns", "High", "Not applicable"}, false);
    REQUIRE(rows.size() == 4);
    CHECK(rows[1][0] == "chen-2017");
    CHECK(rows[1][5] == "Not applicable");
    CHECK_THAT(result.notes, Catch::Contains("pass tool = \"Generic\""));
    CHECK_THAT(result.notes, Catch::Contains("not-applicable -> Not applicable"));
}

TEST_CASE("robvis Generic maps another scale by meaning, never by first letter", "[reports][robvis]") {
    sdk::rubric_description ephpp;
    ephpp.id = "ephpp";
    ephpp.version = "1.0.0";
    ephpp.judgement_scale = {"strong", "moderate", "weak", "not-rated"};
    ephpp.domains = {{"a", "Selection bias", ""}, {"g", "Intervention integrity", ""}};
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    files[0].studies.push_back(study_of("s1", {appraisal_of(ephpp, "", {"strong", "not-rated"}, "weak")}));
    files[0].studies.push_back(study_of("s2", {appraisal_of(ephpp, "", {"moderate", "not-rated"}, "moderate")}));
    const auto result = write_report("robvis", context_for(ephpp), files);
    const auto rows = parse_csv(result.out);
    REQUIRE(rows.size() == 3);
    // "Strong" would read as robvis's "s" (Some concerns): it is written Low.
    CHECK(rows[1] == std::vector<std::string>{"s1", "Low", "Not applicable", "High"});
    CHECK(rows[2] == std::vector<std::string>{"s2", "Moderate", "Not applicable", "Moderate"});
}

TEST_CASE("robvis leaves out a row whose word the template lacks, and says so", "[reports][robvis]") {
    const auto rob2 = rob2_description();
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    files[0].studies.push_back(
        study_of("odd", {appraisal_of(rob2, "", {"low", "moderate", "low", "low", "low"}, "low")}));
    files[0].studies.push_back(study_of("fine", {appraisal_of(rob2, "", {"low", "low", "low", "low"}, std::nullopt)}));
    const auto result = write_report("robvis", context_for(rob2), files);
    const auto rows = parse_csv(result.out);
    REQUIRE(rows.size() == 2);
    // A domain the rubric gave no judgement for is "Not applicable", never
    // "No information" (which would say the study reports nothing).
    CHECK(rows[1] == std::vector<std::string>{"fine", "Low", "Low", "Low", "Low", "Not applicable", "Not applicable"});
    CHECK(result.out.find("Moderate") == std::string::npos);
    CHECK_THAT(result.notes, Catch::Contains("odd (Deviations from intended interventions: moderate)"));
    CHECK_THAT(result.notes,
               Catch::Contains("rob2 gave no judgement for fine Selection of the reported result, fine Overall; "
                               "written as \"Not applicable\""));
}

TEST_CASE("robvis --weight: a study without the field is an input error at the study", "[reports][robvis]") {
    auto files = sample_corpus();
    files[2].studies[0].facets.erase("sample.enrolled");
    files[0].studies[0].facets["sample.enrolled"] = {"1e-05"};
    auto context = context_for(weakness_description(), "sample.enrolled");
    const auto result = write_report("robvis", context, files);
    const auto rows = parse_csv(result.out);
    REQUIRE(rows.size() == 2);  // only lan-2009 has a usable weight
    CHECK(rows[1][0] == "lan-2009");
    CHECK(rows[1].back() == "35.5");

    // What the weight check records, before any writer sees the study.
    auto again = sample_corpus();
    again[2].studies[0].facets.erase("sample.enrolled");
    auto& study = again[2].studies[0];
    check_weight(study, "sample.enrolled");
    check_weight(study, "sample.enrolled");  // twice: one error only
    REQUIRE(study.problems.size() == 1);
    CHECK(study.problems[0].level == severity::error);
    CHECK(study.problems[0].code == "report/weight-missing");
    CHECK(format_location(study.problems[0].where) == "studies/zhou-2019.toml:1:6");
    CHECK_THAT(study.problems[0].message, Catch::Contains("sample.enrolled"));
    CHECK_FALSE(study.appraised);
}

TEST_CASE("robvis refuses what it cannot write", "[reports][robvis]") {
    std::ostringstream out;
    report_context two;
    two.rubrics = {rob2_description(), weakness_description()};
    CHECK_THROWS_WITH(make_robvis_report(out, two), Catch::Contains("exactly one rubric"));
    auto unknown = context_for(rob2_description());
    unknown.robvis_template = "ROB2-Cluster";
    CHECK_THROWS_WITH(make_robvis_report(out, unknown),
                      Catch::Contains("rubric rob2 has no robvis layout \"ROB2-Cluster\"; --robvis-template takes "
                                      "one of: ROB2, Generic"));
    CHECK(out.str().empty());
}

TEST_CASE("robvis labels never look like a repeated header", "[reports][robvis]") {
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    files[0].studies.push_back(study_of("Study", {appraisal_of(weakness_description(), "", {"low"}, "low")}));
    const auto rows = parse_csv(write_report("robvis", context_for(weakness_description()), files).out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1][0] == "Study (study)");
}

TEST_CASE(
    "robvis never invents a level for what the reviewer did not assess: the row stays out, the notes say "
    "which study and domain",
    "[reports][robvis][evidence]") {
    const auto rob2 = rob2_description();
    const auto result = write_report("robvis", context_for(rob2), {evidence_file()});
    INFO(result.out << result.notes);
    const auto rows = parse_csv(result.out);
    REQUIRE(rows.size() == 2);  // the header and "anxiety", every domain judged
    CHECK(rows[1] == std::vector<std::string>{"liu-2020 (anxiety)", "Low", "Low", "Low", "Low", "Low", "Low"});
    CHECK(result.out.find("depression") == std::string::npos);
    CHECK(result.out.find("No information") == std::string::npos);
    CHECK(result.out.find("Not assessed") == std::string::npos);
    CHECK_THAT(result.notes, Catch::Contains("robvis: left out 1 row that the reviewer did not assess in full"));
    CHECK_THAT(result.notes, Catch::Contains("liu-2020 (depression) (Missing outcome data: question 3.1 is reached "
                                             "but was not answered; Overall: domain 3 (Missing outcome data) is not "
                                             "assessed)"));
    CHECK_THAT(result.notes, Catch::Contains("robvis: 1 row of rob2"));
}

namespace {

// A rubric with two layouts, as RoB 2 has for individually and cluster-randomised trials.
sdk::rubric_description two_layout_rubric() {
    auto d = rob2_description();
    d.domains.insert(d.domains.begin() + 1, {"d1b", "Identification or recruitment of participants", ""});
    d.robvis_layouts.push_back({"ROB2-Cluster", {"d1", "d1b", "d2", "d3", "d4", "d5"}});
    return d;
}

std::vector<file_result> individual_and_cluster(const sdk::rubric_description& rubric) {
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    auto individual = appraisal_of(rubric, "", {"low"}, "low");
    individual.domains.clear();
    for (const auto* id : {"d1", "d2", "d3", "d4", "d5"}) individual.domains.push_back({id, id, "low"});
    auto cluster = appraisal_of(rubric, "", {"low", "high", "low", "low", "some-concerns", "low"}, "high");
    cluster.robvis_template = "ROB2-Cluster";
    files[0].studies.push_back(study_of("individual", {individual}));
    files[0].studies.push_back(study_of("cluster", {cluster}));
    return files;
}

}  // namespace

TEST_CASE("robvis writes one template per file: the default, or the one --robvis-template names", "[reports][robvis]") {
    const auto rubric = two_layout_rubric();
    const auto files = individual_and_cluster(rubric);

    const auto by_default = write_report("robvis", context_for(rubric), files);
    const auto rows = parse_csv(by_default.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == std::vector<std::string>{"Study", "D1", "D2", "D3", "D4", "D5", "Overall"});
    CHECK(rows[1] == std::vector<std::string>{"individual", "Low", "Low", "Low", "Low", "Low", "Low"});
    CHECK_THAT(by_default.notes, Catch::Contains("left out 1 row that rob2 draws with robvis's ROB2-Cluster template "
                                                 "(cluster); write them to their own file with --robvis-template "
                                                 "ROB2-Cluster"));
    CHECK_THAT(by_default.notes, Catch::Contains("pass tool = \"ROB2\""));

    auto context = context_for(rubric);
    context.robvis_template = "ROB2-Cluster";
    const auto cluster = write_report("robvis", context, files);
    const auto cluster_rows = parse_csv(cluster.out);
    REQUIRE(cluster_rows.size() == 2);
    // robvis's ROB2-Cluster: Study, D1, D1b, D2-D5, Overall: 8 columns.
    CHECK(cluster_rows[0] == std::vector<std::string>{"Study", "D1", "D1b", "D2", "D3", "D4", "D5", "Overall"});
    CHECK(cluster_rows[1] ==
          std::vector<std::string>{"cluster", "Low", "High", "Low", "Low", "Some concerns", "Low", "High"});
    CHECK_THAT(cluster.notes, Catch::Contains("pass tool = \"ROB2-Cluster\" to rob_traffic_light() (robvis draws no "
                                              "summary plot for this template)"));
    CHECK_THAT(cluster.notes,
               Catch::Contains("left out 1 row that rob2 draws with robvis's ROB2 template (individual)"));

    // Generic by name takes every result, with the real domain names.
    context.robvis_template = "Generic";
    const auto generic_rows = parse_csv(write_report("robvis", context, files).out);
    REQUIRE(generic_rows.size() == 3);
    CHECK(generic_rows[0][2] == "Identification or recruitment of participants");
    CHECK(generic_rows[1][2] == "Not applicable");  // the individual trial has no domain 1b
}

// ---------------------------------------------------------------- issue 16, item 6

TEST_CASE("robvis: a rubric with no overall writes no Overall column, and says to pass overall = FALSE",
          "[reports][robvis]") {
    auto rubric = weakness_description();
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    files[0].studies.push_back(study_of("a", {appraisal_of(rubric, "", {"low", "high"}, std::nullopt)}));
    const auto result = write_report("robvis", context_for(rubric), files);
    const auto rows = parse_csv(result.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].size() == 1 + rubric.domains.size());  // Study and the domains; robvis issue 153
    CHECK(std::find(rows[0].begin(), rows[0].end(), "Overall") == rows[0].end());
    CHECK_THAT(result.notes, Catch::Contains("so the file has no Overall column: pass overall = FALSE"));
}

TEST_CASE("robvis leaves out a result whose coding has errors, with its place, unless --allow-unjudged",
          "[reports][robvis]") {
    const auto rob2 = rob2_description();
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    auto wrong = appraisal_of(rob2, "", {"low", "low", "low", "low", "low"}, "low");
    wrong.findings.push_back(
        {"rob2/invalid-answer", severity::error, "1.1 = \"maybe\" is not an answer", {"studies/bad.toml", 12, 8}});
    files[0].studies.push_back(study_of("bad", {wrong}));
    files[0].studies.push_back(study_of("good", {appraisal_of(rob2, "", {"low", "low", "low", "low", "low"}, "low")}));
    const auto refused = write_report("robvis", context_for(rob2), files);
    const auto rows = parse_csv(refused.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1][0] == "good");
    CHECK_THAT(refused.notes, Catch::Contains("left out 1 row whose coding has errors"));
    CHECK_THAT(refused.notes,
               Catch::Contains("bad: studies/bad.toml:12:8: 1.1 = \"maybe\" is not an answer [rob2/invalid-answer]"));
    auto context = context_for(rob2);
    context.allow_unjudged = true;
    const auto allowed = write_report("robvis", context, files);
    CHECK(parse_csv(allowed.out).size() == 3);
    CHECK_THAT(allowed.notes, Catch::Contains("wrote 1 row whose coding has errors"));
}

namespace {

// A run whose robvis file is refused at finish(): what was written, the notes,
// and the refusal's message (empty when finish() did not throw).
struct refused_run {
    std::string out;
    std::string notes;
    std::string error;
};

refused_run run_refused(report_context context, const std::vector<file_result>& files) {
    std::ostringstream out;
    std::ostringstream notes;
    context.notes = &notes;
    auto writer = make_report("robvis", out, context);
    run_summary summary;
    for (const auto& file : files) {
        summary.add(file);
        writer->add(file, writer->render(file));
    }
    std::string error;
    try {
        writer->finish(summary);
    } catch (const std::exception& e) {
        error = e.what();
    }
    return {out.str(), notes.str(), error};
}

}  // namespace

TEST_CASE("robvis refuses to write a file with no row, and says why", "[reports][robvis]") {
    const auto rob2 = rob2_description();
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    files[0].studies.push_back(study_of("other", {appraisal_of(weakness_description(), "", {"low"}, "low")}));
    const auto run = run_refused(context_for(rob2), files);
    CHECK_THAT(run.error, Catch::Contains("no row of rob2 to write, so no CSV was written"));
    CHECK(run.out.empty());  // not even the header robvis would fail on
    CHECK_THAT(run.notes, Catch::Contains("1 study not assessed by rob2, left out: other"));
}

TEST_CASE("robvis --outcome writes one outcome's results; without it, mixed outcomes are pointed out",
          "[reports][robvis]") {
    const auto rob2 = rob2_description();
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    const std::vector<std::string> low(5, "low");
    files[0].studies.push_back(study_of("a", {appraisal_of(rob2, "reading (assignment)", low, "low"),
                                              appraisal_of(rob2, "maths (assignment)", low, "low")}));
    files[0].studies.push_back(study_of("b", {appraisal_of(rob2, "reading", low, "low")}));
    const auto mixed = write_report("robvis", context_for(rob2), files);
    CHECK(parse_csv(mixed.out).size() == 4);
    CHECK_THAT(mixed.notes, Catch::Contains("the rows mix 2 outcomes; a risk-of-bias figure is drawn per outcome"));
    auto context = context_for(rob2);
    context.robvis_outcome = "reading";
    const auto reading = write_report("robvis", context, files);
    const auto rows = parse_csv(reading.out);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1][0] == "a (reading (assignment))");
    CHECK(rows[2][0] == "b (reading)");
    CHECK_THAT(reading.notes, Catch::Contains("left out 1 result of other outcomes than reading (--outcome): "
                                              "a (maths (assignment))"));
    CHECK_THAT(reading.notes, !Catch::Contains("the rows mix"));
    // A study's one unlabelled result covers every outcome: --outcome keeps it.
    files[0].studies.push_back(study_of("c", {appraisal_of(rob2, "", low, "low")}));
    const auto with_study_level = write_report("robvis", context, files);
    const auto all = parse_csv(with_study_level.out);
    REQUIRE(all.size() == 4);
    CHECK(all[3][0] == "c");
}

TEST_CASE("robvis writes no header when no row can be written, whatever the reason", "[reports][robvis]") {
    const auto rob2 = rob2_description();
    std::vector<file_result> files(1);
    files[0].path = "x.toml";
    // A word ROB2 has not: the row is refused after its cells are looked at.
    files[0].studies.push_back(
        study_of("odd", {appraisal_of(rob2, "", {"low", "low", "low", "low", "critical"}, "low")}));
    const auto run = run_refused(context_for(rob2), files);
    CHECK_THAT(run.error, Catch::Contains("no row of rob2 to write, so no CSV was written"));
    CHECK(run.out.empty());
    CHECK_THAT(run.notes, Catch::Contains("whose judgement has no robvis ROB2 word"));
}
