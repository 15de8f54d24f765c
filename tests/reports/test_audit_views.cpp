// The audit's judgement distributions per group, and its Markdown, CSV and
// HTML forms (the text and JSON forms are covered in tests/core/test_audit.cpp).
#include <nlohmann/json.hpp>

#include "report_fixtures.hpp"

#include "appraise/audit/audit_formats.hpp"
#include "appraise/audit/corpus_audit.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

corpus_audit sample_audit(const std::string& field = "design.type") {
    corpus_audit audit(field);
    audit.set_rubrics({rob2_description(), robins_description(), weakness_description()});
    for (const auto& file : sample_corpus()) audit.add(file);
    return audit;
}

const judgement_row& row_named(const rubric_judgements& r, const std::string& name) {
    for (const auto& row : r.rows)
        if (row.domain == name) return row;
    FAIL("no row " << name);
    return r.rows.front();
}

}  // namespace

TEST_CASE("the audit counts judgements per rubric, domain and group", "[reports][audit]") {
    const auto audit = sample_audit();
    const auto judgements = audit.judgements();
    REQUIRE(judgements.size() == 3);
    CHECK(judgements[0].rubric == "rob2");  // run order
    CHECK(judgements[2].rubric == "design-weakness");
    const auto& dw = judgements[2];
    CHECK(dw.scale == std::vector<std::string>{"low", "some-concerns", "high", "not-applicable"});
    REQUIRE(dw.rows.size() == 7);
    CHECK(dw.rows.front().domain == "Allocation");
    CHECK(dw.rows.back().domain == "Overall");
    const auto& overall = row_named(dw, "Overall");
    CHECK(overall.counts == std::map<std::string, std::size_t>{{"high", 2}, {"low", 1}});
    CHECK(overall.by_group.at("cluster-rct") == std::map<std::string, std::size_t>{{"high", 1}});
    CHECK(overall.by_group.at("rct") == std::map<std::string, std::size_t>{{"low", 1}});
    // rob2 counts per result: chen-2017 has three.
    CHECK(row_named(judgements[0], "Overall").counts ==
          std::map<std::string, std::size_t>{{"high", 1}, {"low", 1}, {"some-concerns", 1}});
    // A word outside the scale gets a column after it.
    CHECK(judgements[0].scale.back() == "no-information");
}

TEST_CASE("a study in two groups counts once in the corpus totals", "[reports][audit]") {
    corpus_audit audit("tags");
    auto files = sample_corpus();
    for (auto& file : files)
        for (auto& study : file.studies) study.facets["tags"] = {"education", "sport"};
    for (const auto& file : files) audit.add(file);
    const auto judgements = audit.judgements();
    REQUIRE_FALSE(judgements.empty());
    // Without descriptions: rubrics in order of first appearance.
    REQUIRE(judgements.size() == 3);
    CHECK(judgements[1].rubric == "design-weakness");
    CHECK(judgements[2].rubric == "robins-i");
    const auto& overall = row_named(judgements[1], "Overall");
    CHECK(overall.counts.at("high") == 2);
    CHECK(overall.by_group.at("education").at("high") == 2);
    CHECK(overall.by_group.at("sport").at("high") == 2);
}

TEST_CASE("audit text and JSON carry the judgement distributions", "[reports][audit]") {
    const auto audit = sample_audit();
    std::ostringstream text;
    write_audit_text(text, audit);
    INFO(text.str());
    CHECK_THAT(text.str(), Catch::Contains("Judgements by design.type (counted per appraised result):"));
    CHECK_THAT(
        text.str(),
        Catch::Matches(
            R"([\s\S]*  design-weakness, rct \(1 study\)\n +low +some-concerns +high +not-applicable\n +Allocation +1 +0 +0 +0\n[\s\S]*)"));
    std::ostringstream json_text;
    write_audit_json(json_text, audit);
    const auto parsed = nlohmann::json::parse(json_text.str());
    const auto& dw = parsed["judgements"][2];
    CHECK(dw["rubric"] == "design-weakness");
    CHECK(dw["domains"][6]["domain"] == "Overall");
    CHECK(dw["domains"][6]["counts"]["high"] == 2);
    CHECK(dw["domains"][6]["by_group"]["non-randomised-controlled"]["high"] == 1);
}

TEST_CASE("audit markdown, csv and html", "[reports][audit]") {
    const auto audit = sample_audit();
    std::ostringstream md;
    write_audit("markdown", md, audit);
    check_golden("audit.md", md.str());
    // The fixture's appraisals give no check answers: each finding applies where its rubric
    // appraised (design-weakness: all three studies; rob2: chen-2017 only).
    CHECK_THAT(md.str(),
               Catch::Contains("| `design-weakness/no-theory` | info | bias | 3 | 2 (67%) | - | - | - | 1/1 (100%) "
                               "| 1/1 (100%) | 0/1 (0%) | chen-2017, lan-2009 |"));
    CHECK_THAT(md.str(),
               Catch::Contains("| `rob2/answer-missing` | warning | bias | 1 | 1 (100%) | - | - | - | 1/1 (100%) "
                               "| - | - | chen-2017 |"));
    std::ostringstream csv;
    write_audit("csv", csv, audit);
    check_golden("audit.csv", csv.str());
    CHECK_THAT(
        csv.str(),
        Catch::StartsWith("kind,group_by,group,group_studies,rubric,item,value,count,share,studies,tool,concern,"
                                 "applies,weakness,not_reported,fine,title\n"));
    CHECK_THAT(csv.str(),
               Catch::Contains("finding,design.type,(all),3,design-weakness,design-weakness/no-theory,info,2,"
                               "0.667,chen-2017; lan-2009,"));
    CHECK_THAT(csv.str(), Catch::Contains("judgement,design.type,rct,1,design-weakness,Overall,low,1,1.000,,"));
    std::ostringstream html;
    write_audit("html", html, audit, "colourblind");
    CHECK_THAT(html.str(), Catch::StartsWith("<!DOCTYPE html>"));
    CHECK_THAT(html.str(), Catch::Contains("<svg class=\"prevalence\""));
    CHECK_THAT(html.str(), Catch::Contains("<h3>cluster-rct (1 study)</h3>"));
    CHECK_THAT(html.str(), Catch::Contains("#fed98e"));  // the colour-blind palette
    // The only URLs are SVG namespace names, which are never fetched.
    std::size_t urls = 0;
    std::size_t namespaces = 0;
    for (auto at = html.str().find("://"); at != std::string::npos; at = html.str().find("://", at + 1)) {
        at -= std::min<std::size_t>(at, 4);
        ++urls;
        namespaces += html.str().compare(at, 26, "http://www.w3.org/2000/svg") == 0 ? 1 : 0;
        at += 4;
    }
    CHECK(urls == namespaces);
    CHECK_THROWS(write_audit("yaml", html, audit));
}

TEST_CASE("the audit counts not assessed as its own category, after the scale", "[reports][audit][evidence]") {
    corpus_audit audit("design.type");
    audit.set_rubrics({rob2_description()});
    audit.add(evidence_file());
    const auto judgements = audit.judgements();
    REQUIRE(judgements.size() == 1);
    const auto& rob2 = judgements[0];
    CHECK(rob2.scale == std::vector<std::string>{"low", "some-concerns", "high", "not-assessed"});
    CHECK(row_named(rob2, "Missing outcome data").counts ==
          std::map<std::string, std::size_t>{{"low", 1}, {"not-assessed", 1}});
    CHECK(row_named(rob2, "Overall").counts == std::map<std::string, std::size_t>{{"low", 1}, {"not-assessed", 1}});
    CHECK(row_named(rob2, "Overall").by_group.at("rct").count("") == 0);  // never an empty word

    std::ostringstream md;
    write_audit_markdown(md, audit);
    CHECK_THAT(md.str(), Catch::Contains("| Domain | low | some-concerns | high | not-assessed |"));
    std::ostringstream html;
    write_audit_html(html, audit, "cochrane");
    INFO(html.str());
    // Its own part of the bar (not a risk colour) and its own legend entry; never counted as High.
    CHECK_THAT(html.str(), Catch::Contains("Overall: Not assessed 50%"));
    CHECK(html.str().find("Overall: High") == std::string::npos);
    CHECK_THAT(html.str(), Catch::Contains("<li class=\"not-assessed\">"));
}
