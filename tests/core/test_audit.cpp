// The corpus audit: how many studies share each finding, overall and per group.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "appraise/audit/audit_formats.hpp"
#include "appraise/audit/corpus_audit.hpp"
#include "appraise/model/version.hpp"

using namespace appraise;
using strings = std::vector<std::string>;
using ids = appraise::study_ids;

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
    // finding, severity, concern, applies (no check answers: the five studies the rubric appraised),
    // found, and "-" for weakness, not reported and fine (the rubric does not say)
    CHECK_THAT(
        text,
        Catch::Matches(
            R"([\s\S]*\ndw/no-blinding +dw/no-blinding +warning +bias +5 +3 \(60%\) +- +- +- +s1, s2, s3\n[\s\S]*)"));
    CHECK_THAT(
        text,
        Catch::Matches(R"([\s\S]*\ndw/attrition +dw/attrition +error +bias +5 +2 \(40%\) +- +- +- +s3, s4\n[\s\S]*)"));
    CHECK_THAT(
        text,
        Catch::Matches(
            R"([\s\S]*\ndw/small-sample +dw/small-sample +info +precision +5 +2 \(40%\) +- +- +- +s1, s4\n[\s\S]*)"));
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

// ---------------------------------------------------------------- where a check applies

namespace {

// One design-weakness appraisal whose domain carries the checks' outcomes as
// derived answers (check slug = value), the way the plugin writes them.
sdk::appraisal checked(std::vector<std::pair<std::string, std::string>> outcomes, std::vector<sdk::finding> findings,
                       const std::string& label = "") {
    sdk::appraisal a;
    a.rubric = "dw";
    a.rubric_version = "2.0.0";
    a.label = label;
    sdk::domain_result d;
    d.id = "all";
    d.name = "All";
    d.judgement = "major";
    for (auto& [slug, word] : outcomes) d.answers.push_back({slug, word, "derived"});
    a.domains.push_back(std::move(d));
    a.findings = std::move(findings);
    return a;
}

study_result trial(const std::string& id, const std::string& design, std::vector<sdk::appraisal> appraisals) {
    study_result s;
    s.id = id;
    s.file = id + ".toml";
    s.appraised = true;
    s.facets = {{"design.type", {design}}};
    s.appraisals = std::move(appraisals);
    return s;
}

// Three trials and a cohort; hand-counted:
// concealment applies to the three trials (the cohort: not applicable) and
// is not reported in all three: 3 of 3, 100%, not 3 of 4.
// attrition applies to all four: t1 weakness, t2 weakness (the worse of its
// two results), t3 not reported, c1 fine.
// rob2/answer-missing says nothing per study: it applies where rob2
// appraised (t1, t2) and is found in t1.
corpus_audit checked_audit() {
    const std::string conceal = "allocation-concealment-unreported";
    corpus_audit audit("design.type");
    file_result file;
    file.path = "c.toml";
    sdk::appraisal rob2;
    rob2.rubric = "rob2";
    rob2.findings = {finding("rob2/answer-missing")};
    sdk::appraisal rob2_quiet;
    rob2_quiet.rubric = "rob2";
    file.studies.push_back(trial("t1", "rct",
                                 {checked({{conceal, "not-reported"}, {"high-attrition", "weakness"}},
                                          {finding("dw/" + conceal), finding("dw/high-attrition")}),
                                  rob2}));
    file.studies.push_back(trial(
        "t2", "rct",
        {checked({{conceal, "not-reported"}, {"high-attrition", "no-weakness"}}, {finding("dw/" + conceal)}, "a"),
         checked({{conceal, "not-reported"}, {"high-attrition", "weakness"}}, {finding("dw/high-attrition")}, "b"),
         rob2_quiet}));
    file.studies.push_back(trial("t3", "rct",
                                 {checked({{conceal, "not-reported"}, {"high-attrition", "not-reported"}},
                                          {finding("dw/" + conceal), finding("dw/high-attrition")})}));
    file.studies.push_back(
        trial("c1", "cohort", {checked({{conceal, "not-applicable"}, {"high-attrition", "no-weakness"}}, {})}));
    audit.add(file);
    return audit;
}

const audit_row& row_of(const std::vector<audit_row>& rows, const std::string& id) {
    for (const auto& row : rows)
        if (row.finding_id == id) return row;
    FAIL("no row " << id);
    return rows.front();
}

}  // namespace

TEST_CASE("the audit counts each check over the studies where it applies", "[core][audit]") {
    const auto audit = checked_audit();
    CHECK(audit.studies() == 4);
    const auto rows = audit.rows();
    REQUIRE(rows.size() == 3);
    const auto& conceal = row_of(rows, "dw/allocation-concealment-unreported");
    CHECK(conceal.per_study);
    CHECK(conceal.checks.applies == ids{"t1", "t2", "t3"});  // not the cohort
    CHECK(conceal.checks.not_reported == ids{"t1", "t2", "t3"});
    CHECK(conceal.checks.weakness.empty());
    CHECK(conceal.checks.fine.empty());
    CHECK(checks_in(conceal, "rct").applies.size() == 3);
    CHECK(checks_in(conceal, "cohort").applies.empty());

    const auto& attrition = row_of(rows, "dw/high-attrition");
    CHECK(attrition.checks.applies == ids{"c1", "t1", "t2", "t3"});
    CHECK(attrition.checks.weakness == ids{"t1", "t2"});  // t2: the worse of its two results
    CHECK(attrition.checks.not_reported == ids{"t3"});
    CHECK(attrition.checks.fine == ids{"c1"});
    CHECK(checks_in(attrition, "cohort").fine == ids{"c1"});

    const auto& missing = row_of(rows, "rob2/answer-missing");
    CHECK_FALSE(missing.per_study);
    CHECK(missing.checks.applies == ids{"t1", "t2"});  // where rob2 appraised
    CHECK(missing.checks.weakness.empty());
}

TEST_CASE("every audit format shows where a check applies and how it came out there", "[core][audit]") {
    const auto audit = checked_audit();
    std::ostringstream text;
    write_audit_text(text, audit);
    INFO(text.str());
    CHECK_THAT(text.str(), Catch::Contains("Shares are of the studies where each check applies"));
    // applies, found, weakness, not reported, fine
    CHECK_THAT(
        text.str(),
        Catch::Matches(
            R"([\s\S]*\ndw/allocation-concealment-unreported +dw/allocation-concealment-unreported +warning +bias +3 +3 \(100%\) +0 \(0%\) +3 \(100%\) +0 \(0%\) +t1, t2, t3\n[\s\S]*)"));
    CHECK_THAT(
        text.str(),
        Catch::Matches(
            R"([\s\S]*\ndw/high-attrition +dw/high-attrition +warning +bias +4 +3 \(75%\) +2 \(50%\) +1 \(25%\) +1 \(25%\) +t1, t2, t3\n[\s\S]*)"));
    CHECK_THAT(
        text.str(),
        Catch::Matches(
            R"([\s\S]*\nrob2/answer-missing +rob2/answer-missing +warning +bias +2 +1 \(50%\) +- +- +- +t1\n[\s\S]*)"));
    CHECK_THAT(
        text.str(),
        Catch::Matches(
            R"([\s\S]*  rct \(3 studies\)\n[\s\S]* +dw/allocation-concealment-unreported +3/3 +100% +weakness 0, not reported 3, fine 0 +t1, t2, t3\n[\s\S]*)"));

    std::ostringstream json_text;
    write_audit_json(json_text, audit);
    const auto parsed = nlohmann::json::parse(json_text.str());
    INFO(json_text.str());
    for (const auto& f : parsed["findings"]) {
        if (f["id"] == "dw/allocation-concealment-unreported") {
            CHECK(f["per_study"] == true);
            CHECK(f["applies"] == 3);
            CHECK(f["count"] == 3);
            CHECK(f["not_reported"]["count"] == 3);
            CHECK(f["not_reported"]["studies"] == nlohmann::json{"t1", "t2", "t3"});
            CHECK(f["weakness"]["count"] == 0);
            CHECK(f["by_group"]["rct"]["applies"] == 3);
            CHECK(f["by_group"]["rct"]["not_reported"] == 3);
        }
        if (f["id"] == "rob2/answer-missing") {
            CHECK(f["per_study"] == false);
            CHECK(f["applies"] == 2);
            CHECK(f["weakness"].is_null());
            CHECK(f["fine"].is_null());
        }
    }

    std::ostringstream md;
    write_audit("markdown", md, audit);
    INFO(md.str());
    CHECK_THAT(md.str(),
               Catch::Contains("| Finding | Id | Severity | Concern | Applies | Found | Weakness | Not reported | Fine "
                               "| cohort (n=1) | rct (n=3) | Which studies |"));
    CHECK_THAT(md.str(),
               Catch::Contains("| `dw/allocation-concealment-unreported` | warning | bias | 3 | 3 (100%) | 0 (0%) "
                               "| 3 (100%) | 0 (0%) | - | 3/3 (100%) | t1, t2, t3 |"));
    CHECK_THAT(md.str(), Catch::Contains("| `dw/high-attrition` | warning | bias | 4 | 3 (75%) | 2 (50%) | 1 (25%) | "
                                         "1 (25%) | 0/1 (0%) | 3/3 (100%) | t1, t2, t3 |"));

    std::ostringstream csv;
    write_audit("csv", csv, audit);
    INFO(csv.str());
    CHECK_THAT(csv.str(), Catch::StartsWith("kind,group_by,group,group_studies,rubric,item,value,count,share,studies,"
                                            "tool,concern,applies,weakness,not_reported,fine,title\n"));
    CHECK_THAT(csv.str(),
               Catch::Contains("finding,design.type,(all),4,dw,dw/allocation-concealment-unreported,warning,3,"
                               "1.000,t1; t2; t3,"));
    CHECK_THAT(csv.str(), Catch::Contains(",bias,3,0,3,0,dw/allocation-concealment-unreported\n"));
    CHECK_THAT(csv.str(), Catch::Contains("finding,design.type,(all),4,rob2,rob2/answer-missing,warning,1,0.500,t1,"));
    CHECK_THAT(csv.str(), Catch::Contains(",bias,2,,,,rob2/answer-missing\n"));

    std::ostringstream html;
    write_audit("html", html, audit);
    CHECK_THAT(html.str(), Catch::Contains("<th>applies</th><th>found</th><th>weakness</th><th>not reported</th>"));
    CHECK_THAT(html.str(),
               Catch::Contains("<code>dw/allocation-concealment-unreported</code></td><td class=\"n\">3</td>"));
}

TEST_CASE("the audit names rubrics and findings by their titles, the ids kept in their own column", "[core][audit]") {
    corpus_audit audit("design.type");
    file_result file;
    file.path = "one.toml";
    file.studies.push_back(study("s1", {{"design.type", {"rct"}}},
                                 {finding("dw/no-blinding"), finding("dw/not-applicable", severity::info)}, "dw"));
    file.studies.back().appraisals.front().overall = "low";
    audit.add(file);
    sdk::rubric_description dw;
    dw.id = "dw";
    dw.name = "Design weakness screen";
    sdk::finding_spec blinding;
    blinding.slug = "no-blinding";
    blinding.title = "Nobody was blinded";
    dw.findings.push_back(blinding);
    audit.set_rubrics({dw});
    CHECK(audit.finding_title("dw/no-blinding") == "Nobody was blinded");
    CHECK(audit.finding_title("dw/unknown") == "dw/unknown");  // not described: the id
    CHECK(audit.rubric_title("dw") == "Design weakness screen");

    // "<rubric>/not-applicable" says where the rubric does not apply: hidden unless show_all.
    REQUIRE(audit.rows().size() == 1);
    CHECK(audit.rows().front().finding_id == "dw/no-blinding");
    CHECK(audit.hidden_rows() == 1);
    std::ostringstream text;
    write_audit("text", text, audit);
    INFO(text.str());
    CHECK_THAT(text.str(), Catch::Matches(R"([\s\S]*\nNobody was blinded +dw/no-blinding +warning +bias +1 [\s\S]*)"));
    CHECK_THAT(text.str(), Catch::Contains("reported as absent"));
    CHECK_THAT(text.str(), Catch::Contains("Percentages are of the studies where the check applies"));
    CHECK_THAT(text.str(), Catch::Contains("1 row is hidden (checks that apply to no study, or a rubric saying it does "
                                           "not apply): --all shows them."));
    CHECK_THAT(text.str(), !Catch::Contains("dw/not-applicable"));
    CHECK_THAT(text.str(), Catch::Contains("Design weakness screen (dw) 1.0.0, all studies"));
    std::ostringstream md;
    write_audit("markdown", md, audit);
    CHECK_THAT(md.str(), Catch::Contains("| Nobody was blinded | `dw/no-blinding` | warning |"));
    CHECK_THAT(md.str(), Catch::Contains("## Judgements: Design weakness screen (`dw`)"));
    std::ostringstream csv;
    write_audit("csv", csv, audit);
    CHECK_THAT(csv.str(), Catch::Contains(",dw/no-blinding,warning,") && Catch::Contains(",Nobody was blinded\n"));
    CHECK_THAT(csv.str(), Catch::Contains(",Design weakness screen\n"));
    std::ostringstream html;
    write_audit("html", html, audit);
    CHECK_THAT(html.str(), Catch::Contains("<td>Nobody was blinded</td><td><code>dw/no-blinding</code></td>"));
    CHECK_THAT(html.str(), Catch::Contains("reported as absent"));

    audit.set_show_all(true);
    CHECK(audit.rows().size() == 2);
    CHECK(audit.hidden_rows() == 0);
    std::ostringstream all;
    write_audit("text", all, audit);
    CHECK_THAT(all.str(), Catch::Contains("dw/not-applicable") && !Catch::Contains(" hidden (checks that apply"));
}

// ---------------------------------------------------------------- "which studies" lists

namespace {

// Twelve rct studies with dw/no-blinding, added in reverse id order.
corpus_audit twelve_studies(bool all_ids = false) {
    corpus_audit audit("design.type");
    audit.set_all_ids(all_ids);  // before the studies: lists keep ten ids, or all, as they come
    file_result file;
    file.path = "many.toml";
    for (int i = 12; i >= 1; --i) {
        const std::string id = std::string(i < 10 ? "p0" : "p") + std::to_string(i);
        file.studies.push_back(study(id, {{"design.type", {"rct"}}}, {finding("dw/no-blinding")}));
    }
    audit.add(file);
    return audit;
}

std::string written(const corpus_audit& audit, const std::string& format) {
    std::ostringstream out;
    write_audit(format, out, audit);
    return out.str();
}

}  // namespace

TEST_CASE("the audit lists the first ten studies and how many more, in every format", "[core][audit]") {
    const corpus_audit audit = twelve_studies();
    const auto rows = audit.rows();
    REQUIRE(rows.size() == 1);
    // The rows keep the first ten ids, sorted whatever the order they came
    // in, and how many there are: a row's memory does not grow with the corpus.
    CHECK(rows[0].studies.size() == 12);
    CHECK(rows[0].studies.listed() ==
          std::vector<std::string_view>{"p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09", "p10"});
    CHECK(rows[0].studies == ids({"p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09", "p10"}, 12));
    const std::string first_ten = "p01, p02, p03, p04, p05, p06, p07, p08, p09, p10";
    CHECK(which_text(rows[0].studies, ", ", false) == first_ten + " and 2 more");
    CHECK(which_text(rows[0].studies, ", ", true) == first_ten + " and 2 more");  // only ten were kept
    CHECK(which_text(ids{"a", "b"}, "; ", false) == "a; b");
    // With --all-ids a row keeps every one; it is set before the studies come in.
    corpus_audit every = twelve_studies(true);
    CHECK_THROWS_AS(every.set_all_ids(false), std::logic_error);
    const auto all_rows = every.rows();
    REQUIRE(all_rows.size() == 1);
    CHECK(all_rows[0].studies ==
          ids{"p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09", "p10", "p11", "p12"});
    CHECK(which_text(all_rows[0].studies, ", ", true) == first_ten + ", p11, p12");

    const std::string text = written(audit, "text");
    CHECK_THAT(text, Catch::Contains(first_ten + " and 2 more\n"));  // the corpus row and the rct group's
    CHECK_THAT(text, !Catch::Contains("p11"));
    CHECK_THAT(written(audit, "markdown"), Catch::Contains(first_ten + " and 2 more |"));
    CHECK_THAT(written(audit, "csv"), Catch::Contains("p01; p02; p03; p04; p05; p06; p07; p08; p09; p10 and 2 more"));
    const std::string html = written(audit, "html");
    CHECK_THAT(html, Catch::Contains("title=\"" + first_ten + " and 2 more\""));
    CHECK_THAT(html, !Catch::Contains("p11"));
    const auto json = nlohmann::json::parse(written(audit, "json"));
    const auto& found = json["findings"][0];
    CHECK(found["count"] == 12);
    CHECK(found["studies"].size() == 10);
    CHECK(found["studies"][9] == "p10");
    CHECK(found["more_studies"] == 2);
    CHECK(found["by_group"]["rct"]["studies"].size() == 10);
    CHECK(found["by_group"]["rct"]["more_studies"] == 2);
}

TEST_CASE("with --all-ids the audit lists every study, in every format", "[core][audit]") {
    corpus_audit audit = twelve_studies(true);
    const std::string every = "p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12";
    for (const char* format : {"text", "markdown", "html"}) {
        INFO(format);
        const std::string out = written(audit, format);
        CHECK_THAT(out, Catch::Contains(every));
        CHECK_THAT(out, !Catch::Contains("more"));
    }
    CHECK_THAT(written(audit, "csv"), Catch::Contains("p09; p10; p11; p12"));
    const auto json = nlohmann::json::parse(written(audit, "json"));
    CHECK(json["findings"][0]["studies"].size() == 12);
    CHECK_FALSE(json["findings"][0].contains("more_studies"));
    CHECK_FALSE(json["findings"][0]["by_group"]["rct"].contains("more_studies"));
}

TEST_CASE("an audit of the audit's view of each file is the audit of the whole", "[core][audit]") {
    file_result whole;
    whole.path = "one.toml";
    whole.problems.push_back({severity::warning, "coding/x", "a file problem", {"one.toml", 1, 1}, "fix"});
    study_result s = study("s1", {{"design.type", {"rct"}}}, {finding("dw/no-blinding")});
    s.id_where = {"one.toml", 3, 6};
    s.screened_out = screening_mark{"trustworthiness", "serious-concerns"};
    sdk::domain_result domain;
    domain.name = "Randomisation";
    domain.judgement = "high";
    domain.rationale = "the rule that fired";
    domain.answers = {{"no-blinding", check_weakness, "derived"},
                      {"1.1", "Y", "coded", {}, ""},
                      {"trace", "some-value", "derived"},
                      {"baseline", check_fine, "derived"}};
    s.appraisals[0].domains.push_back(domain);
    sdk::domain_result skipped;
    skipped.name = "Missing data";
    skipped.not_assessed = "3.1 not answered";
    s.appraisals[0].domains.push_back(skipped);
    s.appraisals[0].overall = "high";
    s.appraisals[0].overall_rationale = "worst domain";
    s.appraisals[0].notes = "a reviewer's note";
    s.facts.emplace_back("sample.enrolled", sdk::node{});
    whole.studies.push_back(s);

    const file_result view = audit_view(whole);
    REQUIRE(view.studies.size() == 1);
    const auto& kept = view.studies[0];
    CHECK(kept.id == "s1");
    CHECK(kept.id_where.line == 3);
    CHECK(kept.screened_out);
    CHECK(kept.facts.empty());
    CHECK(view.problems.size() == 1);
    const auto& a = kept.appraisals.at(0);
    CHECK(a.notes.empty());
    CHECK(a.overall_rationale.empty());
    CHECK(a.overall == std::optional<std::string>("high"));
    CHECK(a.findings.at(0).message.empty());
    CHECK(a.findings.at(0).id == "dw/no-blinding");
    REQUIRE(a.domains.size() == 2);
    CHECK(a.domains[0].rationale.empty());
    // Only the derived answers that say how a check came out.
    REQUIRE(a.domains[0].answers.size() == 2);
    CHECK(a.domains[0].answers[0].id == "no-blinding");
    CHECK(a.domains[0].answers[1].id == "baseline");
    CHECK(a.domains[1].not_assessed == "3.1 not answered");

    corpus_audit from_whole("design.type");
    corpus_audit from_view("design.type");
    from_whole.add(whole);
    from_view.add(view);
    std::ostringstream text_whole, text_view, json_whole, json_view;
    write_audit_text(text_whole, from_whole);
    write_audit_text(text_view, from_view);
    write_audit_json(json_whole, from_whole);
    write_audit_json(json_view, from_view);
    CHECK(text_view.str() == text_whole.str());
    CHECK(json_view.str() == json_whole.str());
    // What the view must carry shows in the audit: the screening row, a domain not assessed.
    CHECK(json_whole.str().find(screening_row_id) != std::string::npos);
    CHECK(json_whole.str().find(not_assessed_word) != std::string::npos);
}
