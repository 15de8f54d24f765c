// The plugin host against real shared libraries: a good plugin, API and ABI
// mismatches, files that are not plugins, and plugins that throw.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "appraise/engine/engine.hpp"
#include "appraise/host/plugin_results.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/model/rubric_options.hpp"
#include "appraise/model/run_summary.hpp"
#include "appraise/sdk/helpers.hpp"
#include "test_support.hpp"

using namespace appraise;
using appraise::test::test_plugin_dir;
namespace fs = std::filesystem;

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

// "<host major>.<minor>"
std::string api_text(int minor) {
    return std::to_string(sdk::api_major) + "." + std::to_string(minor);
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
    CHECK_THAT(failure->reason, Catch::Contains("99.0") && Catch::Contains("API " + api_text(sdk::api_minor)));
}

TEST_CASE("a plugin built against a newer API minor is refused", "[host]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-api-minor.so", registry);
    CHECK(registry.find("test-api-minor") == nullptr);
    const load_failure* failure = failure_for(registry, "test-api-minor.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains(api_text(42)) && Catch::Contains(api_text(sdk::api_minor)));
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

// ------------------------------------------------------------------ faults found by injection (issue 11)

TEST_CASE("a truncated plugin file is refused before it is mapped", "[host][faults]") {
    const test::temp_dir dir;
    const fs::path so = dir.path() / "truncated.so";
    fs::copy_file(test_plugin_dir / "test-good.so", so);
    const auto full = fs::file_size(so);
    for (const auto size : {full - 1, full / 2, std::uintmax_t{200}}) {
        fs::resize_file(so, size);
        rubric_registry registry;
        load_plugin(so, registry);
        CHECK(registry.find("test-good") == nullptr);
        const load_failure* failure = failure_for(registry, "truncated.so");
        REQUIRE(failure != nullptr);
        CHECK_THAT(failure->reason, Catch::Contains("truncated") && Catch::Contains(std::to_string(size) + " bytes"));
    }
}

TEST_CASE("the info record is checked field by field, naming both values", "[host][faults]") {
    const auto refused = [](const std::string& plugin) {
        rubric_registry registry;
        load_plugin(test_plugin_dir / (plugin + ".so"), registry);
        CHECK(registry.find(plugin) == nullptr);
        const load_failure* failure = failure_for(registry, plugin + ".so");
        REQUIRE(failure != nullptr);
        return failure->reason;
    };
    CHECK_THAT(refused("test-bad-magic"), Catch::Contains("0x12345678") && Catch::Contains("0x41505052"));
    CHECK_THAT(refused("test-bad-size"),
               Catch::Contains("24 bytes") && Catch::Contains(std::to_string(sizeof(sdk::plugin_info))));
    CHECK_THAT(refused("test-bad-layout"), Catch::Contains("0x2a") && Catch::Contains("layout fingerprint"));
    CHECK_THAT(refused("test-negative-minor"),
               Catch::Contains(api_text(-1)) && Catch::Contains(api_text(sdk::api_minor)));
    CHECK_THAT(refused("test-null-name"), Catch::Contains("no plugin name"));
    CHECK_THAT(refused("test-wild-name"), Catch::Contains("not a readable string"));
    CHECK_THAT(refused("test-wild-info"), Catch::Contains("not readable memory"));
    CHECK_THAT(refused("test-info-data"), Catch::Contains("as data, not as a function"));
}

TEST_CASE("the layout fingerprint is the same computed twice and changes with the layout", "[host][sdk]") {
    STATIC_REQUIRE(sdk::layout_fingerprint == sdk::compute_layout_fingerprint());
    STATIC_REQUIRE(sdk::layout_fingerprint != 0);
    CHECK(sdk::layout_detail::mix(1, 2) != sdk::layout_detail::mix(1, 3));
    // API 10.0 changed the type of two boundary structs' members (node and
    // answer hold their evidence out of line), 11.0 added the study's scope:
    // the bump goes with each (plugins/README.md, "The versioning promise").
    STATIC_REQUIRE(sdk::api_major == 11);
    STATIC_REQUIRE(sizeof(sdk::evidence_box) == sizeof(void*));
}

TEST_CASE("a plugin from outside the installation cannot replace a bundled rubric", "[host][faults]") {
    const test::temp_dir dir;
    fs::copy_file(test_plugin_dir / "test-claims-rob2.so", dir.path() / "test-claims-rob2.so");
    rubric_registry with_claim;
    diagnostics none;
    load_rubrics({dir.path()}, project_config{}, with_claim, none);
    const rubric_entry* rob2 = with_claim.find("rob2");
    REQUIRE(rob2 != nullptr);
    CHECK(rob2->origin.find("/lib/appraise/plugins/rob2.so") != std::string::npos);
    const load_failure* failure = failure_for(with_claim, "test-claims-rob2.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains("cannot replace a bundled rubric") && Catch::Contains("`rob2`"));
}

TEST_CASE("a bad option default refuses that rubric only, naming the plugin and the option", "[host][faults]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-bad-default.so", registry);
    CHECK(registry.find("test-bad-default") != nullptr);
    CHECK(registry.find("test-bad-default-ten") == nullptr);
    CHECK(registry.find("test-bad-default-far") == nullptr);
    std::vector<std::string> reasons;
    for (const auto& failure : registry.failures()) reasons.push_back(failure.reason);
    REQUIRE(reasons.size() == 2);
    CHECK_THAT(reasons[0], Catch::Contains("plugin test-bad-default") && Catch::Contains("test-bad-default-ten") &&
                               Catch::Contains("option `threshold`") && Catch::Contains("\"ten\""));
    CHECK_THAT(reasons[1],
               Catch::Contains("option `threshold`") && Catch::Contains("3000") && Catch::Contains("max 2100"));
    // The one kept still runs, with its default.
    const rubric_instance instance = make_instance(registry, "test-bad-default");
    CHECK(sdk::option_integer(instance.options, "threshold") == 2010);
}

TEST_CASE("a rubric registered twice is refused, the first registration is kept", "[host][faults]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-twice.so", registry);
    CHECK(registry.find("test-twice") != nullptr);
    const load_failure* failure = failure_for(registry, "test-twice.so");
    REQUIRE(failure != nullptr);
    CHECK_THAT(failure->reason, Catch::Contains("twice"));
}

TEST_CASE("a registration that throws after adding a rubric registers nothing", "[host][faults]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-partial.so", registry);
    CHECK(registry.find("test-partial") == nullptr);
    CHECK(registry.entries().empty());
    REQUIRE(registry.failures().size() == 1);
    CHECK_THAT(registry.failures()[0].reason,
               Catch::Contains("exploded after one rubric") && Catch::Contains("none of its rubrics"));
}

TEST_CASE("one failing factory refuses only its rubric when every rubric runs", "[host][faults]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-factory-throws.so", registry);
    REQUIRE(registry.failures().empty());
    const std::vector<named_value> ids = {{"test-factory-throws", {}}, {"test-factory-throws-broken", {}}};
    SECTION("every rubric: a warning, the other created") {
        diagnostics problems;
        const auto instances = create_rubrics(registry, ids, project_config{}, problems, true);
        REQUIRE(instances.size() == 1);
        CHECK(instances[0].entry->description.id == "test-factory-throws");
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "plugin/rubric-failed");
        CHECK(problems[0].level == severity::warning);
        CHECK_THAT(problems[0].message, Catch::Contains("factory exploded"));
    }
    SECTION("named: a configuration error") {
        diagnostics problems;
        (void)create_rubrics(registry, ids, project_config{}, problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/rubric-failed");
        CHECK(problems[0].level == severity::error);
    }
}

TEST_CASE("a plugin's results are checked at the boundary", "[host][faults]") {
    rubric_registry registry;
    load_plugin(test_plugin_dir / "test-bad-results.so", registry);
    diagnostics problems;
    const auto instances = create_rubrics(registry, {{"test-bad-results", {}}}, project_config{}, problems);
    REQUIRE(problems.empty());
    REQUIRE(instances.size() == 1);
    const sdk::study study = study_from("id = \"s1\"\nyear = 2001\n");
    const auto appraisals = appraise_study(study, instances);
    REQUIRE(appraisals.size() == 1);
    std::map<std::string, std::vector<const sdk::finding*>> by_id;
    for (const auto& finding : appraisals[0].findings) {
        by_id[finding.id].push_back(&finding);
        CHECK(valid_utf8(finding.message));
        CHECK(finding.where.file == study.file);  // never another file
        const auto level = static_cast<int>(finding.level);
        CHECK((level >= 0 && level <= 2));
    }
    CHECK(by_id.count("test-bad-results/old-study") == 1);  // the good one kept
    CHECK(by_id.count("test-bad-results/odd-severity") == 0);
    CHECK(by_id.count("no-prefix") == 0);
    REQUIRE(by_id.count("test-bad-results/bad-text") == 1);
    CHECK(by_id["test-bad-results/bad-text"][0]->message == "bytes \xEF\xBF\xBD( and \xEF\xBF\xBD");
    REQUIRE(by_id.count("test-bad-results/elsewhere") == 1);
    CHECK_THAT(by_id["test-bad-results/elsewhere"][0]->message, Catch::Contains("/etc/passwd"));
    CHECK(by_id["test-bad-results/elsewhere"][0]->where.line == study.id_where.line);
    // A file name that is not UTF-8 is repaired before it is quoted.
    REQUIRE(by_id.count("test-bad-results/bad-file") == 1);
    CHECK_THAT(by_id["test-bad-results/bad-file"][0]->message, Catch::Contains("bad-\xEF\xBF\xBD.toml:2"));
    CHECK(valid_utf8(appraisals[0].domains.at(0).rationale));
    const auto& invalid = by_id["test-bad-results/rubric-invalid-result"];
    REQUIRE(invalid.size() == 4);  // the severity, the prefix, the UTF-8, the robvis template
    std::string messages;
    for (const auto* finding : invalid) {
        CHECK(finding->level == sdk::severity::error);
        messages += finding->message + "\n";
    }
    CHECK_THAT(messages, Catch::Contains("severity 7") &&
                             Catch::Contains("`no-prefix` does not start with `test-bad-results/`") &&
                             Catch::Contains("not valid UTF-8") &&
                             Catch::Contains("robvis template `ROB2-Cluster`, which its description does not declare"));
    CHECK(appraisals[0].robvis_template.empty());  // dropped: drawn with the default layout
    // The run summary counts them without writing out of bounds.
    file_result file;
    file.path = study.file;
    study_result result;
    result.appraised = true;
    result.appraisals = appraisals;
    file.studies.push_back(result);
    run_summary summary;
    summary.add(file);
    CHECK(summary.worst_finding() == severity::error);
}

TEST_CASE("a plugin folder full of system libraries loads none of them", "[host][faults]") {
    const test::temp_dir dir;
    for (int i = 0; i < 8; ++i)
        fs::copy_file(test_plugin_dir / "test-no-entry.so", dir.path() / ("libsystem" + std::to_string(i) + ".so"));
    fs::copy_file(test_plugin_dir / "test-good.so", dir.path() / "test-good.so");
    rubric_registry registry;
    load_plugin_directory(dir.path(), registry);
    CHECK(registry.find("test-good") != nullptr);
    std::size_t named = 0;
    std::string summary;
    for (const auto& failure : registry.failures()) {
        if (failure.origin.find("libsystem") != std::string::npos) {
            ++named;
            CHECK_THAT(failure.reason, Catch::Contains("was not loaded"));
        } else {
            summary = failure.reason;
        }
    }
    CHECK(named == 5);
    CHECK_THAT(summary, Catch::Contains("3 more shared libraries"));
}

TEST_CASE("valid_utf8 and repair_utf8", "[host]") {
    CHECK(valid_utf8("plain"));
    CHECK(
        valid_utf8("Gr\xC3\xBC\xC3\x9F"
                   "e \xE2\x82\xAC \xF0\x9F\x98\x80"));
    CHECK_FALSE(valid_utf8("\xC0\xAF"));          // overlong
    CHECK_FALSE(valid_utf8("\xED\xA0\x80"));      // surrogate
    CHECK_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(valid_utf8("\xE2\x82"));          // cut short
    CHECK(repair_utf8("a\xFF"
                      "b") ==
          "a\xEF\xBF\xBD"
          "b");
}
