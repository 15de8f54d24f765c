// The reproducers of issue 12 that need the whole tool: each was found by
// fuzzing or by a table of hand-made bad inputs against version 0.1, and each
// ended in a crash, a hang or a report that was lost or lied.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "report_json.hpp"
#include "test_support.hpp"

namespace {

using appraise::test::run_appraise;
using appraise::test::shell_quote;
using appraise::test::study_named;
using appraise::test::temp_dir;
using json = nlohmann::json;
namespace fs = std::filesystem;

// A study the design-weakness rubric appraises cleanly.
std::string study(const std::string& id, const std::string& extra = "") {
    return "id = \"" + id + "\"\ntitle = \"A trial\"\nyear = 2020\n[design]\ntype = \"rct\"\n" +
           "allocation = \"random\"\n[sample]\narms = [50, 50]\n" + extra;
}

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a weight of 400 or 50,000 digits is an input error, never a crash or a lost report",
          "[cli][bad-input][reports]") {
    const temp_dir dir;
    write(dir.path() / "a.toml", study("a", "[custom]\nweight = \"120\"\n"));
    write(dir.path() / "b.toml", study("b", "[custom]\nweight = \"" + std::string(400, '9') + "\"\n"));
    write(dir.path() / "c.toml", study("c", "[custom]\nweight = \"" + std::string(50'000, '7') + "\"\n"));
    for (const std::string format : {"robvis", "html"}) {
        const auto result = run_appraise("run --format " + format + " --rubric design-weakness --weight custom.weight " +
                                         shell_quote(dir.path()));
        INFO(format << "\n" << result.err);
        CHECK(result.exit_code == 2);  // not a signal: run_shell gives -1 for those
        CHECK_THAT(result.err, Catch::Contains("b.toml:1:6: error: study \"b\": `custom.weight`"));
        CHECK_THAT(result.err, Catch::Contains("c.toml:1:6: error: study \"c\": `custom.weight`"));
        CHECK_THAT(result.err, Catch::Contains("is not a weight"));
        if (format == "robvis") {
            CHECK_THAT(result.out, Catch::Contains("\na,"));  // the good study is still reported
            CHECK_THAT(result.out, Catch::EndsWith(",120\n"));
            CHECK(result.out.find("\nb,") == std::string::npos);
        } else {
            CHECK_THAT(result.out, Catch::Contains("</html>"));
        }
    }
}

TEST_CASE("a 7 MB unknown key or enum value is refused at once, with no suggestion", "[cli][bad-input]") {
    const temp_dir dir;
    const std::string pasted(7'000'000, 'x');
    write(dir.path() / "key.toml", study("key", "[followup]\n" + pasted + " = 1\n"));
    write(dir.path() / "word.toml", "id = \"word\"\n[design]\ntype = \"" + pasted + "\"\n");
    write(dir.path() / "fine.toml", study("fine"));
    // One rubric, so that the size bound below does not grow with the shipped rubrics'
    // not-answered warnings (jbi-rct-2023 took the default run past 5,000 bytes).
    const auto result = run_appraise("check -j 2 --rubric design-weakness " + shell_quote(dir.path()));
    CHECK(result.exit_code == 2);  // the enum value is an error; the unknown key a warning
    CHECK_THAT(result.out, Catch::Contains("key.toml:10:7000004: warning: unknown key `" + std::string(64, 'x') +
                                           "... (7000000 bytes)` in [followup]"));
    CHECK_THAT(result.out, Catch::Contains("word.toml:3:8: error: `design.type` = \"" + std::string(64, 'x') +
                                           "... (7000000 bytes)\" is not an allowed value"));
    CHECK(result.out.find("did you mean") == std::string::npos);
    // The 7 MB word is not quoted back in full: the output stays a few lines.
    CHECK(result.out.size() < 5'000);
}

TEST_CASE("a file name that is not UTF-8 or holds a newline is shown escaped, and costs no report",
          "[cli][bad-input]") {
    const temp_dir dir;
    write(dir.path() / "caf\xe9.toml", study("cafe"));
    write(dir.path() / "bad\xff.toml", "id = \"broken\"\n[design\n");  // a file-level error
    write(dir.path() / "x\nx.toml:1:1: error: forged.toml", study("forged"));
    write(dir.path() / "fine.toml", study("fine"));

    const auto report = run_appraise("run --format json --rubric design-weakness " + shell_quote(dir.path()));
    INFO(report.err);
    CHECK(report.exit_code == 2);
    json doc;
    REQUIRE_NOTHROW(doc = json::parse(report.out));  // throws on bytes that are not UTF-8
    const json* cafe = study_named(doc, "cafe");
    const json* fine = study_named(doc, "fine");
    const json* forged = study_named(doc, "forged");
    REQUIRE(cafe != nullptr);
    REQUIRE(fine != nullptr);
    REQUIRE(forged != nullptr);
    CHECK(cafe->at("file").get<std::string>().find("caf\\xe9.toml") != std::string::npos);
    CHECK(fine->at("appraised") == true);
    CHECK(forged->at("file").get<std::string>().find("x\\x0ax.toml") != std::string::npos);
    CHECK(report.out.find("bad\\\\xff.toml") != std::string::npos);  // the broken file, as JSON escapes "\"

    const auto check = run_appraise("check " + shell_quote(dir.path()));
    CHECK(check.exit_code == 2);
    CHECK_THAT(check.out, Catch::Contains("bad\\xff.toml:2:8: error:"));
    CHECK(check.out.find("\nx.toml:1:1: error: forged") == std::string::npos);
    CHECK(check.out.find('\xff') == std::string::npos);
}

TEST_CASE("a duplicate id is placed at its first use, in the same file or an earlier one", "[cli][bad-input]") {
    const temp_dir dir;
    std::string many;
    for (int i = 0; i < 200; ++i) many += "[[study]]\nid = \"s" + std::to_string(i) + "\"\n[study.design]\ntype = \"rct\"\n";
    write(dir.path() / "a.toml", many + "[[study]]\nid = \"s7\"\n");
    write(dir.path() / "b.toml", "[[study]]\nid = \"s3\"\n[[study]]\nid = \"s199\"\n");
    const auto result = run_appraise("check " + shell_quote(dir.path()));
    CHECK(result.exit_code == 2);
    const std::string a = (dir.path() / "a.toml").lexically_normal().generic_string();
    // s7's first [[study]] starts at line 1 + 7 * 4; its id is on the next line.
    CHECK_THAT(result.out, Catch::Contains("duplicate study id \"s7\": already used at " + a + ":30:6"));
    CHECK_THAT(result.out, Catch::Contains("duplicate study id \"s3\": already used at " + a + ":14:6"));
    CHECK_THAT(result.out, Catch::Contains("duplicate study id \"s199\": already used at " + a + ":798:6"));
}

TEST_CASE("text from a coding cannot become a spreadsheet formula or a Markdown link", "[cli][bad-input][reports]") {
    const temp_dir dir;
    write(dir.path() / "a.toml",
          "id = \"a\"\ncountry = \"=HYPERLINK(\\\"http://example.com\\\")\"\n[design]\ntype = \"rct\"\n"
          "[appraisal.jbi-rct-2017.override]\n"
          "selection = { judgement = \"not-met\", reason = \"=1+2 [click me](http://example.com) ![x](http://example.com/x.png)\" }\n");
    const std::string path = shell_quote(dir.path());

    const auto csv = run_appraise("run --format csv --rubric jbi-rct-2017 " + path);
    INFO(csv.err << csv.out);
    CHECK_THAT(csv.out, Catch::Contains(",'=1+2 [click me]"));
    CHECK(csv.out.find(",=1+2") == std::string::npos);
    CHECK(csv.out.find(",\"=1+2") == std::string::npos);

    const auto audit = run_appraise("audit --format csv --by country " + path);
    INFO(audit.err << audit.out);
    CHECK_THAT(audit.out, Catch::Contains("\"'=HYPERLINK("));
    CHECK(audit.out.find(",=HYPERLINK") == std::string::npos);
    CHECK(audit.out.find(",\"=HYPERLINK") == std::string::npos);

    const auto markdown = run_appraise("run --format markdown --rubric jbi-rct-2017 " + path);
    INFO(markdown.out);
    CHECK_THAT(markdown.out, Catch::Contains("\\[click me\\](http://example.com) \\!\\[x\\]"));
    CHECK(markdown.out.find("[click me](http") == std::string::npos);
    CHECK(markdown.out.find("![x](") == std::string::npos);
}
