// The exports for other tools through the appraise executable, on the example
// corpus: every shipped rubric's robvis CSV read back as robvis reads it
// (robvis_reader.hpp), and RevMan Web's RoB 2 CSV read back against its columns.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "appraise/model/version.hpp"
#include "appraise/reports/revman_columns.hpp"
#include "robvis_reader.hpp"
#include "test_support.hpp"

using namespace appraise;
using namespace appraise::test;
using json = nlohmann::json;

namespace {

const std::string corpus = "examples/left-behind-children";

// The rubric ids `appraise list` shows: every shipped rubric.
std::vector<std::string> shipped_rubrics() {
    const auto listed = run_appraise("list");
    REQUIRE(listed.exit_code == 0);
    std::vector<std::string> ids;
    std::istringstream lines(listed.out);
    std::string line;
    std::getline(lines, line);  // the column titles
    while (std::getline(lines, line))
        if (!line.empty() && line.front() != ' ') ids.push_back(line.substr(0, line.find(' ')));
    return ids;
}

// The robvis templates `explain ID` lists, and Generic (which --robvis-template always takes).
std::set<std::string> robvis_templates_of(const std::string& id) {
    const auto explained = run_appraise("explain " + id);
    REQUIRE(explained.exit_code == 0);
    std::set<std::string> names{"Generic"};
    const auto at = explained.out.find("\nrobvis (--format robvis):");
    REQUIRE(at != std::string::npos);
    std::istringstream lines(explained.out.substr(at + 1));
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line) && line.rfind("  ", 0) == 0) names.insert(line.substr(2, line.find(':') - 2));
    return names;
}

// What each cell should say, from the JSON report of the same run: rows are
// labelled as result_labels does ("id (label)", " #2" on a repeat).
robvis_meaning meaning_from_json(const json& report, const std::string& rubric, bool named) {
    auto results = std::make_shared<std::map<std::string, json>>();
    auto names = std::make_shared<std::map<std::string, std::string>>();  // domain name -> id
    for (const auto& study : report.at("studies")) {
        if (!study.contains("appraisals")) continue;
        std::map<std::string, int> seen;
        for (const auto& a : study.at("appraisals")) {
            if (a.at("rubric") != rubric) continue;
            const std::string label = a.value("label", "");
            std::string key = label.empty() ? study.at("id").get<std::string>()
                                            : study.at("id").get<std::string>() + " (" + label + ")";
            if (const int n = ++seen[key]; n > 1) key += " #" + std::to_string(n);
            (*results)[key] = a;
            for (const auto& d : a.at("domains")) (*names)[d.at("name")] = d.at("id");
        }
    }
    return [results, names, named](const std::string& study, const std::string& header) -> std::optional<std::string> {
        const auto at = results->find(study);
        if (at == results->end()) return std::nullopt;
        const auto& a = at->second;
        if (header == "Overall")
            return a.contains("overall") && a.at("overall").is_string() ? a.at("overall").get<std::string>()
                                                                        : std::string("not-applicable");
        std::string id = named ? lower(header) : "";
        if (!named) {
            // A domain no result has (an MMAT category no study is of) is in no JSON result: none judged it.
            const auto n = names->find(header);
            if (n == names->end()) return std::string("not-applicable");
            id = n->second;
        }
        for (const auto& d : a.at("domains"))
            if (d.at("id") == id) return d.at("judgement").is_string() ? d.at("judgement").get<std::string>() : "";
        return std::string("not-applicable");
    };
}

}  // namespace

TEST_CASE("every shipped rubric's robvis CSV of the example corpus reads in robvis as the rubric meant",
          "[cli][reports][robvis][robvis-reader]") {
    const auto rubrics = shipped_rubrics();
    REQUIRE(rubrics.size() >= 14);
    std::size_t files = 0;
    std::size_t cells = 0;
    for (const auto& id : rubrics) {
        const auto report = run_appraise("run " + corpus + " --format json --rubric " + id);
        const auto results = json::parse(report.out);
        for (const auto& tool : robvis_templates_of(id)) {
            INFO(id << " as " << tool);
            const auto written =
                // Rows labelled by id, the key the JSON results are matched by.
                run_appraise("run " + corpus + " --format robvis --label id --rubric " + id + " --robvis-template " +
                             tool);
            INFO(written.err);
            if (written.out.empty()) {
                // Refused, never half-written: nothing of this rubric could be drawn without inventing a level.
                CHECK(written.exit_code == 2);
                CHECK_THAT(written.err, Catch::Contains("so no CSV was written"));
                continue;
            }
            ++files;
            const auto head = csv_rows(written.out).front();
            const bool overall = std::find(head.begin(), head.end(), "Overall") != head.end();
            const auto meaning = meaning_from_json(results, id, tool != "Generic");
            const auto read = robvis_read(written.out, tool, robvis_plot::traffic_light, overall, false);
            cells += read.codes.size() * read.header.size();
            const auto light = robvis_misreads(written.out, tool, robvis_plot::traffic_light, overall, false, meaning);
            for (const auto& w : light) UNSCOPED_INFO(w);
            CHECK(light.empty());
            if (tool == "ROB2-Cluster") continue;  // no rob_summary() template
            auto summary = robvis_misreads(written.out, tool, robvis_plot::summary, overall, false, meaning);
            // robvis's Generic summary reads "Not applicable" as No information; stderr must say so.
            const auto na_read_as_ni = [](const std::string& w) {
                return w.find("\"Not applicable\" reads as n, meant x") != std::string::npos;
            };
            if (std::any_of(summary.begin(), summary.end(), na_read_as_ni))
                CHECK_THAT(written.err,
                           Catch::Contains("rob_summary() with tool = \"Generic\" has no \"Not applicable\""));
            std::erase_if(summary, na_read_as_ni);
            for (const auto& w : summary) UNSCOPED_INFO(w);
            CHECK(summary.empty());
            // robvis issue 110: a stamp it can read nowhere in the file, so on stderr.
            CHECK_THAT(written.err, Catch::Contains(std::string(", written by appraise ") + tool_version));
        }
    }
    CHECK(files >= 12);
    CHECK(cells > 500);
}

TEST_CASE("robvis Generic: stderr gives the judgement_labels for a legend in the tool's words",
          "[cli][reports][robvis]") {
    const auto ephpp = run_appraise("run " + corpus + " --format robvis --rubric ephpp");
    INFO(ephpp.err);
    REQUIRE(ephpp.exit_code == 0);
    // rob_traffic_light_generic's levels c, h, s, l, n, x; rob_summary_generic's l, s, h, c, n
    // (robvis 0.3.0.900); a level the rubric has no word for keeps robvis's own.
    CHECK_THAT(ephpp.err, Catch::Contains("pass judgement_labels = c(\"Critical\", \"Weak\", \"Moderate\", \"Strong\", "
                                          "\"No information\", \"Not applicable\") to rob_traffic_light()"));
    CHECK_THAT(ephpp.err, Catch::Contains("judgement_labels = c(\"Strong\", \"Moderate\", \"Weak\", \"Critical risk "
                                          "of bias\", \"No information\") to rob_summary()"));
    const auto mmat = run_appraise("run " + corpus + " --format robvis --rubric mmat-2018");
    INFO(mmat.err);
    // The apostrophe as the tool spells it; Not applicable in the summary's No information slot, since
    // that is what robvis draws there.
    CHECK_THAT(mmat.err, Catch::Contains("c(\"Critical\", \"Some not met\", \"Some can't tell\", \"All met\", \"No "
                                         "information\", \"Not applicable\") to rob_traffic_light()"));
    CHECK_THAT(mmat.err, Catch::Contains("c(\"All met\", \"Some can't tell\", \"Some not met\", \"Critical risk of "
                                         "bias\", \"Not applicable\") to rob_summary()"));
    // A named template has its own legend: no such line.
    const auto rob2 = run_appraise("run " + corpus + " --format robvis --rubric rob2");
    CHECK_THAT(rob2.err, !Catch::Contains("judgement_labels"));
}

// ---------------------------------------------------------------- RevMan Web

namespace {

struct revman_result {
    std::string study, label;
    std::vector<std::string> judgements;  // d1..d5, overall, as rob2 words
    std::vector<std::string> supports;    // the reviewer's text of each, "" when none
};

// The written results of rob2 for the example corpus, from its JSON report.
std::vector<revman_result> rob2_results() {
    const auto report = json::parse(run_appraise("run " + corpus + " --format json --rubric rob2").out);
    std::vector<revman_result> results;
    for (const auto& study : report.at("studies")) {
        if (!study.contains("appraisals")) continue;
        for (const auto& a : study.at("appraisals")) {
            if (a.at("rubric") != "rob2" || (a.at("domains").empty() && !a.at("overall").is_string())) continue;
            revman_result r{study.at("id"), a.value("label", ""), {}, {}};
            bool fits = true;
            for (const auto& d : a.at("domains")) {
                if (d.at("id") == "d1b" || d.at("id") == "ds") fits = false;  // no column in the template
                r.judgements.push_back(d.at("judgement").is_string() ? d.at("judgement").get<std::string>() : "");
                r.supports.push_back(d.value("support", ""));
            }
            r.judgements.push_back(a.at("overall").is_string() ? a.at("overall").get<std::string>() : "");
            r.supports.push_back(a.value("overall_support", ""));
            if (fits) results.push_back(std::move(r));
        }
    }
    return results;
}

std::string title(const std::string& kebab) {
    if (kebab == "low") return "Low";
    if (kebab == "some-concerns") return "Some concerns";
    if (kebab == "high") return "High";
    return "?" + kebab;
}

}  // namespace

TEST_CASE("run --format revman: the template's columns in order, one row per result, judgement and support per domain",
          "[cli][reports][revman]") {
    const auto written = run_appraise("run " + corpus + " --format revman --rubric rob2");
    INFO(written.err);
    REQUIRE(written.exit_code == 0);
    const auto rows = csv_rows(written.out);
    // The columns, in order, as revman_columns names them (the one table to correct).
    REQUIRE(rows.front().size() == revman_columns.size());
    for (std::size_t c = 0; c < revman_columns.size(); ++c) CHECK(rows.front()[c] == revman_columns[c].header);
    // One row per result of an individually randomised trial: four, in corpus order.
    const auto expected = rob2_results();
    REQUIRE(expected.size() == 4);
    REQUIRE(rows.size() == expected.size() + 1);
    const auto column = [&](std::string_view header) {
        return static_cast<std::size_t>(std::find(rows.front().begin(), rows.front().end(), header) -
                                        rows.front().begin());
    };
    const std::array<std::string, 6> domains{"D1", "D2", "D3", "D4", "D5", "Overall"};
    for (std::size_t r = 0; r < expected.size(); ++r) {
        const auto& row = rows[r + 1];
        const auto& want = expected[r];
        INFO(want.study << " " << want.label);
        REQUIRE(row.size() == revman_columns.size());
        CHECK(row[column("Study")] == want.study);
        CHECK(row[column("Result")] == want.label);
        CHECK(want.label.rfind(row[column("Outcome")] + " (", 0) == 0);
        CHECK(row[column("Effect of interest")] == "assignment");
        for (std::size_t d = 0; d < domains.size(); ++d) {
            INFO(domains[d]);
            const auto judgement = row[column(domains[d] + " judgement")];
            CHECK(judgement == title(want.judgements[d]));
            // The reviewer's own text comes first in the support, when written.
            const auto support = row[column(domains[d] + " support")];
            if (!want.supports[d].empty()) CHECK(support.rfind(want.supports[d], 0) == 0);
            // Domains: the answers follow ("1.1 = Y; ..."), never a judgement word invented.
            if (d < 5) CHECK_THAT(support, Catch::Contains(std::to_string(d + 1) + ".1 = "));
        }
    }
    // At least one support written by the reviewer, and one direction, did reach the file.
    CHECK_THAT(written.out, Catch::Contains("computer-generated sequence prepared off site"));
    CHECK_THAT(written.out, Catch::Contains("Direction: "));
    // Cluster trials have domain 1b, which the template has no column for: left out, said.
    CHECK_THAT(written.err, Catch::Contains("revman: left out 4 rows with a domain the template has no column for"));
    CHECK_THAT(written.err,
               Catch::Contains(std::string("revman: 4 rows of rob2 1.0.0, written by appraise ") + tool_version));
    CHECK_THAT(written.err, Catch::Contains("the column names are unverified"));
}

TEST_CASE("run --format revman refuses other rubrics, and --revman-template elsewhere", "[cli][reports][revman]") {
    const auto robins = run_appraise("run " + corpus + " --format revman --rubric robins-i");
    CHECK(robins.exit_code == 2);
    CHECK(robins.out.empty());
    CHECK_THAT(robins.err, Catch::Contains("--format revman writes RevMan Web's \"Risk of bias 2 (one row per "
                                           "result)\" import, so it takes exactly one rubric, rob2 (--rubric rob2); "
                                           "the run has robins-i"));
    const auto all = run_appraise("run " + corpus + " --format revman");
    CHECK(all.exit_code == 2);
    CHECK(all.out.empty());
    const auto elsewhere = run_appraise("run " + corpus + " --format csv --revman-template x.csv");
    CHECK(elsewhere.exit_code == 2);
    CHECK_THAT(elsewhere.err, Catch::Contains("--revman-template applies to --format revman only [usage/revman-only]"));
}

TEST_CASE(
    "run --format revman --revman-template: RevMan's header row gives the columns, and any it cannot map is exit 2",
    "[cli][reports][revman]") {
    const temp_dir dir;
    const auto template_file = [&](const std::string& name, const std::string& text) {
        return shell_quote(dir.write(name, text));
    };
    // A template in another order and spelling, with a BOM and CRLF, as a spreadsheet saves it.
    const auto reordered = template_file(
        "reordered.csv",
        "\xEF\xBB\xBFstudy,Overall_Judgement,overall support,d1 judgement,D1 Support,D2 judgement,D2 support,"
        "D3 judgement,D3 support,D4 judgement,D4 support,D5 judgement,D5 support\r\nexample,,,,,,,,,,,,\r\n");
    const auto run = run_appraise("run " + corpus + " --format revman --rubric rob2 --revman-template " + reordered);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto rows = csv_rows(run.out);
    CHECK(rows.front() == std::vector<std::string>{"study", "Overall_Judgement", "overall support", "d1 judgement",
                                                   "D1 Support", "D2 judgement", "D2 support", "D3 judgement",
                                                   "D3 support", "D4 judgement", "D4 support", "D5 judgement",
                                                   "D5 support"});
    REQUIRE(rows.size() == 5);
    CHECK(rows[1][0] == "fang-2022-parent");
    CHECK(rows[1][1] == "High");
    CHECK_THAT(run.err, Catch::Contains("columns as "));

    // A header appraise cannot fill: exit 2, its place, and nothing written.
    const auto unknown = template_file("unknown.csv", "Study,D1 judgement,D1 support,Risk of bias tool version\n");
    const auto refused = run_appraise("run " + corpus + " --format revman --rubric rob2 --revman-template " + unknown);
    CHECK(refused.exit_code == 2);
    CHECK(refused.out.empty());
    CHECK_THAT(refused.err, Catch::Contains("unknown.csv:1:31: the RevMan template's header \"Risk of bias tool "
                                            "version\" is no column appraise knows how to fill"));
    // A template without a judgement column would lose it: exit 2.
    const auto short_of = template_file("short.csv", "Study,D1 judgement,D1 support\n");
    const auto lossy = run_appraise("run " + corpus + " --format revman --rubric rob2 --revman-template " + short_of);
    CHECK(lossy.exit_code == 2);
    CHECK_THAT(lossy.err, Catch::Contains("short.csv:1:1: the RevMan template has no column \"D2 judgement\""));
    const auto missing = run_appraise("run " + corpus + " --format revman --rubric rob2 --revman-template " +
                                      shell_quote(dir.path() / "absent.csv"));
    CHECK(missing.exit_code == 2);
    CHECK(missing.out.empty());
}
