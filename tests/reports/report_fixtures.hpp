// Hand-built results for the report writer tests: rob2 (per result, labels
// with commas and UTF-8), robins-i, and design-weakness, shaped as the
// plugins describe themselves, so the writers are tested without them.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "appraise/model/run_summary.hpp"
#include "appraise/model/version.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/report_weights.hpp"
#include "test_support.hpp"

namespace appraise::test {

inline sdk::rubric_description rob2_description() {
    sdk::rubric_description d;
    d.id = "rob2";
    d.name = "RoB 2";
    d.version = "2.0.0";
    d.judgement_scale = {"low", "some-concerns", "high"};
    d.domains = {{"d1", "Randomisation process", ""},
                 {"d2", "Deviations from intended interventions", ""},
                 {"d3", "Missing outcome data", ""},
                 {"d4", "Measurement of the outcome", ""},
                 {"d5", "Selection of the reported result", ""}};
    d.robvis_layouts = {{"ROB2", {"d1", "d2", "d3", "d4", "d5"}}};
    return d;
}

inline sdk::rubric_description robins_description() {
    sdk::rubric_description d;
    d.id = "robins-i";
    d.name = "ROBINS-I";
    d.version = "1.0.0";
    d.judgement_scale = {"low", "moderate", "serious", "critical", "no-information"};
    const char* names[] = {"Confounding",
                           "Selection of participants",
                           "Classification of interventions",
                           "Deviations from intended interventions",
                           "Missing data",
                           "Measurement of outcomes",
                           "Selection of the reported result"};
    for (int i = 0; i < 7; ++i) d.domains.push_back({"d" + std::to_string(i + 1), names[i], ""});
    d.robvis_layouts = {{"ROBINS-I", {"d1", "d2", "d3", "d4", "d5", "d6", "d7"}}};
    return d;
}

inline sdk::rubric_description weakness_description() {
    sdk::rubric_description d;
    d.id = "design-weakness";
    d.name = "Design weaknesses";
    d.version = "1.0.0";
    d.judgement_scale = {"low", "some-concerns", "high", "not-applicable"};
    d.domains = {{"allocation", "Allocation", ""}, {"sample", "Sample", ""},
                 {"attrition", "Attrition", ""},   {"measurement", "Measurement", ""},
                 {"analysis", "Analysis", ""},     {"transparency", "Transparency, reporting", ""}};
    return d;
}

inline sdk::appraisal appraisal_of(const sdk::rubric_description& rubric, const std::string& label,
                                   const std::vector<std::string>& judgements, std::optional<std::string> overall) {
    sdk::appraisal a;
    a.rubric = rubric.id;
    a.rubric_version = rubric.version;
    a.label = label;
    a.overall = std::move(overall);
    for (std::size_t i = 0; i < judgements.size() && i < rubric.domains.size(); ++i)
        a.domains.push_back({rubric.domains[i].id,
                             rubric.domains[i].name,
                             judgements[i],
                             {{rubric.domains[i].id + ".1", i % 2 == 0 ? "Y" : "NI", i % 2 == 0 ? "coded" : "missing"}},
                             "rule " + rubric.domains[i].id + " fired"});
    return a;
}

inline study_result study_of(const std::string& id, std::vector<sdk::appraisal> appraisals,
                             std::map<std::string, std::vector<std::string>> facets = {}) {
    study_result s;
    s.id = id;
    s.file = "studies/" + id + ".toml";
    s.id_where = {s.file, 1, 6};
    s.appraised = true;
    s.appraisals = std::move(appraisals);
    s.facets = std::move(facets);
    return s;
}

// Three files; file two has a study skipped for coding errors, and a study not
// assessed by rob2 or robins-i (only design-weakness).
inline std::vector<file_result> sample_corpus() {
    const auto rob2 = rob2_description();
    const auto robins = robins_description();
    const auto dw = weakness_description();
    std::vector<file_result> files(3);
    files[0].path = "studies/chen-2017.toml";
    {
        auto first = appraisal_of(rob2, "depression, self-report (assignment)",
                                  {"low", "some-concerns", "low", "high", "low"}, "high");
        first.domains[3].proposed = "some-concerns";
        first.domains[3].override_reason = "assessors knew the allocation | see notes";
        first.findings.push_back(
            {"rob2/answer-missing", severity::warning, "answer 2.3 is missing", {"studies/chen-2017.toml", 30, 7}});
        auto second = appraisal_of(rob2, "抑郁 (adhering)", {"low", "low", "low", "low", "low"}, "low");
        auto third = appraisal_of(rob2, "抑郁 (adhering)", {"some-concerns", "low", "no-information", "low", "low"},
                                  "some-concerns");
        auto weakness = appraisal_of(dw, "", {"high", "low", "low", "some-concerns", "not-applicable", "low"}, "high");
        weakness.findings.push_back({"design-weakness/no-theory",
                                     severity::info,
                                     "no theoretical framework is reported",
                                     {"studies/chen-2017.toml", 15, 1}});
        weakness.findings.push_back({"design-weakness/too-few-clusters",
                                     severity::warning,
                                     "2 clusters across 2 arms, \"1 per arm\"",
                                     {"studies/chen-2017.toml", 22, 12}});
        files[0].studies.push_back(study_of("chen-2017", {first, second, third, weakness},
                                            {{"sample.enrolled", {"121"}}, {"design.type", {"cluster-rct"}}}));
    }
    files[1].path = "studies/more.toml";
    {
        auto robins_one =
            appraisal_of(robins, "wellbeing",
                         {"moderate", "low", "serious", "critical", "no-information", "low", "moderate"}, "critical");
        auto weakness = appraisal_of(dw, "", {"low", "low", "high", "low", "low", "some-concerns"}, "high");
        weakness.findings.push_back({"design-weakness/no-theory",
                                     severity::info,
                                     "no theoretical framework is reported",
                                     {"studies/more.toml", 3, 1}});
        files[1].studies.push_back(
            study_of("lan-2009", {robins_one, weakness},
                     {{"sample.enrolled", {"35.5"}}, {"design.type", {"non-randomised-controlled"}}}));
        study_result skipped = study_of("bad-2010", {});
        skipped.appraised = false;
        skipped.problems.push_back({severity::error,
                                    "coding/out-of-range",
                                    "`year` = 1800 is out of range",
                                    {"studies/more.toml", 21, 8},
                                    ""});
        files[1].studies.push_back(skipped);
    }
    files[2].path = "studies/zhou.toml";
    {
        auto weakness = appraisal_of(dw, "", {"low", "low", "low", "low", "low", "low"}, "low");
        files[2].studies.push_back(
            study_of("zhou-2019", {weakness}, {{"sample.enrolled", {"80"}}, {"design.type", {"rct"}}}));
    }
    return files;
}

// Format 1.1: one RoB 2 study coded with evidence. Result "depression":
// D1 has the reviewer's support and direction, answers with quotes (1.1 with
// its page and source, on line 12 where an error finding points), D2 a quote
// with markup in it, D3 not assessed (3.1 reached, not answered), so the
// overall is not assessed either; notes and a [coding] record. Result
// "anxiety": every domain low, with overall support and direction.
inline sdk::node text_node(std::string text) {
    sdk::node n;
    n.type = sdk::node::kind::string;
    n.text = std::move(text);
    return n;
}

inline file_result evidence_file() {
    const auto rob2 = rob2_description();
    const std::string path = "studies/liu-2020.toml";
    auto depression = appraisal_of(rob2, "depression", {"some-concerns", "low", "", "low", "low"}, "");
    auto& d1 = depression.domains[0];
    d1.support = "Allocation method not described; groups similar at baseline (Table 1).";
    d1.direction = "unpredictable";
    d1.answers = {
        {"1.1", "PN", "coded",
         sdk::value_evidence{"'randomly divided', no method given", "p. 820", "full-text", "", "", {path, 12, 8}}},
        {"1.2", "NI", "coded", {}},
        {"1.3", "N", "derived", {}}};
    depression.domains[1].answers = {
        {"2.1", "N", "coded",
         sdk::value_evidence{"<b>blinded</b> & \"sealed\"", "Methods", "", "", "", {path, 14, 8}}}};
    auto& d3 = depression.domains[2];
    d3.not_assessed = "question 3.1 is reached but was not answered";
    d3.answers = {{"3.1", "", "not-assessed", {}}};
    d3.rationale = "not judged: 3.1 not answered";
    depression.overall_not_assessed = "domain 3 (Missing outcome data) is not assessed";
    depression.overall_rationale = "";
    depression.notes = "Second coder checked D1 & D2 | log kept";
    depression.findings.push_back(
        {"rob2/answer-contradicts-gate", severity::error, "1.1 = PN contradicts the coded allocation", {path, 12, 8}});
    auto anxiety = appraisal_of(rob2, "anxiety", {"low", "low", "low", "low", "low"}, "low");
    anxiety.overall_support = "All five domains low.";
    anxiety.overall_direction = "towards-null";
    auto study = study_of("liu-2020", {depression, anxiety}, {{"design.type", {"rct"}}});
    study.file = path;
    study.id_where = {path, 1, 6};
    sdk::node coding;
    coding.type = sdk::node::kind::table;
    sdk::node sources;
    sources.type = sdk::node::kind::array;
    sources.items = {text_node("full-text"), text_node("protocol")};
    coding.members.emplace_back("coder", text_node("A. Reviewer <ar@example.org>"));
    coding.members.emplace_back("date", text_node("2026-11-30"));
    coding.members.emplace_back("notes", text_node("coded from the PDF"));
    coding.members.emplace_back("sources", std::move(sources));
    study.coding = std::move(coding);
    file_result file;
    file.path = path;
    file.studies.push_back(std::move(study));
    return file;
}

struct written {
    std::string out;
    std::string notes;
};

// Runs a writer as `appraise run` does: the weight check (a study check of
// the engine's, before any writer) when a weight field is named, render on
// "workers", add in order with what render made, finish.
inline written write_report(const std::string& format, report_context context,
                            std::vector<file_result> files = sample_corpus()) {
    std::ostringstream out;
    std::ostringstream notes;
    context.notes = &notes;
    for (auto& file : files)
        for (auto& study : file.studies) check_weight(study, context.weight_field);
    auto writer = make_report(format, out, std::move(context));
    run_summary summary;
    std::vector<std::string> rendered;
    for (const auto& file : files) rendered.push_back(writer->render(file));
    for (std::size_t i = 0; i < files.size(); ++i) {
        summary.add(files[i]);
        writer->add(files[i], rendered[i]);
    }
    writer->finish(summary);
    return {out.str(), notes.str()};
}

// Compares with tests/data/reports/<name>; APPRAISE_UPDATE_GOLDEN=1 rewrites it.
inline void check_golden(const std::string& name, std::string actual) {
    // The tool's version is written into every report; goldens hold a placeholder.
    const std::string stamp = std::string("appraise ") + tool_version;
    for (auto at = actual.find(stamp); at != std::string::npos; at = actual.find(stamp, at))
        actual.replace(at, stamp.size(), "appraise @VERSION@");
    const auto path = data_dir / "reports" / name;
    const char* update = std::getenv("APPRAISE_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") std::ofstream(path, std::ios::binary) << actual;
    INFO("golden file " << path.string() << " (APPRAISE_UPDATE_GOLDEN=1 rewrites it)");
    REQUIRE(std::filesystem::exists(path));
    CHECK(read_file(path) == actual);
}

}  // namespace appraise::test
