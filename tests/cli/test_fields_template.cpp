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

TEST_CASE("template --variant lists that variant's questions, without it the default, naming the others",
          "[cli][template][variant]") {
    // A question to fill in, with the answers it allows.
    const auto asks = [](const std::string& text, const std::string& key) {
        return std::regex_search(text, std::regex("\n# [^\n]+ \\(Y \\| PY \\| PN \\| N \\| NI\\)\n# \"" +
                                                  std::regex_replace(key, std::regex("\\."), "\\.") + "\" = \"\"\n"));
    };
    const auto listed = [](const std::string& text, const std::string& key) {
        return text.find("# \"" + key + "\" = \"\"\n") != std::string::npos;
    };

    const auto cluster = run_appraise("template --rubric rob2 --variant cluster");
    INFO(cluster.err);
    REQUIRE(cluster.exit_code == 0);
    for (const std::string key : {"1a.1", "1a.2", "1a.3", "1b.1", "1b.3", "2.1a", "3.1a", "3.1b", "4.1", "5.1"}) {
        INFO(key);
        CHECK(asks(cluster.out, key));
    }
    // The individually randomised trial's own questions, and crossover's, are not the cluster variant's.
    for (const std::string key : {"1.1", "1.2", "1.3", "2.1", "3.1", "S.1", "5.4"}) {
        INFO(key);
        CHECK_FALSE(listed(cluster.out, key));
    }
    CHECK(cluster.out.find("\n# Variant cluster, selected by design.type = \"cluster-rct\": cluster-randomised "
                           "trials") != std::string::npos);
    CHECK(cluster.out.find("# Other variants: parallel (the default; design.type = \"rct\"), crossover "
                           "(design.type = \"crossover-rct\"). For their questions: appraise template --rubric "
                           "rob2 --variant ID\n") != std::string::npos);

    const auto crossover = run_appraise("template --rubric rob2 --variant crossover");
    REQUIRE(crossover.exit_code == 0);
    for (const std::string key : {"1.1", "S.1", "S.4", "2.1", "5.4"}) {
        INFO(key);
        CHECK(listed(crossover.out, key));
    }
    CHECK_FALSE(listed(crossover.out, "1a.1"));

    // No --variant: the default, with a line saying which others exist and how to ask for them.
    const auto plain = run_appraise("template --rubric rob2");
    REQUIRE(plain.exit_code == 0);
    CHECK(asks(plain.out, "1.1"));
    CHECK_FALSE(listed(plain.out, "1a.1"));
    CHECK_FALSE(listed(plain.out, "S.1"));
    CHECK(plain.out.find("\n# Variant parallel (the default), selected by design.type = \"rct\": individually "
                         "randomised") != std::string::npos);
    CHECK(plain.out.find("# Other variants: cluster (design.type = \"cluster-rct\"), crossover (design.type = "
                         "\"crossover-rct\"). For their questions: appraise template --rubric rob2 --variant ID\n") !=
          std::string::npos);
    CHECK(run_appraise("template --rubric rob2 --variant parallel").out == plain.out);
    // A rubric of one form beside it is written whole, with no variant line.
    const auto mixed = run_appraise("template --rubric rob2 --rubric jbi-qe-2017 --variant cluster");
    REQUIRE(mixed.exit_code == 0);
    CHECK(listed(mixed.out, "1a.1"));
    CHECK(mixed.out.find("# q7 = \"\"\n") != std::string::npos);
    CHECK(mixed.out.find("# Variant ") == mixed.out.rfind("# Variant "));
}

TEST_CASE("template --variant: an unknown variant is a usage error naming the known ones", "[cli][template][variant]") {
    const auto unknown = run_appraise("template --rubric rob2 --variant clustr");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.empty());
    CHECK(unknown.err.find("usage/unknown-variant") != std::string::npos);
    CHECK(unknown.err.find("rubric `rob2` has no variant `clustr`; its variants: parallel (the default), cluster, "
                           "crossover; did you mean `cluster`?") != std::string::npos);
    // A rubric without variants: the flag would do nothing, so it is refused too.
    const auto none = run_appraise("template --rubric jbi-qe-2017 --variant cluster");
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("none of the chosen rubrics has variants") != std::string::npos);
    CHECK(run_appraise("template --variant cluster").exit_code == 2);
    // --help documents it.
    const auto help = run_appraise("template --help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--variant") != std::string::npos);
}

TEST_CASE("explain rob2 lists its variants and how each is selected", "[cli][explain][variant]") {
    const auto explained = run_appraise("explain rob2");
    REQUIRE(explained.exit_code == 0);
    const std::string& text = explained.out;
    const auto at = text.find("\nVariants (appraise template --rubric rob2 --variant ID lists one's questions):\n");
    REQUIRE(at != std::string::npos);
    CHECK(text.find("\n  parallel (the default), selected by design.type = rct: individually randomised", at) !=
          std::string::npos);
    CHECK(text.find("\n  cluster, selected by design.type = cluster-rct: cluster-randomised trials", at) !=
          std::string::npos);
    CHECK(text.find("\n  crossover, selected by design.type = crossover-rct: crossover trials", at) !=
          std::string::npos);
    // A rubric of one form has no such section.
    CHECK(run_appraise("explain jbi-qe-2017").out.find("\nVariants (") == std::string::npos);
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
