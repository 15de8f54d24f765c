// `appraise grade` end to end on the example corpus and on small corpora:
// exit codes, --outcome, the formats, and configuration errors located.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "test_support.hpp"

using namespace appraise;
using test::run_appraise;
using test::shell_quote;

TEST_CASE("grade: the example corpus's two review outcomes", "[grade][cli]") {
    const auto text = run_appraise("grade examples/left-behind-children -j 2");
    INFO(text.err);
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("mental-health: Mental health") != std::string::npos);
    CHECK(text.out.find("nutrition-knowledge: Nutrition and health knowledge") != std::string::npos);
    // The screened-out trial and the Critical study are listed as excluded.
    CHECK(text.out.find("chen-2017-sport  mental-health (assignment)  rob2  High: excluded from synthesis pending "
                        "review (trustworthiness: serious-concerns)") != std::string::npos);
    CHECK(text.out.find("deng-2011-counselling  loneliness  robins-i  Critical: critical risk of bias: excluded from "
                        "synthesis") != std::string::npos);

    // The example's illustrative SMDs (estimates/mental-health.csv), pooled
    // by DerSimonian-Laird; the numbers were computed independently, by a
    // few lines of Python from the same CSV (tau^2 is 0 in all three pools).
    CHECK(text.out.find("pooled (random effects): all -0.25 (95% CI -0.36 to -0.14; 6 studies); low risk only -0.19 "
                        "(95% CI -0.31 to -0.07; 3 studies); high risk only -0.49 (95% CI -0.74 to -0.25; 3 studies); "
                        "test of the low/high difference p = 0.032 < 0.1") != std::string::npos);
    CHECK(text.out.find("pooling = \"random\" (default), differ_p = 0.1 (default)") != std::string::npos);

    const auto json_run = run_appraise("grade examples/left-behind-children --format json -j 1");
    REQUIRE(json_run.exit_code == 0);
    const auto json = nlohmann::json::parse(json_run.out);
    REQUIRE(json["outcomes"].size() == 2);
    const auto& mh = json["outcomes"][0];
    CHECK(mh["id"] == "mental-health");
    CHECK(mh["start"] == "High");
    CHECK(mh["proposal"]["kind"] == "proposal");
    CHECK(mh["reviewer"]["risk_of_bias"]["rating"] == "serious");
    CHECK(mh["certainty"] == "Low");
    CHECK(mh["estimates"]["differ"] == true);
    CHECK(mh["estimates"]["difference_p"] == "0.0321");
    CHECK(json["outcomes"][1]["estimates"].is_null());
    // Output is the same for any -j.
    CHECK(run_appraise("grade examples/left-behind-children --format json -j 3").out == json_run.out);

    const auto one = run_appraise("grade examples/left-behind-children --outcome nutrition-knowledge --format csv");
    REQUIRE(one.exit_code == 0);
    CHECK(one.out.rfind("Outcome,No of studies,Study design,Risk of bias,", 0) == 0);
    CHECK(one.out.find("Nutrition and health knowledge,1,non-randomised studies,very serious a,") != std::string::npos);
    CHECK(one.out.find("Mental health") == std::string::npos);

    const auto md = run_appraise("grade examples/left-behind-children --format markdown");
    REQUIRE(md.exit_code == 0);
    CHECK(md.out.find("| Outcome | Studies | Starting level |") != std::string::npos);
}

TEST_CASE("grade: usage and configuration errors exit 2", "[grade][cli]") {
    const auto unknown = run_appraise("grade examples/left-behind-children --outcome reading");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("usage/unknown-review-outcome") != std::string::npos);
    CHECK(unknown.err.find("mental-health, nutrition-knowledge") != std::string::npos);

    const auto help = run_appraise("grade --help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--outcome") != std::string::npos);
    CHECK(help.out.find("GRADEpro") != std::string::npos);

    test::temp_dir dir;
    dir.write("studies/a.toml", "id = \"a\"\n[design]\ntype = \"rct\"\n");
    dir.write("appraise.toml", "rubrics = [\"rob2\"]\n");
    const auto none = run_appraise("grade " + shell_quote(dir.path() / "studies"));
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("config/no-review-outcomes") != std::string::npos);

    dir.write("appraise.toml",
              "rubrics = [\"rob2\"]\n[review]\nweight = \"sample.enroled\"\n[[review.outcomes]]\n"
              "id = \"x\"\noutcomes = [\"y\"]\n");
    const auto typo = run_appraise("grade " + shell_quote(dir.path() / "studies"));
    CHECK(typo.exit_code == 2);
    CHECK(typo.err.find("appraise.toml:3:10: error: `sample.enroled` is not a field of the study format; did you mean "
                        "`sample.enrolled`?") != std::string::npos);

    dir.write("appraise.toml",
              "rubrics = [\"rob2\"]\n[review]\nrubrics = [\"robins-i\"]\n[[review.outcomes]]\nid = \"x\"\n"
              "outcomes = [\"y\"]\n[review.outcomes.grade]\nimprecision = { rating = \"very-serious\" }\n");
    const auto bad = run_appraise("grade " + shell_quote(dir.path() / "studies"));
    CHECK(bad.exit_code == 2);
    INFO(bad.err);
    CHECK(
        bad.err.find("appraise.toml:8:15: error: `review.outcomes.grade.imprecision` rates down without a `reason`") !=
        std::string::npos);
}

TEST_CASE("grade: the HTML report carries the summary-of-findings table", "[grade][cli][html]") {
    test::temp_dir dir;
    const auto page = dir.path() / "report.html";
    const auto run = run_appraise("run examples/left-behind-children --format html -o " + shell_quote(page));
    REQUIRE(run.exit_code == 0);
    const std::string html = test::read_file(page);
    const auto section = html.find("<section id=\"summary-of-findings\">");
    REQUIRE(section != std::string::npos);
    CHECK(html.find("<th>Mental health (depressive symptoms, loneliness)</th><td>6</td><td>High</td>"
                    "<td>serious<sup>a</sup></td>",
                    section) != std::string::npos);
    // Footnote marks run across the table: the second outcome's start at c.
    CHECK(html.find("<td>very serious<sup>c</sup></td>", section) != std::string::npos);
    CHECK(html.find("\u2295\u2295\u25EF\u25EF</span> Low", section) != std::string::npos);
    CHECK(html.find("<li>d. imprecision (rated down 1 level): one small study</li>", section) != std::string::npos);
    // A corpus whose configuration declares no review outcome has no such section.
    dir.write("corpus/appraise.toml", "rubrics = [\"design-weakness\"]\n");
    dir.write("corpus/a.toml", "id = \"a\"\n[design]\ntype = \"rct\"\n");
    const auto plain = run_appraise("run " + shell_quote(dir.path() / "corpus") + " --format html");
    REQUIRE(plain.exit_code == 0);
    CHECK(plain.out.find("<section id=\"summary\">") != std::string::npos);
    CHECK(plain.out.find("summary-of-findings") == std::string::npos);
}

TEST_CASE("grade: a weight written in a result's appraisal is used for that result", "[grade][cli]") {
    test::temp_dir dir;
    const auto corpus = dir.path() / "corpus";
    std::filesystem::copy(test::source_dir / "examples" / "left-behind-children", corpus,
                          std::filesystem::copy_options::recursive);
    const auto study = corpus / "studies" / "zhou-2019-cbt.toml";
    std::string text = test::read_file(study);
    const std::string depression = "[[appraisal.rob2]]\noutcome = \"depression\"\n";
    const auto at = text.find(depression);
    REQUIRE(at != std::string::npos);
    text.insert(at + depression.size(), "weight = 42.5\n");
    dir.write("corpus/studies/zhou-2019-cbt.toml", text);

    const auto run = run_appraise("grade " + shell_quote(corpus) + " --outcome mental-health --format json");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto json = nlohmann::json::parse(run.out);
    bool seen = false;
    for (const auto& r : json["outcomes"][0]["results"]) {
        if (r["study"] != "zhou-2019-cbt") continue;
        if (r["outcome"] == "depression") {
            CHECK(r["weight"] == "42.5");
            CHECK(r["weight_from"] == "appraisal");
            seen = true;
        } else {
            CHECK(r["weight_from"] == "review");  // loneliness: the study's enrolled count, alone
        }
    }
    CHECK(seen);
    const auto plain = run_appraise("grade " + shell_quote(corpus) + " --outcome mental-health");
    CHECK(plain.out.find("1 of ") != std::string::npos);
    CHECK(plain.out.find("weighted by the `weight` in their appraisal") != std::string::npos);

    const auto report = run_appraise("run " + shell_quote(study) + " --rubric rob2 --format json");
    INFO(report.err);
    CHECK(report.exit_code == 0);
    CHECK(report.out.find("\"label\":\"depression (assignment)\",") != std::string::npos);
    CHECK(report.out.find("\"weight\":\"42.5\"") != std::string::npos);
    // It never reaches the plugin (no unknown-key finding): the one mention is the host's.
    CHECK(report.out.find("weight") == report.out.rfind("weight"));
}
