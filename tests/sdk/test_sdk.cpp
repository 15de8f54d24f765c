// The installable plugin SDK, end to end: a temporary install of this build
// (the CTest fixture tests/sdk/install_prefix.cmake) is used the way a
// research group would use it. The out-of-tree example (examples/plugin-sdk)
// and a `new-plugin` skeleton are configured and built against it with
// find_package(appraise), and the INSTALLED appraise loads and runs them.
// Each sub-build uses this build's compiler and generator, in Release, and
// each test case builds at most one small project, to stay quick.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "appraise/sdk/rubric_api.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace test = appraise::test;
using nlohmann::json;

const fs::path prefix{APPRAISE_SDK_PREFIX};
const fs::path installed_appraise = prefix / "bin" / "appraise";
const fs::path installed_plugin_dir = prefix / APPRAISE_PLUGIN_INSTALL_DIR;
const fs::path installed_package_dir = prefix / APPRAISE_PACKAGE_INSTALL_DIR;
const fs::path example_dir = test::source_dir / "examples" / "plugin-sdk";
// The plugin API version this build provides, as `list` and `explain` show it.
const std::string api_version =
    std::to_string(appraise::sdk::api_major) + "." + std::to_string(appraise::sdk::api_minor);

std::string quote(const fs::path& path) {
    return "'" + path.string() + "'";
}

// Runs the installed appraise from `dir`, colour off, with no plugin path
// from the environment, so only what the command line names is loaded.
test::command_result installed(const fs::path& dir, const std::string& arguments,
                               const fs::path& executable = installed_appraise) {
    return test::run_shell("cd " + quote(dir) + " && NO_COLOR=1 APPRAISE_PLUGIN_PATH= " + quote(executable) + " " +
                           arguments);
}

// Configures and builds `source` against the temporary install, as its
// README says, with this build's compiler and generator.
void build_against_install(const fs::path& source, const fs::path& build) {
    const test::command_result configure =
        test::run_shell(quote(APPRAISE_CMAKE_COMMAND) + " -S " + quote(source) + " -B " + quote(build) + " -G '" +
                        APPRAISE_CMAKE_GENERATOR + "' -DCMAKE_MAKE_PROGRAM=" + quote(APPRAISE_MAKE_PROGRAM) +
                        " -DCMAKE_CXX_COMPILER=" + quote(APPRAISE_CXX_COMPILER) + " -DCMAKE_BUILD_TYPE=Release" +
                        " -DCMAKE_PREFIX_PATH=" + quote(prefix));
    INFO("configure:\n" << configure.out << configure.err);
    REQUIRE(configure.exit_code == 0);
    // The package was found in the temporary install, not elsewhere on the system.
    const std::string cache = test::read_file(build / "CMakeCache.txt");
    CHECK_THAT(cache, Catch::Contains("appraise_DIR:PATH=" + installed_package_dir.string()));
    const test::command_result compile = test::run_shell(quote(APPRAISE_CMAKE_COMMAND) + " --build " + quote(build));
    INFO("build:\n" << compile.out << compile.err);
    REQUIRE(compile.exit_code == 0);
}

// "<study> <finding id> <line>:<column>" for every finding of `rubric`, and
// "<study> overall <judgement>" for each of its appraisals.
std::vector<std::string> outcome_lines(const json& report, const std::string& rubric) {
    std::vector<std::string> lines;
    for (const auto& study : report.at("studies")) {
        for (const auto& appraisal : study.at("appraisals")) {
            if (appraisal.at("rubric") != rubric) continue;
            const std::string id = study.at("id");
            lines.push_back(id + " overall " +
                            (appraisal.at("overall").is_null() ? "none" : appraisal.at("overall").get<std::string>()));
            for (const auto& f : appraisal.at("findings"))
                lines.push_back(id + " " + f.at("id").get<std::string>() + " " +
                                std::to_string(f.at("location").at("line").get<int>()) + ":" +
                                std::to_string(f.at("location").at("column").get<int>()));
        }
    }
    return lines;
}

const json* find_by_id(const json& array, const std::string& id) {
    for (const auto& item : array)
        if (item.at("id") == id) return &item;
    return nullptr;
}

// The answer `answer_id` of domain `domain_id` in `study_id`'s appraisal by `rubric`.
json answer_of(const json& report, const std::string& study_id, const std::string& rubric, const std::string& domain_id,
               const std::string& answer_id) {
    const json* study = find_by_id(report.at("studies"), study_id);
    REQUIRE(study != nullptr);
    for (const auto& appraisal : study->at("appraisals")) {
        if (appraisal.at("rubric") != rubric) continue;
        const json* domain = find_by_id(appraisal.at("domains"), domain_id);
        REQUIRE(domain != nullptr);
        const json* answer = find_by_id(domain->at("answers"), answer_id);
        REQUIRE(answer != nullptr);
        return *answer;
    }
    FAIL("no " << rubric << " appraisal for " << study_id);
    return {};
}

}  // namespace

TEST_CASE("an install holds the CLI, bundled plugins, SDK headers, templates and the CMake package", "[sdk]") {
    CHECK(fs::is_regular_file(installed_appraise));
    CHECK(fs::is_regular_file(installed_plugin_dir / "design-weakness.so"));
    CHECK(fs::is_regular_file(prefix / "include" / "appraise" / "sdk" / "rubric_api.hpp"));
    CHECK(fs::is_regular_file(prefix / "include" / "appraise" / "sdk" / "helpers.hpp"));
    CHECK(fs::is_regular_file(installed_package_dir / "appraiseConfig.cmake"));
    CHECK(fs::is_regular_file(installed_package_dir / "appraiseConfigVersion.cmake"));
    CHECK(fs::is_regular_file(installed_package_dir / "appraise_plugin.cmake"));
    CHECK(fs::is_regular_file(prefix / "share" / "appraise" / "templates" / "new-plugin" / "CMakeLists.txt"));
    // Plugins never link the core library, so an install has none.
    CHECK_FALSE(fs::exists(prefix / "lib" / "libappraise_core.a"));
}

TEST_CASE("every installed SDK header includes only the standard library and other SDK headers", "[sdk]") {
    const fs::path sdk_dir = prefix / "include" / "appraise" / "sdk";
    REQUIRE(fs::is_directory(sdk_dir));
    // Standard headers are <name> with no extension and no folder; an SDK
    // header may include a sibling by its quoted name ("rubric_api.hpp").
    const std::regex include_line(R"(^\s*#\s*include\s*(.*)$)");
    const std::regex standard(R"(^<[a-z_]+>$)");
    const std::regex sibling(R"re(^"([a-z_]+\.hpp)"$)re");
    std::map<std::string, std::set<std::string>> siblings_of;
    for (const auto& entry : fs::directory_iterator(sdk_dir)) {
        const std::string name = entry.path().filename().string();
        siblings_of[name];
        std::istringstream text(test::read_file(entry.path()));
        std::size_t includes = 0;
        for (std::string line; std::getline(text, line);) {
            std::smatch match;
            if (!std::regex_match(line, match, include_line)) continue;
            ++includes;
            INFO(name << ": " << line);
            const std::string target = match[1].str();
            std::smatch quoted;
            if (std::regex_match(target, quoted, sibling)) {
                CHECK(fs::is_regular_file(sdk_dir / quoted[1].str()));
                siblings_of[name].insert(quoted[1].str());
            } else {
                CHECK(std::regex_match(target, standard));
            }
        }
        CHECK(includes > 0);
    }
    // The boundary header stands alone; the helpers build on it.
    CHECK(siblings_of.size() >= 2);
    CHECK(siblings_of["rubric_api.hpp"].empty());
    CHECK(siblings_of["helpers.hpp"] == std::set<std::string>{"rubric_api.hpp"});
}

TEST_CASE("the installed appraise finds its bundled design-weakness plugin with no flags", "[sdk]") {
    test::temp_dir corpus;  // no appraise.toml above it
    corpus.write("post-test-only.toml",
                 "id = \"post-test-only\"\n"
                 "\n"
                 "[design]\n"
                 "type = \"rct\"\n"
                 "allocation = \"random\"\n"
                 "\n"
                 "[followup]\n"
                 "posttest = true\n"
                 "weeks_after = 0\n");
    const test::command_result list = installed(corpus.path(), "list --format json");
    INFO(list.err);
    REQUIRE(list.exit_code == 0);
    const json listed = json::parse(list.out);
    const json* design_weakness = find_by_id(listed.at("rubrics"), "design-weakness");
    REQUIRE(design_weakness != nullptr);
    CHECK(design_weakness->at("origin") == (installed_plugin_dir / "design-weakness.so").generic_string());
    CHECK(design_weakness->at("api") == api_version);
    for (const auto& failure : listed.at("failures")) CHECK_THAT(failure.dump(), !Catch::Contains("design-weakness"));

    const test::command_result run = installed(corpus.path(), "run --rubric design-weakness post-test-only.toml");
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("post-test-only.toml:9:15: warning:") &&
                            Catch::Contains("[design-weakness/no-follow-up]"));
}

TEST_CASE("the out-of-tree example builds against the install, and the installed appraise runs it", "[sdk]") {
    test::temp_dir work;
    const fs::path build = work.path() / "build";
    build_against_install(example_dir, build);
    const fs::path plugins = build / "plugins";
    REQUIRE(fs::is_regular_file(plugins / "intervention-dose.so"));

    // The helper's hidden visibility: the entry points are exported, the plugin's own code is not.
    const test::command_result symbols =
        test::run_shell("nm -DC --defined-only " + quote(plugins / "intervention-dose.so"));
    REQUIRE(symbols.exit_code == 0);
    CHECK_THAT(symbols.out, Catch::Contains(" T appraise_plugin_info") &&
                                Catch::Contains(" T appraise_register_rubrics") &&
                                !Catch::Contains("intervention_dose::") && !Catch::Contains("dose_rubric"));

    // `list` shows it with the API version it was built against.
    const test::command_result list = installed(example_dir, "list --format json --plugin-dir " + quote(plugins));
    INFO(list.err);
    REQUIRE(list.exit_code == 0);
    const json listed = json::parse(list.out);
    const json* dose = find_by_id(listed.at("rubrics"), "intervention-dose");
    REQUIRE(dose != nullptr);
    CHECK(dose->at("kind") == "plugin");
    CHECK(dose->at("api") == api_version);
    CHECK(dose->at("version") == "1.0.0");

    // Blocks, not SECTIONs: Catch would rerun the build above for each section.
    const std::string run_dose = "run --rubric intervention-dose --format json --plugin-dir " + quote(plugins) + " ";
    {  // findings, with their ids and lines, and judgements on the fixture corpus
        const test::command_result run = installed(example_dir, run_dose + "tests/studies");
        INFO(run.err);
        // bad-answer-2020's invalid answer is an error finding, so a mistake in
        // the coding: exit 2, with every study still reported.
        REQUIRE(run.exit_code == 2);
        const json report = json::parse(run.out);
        const std::vector<std::string> expected = {
            "adequate-2019 overall low",
            "bad-answer-2020 overall low",
            "bad-answer-2020 intervention-dose/bad-answer 17:14",
            "low-dose-2016 overall high",
            "low-dose-2016 intervention-dose/fidelity-unassessed 9:1",
            "low-dose-2016 intervention-dose/low-dose 11:12",
            "low-dose-2016 intervention-dose/short-programme 13:9",
            "low-dose-2016 intervention-dose/low-uptake 14:12",
            "reviewer-answer-2021 overall high",
            "reviewer-answer-2021 intervention-dose/dose-unreported 10:1",
            "unreported-2012 overall high",
            "unreported-2012 intervention-dose/dose-unreported 9:1",
            "unreported-2012 intervention-dose/duration-unreported 9:1",
            "unreported-2012 intervention-dose/fidelity-unassessed 9:1",
            "unreported-2012 intervention-dose/uptake-unreported 9:1",
        };
        CHECK(outcome_lines(report, "intervention-dose") == expected);

        // Answers carry their provenance: derived from facts, coded by the reviewer, or missing.
        CHECK(answer_of(report, "low-dose-2016", "intervention-dose", "reported", "contact_hours") ==
              json{{"id", "contact_hours"}, {"value", "4.5"}, {"provenance", "derived"}});
        CHECK(answer_of(report, "low-dose-2016", "intervention-dose", "sufficient", "sufficient") ==
              json{{"id", "sufficient"}, {"value", "no"}, {"provenance", "derived"}});
        CHECK(answer_of(report, "reviewer-answer-2021", "intervention-dose", "sufficient", "sufficient") ==
              json{{"id", "sufficient"}, {"value", "yes"}, {"provenance", "coded"}});
        CHECK(answer_of(report, "unreported-2012", "intervention-dose", "reported", "sessions").at("provenance") ==
              "missing");

        // The observational study is read but not appraised by this rubric.
        const json* cohort = find_by_id(report.at("studies"), "cohort-2018");
        REQUIRE(cohort != nullptr);
        CHECK(cohort->at("appraisals").empty());
    }
    {  // options from appraise.toml change what it finds
        const test::command_result run = installed(example_dir, run_dose + "--config tests/lenient.toml tests/studies");
        INFO(run.err);
        REQUIRE(run.exit_code == 2);  // bad-answer-2020 again
        const std::vector<std::string> lines = outcome_lines(json::parse(run.out), "intervention-dose");
        CHECK(std::count(lines.begin(), lines.end(), "low-dose-2016 intervention-dose/low-uptake 14:12") == 1);
        for (const auto& line : lines) {
            CHECK_THAT(line, !Catch::Contains("fidelity-unassessed") && !Catch::Contains("low-dose 11:12") &&
                                 !Catch::Contains("short-programme"));
        }
    }
    {  // the host validates its options against the rubric's description
        const fs::path config = work.write("appraise.toml",
                                           "[options.intervention-dose]\n"
                                           "min_received = 1.5\n");
        const test::command_result run =
            installed(example_dir, run_dose + "--config " + quote(config) + " tests/studies");
        CHECK(run.exit_code == 2);
        CHECK_THAT(run.err, Catch::Contains(config.generic_string() + ":2:") &&
                                Catch::Contains("[config/bad-option]") && Catch::Contains("min_received"));
    }
    {  // `explain` shows its catalogue and options
        const test::command_result explain =
            installed(example_dir, "explain intervention-dose --plugin-dir " + quote(plugins));
        INFO(explain.err);
        CHECK(explain.exit_code == 0);
        CHECK_THAT(explain.out, Catch::Contains("intervention-dose/low-dose") &&
                                    Catch::Contains("min_contact_hours = 10") &&
                                    Catch::Contains("(plugin API " + api_version + ")"));
    }
    {  // installed beside appraise, it loads with no --plugin-dir
        // A second prefix holding a copy of the installed appraise: the plugin
        // must land in the folder that appraise looks in, relative to itself.
        const fs::path other = work.path() / "prefix";
        const test::command_result install =
            test::run_shell(quote(APPRAISE_CMAKE_COMMAND) + " --install " + quote(build) + " --prefix " + quote(other));
        INFO(install.out << install.err);
        REQUIRE(install.exit_code == 0);
        const fs::path plugin = other / APPRAISE_PLUGIN_INSTALL_DIR / "intervention-dose.so";
        CHECK(fs::is_regular_file(plugin));
        fs::create_directories(other / "bin");
        fs::copy_file(installed_appraise, other / "bin" / "appraise");
        const test::command_result listed = installed(work.path(), "list --format json", other / "bin" / "appraise");
        INFO(listed.err);
        REQUIRE(listed.exit_code == 0);
        const json rubrics = json::parse(listed.out).at("rubrics");
        const json* found = find_by_id(rubrics, "intervention-dose");
        REQUIRE(found != nullptr);
        CHECK(found->at("origin") == plugin.generic_string());
    }
}

TEST_CASE("appraise new-plugin writes a skeleton that builds against the install and passes its test", "[sdk]") {
    test::temp_dir work;
    const fs::path project = work.path() / "reporting-check";
    const test::command_result created = installed(work.path(), "new-plugin reporting-check");
    INFO(created.out << created.err);
    REQUIRE(created.exit_code == 0);
    CHECK_THAT(created.out, Catch::Contains("reporting-check/src/reporting_check.cpp") &&
                                Catch::Contains("-DCMAKE_PREFIX_PATH=" + prefix.generic_string()));
    for (const char* file : {"CMakeLists.txt", "README.md", "src/reporting_check.cpp", "tests/expected-findings.txt",
                             "tests/studies/registered-2019.toml"})
        CHECK(fs::is_regular_file(project / file));
    // Every placeholder was filled in.
    CHECK_THAT(test::read_file(project / "src" / "reporting_check.cpp"),
               !Catch::Contains("@") && Catch::Contains("APPRAISE_PLUGIN(\"reporting-check\""));
    CHECK_THAT(test::read_file(project / "CMakeLists.txt"), !Catch::Contains("@NAME@"));

    const fs::path build = project / "build";
    build_against_install(project, build);
    const std::string ctest = quote(APPRAISE_CTEST_COMMAND) + " --test-dir " + quote(build) + " --output-on-failure";
    const test::command_result passing = test::run_shell(ctest);
    INFO(passing.out << passing.err);
    CHECK(passing.exit_code == 0);
    CHECK_THAT(passing.out, Catch::Contains("100% tests passed, 0 tests failed out of 1"));

    // The test is a real one: an expectation the rubric does not meet fails it.
    std::ofstream(project / "tests" / "expected-findings.txt", std::ios::app)
        << "registered-2019 reporting-check/not-registered 1:1\n";
    const test::command_result failing = test::run_shell(ctest);
    CHECK(failing.exit_code != 0);
    CHECK_THAT(failing.out, Catch::Contains("the findings differ"));
}

TEST_CASE("new-plugin refuses a bad name or a folder in the way, and writes nothing", "[sdk][cli]") {
    test::temp_dir work;
    const test::command_result bad_name = installed(work.path(), "new-plugin Bad_Name");
    CHECK(bad_name.exit_code == 2);
    CHECK_THAT(bad_name.err, Catch::Contains("[usage/invalid-plugin-name]"));
    CHECK(fs::is_empty(work.path()));

    work.write("taken/notes.txt", "mine\n");
    const test::command_result taken = installed(work.path(), "new-plugin my-rubric --dir taken");
    CHECK(taken.exit_code == 2);
    CHECK_THAT(taken.err, Catch::Contains("taken") && Catch::Contains("[usage/target-not-empty]"));
    CHECK(test::read_file(work.path() / "taken" / "notes.txt") == "mine\n");
    CHECK_FALSE(fs::exists(work.path() / "taken" / "CMakeLists.txt"));

    // An empty folder is fine: the project is written into it.
    fs::create_directories(work.path() / "empty");
    const test::command_result into_empty = installed(work.path(), "new-plugin my-rubric --dir empty");
    INFO(into_empty.err);
    CHECK(into_empty.exit_code == 0);
    CHECK(fs::is_regular_file(work.path() / "empty" / "src" / "my_rubric.cpp"));
    // No staging folder is left behind.
    for (const auto& entry : fs::directory_iterator(work.path()))
        CHECK(entry.path().filename().string().front() != '.');
}
