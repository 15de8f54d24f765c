// The corpus audit: how many studies share each finding, overall and per group.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "appraise/audit/corpus_audit.hpp"
#include "appraise/model/version.hpp"

using namespace appraise;
using strings = std::vector<std::string>;
using ids = std::set<std::string>;

namespace {

// dw/small-sample is a precision finding, the others bias (the default).
sdk::finding finding(const std::string& id, severity level = severity::warning) {
    return {id,
            level,
            "message of " + id,
            {"x.toml", 1, 1},
            id == "dw/small-sample" ? sdk::finding_concern::precision : sdk::finding_concern::bias};
}

study_result study(const std::string& id, std::map<std::string, strings> facets, std::vector<sdk::finding> findings,
                   const std::string& rubric = "design-weakness") {
    study_result s;
    s.id = id;
    s.file = id + ".toml";
    s.appraised = true;
    s.facets = std::move(facets);
    sdk::appraisal a;
    a.rubric = rubric;
    a.rubric_version = "1.0.0";
    a.findings = std::move(findings);
    s.appraisals.push_back(std::move(a));
    return s;
}

// Five studies over two files, grouped by design.type.
corpus_audit sample_audit(const std::string& group_field = "design.type") {
    corpus_audit audit(group_field);
    file_result one;
    one.path = "one.toml";
    one.studies.push_back(study("s1", {{"design.type", {"rct"}}, {"tags", {"education", "sport"}}},
                                {finding("dw/no-blinding"), finding("dw/small-sample", severity::info),
                                 finding("dw/no-blinding")}));  // twice in one study: counted once
    one.studies.push_back(study("s2", {{"design.type", {"rct"}}, {"tags", {"sport"}}}, {finding("dw/no-blinding")}));
    // A study skipped for coding errors does not count.
    study_result skipped = study("skipped", {{"design.type", {"rct"}}}, {finding("dw/no-blinding")});
    skipped.appraised = false;
    one.studies.push_back(skipped);
    audit.add(one);

    file_result two;
    two.path = "two.toml";
    two.studies.push_back(study("s3", {{"design.type", {"cohort"}}, {"tags", {not_reported_label}}},
                                {finding("dw/no-blinding"), finding("dw/attrition", severity::error)}));
    two.studies.push_back(
        study("s4", {{"design.type", {not_reported_label}}, {"tags", {"education"}}},
              {finding("dw/attrition", severity::warning), finding("dw/small-sample", severity::info)}));
    // No facets at all (the field was not captured): "(not reported)".
    two.studies.push_back(study("s5", {}, {}));
    audit.add(two);
    return audit;
}

}  // namespace

TEST_CASE("the audit counts studies per finding, most widespread first", "[core][audit]") {
    const corpus_audit audit = sample_audit();
    CHECK(audit.studies() == 5);
    CHECK(audit.group_field() == "design.type");

    const auto rows = audit.rows();
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].finding_id == "dw/no-blinding");
    CHECK(rows[0].studies == ids{"s1", "s2", "s3"});
    CHECK(rows[0].level == severity::warning);
    // Two studies each: by id.
    CHECK(rows[1].finding_id == "dw/attrition");
    CHECK(rows[1].studies == ids{"s3", "s4"});
    CHECK(rows[1].level == severity::error);  // the most severe occurrence
    CHECK(rows[2].finding_id == "dw/small-sample");
    CHECK(rows[2].studies == ids{"s1", "s4"});
    CHECK(rows[2].level == severity::info);
}

TEST_CASE("the audit groups studies by a field, with (not reported) for missing values", "[core][audit]") {
    const corpus_audit audit = sample_audit();
    const std::map<std::string, std::size_t> sizes{{"(not reported)", 2}, {"cohort", 1}, {"rct", 2}};
    CHECK(audit.group_sizes() == sizes);

    const auto rows = audit.rows();
    REQUIRE(rows.size() == 3);
    const auto& blinding = rows[0].by_group;
    CHECK(blinding.size() == 2);
    CHECK(blinding.at("rct") == ids{"s1", "s2"});
    CHECK(blinding.at("cohort") == ids{"s3"});
    const auto& attrition = rows[1].by_group;
    CHECK(attrition.at("cohort") == ids{"s3"});
    CHECK(attrition.at("(not reported)") == ids{"s4"});
    CHECK(attrition.count("rct") == 0);
}

TEST_CASE("a field with several values puts a study in several groups", "[core][audit]") {
    const corpus_audit audit = sample_audit("tags");
    const std::map<std::string, std::size_t> sizes{
        {"(not reported)", 2}, {"education", 2}, {"sport", 2}};  // s3 and s5; s1 and s4; s1 and s2
    CHECK(audit.group_sizes() == sizes);
    CHECK(audit.studies() == 5);  // still five studies, however many groups
    const auto rows = audit.rows();
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].finding_id == "dw/no-blinding");
    CHECK(rows[0].by_group.at("sport") == ids{"s1", "s2"});
    CHECK(rows[0].by_group.at("education") == ids{"s1"});
    CHECK(rows[0].by_group.at("(not reported)") == ids{"s3"});
}

TEST_CASE("an empty audit has no rows", "[core][audit]") {
    const corpus_audit audit("design.type");
    CHECK(audit.studies() == 0);
    CHECK(audit.rows().empty());
    CHECK(audit.group_sizes().empty());
    std::ostringstream json_text;
    write_audit_json(json_text, audit);
    const auto parsed = nlohmann::json::parse(json_text.str());
    CHECK(parsed["studies"] == 0);
    CHECK(parsed["findings"].empty());
    std::ostringstream text;
    write_audit_text(text, audit);
    CHECK_THAT(text.str(), Catch::Contains("0 appraised studies, 0 kinds of finding"));
}

TEST_CASE("the text audit shows counts, shares and studies", "[core][audit]") {
    std::ostringstream out;
    write_audit_text(out, sample_audit());
    const std::string text = out.str();
    INFO(text);
    CHECK_THAT(text, Catch::StartsWith("Corpus audit: 5 appraised studies, 3 kinds of finding\n"));
    // finding, severity, concern, studies, share, which
    CHECK_THAT(text, Catch::Matches(R"([\s\S]*\ndw/no-blinding +warning +bias +3 +60% +s1, s2, s3\n[\s\S]*)"));
    CHECK_THAT(text, Catch::Matches(R"([\s\S]*\ndw/attrition +error +bias +2 +40% +s3, s4\n[\s\S]*)"));
    CHECK_THAT(text, Catch::Matches(R"([\s\S]*\ndw/small-sample +info +precision +2 +40% +s1, s4\n[\s\S]*)"));
    // Rows in order.
    CHECK(text.find("\ndw/no-blinding") < text.find("\ndw/attrition"));
    CHECK(text.find("\ndw/attrition") < text.find("\ndw/small-sample"));
    // Per group.
    CHECK_THAT(text, Catch::Contains("By design.type:"));
    CHECK_THAT(text, Catch::Contains("  rct (2 studies)\n"));
    CHECK_THAT(text, Catch::Contains("  cohort (1 study)\n"));
    CHECK_THAT(text, Catch::Contains("  (not reported) (2 studies)\n"));
    CHECK_THAT(text, Catch::Matches(R"([\s\S]*  rct \(2 studies\)\n +dw/no-blinding +2/2 +100% +s1, s2\n[\s\S]*)"));
    CHECK_THAT(
        text,
        Catch::Matches(
            R"([\s\S]*  cohort \(1 study\)\n +dw/no-blinding +1/1 +100% +s3\n +dw/attrition +1/1 +100% +s3\n[\s\S]*)"));
    CHECK(text.find("skipped") == std::string::npos);
}

TEST_CASE("the JSON audit has the counts per finding and group", "[core][audit]") {
    std::ostringstream out;
    write_audit_json(out, sample_audit());
    const auto audit = nlohmann::json::parse(out.str());
    INFO(out.str());
    CHECK(audit["tool"]["name"] == "appraise");
    CHECK(audit["tool"]["version"] == tool_version);
    CHECK(audit["studies"] == 5);
    CHECK(audit["group_by"] == "design.type");
    CHECK(audit["groups"] == nlohmann::json{{"(not reported)", 2}, {"cohort", 1}, {"rct", 2}});

    const auto& findings = audit["findings"];
    REQUIRE(findings.is_array());
    REQUIRE(findings.size() == 3);
    CHECK(findings[0]["id"] == "dw/no-blinding");
    CHECK(findings[0]["severity"] == "warning");
    CHECK(findings[0]["count"] == 3);
    CHECK(findings[0]["studies"] == nlohmann::json{"s1", "s2", "s3"});
    CHECK(findings[0]["by_group"]["rct"]["count"] == 2);
    CHECK(findings[0]["by_group"]["rct"]["studies"] == nlohmann::json{"s1", "s2"});
    CHECK(findings[0]["by_group"]["cohort"]["count"] == 1);
    CHECK_FALSE(findings[0]["by_group"].contains("(not reported)"));

    CHECK(findings[1]["id"] == "dw/attrition");
    CHECK(findings[1]["severity"] == "error");
    CHECK(findings[1]["count"] == 2);
    CHECK(findings[1]["by_group"]["(not reported)"]["studies"] == nlohmann::json{"s4"});

    CHECK(findings[2]["id"] == "dw/small-sample");
    CHECK(findings[2]["severity"] == "info");
    CHECK(findings[2]["count"] == 2);
}
