// Report writers: the compiler-style text report and the JSON report, fed
// with results built by hand.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "appraise/model/run_summary.hpp"
#include "appraise/model/version.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/report_writer.hpp"

using namespace appraise;

namespace {

sdk::rubric_description weakness_description() {
    sdk::rubric_description d;
    d.id = "design-weakness";
    d.name = "Design weaknesses";
    d.version = "1.2.0";
    d.judgement_scale = {"low", "some-concerns", "high"};
    d.domains = {{"allocation", "Allocation", "how arms were formed"}};
    return d;
}

// Two files: one with a usable study (a loader warning and two findings),
// a skipped study and a clean one; the other with a problem of the whole file.
std::vector<file_result> sample_results() {
    std::vector<file_result> files(2);
    file_result& lan = files[0];
    lan.path = "studies/lan.toml";

    study_result usable;
    usable.id = "lan-2009";
    usable.file = "studies/lan.toml";
    usable.id_where = {"studies/lan.toml", 1, 6};
    usable.appraised = true;
    usable.problems.push_back({severity::warning,
                               "coding/unknown-key",
                               "unknown key `yaer` at the top level",
                               {"studies/lan.toml", 3, 8},
                               "put fields of your own under [custom]"});
    sdk::appraisal a;
    a.rubric = "design-weakness";
    a.rubric_version = "1.2.0";
    a.overall = "high";
    a.domains.push_back({"allocation",
                         "Allocation",
                         "high",
                         {{"allocation", "non-random", "coded"}, {"method", "", "missing"}},
                         "non-random allocation (design.allocation)"});
    a.findings.push_back({"design-weakness/allocation-method-unreported",
                          severity::warning,
                          "allocation method not described",
                          {"studies/lan.toml", 14, 1}});
    a.findings.push_back(
        {"design-weakness/no-comparator", severity::error, "no comparison group", {"studies/lan.toml", 2, 1}});
    usable.appraisals.push_back(a);
    lan.studies.push_back(usable);

    study_result skipped;
    skipped.id = "lan-2010";
    skipped.file = "studies/lan.toml";
    skipped.id_where = {"studies/lan.toml", 20, 6};
    skipped.appraised = false;
    skipped.problems.push_back({severity::error,
                                "coding/out-of-range",
                                "`year` = 1800 is out of range: must be an integer from 1900 to 2100",
                                {"studies/lan.toml", 21, 8},
                                ""});
    lan.studies.push_back(skipped);

    study_result clean;
    clean.id = "lan-2011";
    clean.file = "studies/lan.toml";
    clean.appraised = true;
    sdk::appraisal fine;
    fine.rubric = "design-weakness";
    fine.rubric_version = "1.2.0";
    fine.overall = "low";
    fine.domains.push_back({"allocation", "Allocation", "low", {{"allocation", "random", "coded"}}, "random"});
    clean.appraisals.push_back(fine);
    lan.studies.push_back(clean);

    file_result& broken = files[1];
    broken.path = "studies/broken.toml";
    broken.problems.push_back({severity::error,
                               "coding/syntax-error",
                               "TOML syntax error: expected ']'",
                               {"studies/broken.toml", 2, 8},
                               "fix the TOML at this position"});
    return files;
}

run_summary summarise(const std::vector<file_result>& files) {
    run_summary summary;
    for (const auto& f : files) summary.add(f);
    return summary;
}

std::string text_report(const std::vector<file_result>& files, report_context context) {
    std::ostringstream out;
    auto writer = make_text_report(out, std::move(context));
    for (const file_result& f : files) writer->add(f, writer->render(f));  // render: on a worker in a real run
    writer->finish(summarise(files));
    return out.str();
}

nlohmann::json json_report(const std::vector<file_result>& files) {
    std::ostringstream out;
    report_context context;
    context.rubrics = {weakness_description()};
    auto writer = make_json_report(out, context);
    for (const file_result& f : files) writer->add(f, writer->render(f));
    writer->finish(summarise(files));
    INFO(out.str());
    return nlohmann::json::parse(out.str());
}

}  // namespace

// ---------------------------------------------------------------- text

TEST_CASE("the text report lists diagnostics like a compiler, grouped by study", "[core][report]") {
    report_context context;
    context.rubrics = {weakness_description()};
    const std::string text = text_report(sample_results(), context);
    INFO(text);

    // One block per study with something to say, its lines in document order.
    const std::string usable_block =
        "studies/lan.toml: in study \"lan-2009\":\n"
        "studies/lan.toml:2:1: error: no comparison group [design-weakness/no-comparator]\n"
        "studies/lan.toml:3:8: warning: unknown key `yaer` at the top level [coding/unknown-key]\n"
        "    hint: put fields of your own under [custom]\n"
        "studies/lan.toml:14:1: warning: allocation method not described "
        "[design-weakness/allocation-method-unreported]\n"
        // The block ends with the judgements, in the rubric's words (issue 16, item 5).
        "    judged: design-weakness: overall High; allocation High\n";
    CHECK_THAT(text, Catch::StartsWith(usable_block));

    const std::string skipped_block =
        "\nstudies/lan.toml: in study \"lan-2010\" (skipped: its coding has errors):\n"
        "studies/lan.toml:21:8: error: `year` = 1800 is out of range: must be an integer from 1900 to 2100 "
        "[coding/out-of-range]\n";
    CHECK_THAT(text, Catch::Contains(skipped_block));

    // A study with no finding still says how it was judged; a skipped one is not judged.
    CHECK_THAT(text, Catch::Contains("\nstudies/lan.toml: in study \"lan-2011\":\n"
                                     "    judged: design-weakness: overall Low; allocation Low\n\n"));
    CHECK(text.find("judged:", text.find("lan-2010")) > text.find("lan-2011"));

    // A problem of the whole file stands on its own line.
    CHECK_THAT(text, Catch::Contains("\nstudies/broken.toml:2:8: error: TOML syntax error: expected ']' "
                                     "[coding/syntax-error]\n    hint: fix the TOML at this position\n"));
    CHECK(text.find("lan-2010") < text.find("studies/broken.toml"));
}

TEST_CASE("every diagnostic line of the text report has the form file:line:col: severity: message [id]",
          "[core][report]") {
    report_context context;
    const std::string text = text_report(sample_results(), context);
    std::istringstream lines(text);
    std::string line;
    std::size_t diagnostics_seen = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("studies/", 0) != 0 || line.find(" in study ") != std::string::npos) continue;
        INFO(line);
        CHECK_THAT(line, Catch::Matches(
                             R"(studies/[a-z]+\.toml:[0-9]+:[0-9]+: (error|warning|info): .+ \[[a-z-]+/[a-z-]+\])"));
        ++diagnostics_seen;
    }
    CHECK(diagnostics_seen == 5);
}

TEST_CASE("the text report ends with the run's totals and the judgements", "[core][report]") {
    report_context context;
    context.rubrics = {weakness_description()};
    const std::string text = text_report(sample_results(), context);
    INFO(text);
    // 3 input errors: the two loader errors and the rubric's error finding (a coding error since d120f14).
    CHECK_THAT(text,
               Catch::Contains("\n3 studies in 2 files: 2 appraised, 1 skipped; 3 input errors, 1 input warning\n"));
    CHECK_THAT(text, Catch::Contains("\nfindings: 2 (1 error, 1 warning, 0 info)\n"));
    CHECK_THAT(text, Catch::Contains("design-weakness 1.2.0: judgements over 2 appraisals\n"));
    // Columns in the scale's order, one count per judgement, then the overall row.
    CHECK_THAT(text,
               Catch::Matches(R"([\s\S]*\n +low  some-concerns  high\n  Allocation +1 +0 +1\n  Overall +1 +0 +1\n)"));
}

TEST_CASE("a check-only text report has no findings or judgements", "[core][report]") {
    report_context context;
    context.check_only = true;
    context.rubrics = {weakness_description()};
    const std::string text = text_report(sample_results(), context);
    // The study with the rubric's error finding (a coding error) is not valid.
    CHECK_THAT(text, Catch::EndsWith("3 studies in 2 files: 1 valid, 1 with coding errors, 1 skipped; 3 input errors, "
                                     "1 input warning\n"));
    CHECK_THAT(text, !Catch::Contains("judgements over"));
}

TEST_CASE("a per-result appraisal prefixes its findings with the result's label", "[core][report]") {
    std::vector<file_result> files(1);
    files[0].path = "r.toml";
    study_result s;
    s.id = "r";
    s.file = "r.toml";
    s.appraised = true;
    sdk::appraisal a;
    a.rubric = "rob2";
    a.label = "depression";
    a.findings.push_back({"rob2/missing-answer", severity::info, "question 1.2 not answered", {"r.toml", 5, 1}});
    s.appraisals.push_back(a);
    files[0].studies.push_back(s);
    const std::string text = text_report(files, {});
    CHECK_THAT(text, Catch::StartsWith("r.toml: in study \"r\":\n"
                                       "r.toml:5:1: info: (depression) question 1.2 not answered "
                                       "[rob2/missing-answer]\n"));
}

TEST_CASE("the text report colours only when asked", "[core][report]") {
    report_context plain;
    CHECK(text_report(sample_results(), plain).find('\x1b') == std::string::npos);
    report_context colour;
    colour.colour = true;
    const std::string text = text_report(sample_results(), colour);
    CHECK_THAT(text, Catch::Contains("\x1b[1;31merror:\x1b[0m"));
    CHECK_THAT(text, Catch::Contains("\x1b[1;35mwarning:\x1b[0m"));
}

// ---------------------------------------------------------------- JSON

TEST_CASE("the JSON report has the fixed fields of the study-format document", "[core][report]") {
    const nlohmann::json report = json_report(sample_results());

    CHECK(report["tool"]["name"] == "appraise");
    CHECK(report["tool"]["version"] == tool_version);

    const auto& studies = report["studies"];
    REQUIRE(studies.is_array());
    REQUIRE(studies.size() == 3);

    const auto& lan = studies[0];
    CHECK(lan["id"] == "lan-2009");
    CHECK(lan["file"] == "studies/lan.toml");
    REQUIRE(lan["appraisals"].size() == 1);
    const auto& a = lan["appraisals"][0];
    CHECK(a["rubric"] == "design-weakness");
    CHECK(a["rubric_version"] == "1.2.0");
    CHECK(a["overall"] == "high");

    REQUIRE(a["domains"].size() == 1);
    const auto& domain = a["domains"][0];
    CHECK(domain["id"] == "allocation");
    CHECK(domain["name"] == "Allocation");
    CHECK(domain["judgement"] == "high");
    CHECK(domain["rationale"] == "non-random allocation (design.allocation)");
    REQUIRE(domain["answers"].size() == 2);
    CHECK(domain["answers"][0]["id"] == "allocation");
    CHECK(domain["answers"][0]["value"] == "non-random");
    CHECK(domain["answers"][0]["provenance"] == "coded");
    CHECK(domain["answers"][1]["provenance"] == "missing");

    REQUIRE(a["findings"].size() == 2);
    const auto& finding = a["findings"][0];
    CHECK(finding["id"] == "design-weakness/allocation-method-unreported");
    CHECK(finding["severity"] == "warning");
    CHECK(finding["message"] == "allocation method not described");
    CHECK(finding["location"]["file"] == "studies/lan.toml");
    CHECK(finding["location"]["line"] == 14);
    CHECK(finding["location"]["column"] == 1);
    CHECK(a["findings"][1]["severity"] == "error");

    // A warning of the loader is not an error.
    REQUIRE(lan["errors"].is_array());
    CHECK(lan["errors"].empty());

    const auto& skipped = studies[1];
    CHECK(skipped["id"] == "lan-2010");
    CHECK(skipped["appraisals"].empty());
    REQUIRE(skipped["errors"].size() == 1);
    CHECK_THAT(skipped["errors"][0]["message"].get<std::string>(), Catch::Contains("1800"));
    CHECK(skipped["errors"][0]["location"]["file"] == "studies/lan.toml");
    CHECK(skipped["errors"][0]["location"]["line"] == 21);
    CHECK(skipped["errors"][0]["location"]["column"] == 8);

    CHECK(studies[2]["id"] == "lan-2011");
    CHECK(studies[2]["appraisals"][0]["overall"] == "low");
    CHECK(studies[2]["appraisals"][0]["findings"].empty());
}

TEST_CASE("the JSON report writes null for an appraisal without an overall judgement", "[core][report]") {
    std::vector<file_result> files(1);
    files[0].path = "n.toml";
    study_result s;
    s.id = "n";
    s.file = "n.toml";
    s.appraised = true;
    sdk::appraisal a;
    a.rubric = "tidier";
    a.rubric_version = "0.1.0";
    s.appraisals.push_back(a);
    files[0].studies.push_back(s);
    const nlohmann::json report = json_report(files);
    REQUIRE(report["studies"].size() == 1);
    const auto& appraisal = report["studies"][0]["appraisals"][0];
    REQUIRE(appraisal.contains("overall"));
    CHECK(appraisal["overall"].is_null());
    CHECK(appraisal["domains"].empty());
    CHECK(appraisal["findings"].empty());
}

TEST_CASE("the JSON report keeps problems of whole files and the run's totals", "[core][report]") {
    const nlohmann::json report = json_report(sample_results());
    REQUIRE(report["errors"].size() == 1);
    CHECK(report["errors"][0]["code"] == "coding/syntax-error");
    CHECK(report["errors"][0]["location"]["file"] == "studies/broken.toml");
    CHECK(report["errors"][0]["location"]["line"] == 2);
    CHECK(report["rubrics"] == nlohmann::json::array({{{"id", "design-weakness"}, {"version", "1.2.0"}}}));
    CHECK(report["summary"]["files"] == 2);
    CHECK(report["summary"]["studies"] == 3);
    CHECK(report["summary"]["appraised"] == 2);
    CHECK(report["summary"]["skipped"] == 1);
    CHECK(report["summary"]["findings"]["error"] == 1);
    CHECK(report["summary"]["findings"]["warning"] == 1);
}

TEST_CASE("a JSON report without studies is still valid JSON", "[core][report]") {
    const nlohmann::json report = json_report({});
    CHECK(report["studies"].is_array());
    CHECK(report["studies"].empty());
    CHECK(report["errors"].empty());
    CHECK(report["summary"]["studies"] == 0);
}

// ---------------------------------------------------------------- format registry

TEST_CASE("a format registry finds writers by name and refuses others, naming itself", "[core][report]") {
    const format_registry<int> formats("test", {{"b", "the second letter", 2}, {"a", "the first", 1}});
    CHECK(formats.names() == std::vector<std::string>{"b", "a"});  // the order given, for --help
    CHECK(formats.writer("a") == 1);
    CHECK(formats.find("c") == nullptr);
    CHECK_THROWS_WITH(formats.writer("c"), "unknown test format \"c\"");
    CHECK(formats.help() == "  b  the second letter\n  a  the first\n");
}

TEST_CASE("every run format makes a writer, and an unknown name is refused", "[core][report]") {
    for (const auto& format : run_formats().formats()) {
        INFO(format.name);
        CHECK_FALSE(format.description.empty());
        std::ostringstream out;
        report_context context;
        context.rubrics = {weakness_description()};
        if (format.name == "revman") {  // RevMan's template is RoB 2's: it takes rob2 only
            CHECK_THROWS_WITH(make_report(format.name, out, context), Catch::Contains("rob2"));
            context.rubrics.front().id = "rob2";
        }
        CHECK(make_report(format.name, out, context) != nullptr);
    }
    std::ostringstream out;
    CHECK_THROWS_WITH(make_report("xml", out, {}), "unknown report format \"xml\"");
}

TEST_CASE("the run summary counts each judgement once whatever order rubrics and domains come in",
          "[core][summary]") {
    // The summary finds the last study's counts by position first
    // (run_summary.hpp): studies whose rubrics, domains or their order differ
    // must still be counted under their own names. The oracle counts naively.
    const auto appraisal = [](const std::string& rubric, std::vector<std::pair<std::string, std::string>> domains) {
        sdk::appraisal a;
        a.rubric = rubric;
        a.rubric_version = "1";
        a.overall = domains.empty() ? "none" : domains.back().second;
        for (const auto& [name, judgement] : domains) a.domains.push_back({name, name, judgement});
        return a;
    };
    std::vector<study_result> studies(6);
    studies[0].appraisals = {appraisal("a", {{"d1", "low"}, {"d2", "high"}}), appraisal("b", {{"x", "low"}})};
    studies[1].appraisals = {appraisal("a", {{"d1", "low"}, {"d2", "low"}}), appraisal("b", {{"x", "high"}})};
    studies[2].appraisals = {appraisal("b", {{"x", "low"}}), appraisal("a", {{"d2", "high"}, {"d1", "high"}})};
    studies[3].appraisals = {appraisal("a", {{"d1", "low"}, {"d3", "low"}, {"d2", "high"}})};
    studies[4].appraisals = {appraisal("c", {}), appraisal("a", {{"d1", "low"}})};
    studies[5].appraisals = {appraisal("a", {{"d1", "low"}, {"d2", "high"}}), appraisal("b", {{"x", "low"}})};
    std::map<std::string, std::map<std::string, std::map<std::string, std::size_t>>> expected;
    std::map<std::string, std::size_t> appraisals;
    run_summary summary;
    for (auto& study : studies) {
        study.appraised = true;
        for (const auto& a : study.appraisals) {
            ++appraisals[a.rubric];
            for (const auto& d : a.domains) ++expected[a.rubric][d.name][d.judgement];
        }
        file_result file;
        file.path = "f.toml";
        file.studies = {study};
        summary.add(file);
    }
    const run_summary copied = summary;  // a copy counts on by lookups of its own maps
    for (const run_summary* s : {static_cast<const run_summary*>(&summary), &copied}) {
        REQUIRE(s->judgements.size() == 3);
        for (const auto& [rubric, tally] : s->judgements) {
            INFO(rubric);
            CHECK(tally.appraisals == appraisals[rubric]);
            CHECK(tally.domains == expected[rubric]);
        }
    }
    run_summary more = summary;
    file_result last;
    last.path = "g.toml";
    last.studies = {studies[0]};
    more.add(last);
    CHECK(more.judgements.at("a").domains.at("d1").at("low") == expected["a"]["d1"]["low"] + 1);
    CHECK(summary.judgements.at("a").domains.at("d1").at("low") == expected["a"]["d1"]["low"]);
}
