// Format 1.1's evidence end to end: what a reviewer writes beside a RoB 2
// result (quotes on answers, support and direction per domain, notes, the
// coding record) reaches the JSON report as the format document defines, and
// support for a domain the rubric does not have is an input error.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "report_json.hpp"
#include "test_support.hpp"

namespace {

using appraise::test::read_file;
using appraise::test::run_appraise;
using appraise::test::shell_quote;
using appraise::test::study_named;
using appraise::test::temp_dir;
using json = nlohmann::json;

// The example's RoB 2 study, with evidence added the way a reviewer would.
std::string yang_with_evidence(const std::string& support_extra = "") {
    std::string text =
        read_file(appraise::test::source_dir / "examples/left-behind-children/studies/yang-2020-education.toml");
    // The example's own evidence is replaced by this test's, so the test does not follow the example.
    text = text.substr(0, text.find("\n[appraisal.rob2.support]")) + "\n";
    text = std::regex_replace(
        text, std::regex(R"("1a\.1" = \{[^\n]*\})"),
        R"("1a.1" = { value = "NI", support = "'randomly assigned', no method given", at = "p. 3", source = "full-text" })");
    text = std::regex_replace(text, std::regex(R"(effect = "assignment")"),
                              "effect = \"assignment\"\nnotes = \"coded from the full text\"");
    return text + "\n[appraisal.rob2.support]\nd1 = \"no method of sequence generation or concealment\"\n" +
           "overall = \"some concerns in every domain\"\n" + support_extra +
           "\n[appraisal.rob2.direction]\noverall = \"favours-experimental\"\n" +
           "\n[coding]\ncoder = \"MW\"\ndate = 2026-11-03\nsources = [\"full-text\"]\n";
}

}  // namespace

TEST_CASE("answers, domains and appraisals carry the reviewer's evidence into JSON", "[cli][evidence]") {
    const temp_dir dir;
    dir.write("yang.toml", yang_with_evidence());
    const auto result = run_appraise("run --rubric rob2 --format json " + shell_quote(dir.path()));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json report = json::parse(result.out);
    const json* study = study_named(report, "yang-2020-education");
    REQUIRE(study != nullptr);
    CHECK(study->at("coding").at("coder") == "MW");
    CHECK(study->at("coding").at("date") == "2026-11-03");
    const json& rob2 = study->at("appraisals").at(0);
    CHECK(rob2.at("notes") == "coded from the full text");
    CHECK(rob2.at("overall_support") == "some concerns in every domain");
    CHECK(rob2.at("overall_direction") == "favours-experimental");
    const json& d1 = rob2.at("domains").at(0);
    CHECK(d1.at("id") == "d1");
    CHECK(d1.at("support") == "no method of sequence generation or concealment");
    const json& q11 = d1.at("answers").at(0);
    CHECK(q11.at("id") == "1a.1");  // a cluster trial: domain 1a's questions
    CHECK(q11.at("value") == "NI");
    CHECK(q11.at("provenance") == "coded");
    CHECK(q11.at("support") == "'randomly assigned', no method given");
    CHECK(q11.at("at") == "p. 3");
    CHECK(q11.at("source") == "full-text");
    CHECK_FALSE(d1.at("answers").at(1).contains("support"));  // 1a.2 is written plainly
}

TEST_CASE("support for a domain the rubric does not have is an input error with a suggestion", "[cli][evidence]") {
    const temp_dir dir;
    dir.write("yang.toml", yang_with_evidence("d6 = \"there is no sixth domain\"\n"));
    dir.write("other.toml", "id = \"other\"\n[design]\ntype = \"rct\"\n");
    const auto result = run_appraise("run --rubric rob2 --format json " + shell_quote(dir.path()));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Catch::Contains("yang.toml:"));
    CHECK_THAT(result.err, Catch::Contains("support for `d6`, but rob2 has no such domain"));
    CHECK_THAT(result.err, Catch::Contains("its domains (appraise explain rob2): d1, d1b, ds, d2, d3, d4, d5, overall"));
    CHECK_THAT(result.err, Catch::Contains("[coding/unknown-domain]"));
    const json report = json::parse(result.out);
    CHECK(study_named(report, "other") != nullptr);  // every other study is still reported
}
