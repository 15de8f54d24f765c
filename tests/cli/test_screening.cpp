// `screening = "<rubric>"` in appraise.toml: that rubric runs first, and a
// study it puts on the ladder's top rung is marked "excluded from synthesis
// pending review" in every report and in the audit. The trustworthiness
// screen places serious-concerns on that rung (its judgement_rungs), so a
// retracted study is marked and a clean one is not.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "test_support.hpp"

namespace {

using appraise::test::run_appraise;
using appraise::test::shell_quote;
using appraise::test::temp_dir;
using json = nlohmann::json;

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const std::string answers_no = R"("1.2" = "no"
"2.3" = "not-applicable"
"2.4" = "no"
"3.2" = "no"
"4.1" = "no"
"4.3" = "no"
"4.6" = "no"
"4.8" = "no"
"4.9" = "no"
)";

void write_corpus(const temp_dir& dir, const std::string& config) {
    dir.write("appraise.toml", config);
    dir.write("studies/a-retracted.toml",
              "id = \"a-retracted\"\n[design]\ntype = \"rct\"\n[appraisal.trustworthiness]\n\"1.1\" = \"yes\"\n" +
                  answers_no);
    dir.write(
        "studies/b-clean.toml",
        "id = \"b-clean\"\n[design]\ntype = \"rct\"\n[appraisal.trustworthiness]\n\"1.1\" = \"no\"\n" + answers_no);
}

}  // namespace

TEST_CASE("the screening rubric runs first and marks serious concerns in every report and the audit",
          "[cli][screening]") {
    temp_dir dir;
    write_corpus(dir, "rubrics = [\"design-weakness\"]\nscreening = \"trustworthiness\"\n");
    const std::string corpus = shell_quote(dir.path().string());

    const auto text = run_appraise("run " + corpus);
    INFO(text.out << text.err);
    REQUIRE(text.exit_code == 0);
    CHECK(has(text.out,
              "in study \"a-retracted\":\n    excluded from synthesis pending review (trustworthiness: "
              "serious-concerns)\n"));
    CHECK_FALSE(has(text.out, "b-clean\":\n    excluded"));
    CHECK(has(text.out, "excluded from synthesis pending review: 1 study (a-retracted)\n"));
    // Added to the configuration's list, and first.
    const auto screen_table = text.out.find("\ntrustworthiness 1.0.0: judgements");
    const auto design_table = text.out.find("\ndesign-weakness ");
    REQUIRE(screen_table != std::string::npos);
    REQUIRE(design_table != std::string::npos);
    CHECK(screen_table < design_table);

    const auto report = json::parse(run_appraise("run --format json " + corpus).out);
    REQUIRE(report["studies"].size() == 2u);
    CHECK(report["studies"][0]["screening"]["rubric"] == "trustworthiness");
    CHECK(report["studies"][0]["screening"]["judgement"] == "serious-concerns");
    CHECK(report["studies"][0]["screening"]["mark"] == "excluded from synthesis pending review");
    CHECK_FALSE(report["studies"][1].contains("screening"));
    CHECK(report["studies"][0]["appraisals"][0]["rubric"] == "trustworthiness");
    CHECK(report["summary"]["excluded_pending_review"] == json::array({"a-retracted"}));

    CHECK(has(run_appraise("run --format csv " + corpus).out,
              "a-retracted,,trustworthiness,,screening,Screening,serious-concerns,,,excluded from synthesis pending "
              "review,"));
    CHECK(has(run_appraise("run --format markdown " + corpus).out,
              "**Excluded from synthesis pending review** (the configuration's screening rubric): a-retracted."));
    CHECK(has(run_appraise("run --format html " + corpus).out,
              "<tr><th>excluded from synthesis pending review</th><td>a-retracted</td></tr>"));
    const auto audit = run_appraise("audit " + corpus);
    INFO(audit.out);
    CHECK(has(audit.out, "screening/excluded-pending-review"));
    CHECK(has(audit.out, "a-retracted"));
    // Its share is of the studies the screen appraised, never "applies 0, found 1".
    const auto audit_json = run_appraise("audit --format json " + corpus);
    const auto rows = nlohmann::json::parse(audit_json.out).at("findings");
    bool seen = false;
    for (const auto& row : rows)
        if (row.at("id") == "screening/excluded-pending-review") {
            seen = true;
            CHECK(row.at("count") == 1);
            CHECK(row.at("applies").get<int>() >= 1);
        }
    CHECK(seen);
}

TEST_CASE("without a screening key nothing is marked, whatever the judgements", "[cli][screening]") {
    temp_dir dir;
    write_corpus(dir, "rubrics = [\"trustworthiness\"]\n");
    const auto text = run_appraise("run " + shell_quote(dir.path().string()));
    INFO(text.out << text.err);
    REQUIRE(text.exit_code == 0);
    CHECK(has(text.out, "serious-concerns"));
    CHECK_FALSE(has(text.out, "excluded from synthesis pending review"));
}

TEST_CASE("screening must name a rubric as a string", "[cli][screening]") {
    temp_dir dir;
    write_corpus(dir, "screening = [\"trustworthiness\"]\n");
    const auto result = run_appraise("run " + shell_quote(dir.path().string()));
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "`screening` must be the id of one rubric, as a string"));
    write_corpus(dir, "screening = \"trustworthines\"\n");
    const auto unknown = run_appraise("run " + shell_quote(dir.path().string()));
    CHECK(unknown.exit_code == 2);
    CHECK(has(unknown.err, "trustworthines"));
}
