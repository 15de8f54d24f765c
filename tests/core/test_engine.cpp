// The engine: every study with every rubric, isolated from rubric failures,
// in corpus order and with the same results whatever the thread count.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "appraise/engine/engine.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/model/run_summary.hpp"
#include "appraise/reports/json_convert.hpp"
#include "test_support.hpp"

using namespace appraise;
namespace fs = std::filesystem;

using json = nlohmann::ordered_json;

namespace {

// A rubric whose behaviour the study decides: it judges allocation, flags a
// small sample, and fails on studies whose id says so.
class scripted_rubric final : public sdk::rubric {
public:
    explicit scripted_rubric(std::string id) : id_(std::move(id)) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& s) const override {
        if (s.id.find("throws-std") != std::string::npos) throw std::runtime_error("boom in " + s.id);
        if (s.id.find("throws-other") != std::string::npos) throw 42;  // not a std::exception
        if (s.id.find("not-applicable") != std::string::npos) return {};

        sdk::appraisal a;
        a.rubric = "impostor";  // the host must put the real id back
        a.rubric_version = "0.0.0";
        const sdk::node* allocation = s.find("design.allocation");
        const bool random = allocation != nullptr && allocation->text == "random";
        a.overall = random ? "low" : "high";
        sdk::domain_result domain;
        domain.id = "d1";
        domain.name = "Allocation";
        domain.judgement = *a.overall;
        domain.answers.push_back({"1.1", random ? "Y" : (allocation ? "N" : "NI"), allocation ? "derived" : "missing"});
        domain.rationale = "read design.allocation";
        a.domains.push_back(domain);
        // Written in reverse document order: the engine sorts findings.
        if (const sdk::node* enrolled = s.find("sample.enrolled"); enrolled != nullptr && enrolled->integer < 50)
            a.findings.push_back({id_ + "/small-sample", sdk::severity::warning,
                                  "only " + std::to_string(enrolled->integer) + " enrolled", enrolled->where});
        if (allocation == nullptr)
            a.findings.push_back({id_ + "/allocation-unreported", sdk::severity::warning, "allocation not reported",
                                  s.locate("design.allocation")});
        return {a};
    }

private:
    std::string id_;
};

// A rubric that appraises every study once, with no findings.
class quiet_rubric final : public sdk::rubric {
public:
    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& s) const override {
        sdk::appraisal a;
        a.label = s.id;
        a.overall = "low";
        return {a};
    }
};

rubric_entry make_entry(const std::string& id, sdk::rubric_factory factory) {
    rubric_entry entry;
    entry.description.id = id;
    entry.description.name = id;
    entry.description.version = "2.1.0";
    entry.factory = std::move(factory);
    entry.origin = "(test)";
    return entry;
}

const rubric_entry& scripted_entry() {
    static const rubric_entry entry =
        make_entry("scripted", [](const sdk::option_values&) { return std::make_unique<scripted_rubric>("scripted"); });
    return entry;
}

const rubric_entry& quiet_entry() {
    static const rubric_entry entry =
        make_entry("quiet", [](const sdk::option_values&) { return std::make_unique<quiet_rubric>(); });
    return entry;
}

rubric_instance instance_of(const rubric_entry& entry) {
    rubric_instance instance;
    instance.entry = &entry;
    instance.library = entry.library;
    instance.rubric = entry.factory(instance.options);
    return instance;
}

std::vector<rubric_instance> both_rubrics() {
    std::vector<rubric_instance> rubrics;
    rubrics.push_back(instance_of(scripted_entry()));
    rubrics.push_back(instance_of(quiet_entry()));
    return rubrics;
}

sdk::study loaded(const std::string& text) {
    loaded_file file = load_study_text(text, "s.toml");
    REQUIRE(file.problems.empty());
    REQUIRE(file.studies.size() == 1);
    REQUIRE(file.studies[0].usable);
    return std::move(file.studies[0].study);
}

// Writes the files and returns their paths, in the order given: the corpus
// when handed to the walker one by one.
std::vector<std::string> write_corpus(const test::temp_dir& dir,
                                      const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<std::string> corpus;
    for (const auto& [name, text] : files) corpus.push_back(dir.write(name, text).string());
    return corpus;
}

// How diagnostics name a file of the corpus.
std::string display(const std::string& path) {
    return fs::path(path).lexically_normal().generic_string();
}

std::vector<file_result> run(const std::vector<std::string>& corpus, const std::vector<rubric_instance>& rubrics,
                             unsigned threads, std::vector<std::string> facets = {},
                             std::size_t group_files = engine_options{}.group_files) {
    std::vector<file_result> results;
    engine_options options;
    options.threads = threads;
    options.facet_fields = std::move(facets);
    options.group_files = group_files;
    corpus_walker walker(corpus);
    run_engine(walker, rubrics, options, [&](file_result&& r) { results.push_back(std::move(r)); });
    return results;
}

// Everything a report could show of a run, as text.
std::string serialise(const std::vector<file_result>& results) {
    std::string text;
    for (const auto& file : results) {
        json out{{"path", file.path}};
        json problems = json::array();
        for (const auto& p : file.problems) problems.push_back(json::parse(json_text(p)));
        out["problems"] = std::move(problems);
        json studies = json::array();
        for (const auto& s : file.studies) {
            json study = json::parse(json_text(s));
            study["id_where"] = json::parse(json_text(s.id_where));
            study["facets"] = s.facets;
            studies.push_back(std::move(study));
        }
        out["studies"] = std::move(studies);
        text += out.dump() + "\n";
    }
    return text;
}

const sdk::finding* find_finding(const sdk::appraisal& a, const std::string& id) {
    for (const auto& f : a.findings)
        if (f.id == id) return &f;
    return nullptr;
}

}  // namespace

// ---------------------------------------------------------------- appraise_study

TEST_CASE("appraise_study runs each rubric in order and vouches for their ids", "[core][engine]") {
    const sdk::study s = loaded("id = \"plain\"\n[sample]\nenrolled = 30\n");
    const auto appraisals = appraise_study(s, both_rubrics());
    REQUIRE(appraisals.size() == 2);
    CHECK(appraisals[0].rubric == "scripted");
    CHECK(appraisals[0].rubric_version == "2.1.0");
    CHECK(appraisals[0].overall == std::optional<std::string>("high"));
    REQUIRE(appraisals[0].domains.size() == 1);
    CHECK(appraisals[0].domains[0].answers[0].provenance == "missing");
    CHECK(appraisals[1].rubric == "quiet");
    CHECK(appraisals[1].label == "plain");

    // Findings sorted by place: the id line (allocation fallback) before line 3.
    REQUIRE(appraisals[0].findings.size() == 2);
    CHECK(appraisals[0].findings[0].id == "scripted/allocation-unreported");
    CHECK(appraisals[0].findings[0].where.line == 1);
    CHECK(appraisals[0].findings[1].id == "scripted/small-sample");
    CHECK(appraisals[0].findings[1].where.line == 3);
    CHECK(appraisals[0].findings[1].where.column == 12);
}

TEST_CASE("a rubric that throws yields a rubric-failed error, the other rubrics still appraise", "[core][engine]") {
    SECTION("a std::exception") {
        const sdk::study s = loaded("title = \"t\"\nid = \"throws-std-1\"\n");
        const auto appraisals = appraise_study(s, both_rubrics());
        REQUIRE(appraisals.size() == 2);
        const sdk::appraisal& failed = appraisals[0];
        CHECK(failed.rubric == "scripted");
        CHECK(failed.rubric_version == "2.1.0");
        CHECK_FALSE(failed.overall.has_value());
        CHECK(failed.domains.empty());
        REQUIRE(failed.findings.size() == 1);
        CHECK(failed.findings[0].id == "scripted/rubric-failed");
        CHECK(failed.findings[0].level == sdk::severity::error);
        CHECK_THAT(failed.findings[0].message, Catch::Contains("boom in throws-std-1"));
        CHECK(failed.findings[0].where.file == "s.toml");
        CHECK(failed.findings[0].where.line == 2);
        CHECK(failed.findings[0].where.column == 6);
        CHECK(appraisals[1].rubric == "quiet");
        CHECK(appraisals[1].overall == std::optional<std::string>("low"));
    }
    SECTION("anything else thrown") {
        const sdk::study s = loaded("id = \"throws-other\"\n");
        const auto appraisals = appraise_study(s, both_rubrics());
        REQUIRE(appraisals.size() == 2);
        REQUIRE(appraisals[0].findings.size() == 1);
        CHECK(appraisals[0].findings[0].id == "scripted/rubric-failed");
        CHECK(appraisals[0].findings[0].level == sdk::severity::error);
        CHECK_THAT(appraisals[0].findings[0].message, Catch::Contains("unknown exception"));
        CHECK(appraisals[1].rubric == "quiet");
    }
}

TEST_CASE("a rubric may return no appraisal for a study", "[core][engine]") {
    const sdk::study s = loaded("id = \"not-applicable\"\n");
    const auto appraisals = appraise_study(s, both_rubrics());
    REQUIRE(appraisals.size() == 1);
    CHECK(appraisals[0].rubric == "quiet");
}

// ---------------------------------------------------------------- run_engine

TEST_CASE("results reach the sink one file at a time, in corpus order", "[core][engine]") {
    const test::temp_dir dir;
    std::vector<std::pair<std::string, std::string>> files;
    for (int i = 0; i < 40; ++i) {
        const std::string id = "s" + std::to_string(i);
        // Uneven work per file, so threads finish out of order.
        std::string text = "id = \"" + id + "\"\n";
        for (int k = 0; k < (i % 7) * 40; ++k) text += "[[outcomes]]\nid = \"o" + std::to_string(k) + "\"\n";
        files.emplace_back("c/" + id + ".toml", text);
    }
    const auto corpus = write_corpus(dir, files);
    const auto rubrics = both_rubrics();
    for (unsigned threads : {1U, 3U, 8U, 0U}) {
        INFO("threads " << threads);
        const auto results = run(corpus, rubrics, threads);
        REQUIRE(results.size() == corpus.size());
        for (std::size_t i = 0; i < results.size(); ++i) {
            CHECK(results[i].path == display(corpus[i]));
            REQUIRE(results[i].studies.size() == 1);
            CHECK(results[i].studies[0].id == "s" + std::to_string(i));
            CHECK(results[i].studies[0].appraised);
            CHECK(results[i].studies[0].appraisals.size() == 2);
        }
    }
}

TEST_CASE("a failing rubric affects only its own appraisal of that study", "[core][engine]") {
    const test::temp_dir dir;
    const auto corpus =
        write_corpus(dir, {{"a.toml", "id = \"a\"\n[design]\nallocation = \"random\"\n"},
                           {"b.toml", "id = \"b-throws-std\"\n"},
                           {"c.toml", "[[study]]\nid = \"c1-throws-other\"\n[[study]]\nid = \"c2\"\n"}});
    for (unsigned threads : {1U, 4U}) {
        INFO("threads " << threads);
        const auto results = run(corpus, both_rubrics(), threads);
        REQUIRE(results.size() == 3);

        const study_result& a = results[0].studies.at(0);
        CHECK(a.appraised);
        REQUIRE(a.appraisals.size() == 2);
        CHECK(a.appraisals[0].overall == std::optional<std::string>("low"));
        CHECK(a.appraisals[0].findings.empty());

        const study_result& b = results[1].studies.at(0);
        CHECK(b.appraised);  // its coding is fine; the rubric failed
        REQUIRE(b.appraisals.size() == 2);
        REQUIRE(b.appraisals[0].findings.size() == 1);
        CHECK(b.appraisals[0].findings[0].id == "scripted/rubric-failed");
        CHECK(b.appraisals[0].findings[0].where.file == display(corpus[1]));
        CHECK(b.appraisals[0].findings[0].where.line == 1);
        CHECK(b.appraisals[1].rubric == "quiet");
        CHECK(b.appraisals[1].findings.empty());

        REQUIRE(results[2].studies.size() == 2);
        const study_result& c1 = results[2].studies[0];
        REQUIRE(c1.appraisals.size() == 2);
        REQUIRE(c1.appraisals[0].findings.size() == 1);
        CHECK(c1.appraisals[0].findings[0].id == "scripted/rubric-failed");
        CHECK(c1.appraisals[0].findings[0].where.line == 2);
        const study_result& c2 = results[2].studies[1];
        REQUIRE(c2.appraisals.size() == 2);
        CHECK(find_finding(c2.appraisals[0], "scripted/rubric-failed") == nullptr);
        CHECK(find_finding(c2.appraisals[0], "scripted/allocation-unreported") != nullptr);
    }
}

TEST_CASE("a study id used twice: the later study is refused, naming the first place", "[core][engine]") {
    const test::temp_dir dir;
    const auto corpus = write_corpus(dir, {{"a.toml", "# first\nid = \"same\"\n"},
                                           {"b.toml", "id = \"other\"\n"},
                                           {"c.toml", "title = \"again\"\nid = \"same\"\n[design]\ntype = \"rct\"\n"},
                                           {"d.toml", "[[study]]\nid = \"twin\"\n[[study]]\nid = \"twin\"\n"}});
    for (unsigned threads : {1U, 4U}) {
        INFO("threads " << threads);
        const auto results = run(corpus, both_rubrics(), threads, {"design.type"});
        REQUIRE(results.size() == 4);

        const study_result& first = results[0].studies.at(0);
        CHECK(first.appraised);
        CHECK(first.problems.empty());
        CHECK(first.appraisals.size() == 2);

        const study_result& later = results[2].studies.at(0);
        CHECK(later.id == "same");
        CHECK_FALSE(later.appraised);
        CHECK(later.appraisals.empty());
        CHECK(later.facets.empty());
        REQUIRE(later.problems.size() == 1);
        CHECK(later.problems[0].code == "coding/duplicate-id");
        CHECK(later.problems[0].level == severity::error);
        CHECK_THAT(later.problems[0].message,
                   Catch::Contains("\"same\"") && Catch::Contains(display(corpus[0]) + ":2:6"));
        CHECK(later.problems[0].where.file == display(corpus[2]));
        CHECK(later.problems[0].where.line == 2);
        CHECK(later.problems[0].where.column == 6);

        // Within one file too.
        REQUIRE(results[3].studies.size() == 2);
        CHECK(results[3].studies[0].appraised);
        CHECK_FALSE(results[3].studies[1].appraised);
        REQUIRE(results[3].studies[1].problems.size() == 1);
        CHECK(results[3].studies[1].problems[0].code == "coding/duplicate-id");
        CHECK_THAT(results[3].studies[1].problems[0].message, Catch::Contains(display(corpus[3]) + ":2:6"));
    }
}

TEST_CASE("ids that differ only in letter case are a warning at the later one, and both are appraised",
          "[core][engine]") {
    const test::temp_dir dir;
    const auto corpus = write_corpus(dir, {{"a.toml", "id = \"Lan-2009\"\n"},
                                           {"b.toml", "id = \"lan-2009-b\"\n"},
                                           {"c.toml", "title = \"again\"\nid = \"lan-2009\"\n"},
                                           {"d.toml", "[[study]]\nid = \"LAN-2009\"\n[[study]]\nid = \"lan-2009\"\n"}});
    for (unsigned threads : {1U, 4U}) {
        INFO("threads " << threads);
        const auto results = run(corpus, both_rubrics(), threads, {"design.type"});
        REQUIRE(results.size() == 4);
        CHECK(results[0].studies.at(0).problems.empty());
        CHECK(results[1].studies.at(0).problems.empty());  // more than case differs

        const study_result& later = results[2].studies.at(0);
        CHECK(later.appraised);
        CHECK(later.appraisals.size() == 2);
        REQUIRE(later.problems.size() == 1);
        CHECK(later.problems[0].code == "coding/id-differs-in-case");
        CHECK(later.problems[0].level == severity::warning);
        CHECK_THAT(later.problems[0].message,
                   Catch::Contains("\"lan-2009\"") && Catch::Contains(display(corpus[0]) + ":1:6"));
        CHECK(later.problems[0].where.file == display(corpus[2]));
        CHECK(later.problems[0].where.line == 2);
        CHECK(later.problems[0].where.column == 6);

        // A third spelling names the first place too; the exact repeat of an
        // earlier spelling is the duplicate error, not this warning.
        REQUIRE(results[3].studies.size() == 2);
        REQUIRE(results[3].studies[0].problems.size() == 1);
        CHECK(results[3].studies[0].problems[0].code == "coding/id-differs-in-case");
        CHECK_THAT(results[3].studies[0].problems[0].message, Catch::Contains(display(corpus[0]) + ":1:6"));
        CHECK(results[3].studies[0].appraised);
        REQUIRE(results[3].studies[1].problems.size() == 1);
        CHECK(results[3].studies[1].problems[0].code == "coding/duplicate-id");
        CHECK_FALSE(results[3].studies[1].appraised);
    }
}

TEST_CASE("a study with coding errors is reported but not appraised", "[core][engine]") {
    const test::temp_dir dir;
    const auto corpus = write_corpus(dir, {{"bad.toml", "id = \"bad\"\nyear = 1800\n"},
                                           {"syntax.toml", "id = \"x\"\n[design\n"},
                                           {"good.toml", "id = \"good\"\n"}});
    const auto results = run(corpus, both_rubrics(), 2, {"year"});
    REQUIRE(results.size() == 3);
    const study_result& bad = results[0].studies.at(0);
    CHECK_FALSE(bad.appraised);
    CHECK(bad.appraisals.empty());
    CHECK(bad.facets.empty());
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].code == "coding/out-of-range");

    CHECK(results[1].studies.empty());
    REQUIRE(results[1].problems.size() == 1);
    CHECK(results[1].problems[0].code == "coding/syntax-error");
    CHECK(results[1].path == display(corpus[1]));

    CHECK(results[2].studies.at(0).appraised);
}

TEST_CASE("without rubrics the engine only checks the coding", "[core][engine]") {
    const test::temp_dir dir;
    const auto corpus = write_corpus(dir, {{"a.toml", "id = \"a\"\nyaer = 2001\n"}});
    const auto results = run(corpus, {}, 1);
    REQUIRE(results.size() == 1);
    const study_result& a = results[0].studies.at(0);
    CHECK(a.appraised);
    CHECK(a.appraisals.empty());
    REQUIRE(a.problems.size() == 1);
    CHECK(a.problems[0].code == "coding/unknown-key");
}

TEST_CASE("facets copy the study's values of the requested fields", "[core][engine]") {
    const test::temp_dir dir;
    const auto corpus = write_corpus(dir, {{"a.toml", R"toml(id = "a"
year = 2015
tags = ["sport", "education", "sport"]
[design]
type = "rct"
registered = true
[sample]
participation = 0.5
)toml"},
                                           {"b.toml", "id = \"b\"\ntags = []\n"}});
    const std::vector<std::string> fields = {
        "design.type", "tags", "year", "design.registered", "sample.participation", "design.allocation"};
    const auto results = run(corpus, both_rubrics(), 1, fields);
    REQUIRE(results.size() == 2);
    using strings = std::vector<std::string>;
    const auto& a = results[0].studies.at(0).facets;
    CHECK(a.size() == fields.size());
    CHECK(a.at("design.type") == strings{"rct"});
    CHECK(a.at("tags") ==
          strings{"sport", "education"});  // in document order (a label takes the first author), once each
    CHECK(a.at("year") == strings{"2015"});
    CHECK(a.at("design.registered") == strings{"true"});
    CHECK(a.at("sample.participation") == strings{"0.5"});
    CHECK(a.at("design.allocation") == strings{not_reported_label});

    const auto& b = results[1].studies.at(0).facets;
    CHECK(b.at("design.type") == strings{"(not reported)"});
    CHECK(b.at("tags") == strings{"(not reported)"});  // an empty array reports nothing

    // Not asked for, not captured.
    const auto plain = run(corpus, both_rubrics(), 1);
    CHECK(plain[0].studies.at(0).facets.empty());
}

TEST_CASE("a failing sink stops the run and its exception reaches the caller", "[core][engine]") {
    const test::temp_dir dir;
    std::vector<std::pair<std::string, std::string>> files;
    for (int i = 0; i < 30; ++i)
        files.emplace_back("f" + std::to_string(i) + ".toml", "id = \"f" + std::to_string(i) + "\"\n");
    const auto corpus = write_corpus(dir, files);
    const auto rubrics = both_rubrics();
    for (unsigned threads : {1U, 4U}) {
        INFO("threads " << threads);
        std::size_t seen = 0;
        engine_options options;
        options.threads = threads;
        corpus_walker walker(corpus);
        CHECK_THROWS_WITH(run_engine(walker, rubrics, options,
                                     [&](file_result&&) {
                                         if (++seen == 5) throw std::runtime_error("disk full");
                                     }),
                          "disk full");
        CHECK(seen == 5);
    }
}

TEST_CASE("results are identical whatever the thread count", "[core][engine][determinism]") {
    const test::temp_dir dir;
    std::vector<std::pair<std::string, std::string>> files;
    const char* allocations[] = {"random", "quasi-random", "non-random", "none"};
    const char* types[] = {"rct", "cluster-rct", "cohort", "pre-post"};
    for (int i = 0; i < 200; ++i) {
        const std::string n = std::to_string(i);
        std::string text;
        if (i % 23 == 5) {
            text = "[[study]]\nid = \"multi-" + n + "a\"\n[[study]]\nid = \"multi-" + n +
                   "b\"\n[study.sample]\nenrolled = " + std::to_string(i % 90) + "\n";
        } else {
            // Every 17th reuses an earlier id; every 13th fails a rubric; some have coding errors.
            const std::string id = i % 17 == 16  ? "study-" + std::to_string(i - 10)
                                   : i % 13 == 3 ? "study-" + n + "-throws-std"
                                   : i % 29 == 7 ? "study-" + n + "-throws-other"
                                                 : "study-" + n;
            text = "id = \"" + id + "\"\nyear = " + std::to_string(i % 31 == 0 ? 1800 : 1990 + i % 30) + "\n";
            text += "tags = [\"t" + std::to_string(i % 3) + "\", \"t" + std::to_string(i % 5) + "\"]\n";
            if (i % 11 == 0) text += "colour = \"blue\"\n";
            text += "[design]\ntype = \"" + std::string(types[i % 4]) + "\"\n";
            if (i % 3 != 0) text += "allocation = \"" + std::string(allocations[i % 4]) + "\"\n";
            text += "[sample]\nenrolled = " + std::to_string(i % 120) + "\n";
            if (i % 37 == 2) text += "[design\n";  // a syntax error
        }
        // Spread over folders, as a real corpus.
        files.emplace_back("corpus/" + std::to_string(i % 7) + "/s" + n + ".toml", text);
    }
    (void)write_corpus(dir, files);
    // The folder as the corpus: the walker decides the order.
    const std::vector<std::string> corpus = {(dir.path() / "corpus").string()};
    const auto rubrics = both_rubrics();
    const std::vector<std::string> facets = {"design.type", "tags"};

    const std::string reference = serialise(run(corpus, rubrics, 1, facets));
    CHECK(std::count(reference.begin(), reference.end(), '\n') == 200);
    // The corpus exercises what it should.
    CHECK(reference.find("coding/duplicate-id") != std::string::npos);
    CHECK(reference.find("scripted/rubric-failed") != std::string::npos);
    CHECK(reference.find("coding/syntax-error") != std::string::npos);
    CHECK(reference.find("coding/out-of-range") != std::string::npos);
    CHECK(reference.find("scripted/small-sample") != std::string::npos);

    for (int repeat = 0; repeat < 3; ++repeat) {
        for (unsigned threads : {2U, 4U, 8U}) {
            INFO("threads " << threads << ", repeat " << repeat);
            const std::string again = serialise(run(corpus, rubrics, threads, facets));
            CHECK(again.size() == reference.size());
            CHECK(again == reference);
        }
    }
    // Files appraised one at a time (each study with every rubric in turn)
    // give what groups of files appraised rubric by rubric give.
    for (std::size_t group : {std::size_t{1}, std::size_t{3}, std::size_t{64}})
        for (unsigned threads : {1U, 2U}) {
            INFO("group_files " << group << ", threads " << threads);
            CHECK(serialise(run(corpus, rubrics, threads, facets, group)) == reference);
        }
}

namespace {
// Each call, in the order made: which rubric appraised which study.
class logging_rubric final : public sdk::rubric {
public:
    logging_rubric(std::string id, std::vector<std::string>& calls) : id_(std::move(id)), calls_(calls) {}
    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& s) const override {
        calls_.push_back(id_ + " " + s.id);
        sdk::appraisal a;
        a.overall = "low";
        return {a};
    }

private:
    std::string id_;
    std::vector<std::string>& calls_;
};
}  // namespace

TEST_CASE("small files are appraised together, each rubric over all their studies before the next", "[core][engine]") {
    const test::temp_dir dir;
    const auto corpus = write_corpus(dir, {{"a.toml", "id = \"a\"\n"},
                                           {"b.toml", "[[study]]\nid = \"b1\"\n[[study]]\nid = \"b2\"\n"},
                                           {"c.toml", "id = \"c\"\n"}});
    std::vector<std::string> calls;
    const rubric_entry first = make_entry(
        "first", [&](const sdk::option_values&) { return std::make_unique<logging_rubric>("first", calls); });
    const rubric_entry second = make_entry(
        "second", [&](const sdk::option_values&) { return std::make_unique<logging_rubric>("second", calls); });
    std::vector<rubric_instance> rubrics;
    rubrics.push_back(instance_of(first));
    rubrics.push_back(instance_of(second));
    const auto appraise = [&](std::size_t group) {
        calls.clear();
        const auto results = run(corpus, rubrics, 1, {}, group);
        REQUIRE(results.size() == 3);
        CHECK(results[1].studies.size() == 2);
        for (const auto& file : results)
            for (const auto& study : file.studies) {
                REQUIRE(study.appraisals.size() == 2);  // in rubric order, whatever the order of calls
                CHECK(study.appraisals[0].rubric == "first");
                CHECK(study.appraisals[1].rubric == "second");
            }
        return serialise(results);
    };
    const std::string together = appraise(16);
    CHECK(calls == std::vector<std::string>{"first a", "first b1", "first b2", "first c", "second a", "second b1",
                                            "second b2", "second c"});
    // One file at a time: a file's own studies are still appraised together.
    const std::string alone = appraise(1);
    CHECK(calls == std::vector<std::string>{"first a", "second a", "first b1", "first b2", "second b1", "second b2",
                                            "first c", "second c"});
    CHECK(together == alone);
}

TEST_CASE("problems of the corpus listing reach the sink as results without a path", "[core][engine]") {
    const test::temp_dir dir;
    const auto files = write_corpus(dir, {{"a.toml", "id = \"a\"\n"}});
    const std::string missing = (dir.path() / "missing").string();
    fs::create_directories(dir.path() / "empty");
    const std::string empty = (dir.path() / "empty").string();
    for (unsigned threads : {1U, 4U}) {
        INFO("threads " << threads);
        const auto results = run({missing, files[0], empty}, both_rubrics(), threads);
        REQUIRE(results.size() == 3);
        CHECK(results[0].path.empty());
        CHECK(results[0].studies.empty());
        REQUIRE(results[0].problems.size() == 1);
        CHECK(results[0].problems[0].code == "coding/path-not-found");
        CHECK(results[1].path == display(files[0]));
        REQUIRE(results[1].studies.size() == 1);
        CHECK(results[1].studies[0].appraised);
        CHECK(results[2].path.empty());
        REQUIRE(results[2].problems.size() == 1);
        CHECK(results[2].problems[0].code == "coding/no-studies");
    }
}

TEST_CASE("the render stage's text travels with its result, and is redone when the duplicate check changes it",
          "[core][engine]") {
    const test::temp_dir dir;
    std::vector<std::pair<std::string, std::string>> texts;
    for (int i = 0; i < 24; ++i)
        texts.emplace_back("f" + std::to_string(100 + i) + ".toml",
                           "id = \"s" + std::to_string(i % 10) + "\"\n[sample]\nenrolled = 20\n");
    const auto corpus = write_corpus(dir, texts);
    const auto rubrics = both_rubrics();
    for (unsigned threads : {1U, 4U}) {
        INFO("threads " << threads);
        engine_options options;
        options.threads = threads;
        std::size_t refused = 0;
        std::size_t seen = 0;
        corpus_walker walker(corpus);
        // What a report writer does: format the result on the worker.
        run_engine(
            walker, rubrics, options, [](const file_result& file) { return serialise({file}); },
            [&](rendered_file&& file) {
                ++seen;
                // What is rendered is what is delivered, duplicate refusals included.
                CHECK(file.rendered == serialise({file.result}));
                CHECK_FALSE(file.render_failed);
                for (const auto& study : file.result.studies) refused += study.appraised ? 0 : 1;
            });
        CHECK(seen == 24);
        CHECK(refused == 14);
    }
}

namespace {

// Every count of a run summary, in one text.
std::string summary_text(const run_summary& summary) {
    std::string text = std::to_string(summary.files) + " " + std::to_string(summary.studies) + " " +
                       std::to_string(summary.appraised) + " " + std::to_string(summary.skipped) + " " +
                       std::to_string(summary.with_coding_errors) + " " + std::to_string(summary.input_errors) + " " +
                       std::to_string(summary.answer_errors) + " " + std::to_string(summary.input_warnings) + " " +
                       std::to_string(summary.findings[0]) + "/" + std::to_string(summary.findings[1]) + "/" +
                       std::to_string(summary.findings[2]) + "\n";
    for (const auto& [rubric, tally] : summary.judgements) {
        text += rubric + " " + tally.rubric_version + " " + std::to_string(tally.appraisals) + ":";
        for (const auto& [word, n] : tally.overall) text += " " + word + "=" + std::to_string(n);
        for (const auto& [domain, counts] : tally.domains)
            for (const auto& [word, n] : counts) text += " " + domain + "." + word + "=" + std::to_string(n);
        text += "\n";
    }
    for (const auto& id : summary.screened_out) text += id + " screened out\n";
    return text;
}

}  // namespace

TEST_CASE("results slimmed on the worker give the same report and summary as whole ones", "[core][engine]") {
    const test::temp_dir dir;
    std::vector<std::pair<std::string, std::string>> texts;
    for (int i = 0; i < 40; ++i) {
        // Ids repeat (s0-s9), one in other letter case; a third are too small, some lack allocation.
        std::string id = "s" + std::to_string(i % 10);
        if (i == 23) id = "S3";
        texts.emplace_back("f" + std::to_string(100 + i) + ".toml",
                           "id = \"" + id + "\"\n[sample]\nenrolled = " + std::to_string(i % 3 == 0 ? 20 : 80) + "\n" +
                               (i % 4 == 0 ? "" : "[design]\nallocation = \"random\"\n"));
    }
    const auto corpus = write_corpus(dir, texts);
    const auto rubrics = both_rubrics();
    const auto render = [](const file_result& file) { return serialise({file}); };
    const auto one_run = [&](unsigned threads, bool slim, std::vector<std::string>& rendered, run_summary& summary,
                             std::size_t& slimmed) {
        engine_options options;
        options.threads = threads;
        if (slim) options.slim_for_sink = slim_for_summary;
        corpus_walker walker(corpus);
        run_engine(walker, rubrics, options, render, [&](rendered_file&& file) {
            rendered.push_back(file.rendered);
            summary.add(file.result);
            if (file.slimmed_from) {
                ++slimmed;
                for (const auto& study : file.result.studies)
                    for (const auto& appraisal : study.appraisals)
                        for (const auto& domain : appraisal.domains) CHECK(domain.answers.empty());
            }
        });
    };
    std::vector<std::string> whole;
    run_summary whole_summary;
    std::size_t none = 0;
    one_run(1, false, whole, whole_summary, none);
    REQUIRE(whole.size() == 40);
    CHECK(none == 0);
    CHECK(whole_summary.input_errors == 29);   // every id after the first ten is refused...
    CHECK(whole_summary.input_warnings == 1);  // ...but S3, which differs from s3 in letter case only
    for (unsigned threads : {1U, 2U, 4U}) {
        INFO("threads " << threads);
        std::vector<std::string> rendered;
        run_summary summary;
        std::size_t slimmed = 0;
        one_run(threads, true, rendered, summary, slimmed);
        // What is written is what a run of whole results writes, the refused
        // and warned files made again whole and rendered anew.
        CHECK(rendered == whole);
        CHECK(summary_text(summary) == summary_text(whole_summary));
        // One thread hands each result on at once and slims none; with
        // threads every file but the 30 the check changed reaches the sink slimmed.
        CHECK(slimmed == (threads == 1 ? 0U : 10U));
    }
}

TEST_CASE("study checks run on each study before the render stage", "[core][engine]") {
    const test::temp_dir dir;
    const auto corpus = write_corpus(dir, {{"a.toml", "id = \"a\"\n"}, {"b.toml", "id = \"b-flagged\"\n"}});
    for (unsigned threads : {1U, 3U}) {
        INFO("threads " << threads);
        engine_options options;
        options.threads = threads;
        options.study_checks = {[](study_result& study) {
            if (study.id.find("flagged") == std::string::npos) return;
            study.problems.push_back({severity::error, "report/weight-missing", "flagged", study.id_where, ""});
            study.appraised = false;
        }};
        std::vector<std::string> rendered;
        corpus_walker walker(corpus);
        run_engine(
            walker, both_rubrics(), options,
            [](const file_result& file) { return file.studies.at(0).appraised ? "appraised" : "skipped"; },
            [&](rendered_file&& file) { rendered.push_back(file.rendered); });
        CHECK(rendered == std::vector<std::string>{"appraised", "skipped"});
    }
}

namespace {

// Everything a run hands on, rendered text and failure flags included.
std::string serialise_rendered(const std::vector<rendered_file>& files) {
    std::string text;
    for (const auto& file : files)
        text +=
            serialise({file.result}) + "rendered: " + file.rendered + (file.render_failed ? " (failed)" : "") + "\n";
    return text;
}

struct contract_run {
    std::vector<rendered_file> files;
    std::string text;
};

// A corpus in which something throws at every stage a worker runs: a rubric
// (std and not), the loader (through a value screen, not a std::exception), a
// study check (not a std::exception), the render stage (std and not).
contract_run run_throwing(unsigned threads, const engine_options& base = {}) {
    static const test::temp_dir dir;
    static const auto corpus = write_corpus(dir, {
                                                     {"a.toml", "id = \"plain-a\"\n"},
                                                     {"b.toml", "id = \"throws-std-b\"\n"},
                                                     {"c.toml", "id = \"throws-other-c\"\n"},
                                                     {"d.toml", "id = \"load-fails-d\"\n"},
                                                     {"e.toml", "id = \"check-fails-e\"\n"},
                                                     {"f.toml", "id = \"render-fails-std-f\"\n"},
                                                     {"g.toml", "id = \"render-fails-other-g\"\n"},
                                                     {"h.toml", "id = \"plain-h\"\n"},
                                                 });
    engine_options options = base;
    options.threads = threads;
    value_screen bomb;
    bomb.claims = [](const sdk::node&) { return false; };
    bomb.report = [](const sdk::node& study, diagnostics&) {
        const sdk::node* id = study.get("id");
        if (id != nullptr && id->text == "load-fails-d") throw 7;
    };
    options.loading.screens = {bomb};
    options.study_checks = {[](study_result& study) {
        if (study.id == "check-fails-e") throw std::string("a string, not an exception");
    }};
    const render_stage render = [](const file_result& file) -> std::string {
        for (const auto& study : file.studies) {
            if (study.id == "render-fails-std-f") throw std::runtime_error("writer broke on " + study.id);
            if (study.id == "render-fails-other-g") throw 3.5;
        }
        return "ok " + file.path;
    };
    contract_run run;
    corpus_walker walker(corpus);
    run_engine(walker, both_rubrics(), options, render, [&](rendered_file&& file) { run.files.push_back(file); });
    run.text = serialise_rendered(run.files);
    return run;
}

bool has_problem(const file_result& file, const std::string& code, const std::string& text) {
    const auto matches = [&](const diagnostic& d) {
        return d.code == code && d.message.find(text) != std::string::npos;
    };
    if (std::any_of(file.problems.begin(), file.problems.end(), matches)) return true;
    for (const auto& study : file.studies)
        if (std::any_of(study.problems.begin(), study.problems.end(), matches)) return true;
    return false;
}

}  // namespace

TEST_CASE("an exception anywhere in a worker is an error for that file, the same for every thread count",
          "[core][engine][determinism]") {
    const contract_run serial = run_throwing(1);
    REQUIRE(serial.files.size() == 8);
    const auto& f = serial.files;
    CHECK(f[0].rendered == "ok " + f[0].result.path);
    // A rubric: its own error finding; the other rubric still appraised the study.
    CHECK(find_finding(f[1].result.studies.at(0).appraisals.at(0), "scripted/rubric-failed") != nullptr);
    CHECK(f[1].result.studies.at(0).appraisals.size() == 2);
    const sdk::finding* other = find_finding(f[2].result.studies.at(0).appraisals.at(0), "scripted/rubric-failed");
    REQUIRE(other != nullptr);
    CHECK_THAT(other->message, Catch::Contains("unknown exception"));
    // The loader and a study check (neither a std::exception): the file is an error.
    CHECK(has_problem(f[3].result, "coding/internal-error", "unknown exception"));
    CHECK(f[3].rendered == "ok " + f[3].result.path);
    CHECK(has_problem(f[4].result, "coding/internal-error", "unknown exception"));
    // The render stage: an error for the file, its text empty, its results kept.
    CHECK(has_problem(f[5].result, "report/render-failed", "writer broke on render-fails-std-f"));
    CHECK(f[5].render_failed);
    CHECK(f[5].rendered.empty());
    CHECK(f[5].result.studies.at(0).appraised);
    CHECK(has_problem(f[6].result, "report/render-failed", "unknown exception"));
    CHECK(f[6].render_failed);
    // And the run went on.
    CHECK(f[7].rendered == "ok " + f[7].result.path);

    for (unsigned threads : {2U, 4U, 8U}) {
        INFO("threads " << threads);
        CHECK(run_throwing(threads).text == serial.text);
    }
    // A study check that throws in a group of files appraised together still
    // costs only its own file; and one file at a time gives the same.
    for (std::size_t group : {std::size_t{1}, std::size_t{2}, std::size_t{8}}) {
        INFO("group_files " << group);
        engine_options options;
        options.group_files = group;
        CHECK(run_throwing(1, options).text == serial.text);
        CHECK(run_throwing(2, options).text == serial.text);
    }
}

TEST_CASE("a thread that cannot be started leaves the run to the threads that did start", "[core][engine]") {
    const std::string serial = run_throwing(1).text;
    for (unsigned started : {0U, 1U, 2U}) {
        INFO("threads that start: " << started);
        engine_options options;
        unsigned attempts = 0;
        options.start_thread = [&](std::function<void()> work) {
            if (attempts++ >= started)
                throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
            return std::thread(std::move(work));
        };
        CHECK(run_throwing(4, options).text == serial);
        CHECK(attempts == started + 1);
    }
}

TEST_CASE("the engine never starts more than max_threads threads", "[core][engine]") {
    engine_options options;
    std::atomic<unsigned> starts{0};
    options.start_thread = [&](std::function<void()> work) {
        ++starts;
        return std::thread(std::move(work));
    };
    const std::string serial = run_throwing(1).text;
    CHECK(run_throwing(max_threads + 100, options).text == serial);
    CHECK(starts == max_threads);
}

TEST_CASE("a FIFO named *.toml in a corpus folder does not block the run", "[core][engine]") {
    const test::temp_dir dir;
    dir.write("c/a.toml", "id = \"a\"\n");
    const fs::path fifo = dir.path() / "c" / "pipe.toml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const std::vector<std::string> corpus = {(dir.path() / "c").string()};
    auto running = std::async(std::launch::async, [&] { return run(corpus, {}, 1); });
    const bool finished = running.wait_for(std::chrono::seconds(2)) == std::future_status::ready;
    CHECK(finished);  // reading a FIFO waits for a writer that never comes
    if (!finished) {
        // Let the blocked reader go: open the other end and close it.
        const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        if (writer >= 0) ::close(writer);
    }
    const auto results = running.get();
    REQUIRE_FALSE(results.empty());
    CHECK(results[0].path == display((dir.path() / "c" / "a.toml").string()));
    CHECK(results[0].studies.at(0).appraised);
    // The FIFO is either not part of the corpus or refused as unreadable.
    for (std::size_t i = 1; i < results.size(); ++i) {
        REQUIRE(results[i].problems.size() == 1);
        CHECK(results[i].problems[0].code == "coding/unreadable-file");
    }
}

namespace {

// Parts of a streamed file joined again (file_result::continued), as a sink that
// wants whole files would.
std::vector<file_result> joined(std::vector<file_result> parts) {
    std::vector<file_result> files;
    for (auto& part : parts) {
        if (part.continued && !files.empty() && files.back().path == part.path) {
            auto& studies = files.back().studies;
            for (auto& study : part.studies) studies.push_back(std::move(study));
            files.back().problems.insert(files.back().problems.end(), part.problems.begin(), part.problems.end());
        } else {
            files.push_back(std::move(part));
        }
    }
    return files;
}

std::vector<file_result> run_streaming(const std::vector<std::string>& corpus, unsigned threads,
                                       std::size_t stream_file_bytes, std::size_t window_bytes,
                                       std::size_t& parts_seen) {
    std::vector<file_result> results;
    engine_options options;
    options.threads = threads;
    options.stream_file_bytes = stream_file_bytes;
    options.window_bytes = window_bytes;
    options.facet_fields = {"design.type"};
    corpus_walker walker(corpus);
    run_engine(walker, both_rubrics(), options, [&](file_result&& r) { results.push_back(std::move(r)); });
    parts_seen = static_cast<std::size_t>(
        std::count_if(results.begin(), results.end(), [](const file_result& f) { return f.continued; }));
    return joined(std::move(results));
}

// A [[study]] file of `count` studies: some with coding errors, a duplicate id,
// dates, comments, and multi-line strings holding lines that look like headers.
std::string many_studies(int count, const std::string& prefix) {
    std::string text = "# studies of the review\n\n";
    for (int i = 0; i < count; ++i) {
        const std::string n = std::to_string(i);
        text += "[[study]]\nid = \"" + prefix + (i % 97 == 50 ? std::to_string(i - 40) : n) + "\"\n";
        text += "year = " + std::to_string(i % 41 == 0 ? 1800 : 1990 + i % 30) + "  # a comment\n";
        if (i % 9 == 4) text += "notes = \"\"\"\n[[study]]\nid = \\\"not-a-study\\\"\n[design]\n\"\"\"\n";
        if (i % 10 == 6) text += "abstract = '''\n[[study]]\n'''\n";
        if (i % 8 == 1) text += "searched = 2026-03-0" + std::to_string(1 + i % 9) + "\n";
        text += "\n[study.design]\ntype = \"" + std::string(i % 2 == 0 ? "rct" : "pre-post") + "\"\n";
        if (i % 3 != 0) text += "allocation = \"" + std::string(i % 4 == 1 ? "random" : "non-random") + "\"\n";
        text += "[study.sample]\nenrolled = " + std::to_string(i % 120) + "\n";
        if (i % 5 == 2) text += "[[study.outcomes]]\nid = \"o" + n + "\"\n[[study.outcomes]]\nid = \"o" + n + "\"\n";
    }
    return text;
}

}  // namespace

TEST_CASE("a large [[study]] file is appraised study by study, the same as read whole, whatever -j",
          "[core][engine][determinism]") {
    const test::temp_dir dir;
    std::string syntax_error_late = many_studies(150, "late-");
    syntax_error_late += "[[study]]\nid = \"broken\"\n[study.design\n";
    std::string other_table = many_studies(150, "other-");
    other_table += "[appendix]\nnote = \"outside every study\"\n";
    const std::vector<std::pair<std::string, std::string>> files = {
        {"corpus/a.toml", "id = \"first\"\n[design]\ntype = \"rct\"\n"},
        {"corpus/b-many.toml", many_studies(300, "many-")},
        {"corpus/c.toml", "id = \"many-7\"\n"},  // a duplicate of a study inside the streamed file
        {"corpus/d-late-error.toml", syntax_error_late},
        {"corpus/e-other-table.toml", other_table},
        // A multi-line array whose lines start with '[' is not a header, and
        // an indented [[study]] header is one: both still stream.
        {"corpus/g-array-lines.toml",
         [] {
             std::string text = many_studies(100, "array-"), out;
             const std::string header = "[[study]]\n";
             for (std::size_t at = 0, k = 0; (at = text.find(header, at)) != std::string::npos;
                  at += header.size(), ++k)
                 if (k % 7 == 3) text.insert(at + header.size(), "custom.matrix = [\n  [1, 2],\n[3, 4],\n]\n");
             return text;
         }()},
        {"corpus/h-indented.toml",
         [] {
             std::string text = many_studies(100, "indented-");
             for (std::size_t at = 0; (at = text.find("\n[[study]]\nid", at)) != std::string::npos; at += 4)
                 text.insert(at + 1, "  ");
             return text;
         }()},
        {"corpus/f-crlf.toml",
         [] {
             std::string text = many_studies(100, "crlf-"), out;
             for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
             return out;
         }()},
    };
    (void)write_corpus(dir, files);
    const std::vector<std::string> corpus = {(dir.path() / "corpus").string()};

    std::size_t parts = 0;
    const std::string whole = serialise(run_streaming(corpus, 1, SIZE_MAX, SIZE_MAX, parts));
    CHECK(parts == 0);
    // The corpus exercises what it should.
    CHECK(whole.find("coding/duplicate-id") != std::string::npos);
    CHECK(whole.find("coding/duplicate-outcome-id") != std::string::npos);
    CHECK(whole.find("coding/syntax-error") != std::string::npos);
    CHECK(whole.find("coding/key-outside-study") != std::string::npos);
    CHECK(whole.find("not-a-study") == std::string::npos);
    CHECK(std::count(whole.begin(), whole.end(), '\n') == 8);

    for (unsigned threads : {1U, 2U, 4U}) {
        for (std::size_t window_bytes : {std::size_t{1}, std::size_t{16} << 20}) {
            INFO("threads " << threads << ", window " << window_bytes);
            const std::string streamed = serialise(run_streaming(corpus, threads, 0, window_bytes, parts));
            // Every file of more than 64 studies that streams comes in parts:
            // b (300), f, g and h (100 each), not d and e, which are read whole.
            CHECK(parts == 4 + 1 + 1 + 1);
            CHECK(streamed == whole);
        }
    }
}

namespace {

// Every file streams when it can (threshold 0), and a file read whole may
// hold 100 bytes: what a large file that cannot stream gets.
std::vector<file_result> run_over_read_limit(const std::vector<std::string>& corpus) {
    engine_options options;
    options.threads = 1;
    options.stream_file_bytes = 0;
    options.loading.max_file_bytes = 100;
    std::vector<file_result> results;
    corpus_walker walker(corpus);
    run_engine(walker, {}, options, [&](file_result&& r) { results.push_back(std::move(r)); });
    return results;
}

}  // namespace

TEST_CASE("a file over the limit for a file read whole, that cannot stream, is refused at its name", "[core][engine]") {
    const test::temp_dir dir;
    std::string text = many_studies(40, "s-");
    text += "[appendix]\nnote = 1\n";
    const auto corpus = write_corpus(dir, {{"big.toml", text}});
    const std::vector<file_result> results = run_over_read_limit(corpus);
    REQUIRE(results.size() == 1);
    REQUIRE(results[0].problems.size() == 1);
    CHECK(results[0].problems[0].code == "coding/file-too-large");
    CHECK(results[0].problems[0].where.file == display(corpus[0]));
    CHECK(results[0].problems[0].message.find("nothing but [[study]] tables") != std::string::npos);
    CHECK(results[0].studies.empty());
}

TEST_CASE("a file too large to read whole, with a broken study, is refused with that study's error at its line",
          "[core][engine]") {
    const test::temp_dir dir;
    std::string text = many_studies(40, "s-");
    const auto lines_before = std::count(text.begin(), text.end(), '\n');
    text += "[[study]]\nid = \"broken\"\nyear = = 3\n";
    text += many_studies(5, "t-").substr(std::string("# studies of the review\n\n").size());
    const auto corpus = write_corpus(dir, {{"big.toml", text}});
    const std::vector<file_result> results = run_over_read_limit(corpus);
    REQUIRE(results.size() == 1);
    REQUIRE(results[0].problems.size() == 2);
    CHECK(results[0].problems[0].code == "coding/file-too-large");
    CHECK(results[0].problems[0].message.find("the [[study]] table of line " + std::to_string(lines_before + 1) +
                                              " does not parse on its own") != std::string::npos);
    CHECK(results[0].problems[0].message.find("the file is 1 MiB") != std::string::npos);  // rounded up, never "0 MiB"
    CHECK(results[0].problems[1].code == "coding/syntax-error");
    CHECK(results[0].problems[1].where.line == lines_before + 3);
    CHECK(results[0].studies.empty());
}

TEST_CASE("each wrapped value's evidence reaches the study's result, and a study with none walks no tree",
          "[core][engine][evidence]") {
    const test::temp_dir dir;
    const auto corpus = write_corpus(
        dir, {{"a.toml", "id = \"a\"\n[design]\ntype = \"rct\"\nallocation = { value = \"random\", at = \"p. 3\" }\n"},
              {"b.toml", "id = \"b\"\n[design]\ntype = \"rct\"\nallocation = \"random\"\n"},
              {"c.toml",
               "id = \"c\"\n[[study]]\nid = \"c1\"\n[study.sample]\nenrolled = { value = 40, support = \"40 "
               "children\" }\n[[study]]\nid = \"c2\"\n"}});
    // The loader says which studies it unwrapped a value in.
    CHECK(load_study_file(corpus[0], display(corpus[0]), {}).studies.at(0).may_hold_evidence);
    CHECK_FALSE(load_study_file(corpus[1], display(corpus[1]), {}).studies.at(0).may_hold_evidence);
    for (unsigned threads : {1U, 2U}) {
        const auto results = run(corpus, both_rubrics(), threads);
        REQUIRE(results.size() == 3);
        const study_result& a = results[0].studies.at(0);
        REQUIRE(a.evidence.size() == 1);
        CHECK(a.evidence[0].first.line == 4);
        CHECK(a.evidence[0].second.at == "p. 3");
        CHECK(results[1].studies.at(0).evidence.empty());
        REQUIRE(results[2].studies.size() == 2);
        REQUIRE(results[2].studies[0].evidence.size() == 1);
        CHECK(results[2].studies[0].evidence[0].second.support == "40 children");
        CHECK(results[2].studies[1].evidence.empty());
    }
}
