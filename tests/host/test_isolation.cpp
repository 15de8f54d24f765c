// --isolate: native plugin rubrics in worker processes. The wire format on
// its own, then the built `appraise` with plugins that segfault, abort, loop,
// exit(0), write to stdout or throw on the studies whose id contains "bad"
// (tests/plugins/faulty_plugin.cpp): each gives its error finding for those
// studies, every other study is appraised, and with no fault the output is
// byte for byte that of an in-process run.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "appraise/host/wire_format.hpp"
#include "appraise/input/study_loader.hpp"
#include "report_json.hpp"
#include "test_support.hpp"

namespace {

using appraise::test::command_result;
using appraise::test::finding_ids;
using appraise::test::run_appraise;
using appraise::test::study_named;
using appraise::test::temp_dir;
using json = nlohmann::json;
namespace fs = std::filesystem;
using appraise::test::shell_quote;
namespace wire = appraise::wire;

const std::string corpus = "examples/left-behind-children";

bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

// The one finding with `id` in a study, or null.
const json* finding_named(const json& study, const std::string& id) {
    for (const auto& appraisal : study.at("appraisals"))
        for (const auto& finding : appraisal.at("findings"))
            if (finding.at("id") == id) return &finding;
    return nullptr;
}

// Two bad studies around good ones: the second bad one shows the worker was
// replaced after the first, and the good one after it that the new worker works.
struct fault_corpus {
    temp_dir dir;
    fault_corpus() {
        dir.write("a.toml", "id = \"bad-one\"\nyear = 2000\n");
        dir.write("b.toml", "id = \"good-old\"\nyear = 2000\n");
        dir.write("c.toml", "id = \"bad-two\"\nyear = 2020\n");
        dir.write("d.toml", "id = \"good-new\"\nyear = 2020\n");
    }
};

std::string plugin_args(const std::string& rubric) {
    return "--plugin-dir " + shell_quote(appraise::test::test_plugin_dir) + " --rubric=" + rubric + " --rubric=test-good";
}

// The good studies are appraised as test-good would, by both rubrics.
void check_good_studies(const json& report, const std::string& rubric) {
    const json* old = study_named(report, "good-old");
    REQUIRE(old != nullptr);
    CHECK(finding_ids(*old) == std::set<std::string>{rubric + "/old-study", "test-good/old-study"});
    REQUIRE(old->at("appraisals").size() == 2);
    for (const auto& appraisal : old->at("appraisals")) CHECK(appraisal.at("overall") == "high");
    const json* recent = study_named(report, "good-new");
    REQUIRE(recent != nullptr);
    CHECK(finding_ids(*recent).empty());
    REQUIRE(recent->at("appraisals").size() == 2);
    for (const auto& appraisal : recent->at("appraisals")) CHECK(appraisal.at("overall") == "low");
}

// Runs one faulty plugin isolated and checks what each bad study got: with
// --isolate, and with no flag at all, since a plugin from outside the
// installation (these test plugins) runs in a worker by default.
void check_fault(const std::string& rubric, const std::string& code, const std::string& words) {
    const fault_corpus studies;
    for (const std::string mode : {"--isolate -j 1", "--isolate -j 4", "-j 1", "-j 4"}) {
        INFO(rubric << " " << mode);
        const std::string args =
            "run " + shell_quote(studies.dir.path()) + " " + mode + " --plugin-timeout 1 " + plugin_args(rubric);
        const command_result result = run_appraise(args + " --format json");
        INFO(result.out << result.err);
        CHECK(result.exit_code == 0);
        json report;
        REQUIRE_NOTHROW(report = json::parse(result.out));
        for (const std::string id : {"bad-one", "bad-two"}) {
            const json* bad = study_named(report, id);
            REQUIRE(bad != nullptr);
            const json* finding = finding_named(*bad, rubric + code);
            REQUIRE(finding != nullptr);
            CHECK(finding->at("severity") == "error");
            CHECK(has(finding->at("message").get<std::string>(), words));
            // The other rubric still appraised the bad study.
            CHECK(finding_ids(*bad).count("test-good/rubric-failed") == 0);
            CHECK(bad->at("appraisals").size() == 2);
        }
        check_good_studies(report, rubric);
        // An error finding fails the run with --fail-on error, whatever the plugin did to its process.
        CHECK(run_appraise(args + " --fail-on error").exit_code == 1);
    }
}

}  // namespace

TEST_CASE("a study and a reply cross the wire unchanged", "[host][isolate]") {
    const auto loaded = appraise::load_study_file(appraise::test::source_dir / corpus / "studies/lan-2009-sport.toml",
                                                  "studies/lan-2009-sport.toml");
    REQUIRE(!loaded.studies.empty());
    const appraise::sdk::study& study = loaded.studies.front().study;
    const std::string bytes = wire::encode_study(study);
    const appraise::sdk::study back = wire::decode_study(bytes);
    CHECK(back.id == study.id);
    CHECK(back.file == study.file);
    CHECK(back.id_where.line == study.id_where.line);
    CHECK(back.table_headers.size() == study.table_headers.size());
    CHECK(wire::encode_study(back) == bytes);

    wire::worker_reply reply;
    reply.result = wire::worker_reply::outcome::appraised;
    reply.written = "text";
    reply.written_total = 4;
    appraise::sdk::appraisal appraisal;
    appraisal.rubric = "r";
    appraisal.overall = "low";
    appraisal.domains.push_back({"d", "D", "low", {{"q", "yes", "coded"}}, "why", "", ""});
    // Each reading of the domain's algorithm (API 6), a reading with no judgement among them.
    appraisal.domains.back().alternatives = {{"E1", "low"}, {"E2", ""}, {"E3", "serious"}};
    appraisal.domains.push_back({"e", "E", "high"});
    appraisal.findings.push_back({"r/x", appraise::sdk::severity::warning, "message", {"f.toml", 3, 4}});
    reply.appraisals = {appraisal, appraisal};
    reply.appraisals[1].overall.reset();
    const std::string encoded = wire::encode_reply(reply);
    CHECK(wire::encode_reply(wire::decode_reply(encoded)) == encoded);
    const wire::worker_reply decoded = wire::decode_reply(encoded);
    REQUIRE(decoded.appraisals.size() == 2u);
    REQUIRE(decoded.appraisals[0].domains.size() == 2u);
    const auto& readings = decoded.appraisals[0].domains[0].alternatives;
    REQUIRE(readings.size() == 3u);
    CHECK(readings[0].label == "E1");
    CHECK(readings[0].judgement == "low");
    CHECK(readings[1].label == "E2");
    CHECK(readings[1].judgement.empty());
    CHECK(readings[2].judgement == "serious");
    CHECK(decoded.appraisals[0].domains[1].alternatives.empty());

    // Half a message (a worker that died while writing) never decodes.
    for (std::size_t cut = 0; cut < encoded.size(); ++cut)
        CHECK_THROWS_AS(wire::decode_reply(std::string_view(encoded).substr(0, cut)), wire::wire_error);
    for (std::size_t cut = 0; cut < bytes.size(); cut += 7)
        CHECK_THROWS_AS(wire::decode_study(std::string_view(bytes).substr(0, cut)), wire::wire_error);
}

TEST_CASE("isolated: a segfaulting plugin fails only its study", "[cli][isolate]") {
    check_fault("test-fault-segv", "/rubric-crashed", "was killed by SIGSEGV");
}

TEST_CASE("isolated: an aborting plugin fails only its study", "[cli][isolate]") {
    check_fault("test-fault-abort", "/rubric-crashed", "was killed by SIGABRT");
}

TEST_CASE("isolated: a plugin that calls exit(0) fails only its study", "[cli][isolate]") {
    check_fault("test-fault-exit", "/rubric-crashed", "exited with status 0");
}

TEST_CASE("in process: a plugin that calls exit(0) does not pass for a clean run", "[cli][isolate]") {
    const fault_corpus studies;
    for (const std::string jobs : {"1", "4"}) {
        const command_result result =
            run_appraise("run " + shell_quote(studies.dir.path()) + " --in-process -j " + jobs + " " +
                         plugin_args("test-fault-exit"));
        INFO(result.out << result.err);
        CHECK(result.exit_code == 2);
        CHECK(has(result.err, "a plugin called exit() while appraising a study; the run is incomplete"));
    }
}

TEST_CASE("isolated: a plugin that loops is stopped after --plugin-timeout", "[cli][isolate]") {
    check_fault("test-fault-loop", "/rubric-timeout", "within 1 second");
}

TEST_CASE("isolated: a plugin that throws a non-std exception fails as in process", "[cli][isolate]") {
    check_fault("test-fault-throw", "/rubric-failed", "unknown exception");
    const fault_corpus studies;
    const std::string args = "run " + shell_quote(studies.dir.path()) + " --format json " + plugin_args("test-fault-throw");
    const command_result in_process = run_appraise(args + " --in-process");
    const command_result isolated = run_appraise(args + " --isolate");
    CHECK(in_process.exit_code == 0);
    CHECK(isolated.out == in_process.out);
}

TEST_CASE("isolated: a throwing plugin gives the same report as in process", "[cli][isolate]") {
    const fault_corpus studies;
    studies.dir.write("e.toml", "id = \"boom-2000\"\nyear = 2000\n");
    const std::string args = "run " + shell_quote(studies.dir.path()) + " --format json --plugin-dir " +
                             shell_quote(appraise::test::test_plugin_dir) + " --rubric=test-throwing";
    const command_result in_process = run_appraise(args + " --in-process");
    const command_result isolated = run_appraise(args + " --isolate -j 4");
    INFO(isolated.err);
    CHECK(has(in_process.out, "boom in boom-2000"));
    CHECK(isolated.out == in_process.out);
}

TEST_CASE("isolated: plugin stdout stays out of the report", "[cli][isolate]") {
    const fault_corpus studies;
    const std::string args = "run " + shell_quote(studies.dir.path()) + " --format json " + plugin_args("test-fault-stdout");
    const command_result result = run_appraise(args + " --isolate");
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    json report;
    REQUIRE_NOTHROW(report = json::parse(result.out));
    CHECK(!has(result.out, "injected"));
    CHECK(!has(result.out, "from a plugin"));
    // Said once per study on stderr, with what it wrote.
    CHECK(has(result.err, "rubric `test-fault-stdout` wrote"));
    CHECK(has(result.err, "on study `bad-one`"));
    CHECK(has(result.err, "injected"));
    // Writing to stdout is not a failure: every study is appraised as usual.
    for (const std::string id : {"bad-one", "bad-two", "good-old", "good-new"}) {
        const json* study = study_named(report, id);
        REQUIRE(study != nullptr);
        CHECK(study->at("appraisals").size() == 2);
    }
    check_good_studies(report, "test-fault-stdout");
}

// Issue 11: in process, what a plugin printed while appraising landed inside
// the report on stdout. The report now goes to a descriptor of its own and
// fd 1 points at stderr, so printf, std::cout and write(1) all end up there.
TEST_CASE("in process: plugin stdout while appraising goes to stderr, never into the report", "[cli][isolate]") {
    const fault_corpus studies;
    for (const std::string format : {"json", "csv"}) {
        const std::string args =
            "run " + shell_quote(studies.dir.path()) + " --format " + format + " " + plugin_args("test-fault-stdout");
        const command_result result = run_appraise(args + " --in-process -j 3");
        INFO(result.out << result.err);
        CHECK(result.exit_code == 0);
        CHECK(!has(result.out, "injected"));
        CHECK(!has(result.out, "from a plugin"));
        CHECK(has(result.err, "injected"));
        CHECK(has(result.err, "printf from a plugin"));
        CHECK(has(result.err, "write(2) from a plugin"));
        if (format == "json") {
            json report;
            REQUIRE_NOTHROW(report = json::parse(result.out));
            check_good_studies(report, "test-fault-stdout");
        }
    }
}

TEST_CASE("plugin stdout while loading stays out of the report, isolated or not", "[cli][isolate]") {
    const temp_dir dir;
    dir.write("a.toml", "id = \"good-old\"\nyear = 2000\n");
    for (const std::string mode : {" --in-process", "", " --isolate"}) {
        INFO("mode:" << mode);
        const command_result result =
            run_appraise("run " + shell_quote(dir.path()) + " --format json " + plugin_args("test-fault-stdout") + mode);
        INFO(result.out << result.err);
        CHECK(result.exit_code == 0);
        CHECK(!has(result.out, "says a plugin"));
        json report;
        REQUIRE_NOTHROW(report = json::parse(result.out));
        CHECK(has(result.err, "while loading"));
        CHECK(has(result.err, "registering, says a plugin"));
    }
}

TEST_CASE("isolated: the example corpus gives byte-identical reports", "[cli][isolate]") {
    for (const std::string format : {"json", "text"}) {
        for (const std::string jobs : {"1", "4"}) {
            INFO(format << " -j " << jobs);
            const std::string args = "run -j " + jobs + " --format " + format + " " + corpus;
            const command_result in_process = run_appraise(args);
            const command_result isolated = run_appraise("--verbose " + args + " --isolate");
            INFO(isolated.err);
            CHECK(in_process.exit_code == isolated.exit_code);
            CHECK(has(in_process.out, "lan-2009-sport"));
            // robins-i-v2's encodings cross the wire too (alternatives, API 6).
            if (format == "json") CHECK(has(in_process.out, "\"alternatives\""));
            CHECK(isolated.out == in_process.out);
            CHECK(!has(isolated.err, "threads running"));  // forked while single-threaded
        }
    }
    // audit and agree take the option as well.
    const command_result audit = run_appraise("audit " + corpus);
    CHECK(run_appraise("audit --isolate " + corpus).out == audit.out);
}

// Bundled plugins stay in process by default (tested in CI, fuzzed, and
// isolation costs a round trip per study), outside ones go to workers: the
// --verbose log says which, and --in-process / --isolate change it.
TEST_CASE("by default only plugins from outside the installation run isolated", "[cli][isolate]") {
    const fault_corpus studies;
    const std::string args = "--verbose run " + shell_quote(studies.dir.path()) + " --format json " +
                             plugin_args("test-fault-segv") + " --rubric rob2";
    const command_result by_default = run_appraise(args);
    INFO(by_default.err);
    CHECK(by_default.exit_code == 0);
    CHECK(has(by_default.out, "test-fault-segv/rubric-crashed"));
    CHECK(has(by_default.err, "isolated: test-fault-segv"));
    CHECK(!has(by_default.err, "isolated: rob2"));
    const command_result all = run_appraise(args + " --isolate");
    CHECK(has(all.err, "isolated: rob2"));
    CHECK(all.out == by_default.out);
    const command_result none = run_appraise(args + " --in-process");
    CHECK(!has(none.err, "isolated:"));
    CHECK(none.exit_code != 0);  // the segfault took the run down, as --in-process warns
    CHECK(run_appraise(args + " --isolate --in-process").exit_code == 2);
}
