// The plugin host against real shared libraries: a good plugin, API and ABI
// mismatches, files that are not plugins, and plugins that throw.
#include <catch2/catch.hpp>

#include <algorithm>

#include "appraise/engine/engine.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/model/rubric_options.hpp"
#include "appraise/sdk/helpers.hpp"
#include "test_support.hpp"

using namespace appraise;
using appraise::test::test_plugin_dir;

namespace {

const load_failure* failure_for(const rubric_registry& registry, const std::string& file_name) {
    const auto& failures = registry.failures();
    const auto it = std::find_if(failures.begin(), failures.end(), [&](const load_failure& f) {
        return f.origin.size() >= file_name.size() &&
               f.origin.compare(f.origin.size() - file_name.size(), file_name.size(), file_name) == 0;
    });
    return it == failures.end() ? nullptr : &*it;
}

rubric_instance make_instance(const rubric_registry& registry, const std::string& id) {
    const rubric_entry* entry = registry.find(id);
    REQUIRE(entry != nullptr);
    diagnostics problems;
    rubric_instance instance;
    instance.entry = entry;
    instance.library = entry->library;
    instance.options = resolve_options(entry->description, nullptr, problems);
    REQUIRE(problems.empty());
    instance.rubric = entry->factory(instance.options);
    return instance;
}

sdk::study study_from(const std::string& text) {
    loaded_file file = load_study_text(text, "mem.toml");
    REQUIRE(file.studies.size() == 1);
    REQUIRE(file.studies.front().usable);
    return std::move(file.studies.front().study);
}

}  // namespace

TEST_CASE("a good plugin registers its rubric with its origin and API version", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-good.so", registry);
    REQUIRE(registry.failures().empty());
    const rubric_entry* entry = registry.find("test-good");
    REQUIRE(entry != nullptr);
    CHECK(entry->kind == rubric_kind::plugin);
    CHECK(entry->origin.find("test-good.so") != std::string::npos);
    CHECK(entry->provider == "test-good 0.0.1");
    CHECK(entry->api_major == sdk::api_major);
    CHECK(entry->api_minor == sdk::api_minor);
    CHECK(entry->description.options.size() == 1);
}

TEST_CASE("a plugin's rubric appraises a study through the host", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-good.so", registry);
    const rubric_instance instance = make_instance(registry, "test-good");
    const auto appraisals = instance.rubric->appraise(study_from("id = \"s1\"\nyear = 2001\n"));
    REQUIRE(appraisals.size() == 1);
    CHECK(appraisals[0].overall == "high");
    REQUIRE(appraisals[0].findings.size() == 1);
    CHECK(appraisals[0].findings[0].id == "test-good/old-study");
    CHECK(appraisals[0].findings[0].where.line == 2);
    CHECK(appraisals[0].findings[0].where.column == 8);
}

TEST_CASE("the bundled design-weakness plugin loads from the build tree", "[host]") {
    rubric_registry registry;
    test::load_bundled(registry);
    CHECK(registry.failures().empty());
    REQUIRE(registry.find("design-weakness") != nullptr);
    CHECK(registry.find("design-weakness")->description.findings.size() >= 18);
}

TEST_CASE("a plugin built against another API major is refused, naming both versions", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-api-major.so", registry);
    CHECK(registry.find("test-api-major") == nullptr);
    const load_failure* failure = failure_for(registry, "test-api-major.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains("99.0") && Catch::Contains("API 1.0"));
}

TEST_CASE("a plugin built against a newer API minor is refused", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-api-minor.so", registry);
    CHECK(registry.find("test-api-minor") == nullptr);
    const load_failure* failure = failure_for(registry, "test-api-minor.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains("1.42") && Catch::Contains("1.0"));
}

TEST_CASE("a plugin from another compiler ABI is refused", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-fingerprint.so", registry);
    CHECK(registry.find("test-fingerprint") == nullptr);
    const load_failure* failure = failure_for(registry, "test-fingerprint.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains("other-compiler") && Catch::Contains(sdk::build_fingerprint));
}

TEST_CASE("a file that is not a library is a load failure, not a crash", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "not-a-library.so", registry);
    const load_failure* failure = failure_for(registry, "not-a-library.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains("not a loadable plugin"));
}

TEST_CASE("a library without the entry points is not an appraise plugin", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-no-entry.so", registry);
    const load_failure* failure = failure_for(registry, "test-no-entry.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains("not an appraise plugin"));
}

TEST_CASE("a plugin that throws while registering is a load failure", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-register-throws.so", registry);
    const load_failure* failure = failure_for(registry, "test-register-throws.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains("registration exploded"));
}

TEST_CASE("one bad plugin never stops the others in a directory", "[host]") {
    rubric_registry registry;
    load_plugin_directory(test_plugin_dir, registry);
    CHECK(registry.find("test-good") != nullptr);
    CHECK(registry.find("test-throwing") != nullptr);
    CHECK(failure_for(registry, "test-api-major.so") != nullptr);
    CHECK(failure_for(registry, "not-a-library.so") != nullptr);
    CHECK(failure_for(registry, "test-no-entry.so") != nullptr);
}

TEST_CASE("a second rubric with the same id is refused and the first kept", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-good.so", registry);
    test::temp_dir copy;
    std::filesystem::copy_file(test_plugin_dir / "test-good.so", copy.path() / "again.so");
    load_plugin(copy.path() / "again.so", registry);
    CHECK(registry.find("test-good")->origin.find("test-good.so") != std::string::npos);
    const load_failure* failure = failure_for(registry, "again.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains("already provided"));
}

TEST_CASE("an exception in a plugin's rubric becomes an error finding for that study only", "[host][engine]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-throwing.so", registry);
    std::vector<rubric_instance> rubrics;
    rubrics.push_back(make_instance(registry, "test-throwing"));

    const auto boom = appraise_study(study_from("id = \"boom-1\"\nyear = 2001\n"), rubrics);
    REQUIRE(boom.size() == 1);
    CHECK(boom[0].rubric == "test-throwing");
    REQUIRE(boom[0].findings.size() == 1);
    CHECK(boom[0].findings[0].id == "test-throwing/rubric-failed");
    CHECK(boom[0].findings[0].level == sdk::severity::error);
    CHECK_THAT(boom[0].findings[0].message, Catch::Contains("boom in boom-1"));
    CHECK(boom[0].findings[0].where.line == 1);

    const auto fine = appraise_study(study_from("id = \"calm\"\nyear = 2001\n"), rubrics);
    REQUIRE(fine.size() == 1);
    CHECK(fine[0].findings.at(0).id == "test-throwing/old-study");
}

TEST_CASE("load_rubrics reports a named plugin directory that does not exist", "[host][config]") {
    rubric_registry registry;
    diagnostics problems;
    load_rubrics({"/nonexistent/appraise-plugins"}, project_config{}, registry, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "config/missing-plugin-dir");
    CHECK_THAT(problems[0].message, Catch::Contains("/nonexistent/appraise-plugins"));
}

TEST_CASE("create_rubrics rejects unknown ids with a suggestion and applies configured options", "[host][config]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-good.so", registry);
    diagnostics problems;
    project_config config;
    loaded_file options = load_study_text("id = \"x\"\n[custom]\nthreshold = 1990\n", "appraise.toml");
    config.options.emplace("test-good", *options.studies.at(0).study.find("custom"));
    auto instances =
        create_rubrics(registry, {{"test-god", {"appraise.toml", 1, 12}}, {"test-good", {}}}, config, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "config/unknown-rubric");
    CHECK_THAT(problems[0].message, Catch::Contains("did you mean `test-good`"));
    CHECK(problems[0].where.line == 1);
    CHECK(problems[0].where.column == 12);
    REQUIRE(instances.size() == 1);
    CHECK(sdk::option_integer(instances[0].options, "threshold") == 1990);
    const auto result = instances[0].rubric->appraise(study_from("id = \"s\"\nyear = 2001\n"));
    CHECK(result.at(0).findings.empty());  // 2001 is after the configured 1990
}
