// Learning the format from the program (issue 13): `appraise fields` lists
// the codebook, `appraise template` writes a blank study that `check` loads
// once an id is filled in, `check` validates the answers, unknown keys get the
// field they mean, and rubric files beside the studies are skipped.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>

#include "test_support.hpp"

namespace {

using appraise::test::read_file;
using appraise::test::run_appraise;
using appraise::test::shell_quote;
using appraise::test::temp_dir;

}  // namespace

TEST_CASE("fields lists the codebook under a prefix, in text and Markdown", "[cli][fields]") {
    const auto text = run_appraise("fields design");
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("design.allocation: one of \"random\", \"quasi-random\", \"non-random\", \"none\"") !=
          std::string::npos);
    CHECK(text.out.find("sample.enrolled") == std::string::npos);  // not under design
    const auto markdown = run_appraise("fields --format markdown coding");
    REQUIRE(markdown.exit_code == 0);
    CHECK(markdown.out.find("| `coding.date` | date |") != std::string::npos);
    const auto unknown = run_appraise("fields jornal");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("usage/unknown-field") != std::string::npos);
}

TEST_CASE("the template lists every field commented out and loads with check once an id is filled in",
          "[cli][template]") {
    const temp_dir dir;
    const auto written = run_appraise("template --rubric rob2 -o " + shell_quote((dir.path() / "blank.toml").string()));
    REQUIRE(written.exit_code == 0);
    std::string text = read_file(dir.path() / "blank.toml");
    CHECK(text.find("# allocation = \"\"") != std::string::npos);
    CHECK(text.find("# coder = \"\"") != std::string::npos);
    CHECK(text.find("# [appraisal.rob2]") != std::string::npos);
    // Blank, the id is an error; filled in, the study is valid.
    CHECK(run_appraise("check " + shell_quote((dir.path() / "blank.toml").string())).exit_code == 2);
    dir.write("filled.toml", std::regex_replace(text, std::regex("\nid = \"\""), "\nid = \"filled-1\""));
    const auto checked = run_appraise("check --rubric rob2 " + shell_quote((dir.path() / "filled.toml").string()));
    INFO(checked.out << checked.err);
    CHECK(checked.exit_code == 0);
    CHECK(run_appraise("template --rubric no-such-rubric").exit_code == 2);
}

TEST_CASE("template --rubric lists the questions reached by default, each with its allowed answers",
          "[cli][template]") {
    const auto written = run_appraise("template --rubric rob2 --rubric jbi-qe-2017");
    REQUIRE(written.exit_code == 0);
    const std::string& text = written.out;
    // Each question: its prompt with the answers it allows, then its key to fill in.
    const auto question = [&](const std::string& key, const std::string& answers) {
        return std::regex_search(text, std::regex("\n# [^\n]+ \\(" + answers + "\\)\n# " + key + " = \"\"\n"));
    };
    CHECK(text.find("# [appraisal.rob2]\n") != std::string::npos);
    CHECK(question(R"("1\.1")", R"(Y \| PY \| PN \| N \| NI)"));
    CHECK(question(R"("1\.2")", R"(Y \| PY \| PN \| N \| NI)"));
    CHECK(question(R"("2\.1")", R"(Y \| PY \| PN \| N \| NI)"));
    CHECK(question(R"("3\.1")", R"(Y \| PY \| PN \| N \| NI)"));
    // Reached only for some earlier answers: left out of the blank study.
    CHECK(text.find("# \"3.2\" = \"\"") == std::string::npos);
    CHECK(text.find("# \"2.3\" = \"\"") == std::string::npos);
    // A declarative rubric: only the items a reviewer answers, never a derived one.
    CHECK(text.find("# [appraisal.jbi-qe-2017]\n") != std::string::npos);
    CHECK(question("q7", R"(yes \| no \| unclear \| not-applicable)"));
    CHECK(text.find("# q1 = \"\"") == std::string::npos);
    // Under its domain's heading.
    CHECK(text.find("\n# d1: ") < text.find("# \"1.1\" = \"\""));
}

TEST_CASE("check validates the answers, run exits 2 on an invalid one, synonyms name the field meant", "[cli][check]") {
    const temp_dir dir;
    std::string yang =
        read_file(appraise::test::source_dir / "examples/left-behind-children/studies/yang-2020-education.toml");
    dir.write("yang.toml", std::regex_replace(yang, std::regex(R"("1a\.2" = "[A-Z]+")"), R"("1a.2" = "Yes")"));
    dir.write("other.toml", "id = \"other-1\"\njournal = \"Child Dev\"\n[sample]\nn = 30\n");
    const auto checked = run_appraise("check --rubric rob2 " + shell_quote(dir.path().string()));
    CHECK(checked.exit_code == 2);
    CHECK(checked.out.find("yang.toml:") != std::string::npos);
    CHECK(checked.out.find("[rob2/answer-not-allowed]") != std::string::npos);
    CHECK(checked.out.find("did you mean `source`?") != std::string::npos);
    CHECK(checked.out.find("did you mean `enrolled`?") != std::string::npos);
    // A study with an answer the rubric refuses is not counted as valid.
    CHECK(checked.out.find("2 studies in 2 files: 1 valid, 1 with coding errors, 0 skipped;") != std::string::npos);
    const auto ran = run_appraise("run --rubric rob2 " + shell_quote(dir.path().string()));
    CHECK(ran.exit_code == 2);
    CHECK(ran.out.find("other-1") != std::string::npos);  // every other study still reported
}

TEST_CASE("a review folder's own rubrics/ is skipped by the corpus walk", "[cli][corpus]") {
    const temp_dir dir;
    dir.write("studies/a.toml", "id = \"a-1\"\nyear = 2015\n");
    dir.write("rubrics/mine.toml", "[rubric]\nid = \"mine\"\nname = \"Mine\"\nversion = \"1.0.0\"\n");
    const auto ran = run_appraise("-v run --rubric design-weakness " + shell_quote(dir.path().string()));
    INFO(ran.out << ran.err);
    CHECK(ran.exit_code == 0);
    CHECK(ran.err.find("skipping") != std::string::npos);
    CHECK(ran.out.find("1 study in 1 file") != std::string::npos);
}

TEST_CASE(
    "robins-i-v2: the template has a place for P1's confounders, and the reports show them and a settled "
    "dispute",
    "[cli][template][robins-i-v2]") {
    const auto written = run_appraise("template --rubric robins-i-v2");
    REQUIRE(written.exit_code == 0);
    const std::string& text = written.out;
    // P1 under domain 1, before its questions, with the list form to write.
    const auto p1 = text.find("\n# confounders = \"\"\n");
    REQUIRE(p1 != std::string::npos);
    CHECK(text.find("# P1: the important confounding domains considered in advance") < p1);
    CHECK(text.find("confounders = [\\\"age\\\"") == std::string::npos);  // never escaped twice
    CHECK(text.find("\n# d1: ") < p1);
    CHECK(p1 < text.find("# B1 = \"\""));

    // Filled in: P1 as a supported list, D1A row 1 of instruments-2.md 3.3 (E1 Moderate, E2/E3 Low except)
    // settled by the reviewer's override.
    const temp_dir dir;
    dir.write("cohort.toml", R"(id = "cohort-1"
[design]
type = "cohort"

[appraisal.robins-i-v2]
confounders = { value = ["age", "baseline score"], support = "Table 2 adjusts for both" }
B1 = "Y"
B3 = "N"
C4 = "N"
"1A.1" = "Y"
"1A.2" = "WN"
"1A.3" = "N"
"1A.4" = "N"
"2.1" = "Y"
"2.4" = "N"
"2.5" = "N"
"3.1" = "Y"
"3.2" = "N"
"3.3" = "N"
"4.1" = "Y"
"4.2" = "Y"
"4.3" = "Y"
"5.1" = "N"
"5.2" = "N"
"6.1" = "Y"

[appraisal.robins-i-v2.override]
d1 = { judgement = "serious", reason = "baseline score measured after the start" }
)");
    const auto json_run = run_appraise("run --rubric robins-i-v2 --format json " + shell_quote(dir.path().string()));
    INFO(json_run.out << json_run.err);
    REQUIRE(json_run.exit_code == 0);
    const auto report = nlohmann::json::parse(json_run.out);
    const auto& appraisal = report["studies"][0]["appraisals"][0];
    const auto& d1 = appraisal["domains"][0];
    CHECK(d1["id"] == "d1");
    CHECK(d1["judgement"] == "serious");
    CHECK(d1["proposed"] == "moderate");
    const std::string rationale = d1["rationale"];
    CHECK(rationale.find("E1 says moderate, E2 says low-except-uncontrolled-confounding") != std::string::npos);
    CHECK(rationale.find("settled by the reviewer's override") != std::string::npos);
    CHECK(rationale.find("disputed") == std::string::npos);
    CHECK(rationale.find("confounders considered (P1): age; baseline score") != std::string::npos);
    const auto& p1_answer = d1["answers"][0];
    CHECK(p1_answer["id"] == "confounders");
    CHECK(p1_answer["value"] == "age; baseline score");
    CHECK(p1_answer["support"] == "Table 2 adjusts for both");
    CHECK(appraisal["overall"] == "serious");
    CHECK(appraisal["overall_rationale"].get<std::string>().find("disputed") == std::string::npos);
    for (const auto& f : appraisal["findings"]) CHECK(f["id"] != "robins-i-v2/disputed");

    const auto text_run = run_appraise("run --rubric robins-i-v2 " + shell_quote(dir.path().string()));
    REQUIRE(text_run.exit_code == 0);
    // The text report lists findings, not rationales: the override, and no dispute.
    CHECK(text_run.out.find("d1 overridden from moderate to serious") != std::string::npos);
    CHECK(text_run.out.find("disputed") == std::string::npos);
}
