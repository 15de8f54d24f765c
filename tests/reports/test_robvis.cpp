// The robvis CSV (../shared/reference/robvis.md): fixed column counts per
// template, canonical full words only, quoted labels, UTF-8, weights.
#include <map>
#include <memory>
#include <set>

#include "appraise/reports/export_rows.hpp"
#include "appraise/reports/result_labels.hpp"
#include "report_fixtures.hpp"
#include "robvis_reader.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    return csv_rows(text);
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

TEST_CASE("robvis --outcome writes one outcome's results, and without it mixed outcomes are pointed out",
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

// ---------------------------------------------------------------- robvis reads every cell as meant (issue 16)

namespace {

// What each cell should say, from the results themselves: the row's label is
// the result's (result_labels), the column a domain id (named templates: D1 ->
// d1) or name (Generic), or Overall; a domain the result lacks is "not-applicable".
robvis_meaning meaning_of(const std::vector<file_result>& files, const sdk::rubric_description& rubric, bool named) {
    auto results = std::make_shared<std::map<std::string, sdk::appraisal>>();
    for (const auto& file : files)
        for (const auto& study : file.studies) {
            const auto labels = result_labels(study);
            for (std::size_t k = 0; k < study.appraisals.size(); ++k)
                if (study.appraisals[k].rubric == rubric.id) (*results)[labels[k]] = study.appraisals[k];
        }
    return [results, rubric, named](const std::string& study, const std::string& header) -> std::optional<std::string> {
        auto at = results->find(study);
        if (at == results->end() && study.size() > 8 && study.substr(study.size() - 8) == " (study)")
            at = results->find(study.substr(0, study.size() - 8));
        if (at == results->end()) return std::nullopt;
        const auto& a = at->second;
        if (header == "Overall") return a.overall.value_or("not-applicable");
        std::string id;
        for (const auto& spec : rubric.domains)
            if (named ? lower(header) == spec.id : header == spec.name) id = spec.id;
        if (id.empty()) return std::nullopt;
        for (const auto& d : a.domains)
            if (d.id == id) return d.judgement;
        return std::string("not-applicable");
    };
}

struct robvis_case {
    std::string name;
    sdk::rubric_description rubric;
    std::vector<file_result> files;
    std::string robvis_template;  // empty: the rubric's first
    std::string tool;
    std::string weight;
};

}  // namespace

TEST_CASE("robvis reads every cell of every fixture's CSV as the rubric meant, in both plots",
          "[reports][robvis][robvis-reader]") {
    auto ephpp = sdk::rubric_description();
    ephpp.id = "ephpp";
    ephpp.version = "1.0.0";
    ephpp.judgement_scale = {"strong", "moderate", "weak", "not-rated"};
    ephpp.domains = {{"a", "Selection bias", ""}, {"g", "Intervention integrity", ""}};
    std::vector<file_result> ephpp_files(1);
    ephpp_files[0].path = "x.toml";
    ephpp_files[0].studies.push_back(study_of("s1", {appraisal_of(ephpp, "", {"strong", "not-rated"}, "weak")}));
    ephpp_files[0].studies.push_back(study_of("s2", {appraisal_of(ephpp, "", {"moderate", "not-rated"}, "moderate")}));
    const auto two = two_layout_rubric();
    std::vector<file_result> no_overall(1);
    no_overall[0].path = "x.toml";
    no_overall[0].studies.push_back(
        study_of("a", {appraisal_of(weakness_description(), "", {"low", "high"}, std::nullopt)}));
    const std::vector<robvis_case> cases{
        {"rob2", rob2_description(), sample_corpus(), "", "ROB2", ""},
        {"rob2 weighted", rob2_description(), sample_corpus(), "", "ROB2", "sample.enrolled"},
        {"robins-i", robins_description(), sample_corpus(), "", "ROBINS-I", ""},
        {"robins-i weighted", robins_description(), sample_corpus(), "", "ROBINS-I", "sample.enrolled"},
        {"design-weakness", weakness_description(), sample_corpus(), "", "Generic", ""},
        {"design-weakness without overall", weakness_description(), no_overall, "", "Generic", ""},
        {"ephpp", ephpp, ephpp_files, "", "Generic", ""},
        {"rob2 evidence", rob2_description(), {evidence_file()}, "", "ROB2", ""},
        {"two layouts, ROB2", two, individual_and_cluster(two), "", "ROB2", ""},
        {"two layouts, ROB2-Cluster", two, individual_and_cluster(two), "ROB2-Cluster", "ROB2-Cluster", ""},
        {"two layouts, Generic", two, individual_and_cluster(two), "Generic", "Generic", ""},
    };
    std::ptrdiff_t generic_na = 0;
    for (const auto& c : cases) {
        INFO(c.name);
        auto context = context_for(c.rubric, c.weight);
        context.robvis_template = c.robvis_template;
        const auto result = write_report("robvis", context, c.files);
        INFO(result.out << result.notes);
        const auto head = csv_rows(result.out).front();
        const bool overall = std::find(head.begin(), head.end(), "Overall") != head.end();
        const auto meaning = meaning_of(c.files, c.rubric, c.tool != "Generic");
        const bool weighted = !c.weight.empty();
        // Not vacuous: robvis reads rows and cells from the file.
        const auto read = robvis_read(result.out, c.tool, robvis_plot::traffic_light, overall, false);
        if (!weighted) REQUIRE_FALSE(read.codes.empty());
        if (!weighted) REQUIRE_FALSE(read.codes.front().empty());
        if (!weighted)
            CHECK(robvis_misreads(result.out, c.tool, robvis_plot::traffic_light, overall, false, meaning).empty());
        if (c.tool == "ROB2-Cluster") continue;  // robvis draws no summary for it
        auto wrong = robvis_misreads(result.out, c.tool, robvis_plot::summary, overall, weighted, meaning);
        if (c.tool == "Generic") {
            // robvis's Generic summary has no Not applicable level: it reads "no" -> No information.
            // The only misreads allowed are those, and the notes must say so.
            const auto na = std::count_if(wrong.begin(), wrong.end(), [](const std::string& w) {
                return w.find("\"Not applicable\" reads as n, meant x") != std::string::npos;
            });
            generic_na += na;
            if (na > 0)
                CHECK_THAT(result.notes, Catch::Contains("rob_summary() with tool = \"Generic\" has no \"Not "
                                                         "applicable\" level: it draws the " +
                                                         std::to_string(na)));
            std::erase_if(wrong, [](const std::string& w) {
                return w.find("\"Not applicable\" reads as n, meant x") != std::string::npos;
            });
        }
        for (const auto& w : wrong) UNSCOPED_INFO(w);
        CHECK(wrong.empty());
    }
    CHECK(generic_na > 0);  // the Generic summary's known misread was met, and told
}

TEST_CASE("the robvis reader fails on a word robvis would misread", "[reports][robvis][robvis-reader]") {
    const auto rob2 = rob2_description();
    const auto files = sample_corpus();
    const auto meaning = meaning_of(files, rob2, true);
    const auto good = write_report("robvis", context_for(rob2), files).out;
    REQUIRE(robvis_misreads(good, "ROB2", robvis_plot::traffic_light, true, false, meaning).empty());
    const auto misread = [&](const std::string& from, const std::string& to) {
        std::string bad = good;
        const auto at = bad.find("," + from + ",");
        REQUIRE(at != std::string::npos);
        bad.replace(at + 1, from.size(), to);
        return robvis_misreads(bad, "ROB2", robvis_plot::traffic_light, true, false, meaning);
    };
    // ROBINS-I's word in a ROB2 file: robvis keeps "s", Some concerns.
    const auto serious = misread("High", "Serious");
    REQUIRE(serious.size() == 1);
    CHECK_THAT(serious[0], Catch::Contains("\"Serious\" reads as s, meant h (high)"));
    // The abbreviation: robvis reads "NI" as Not applicable (robvis issue 149).
    const auto ni = misread("No information", "NI");
    REQUIRE(ni.size() == 1);
    CHECK_THAT(ni[0], Catch::Contains("\"NI\" reads as x, meant n (no-information)"));
    // A single letter and a kebab word: robvis reads nothing / a wrong level.
    CHECK_THAT(misread("Low", "L").at(0), Catch::Contains("\"L\" reads as nothing, meant l"));
    // Lower case and kebab case read right: robvis keeps first letters only.
    CHECK(misread("Some concerns", "some-concerns").empty());
    // Moderate in ROB2: no such level.
    CHECK_THAT(misread("Some concerns", "Moderate").at(0), Catch::Contains("\"Moderate\" reads as nothing, meant s"));
    // The shape robvis stops on: a Weight column in a traffic light, a header repeated in row 1.
    const auto weighted = write_report("robvis", context_for(rob2, "sample.enrolled")).out;
    CHECK_THAT(robvis_misreads(weighted, "ROB2", robvis_plot::traffic_light, true, false, meaning).at(0),
               Catch::Contains("does not match the number expected"));
    std::string repeated = good;
    repeated.insert(repeated.find('\n') + 1, "Study,D1,D2,D3,D4,D5,Overall\n");
    CHECK_THAT(robvis_misreads(repeated, "ROB2", robvis_plot::summary, true, false, meaning).at(0),
               Catch::Contains("first row of your dataset contains column headings"));
}

TEST_CASE("robvis's normalisation as restated: the table of robvis.md", "[reports][robvis][robvis-reader]") {
    // robvis.md, "Normalisation", tested there with R 4.2.2.
    const std::vector<std::pair<std::string, std::string>> table{
        {"Low", "l"},
        {"low risk", "l"},
        {" loq", "l"},
        {"Some concerns", "s"},
        {"Serious", "s"},
        {"High", "h"},
        {"Moderate", "m"},
        {"Critical", "c"},
        {"Very high", "v"},
        {"Unclear", "u"},
        {"No information", "n"},
        {"Not applicable", "x"},
        {"NI", "x"},
        {"N", ""},
        {"No", "x"},
        {"L", ""},
        {"NA", "x"},
        {"some-concerns", "s"},
        {"NoInformation", "x"},
    };
    for (const auto& [cell, code] : table) {
        INFO(cell);
        CHECK(clean_data(cell) == code);
    }
    // Generic: "Serious" is High, Unclear and Moderate are the middle level.
    CHECK(generic_traffic_code("Serious") == "h");
    CHECK(generic_traffic_code("Moderate") == "s");
    CHECK(generic_traffic_code("Unclear") == "s");
    CHECK(generic_summary_code("Serious") == "h");
    CHECK(generic_summary_code("Not applicable") == "n");  // robvis's Generic summary: no NA level
}

TEST_CASE("a note lists the first ten items and counts the rest", "[reports][robvis]") {
    // At 20,000 studies left out, the note was one line of 20,000 ids.
    noted_items few;
    CHECK(few.empty());
    CHECK(few.text().empty());
    few.push_back("a");
    few.push_back("b");
    CHECK(few.size() == 2);
    CHECK(few.text() == "a, b");
    CHECK(noted_lines(few) == "  a\n  b\n");

    noted_items many;
    for (int i = 1; i <= 25; ++i) many.push_back("s" + std::to_string(i));
    CHECK(many.size() == 25);
    CHECK(many.first_items().size() == noted_items::listed);
    CHECK(many.text() == "s1, s2, s3, s4, s5, s6, s7, s8, s9, s10 and 15 more");
    const std::string lines = noted_lines(many);
    CHECK(lines.rfind("  s1\n  s2\n", 0) == 0);
    CHECK_THAT(lines, Catch::EndsWith("  s10\n  and 15 more (the text or JSON report lists every one)\n"));
    CHECK(lines.find("s11") == std::string::npos);
}
