// `run --format fhir` on hand-built results: the SHA-1 and name-based UUIDs
// against published vectors, the codes (none for "Some concerns"), a domain
// not assessed written with no classifier, hostile text in support and
// quotes surviving JSON intact, the citation's facts, repeated study ids,
// SOURCE_DATE_EPOCH, and every Bundle passing the independent checker
// tests/reports/fhir_check.py (what it checks is in its header).
#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "appraise/reports/fhir_codes.hpp"
#include "appraise/reports/fhir_ids.hpp"
#include "appraise/reports/fhir_report.hpp"
#include "report_fixtures.hpp"

using namespace appraise;
using namespace appraise::test;
using json = nlohmann::json;

namespace {

std::string hex(const std::array<std::uint8_t, 20>& digest) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    for (const auto byte : digest) {
        text.push_back(digits[byte >> 4U]);
        text.push_back(digits[byte & 0x0FU]);
    }
    return text;
}

report_context fhir_context() {
    report_context context;
    context.rubrics = {rob2_description(), robins_description(), weakness_description()};
    return context;
}

// The checker's verdict on a Bundle: its exit code, and what it printed.
command_result checked(const std::string& bundle, const std::string& mode = "") {
    temp_dir dir;
    const auto file = dir.path() / "bundle.json";
    std::ofstream(file) << bundle;
    return run_shell("python3 " + shell_quote(source_dir / "tests/reports/fhir_check.py") + " " + mode + " " +
                     shell_quote(file));
}

const json* entry_of(const json& bundle, const std::string& type, const std::string& title_part) {
    for (const auto& e : bundle.at("entry")) {
        const auto& r = e.at("resource");
        if (r.at("resourceType") == type &&
            (title_part.empty() || r.value("title", "").find(title_part) != std::string::npos))
            return &r;
    }
    return nullptr;
}

const json& risk_of_bias(const json& assessment) {
    for (const auto& c : assessment.at("content"))
        if (c.at("type").contains("coding") && c.at("type").at("coding").at(0).at("code") == "RiskOfBias") return c;
    FAIL("no riskOfBias content");
    return assessment;
}

// One rob2 study with a hostile support text and quote, a domain not
// assessed, and every citation fact coded.
file_result hostile_file(const std::string& hostile) {
    const auto rob2 = rob2_description();
    auto a = appraisal_of(rob2, "reading (assignment)", {"low", "some-concerns", "", "high", "low"}, "high");
    a.domains[0].support = hostile;
    a.domains[0].direction = "favours-experimental";
    a.domains[0].answers = {
        {"1.1", "Y", "coded", sdk::value_evidence{hostile, "p. 3", "full-text", "", "", {"s.toml", 9, 1}}},
        {"1.2", "", "not-assessed", {}}};
    a.domains[2].not_assessed = "not assessed: question 3.1 is reached but was not answered";
    a.domains[2].answers = {{"3.1", "", "not-assessed", {}}};
    a.overall_support = hostile;
    file_result file;
    file.path = "studies/hostile.toml";
    file.studies.push_back(study_of("hostile-2020", {a},
                                    {{"authors", {"Zhou, Y.", "Lan, X."}},
                                     {"year", {"2020"}},
                                     {"title", {hostile}},
                                     {"doi", {"10.1000/xyz-123"}}}));
    return file;
}

}  // namespace

TEST_CASE("fhir ids: SHA-1 gives FIPS 180's digests, UUIDs are RFC 4122 version 5", "[reports][fhir]") {
    CHECK(hex(sha1("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(hex(sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    CHECK(hex(sha1(std::string(1000000, 'a'))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    // 55 and 56 bytes: the padding spills into a second block at 56.
    CHECK(hex(sha1(std::string(55, 'a'))) == "c1c8bbdc22796e28c0e15163d20899b65621d65a");
    CHECK(hex(sha1(std::string(56, 'a'))) == "c2db330f6083854c99d4b5bfb6e8f29f201be699");
    // Python's documentation: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org').
    CHECK(name_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    CHECK(fhir_full_url("urn:appraise:study:a") != fhir_full_url("urn:appraise:study:b"));
    CHECK(fhir_full_url("x").rfind("urn:uuid:", 0) == 0);
    CHECK_THROWS_AS(name_uuid("not-a-uuid", "x"), std::invalid_argument);
    CHECK_THROWS_AS(name_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430", "x"), std::invalid_argument);
}

TEST_CASE("fhir codes: only SEVCO's own levels are coded, Some concerns and Serious are text", "[reports][fhir]") {
    CHECK(sevco_level("rob2", "low") == std::optional<std::string_view>("SEVCO:00186"));
    CHECK(sevco_level("robins-i", "moderate") == std::optional<std::string_view>("SEVCO:00187"));
    CHECK(sevco_level("rob2", "high") == std::optional<std::string_view>("SEVCO:00188"));
    CHECK(sevco_level("robins-i-v2", "critical") == std::optional<std::string_view>("SEVCO:00190"));
    CHECK_FALSE(sevco_level("rob2", "some-concerns"));
    CHECK_FALSE(sevco_level("robins-i", "serious"));
    CHECK_FALSE(sevco_level("robins-i", "no-information"));
    CHECK_FALSE(sevco_level("rob2", ""));
    // Only risk-of-bias scales: EPHPP's "moderate" is a quality rating, design-weakness's "critical" a weakness.
    CHECK_FALSE(sevco_level("ephpp", "moderate"));
    CHECK_FALSE(sevco_level("design-weakness", "critical"));
    CHECK_FALSE(sevco_level("my-tool", "high"));
    CHECK(sevco_bias_type("rob2", "d1") == std::optional<std::string_view>("SEVCO:00032"));
    CHECK_FALSE(sevco_bias_type("rob2", "d1b"));
    CHECK_FALSE(sevco_bias_type("robins-i", "d1"));
    CHECK(rating_system_code("rob2") == std::optional<std::string_view>("CochraneRoB2"));
    CHECK_FALSE(rating_system_code("design-weakness"));
    CHECK(sevco_direction("unpredictable") == std::optional<std::string_view>("SEVCO:00205"));
    CHECK_FALSE(sevco_direction("towards-null"));
}

TEST_CASE("fhir: the sample corpus is one Bundle the checker accepts, resources in corpus order", "[reports][fhir]") {
    ::unsetenv("SOURCE_DATE_EPOCH");
    const auto result = write_report("fhir", fhir_context());
    INFO(result.out << result.notes);
    const auto bundle = json::parse(result.out);
    CHECK(bundle.at("resourceType") == "Bundle");
    CHECK(bundle.at("type") == "collection");
    CHECK_FALSE(bundle.contains("timestamp"));  // no clock without SOURCE_DATE_EPOCH
    std::map<std::string, int> kinds;
    for (const auto& e : bundle.at("entry")) ++kinds[e.at("resource").at("resourceType").get<std::string>()];
    // chen-2017: 3 rob2 results (2 of one label: " #2") and design-weakness; lan-2009: robins-i and
    // design-weakness; bad-2010 is not appraised; zhou-2019: design-weakness.
    CHECK(kinds["ArtifactAssessment"] == 7);
    CHECK(kinds["Citation"] == 3);
    CHECK(kinds["Evidence"] == 3);  // the two "抑郁 (adhering)" results of chen-2017 are one result
    CHECK(bundle.at("entry").at(0).at("resource").at("resourceType") == "Citation");
    CHECK_THAT(result.notes, Catch::Contains("1 study not appraised (errors in its coding), left out: bad-2010"));
    CHECK_THAT(result.notes, Catch::Contains("Some concerns"));
    CHECK_THAT(result.notes, Catch::Contains("Serious"));
    const auto verdict = checked(result.out);
    INFO(verdict.err);
    CHECK(verdict.exit_code == 0);

    // RoB 2's Some concerns has words and no code; Low has SEVCO's; the override is said.
    const json* first = entry_of(bundle, "ArtifactAssessment", "depression, self-report");
    REQUIRE(first != nullptr);
    const auto& domains = risk_of_bias(*first).at("component");
    CHECK(domains.at(0).at("classifier").at(0).at("coding").at(0).at("code") == "SEVCO:00186");
    CHECK(domains.at(1).at("classifier").at(0) == json{{"text", "Some concerns"}});
    CHECK_THAT(domains.at(3).at("summary").get<std::string>(),
               Catch::Contains("the algorithm gave Some concerns: assessors knew the allocation"));
    CHECK(first->at("artifactReference").at("type") == "Evidence");
    // A study-level rubric points at the study's Citation.
    const json* weakness = entry_of(bundle, "ArtifactAssessment", "Design weaknesses of zhou-2019");
    REQUIRE(weakness != nullptr);
    CHECK(weakness->at("artifactReference").at("type") == "Citation");
}

TEST_CASE("fhir: a domain not assessed has no classifier, and its summary says why", "[reports][fhir]") {
    const auto result = write_report("fhir", fhir_context(), {hostile_file("plain")});
    const auto bundle = json::parse(result.out);
    const json* a = entry_of(bundle, "ArtifactAssessment", "");
    REQUIRE(a != nullptr);
    const auto& d3 = risk_of_bias(*a).at("component").at(2);
    CHECK_FALSE(d3.contains("classifier"));
    CHECK(d3.at("summary") == "Not assessed: question 3.1 is reached but was not answered");
    CHECK_FALSE(d3.at("component").at(0).contains("classifier"));  // 3.1 unanswered: no code either
    CHECK(d3.at("component").at(0).at("summary") == "Not assessed");
    CHECK_THAT(result.notes, Catch::Contains("1 domain or overall not assessed"));
    CHECK(checked(result.out).exit_code == 0);
    // The checker rejects each of its broken copies of this Bundle (one gives this domain a judgement).
    const auto self_test = checked(result.out, "--self-test");
    INFO(self_test.out << self_test.err);
    CHECK(self_test.exit_code == 0);
}

TEST_CASE("fhir: hostile text in support, quotes and titles is escaped and comes back unchanged", "[reports][fhir]") {
    // Quotes, backslashes, newlines, tabs, control characters, a NUL, JSON and
    // HTML look-alikes, U+2028 (a line break to JavaScript), an emoji, RTL override.
    const std::string hostile = std::string("\"}],\"x\":\"\\u0000 \\ back\\slash\nnew\rline\ttab\x01\x1f") +
                                std::string(1, '\0') + "</script><b>&amp; \xe2\x80\xa8 \xf0\x9f\x98\x80 \xe2\x80\xae";
    const auto result = write_report("fhir", fhir_context(), {hostile_file(hostile)});
    INFO(result.out);
    const auto bundle = json::parse(result.out);  // parses: nothing broke out of a string
    const json* a = entry_of(bundle, "ArtifactAssessment", "");
    REQUIRE(a != nullptr);
    const auto& d1 = risk_of_bias(*a).at("component").at(0);
    CHECK(d1.at("summary").get<std::string>().rfind(hostile, 0) == 0);  // the reviewer's text first, byte for byte
    CHECK_THAT(d1.at("component").at(0).at("summary").get<std::string>(), Catch::Contains("\"" + hostile + "\""));
    CHECK(risk_of_bias(*a).at("summary") == hostile);
    // Direction coded (favours experimental) beside the level, in words too.
    CHECK(d1.at("classifier").at(1).at("coding").at(0).at("code") == "SEVCO:00201");
    const json* citation = entry_of(bundle, "Citation", "");
    REQUIRE(citation != nullptr);
    CHECK(citation->at("citedArtifact").at("title").at(0).at("text") == hostile);
    // No raw control character reaches the file: each is escaped.
    CHECK(std::none_of(result.out.begin(), result.out.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; }));
    CHECK(checked(result.out).exit_code == 0);

    // Text that is not UTF-8 becomes U+FFFD rather than failing the run.
    const auto bad = write_report("fhir", fhir_context(), {hostile_file("ok \xff\xfe end")});
    CHECK_THAT(json::parse(bad.out).dump(), Catch::Contains("ok \xef\xbf\xbd"));
}

TEST_CASE("fhir: the Citation carries id, title, authors, year and DOI, and the Evidence cites it", "[reports][fhir]") {
    const auto result = write_report("fhir", fhir_context(), {hostile_file("plain")});
    const auto bundle = json::parse(result.out);
    const json* citation = entry_of(bundle, "Citation", "");
    REQUIRE(citation != nullptr);
    CHECK(citation->at("identifier").at(0).at("value") == "hostile-2020");
    const auto& cited = citation->at("citedArtifact");
    CHECK(cited.at("identifier").at(0) == json{{"system", "https://doi.org"}, {"value", "10.1000/xyz-123"}});
    CHECK(cited.at("publicationForm").at(0).at("articleDate") == "2020");
    CHECK(cited.at("contributorship").at("entry").size() == 2);
    CHECK(cited.at("contributorship").at("entry").at(1).at("contributor").at("display") == "Lan, X.");
    const std::string citation_url = bundle.at("entry").at(0).at("fullUrl");
    CHECK(citation_url == fhir_full_url("urn:appraise:study:hostile-2020"));
    const json* evidence = entry_of(bundle, "Evidence", "");
    REQUIRE(evidence != nullptr);
    CHECK(evidence->at("citeAsReference").at("reference") == citation_url);
    CHECK(evidence->at("variableDefinition").at(0).at("description") == "Outcome: reading");
}

TEST_CASE(
    "fhir: the same results give the same bytes, a repeated study id gets ids of its own, "
    "SOURCE_DATE_EPOCH stamps the Bundle",
    "[reports][fhir]") {
    ::unsetenv("SOURCE_DATE_EPOCH");
    const auto once = write_report("fhir", fhir_context());
    CHECK(write_report("fhir", fhir_context()).out == once.out);

    auto twice = sample_corpus();
    twice.push_back(twice.front());  // chen-2017 again, in another file
    twice.back().path = "studies/chen-again.toml";
    const auto repeated = write_report("fhir", fhir_context(), twice);
    INFO(checked(repeated.out).err);
    CHECK(checked(repeated.out).exit_code == 0);  // every fullUrl unique, every reference resolves

    ::setenv("SOURCE_DATE_EPOCH", "1764633600", 1);
    const auto stamped = write_report("fhir", fhir_context());
    ::unsetenv("SOURCE_DATE_EPOCH");
    CHECK(json::parse(stamped.out).at("timestamp") == "2025-12-02T00:00:00Z");
}

TEST_CASE("fhir: a run with nothing to assess is a Bundle with no entry (FHIR JSON has no empty array)",
          "[reports][fhir]") {
    const auto result = write_report("fhir", fhir_context(), {});
    const auto bundle = json::parse(result.out);
    CHECK(bundle == json{{"resourceType", "Bundle"}, {"type", "collection"}});
    CHECK(checked(result.out).exit_code == 0);
}
