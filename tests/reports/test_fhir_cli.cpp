// `appraise run --format fhir` on the example corpus: the Bundle passes the
// independent checker (tests/reports/fhir_check.py) and its self-test, is
// the same bytes at -j 1 and -j 4, and says what the JSON report of the same
// run says: one ArtifactAssessment per written appraisal, each domain's
// judgement in the rubric's words, nothing judged that was not assessed.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "test_support.hpp"

using namespace appraise::test;
using json = nlohmann::json;

namespace {

const std::string corpus = "examples/left-behind-children";

// "some-concerns" -> "Some concerns", as a reader sees a judgement (written here, not taken from the writer).
std::string words(std::string kebab) {
    for (auto& c : kebab)
        if (c == '-') c = ' ';
    if (!kebab.empty() && kebab[0] >= 'a' && kebab[0] <= 'z') kebab[0] = static_cast<char>(kebab[0] - 'a' + 'A');
    return kebab;
}

// A domain's judgement in the JSON report; empty when not assessed (null there).
std::string judgement_of(const json& domain) {
    const auto found = domain.find("judgement");
    return found != domain.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

TEST_CASE("run --format fhir: the example corpus is one Bundle the checker accepts, the same at any -j",
          "[reports][fhir][cli]") {
    temp_dir dir;
    const auto bundle_file = dir.path() / "bundle.json";
    const auto one = run_appraise("run " + corpus + " --format fhir -j 1 -o " + shell_quote(bundle_file));
    INFO(one.err);
    REQUIRE(one.exit_code == 0);
    CHECK_THAT(one.err, Catch::Contains("ArtifactAssessments (RiskOfBias profile) in a FHIR R5 Bundle"));
    const std::string text = read_file(bundle_file);
    const auto four = run_appraise("run " + corpus + " --format fhir -j 4");
    CHECK(four.out == text);

    const std::string checker = "python3 " + shell_quote(source_dir / "tests/reports/fhir_check.py") + " ";
    const auto verdict = run_shell(checker + shell_quote(bundle_file));
    INFO(verdict.err);
    CHECK(verdict.exit_code == 0);
    const auto self_test = run_shell(checker + "--self-test " + shell_quote(bundle_file));
    INFO(self_test.out << self_test.err);
    CHECK(self_test.exit_code == 0);

    // Against the JSON report of the same corpus: the same appraisals, the same words.
    const auto report = json::parse(run_appraise("run " + corpus + " --format json -j 1").out);
    const auto bundle = json::parse(text);
    std::size_t written = 0;
    std::size_t judged = 0;
    std::size_t open = 0;
    for (const auto& study : report.at("studies")) {
        if (!study.contains("appraisals")) continue;
        for (const auto& a : study.at("appraisals")) {
            if (a.value("domains", json::array()).empty() && a.value("overall", json()).is_null()) continue;  // n/a
            bool coding_error = false;
            for (const auto& f : a.value("findings", json::array())) coding_error |= f.value("severity", "") == "error";
            if (coding_error) continue;
            ++written;
            for (const auto& d : a.value("domains", json::array())) {
                if (judgement_of(d).empty()) {
                    ++open;
                } else {
                    ++judged;
                }
            }
        }
    }
    std::size_t assessments = 0;
    std::size_t with_classifier = 0;
    std::size_t without = 0;
    std::multiset<std::string> fhir_words;
    for (const auto& e : bundle.at("entry")) {
        const auto& r = e.at("resource");
        if (r.at("resourceType") != "ArtifactAssessment") continue;
        ++assessments;
        for (const auto& c : r.at("content")) {
            if (!c.contains("component")) continue;
            for (const auto& d : c.at("component")) {
                if (d.contains("classifier")) {
                    ++with_classifier;
                    // A SEVCO level only on a risk-of-bias tool's judgement (EPHPP's
                    // "Moderate" is a quality rating, design-weakness's "Critical" a weakness).
                    const auto& classifier = d.at("classifier").at(0);
                    const std::string title = r.value("title", "");
                    const bool rob_tool = title.rfind("RoB 2", 0) == 0 || title.rfind("ROBINS-I", 0) == 0;
                    if (!rob_tool) CHECK_FALSE(classifier.contains("coding"));
                    fhir_words.insert(d.at("classifier").at(0).at("text").get<std::string>());
                } else {
                    ++without;
                }
            }
        }
    }
    CHECK(assessments == written);
    CHECK(with_classifier == judged);
    CHECK(without == open);
    CHECK(open > 0);  // the corpus has domains not assessed: they are written, without a judgement
    std::multiset<std::string> json_words;
    for (const auto& study : report.at("studies"))
        for (const auto& a : study.value("appraisals", json::array())) {
            bool coding_error = false;
            for (const auto& f : a.value("findings", json::array())) coding_error |= f.value("severity", "") == "error";
            if (coding_error) continue;
            for (const auto& d : a.value("domains", json::array()))
                if (!judgement_of(d).empty()) json_words.insert(words(judgement_of(d)));
        }
    // The words differ only where the report spells a word out (can't, except for): compare the common ones.
    for (const std::string w : {"Low", "Some concerns", "High", "Serious", "Moderate", "Critical"})
        CHECK(fhir_words.count(w) == json_words.count(w));
}

TEST_CASE("run --format fhir is listed with its description", "[reports][fhir][cli]") {
    const auto help = run_appraise("run --help");
    CHECK_THAT(help.out, Catch::Contains("fhir"));
    const auto bad = run_appraise("run " + corpus + " --format fhir --weight sample.enrolled");
    CHECK(bad.exit_code != 0);  // --weight is robvis and html only
}
