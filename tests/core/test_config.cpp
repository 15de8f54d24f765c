// appraise.toml: finding it above the corpus, and reading it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "appraise/input/corpus.hpp"
#include "appraise/input/project_config.hpp"
#include "test_support.hpp"

using namespace appraise;
namespace fs = std::filesystem;

namespace {

std::string codes(const diagnostics& list) {
    std::string text;
    for (const auto& d : list) text += d.code + " at " + format_location(d.where) + ": " + d.message + "\n";
    return text;
}

void check_at(const sdk::source_location& where, const std::string& file, int line, int column) {
    CHECK(where.file == file);
    CHECK(where.line == line);
    CHECK(where.column == column);
}

// Loads a configuration text written to `dir`/appraise.toml.
project_config load_text(const test::temp_dir& dir, const std::string& text, diagnostics& problems) {
    const fs::path file = dir.write("appraise.toml", text);
    return load_config(file, problems);
}

// Whether any folder from `start` up holds an appraise.toml (outside our control).
bool config_above(fs::path start) {
    for (;;) {
        if (fs::exists(start / config_file_name)) return true;
        if (!start.has_parent_path() || start.parent_path() == start) return false;
        start = start.parent_path();
    }
}

}  // namespace

TEST_CASE("find_config walks up from a nested folder to the nearest appraise.toml", "[core][config]") {
    const test::temp_dir dir;
    const fs::path root = dir.path() / "review";
    dir.write("review/appraise.toml", "rubrics = []\n");
    dir.write("review/studies/2009/lan.toml", "id = \"lan\"\n");
    fs::create_directories(root / "studies/2009/deeper/still");

    SECTION("from a folder several levels down") {
        const auto found = find_config({(root / "studies/2009/deeper/still").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
    SECTION("from a study file: its folder first") {
        const auto found = find_config({(root / "studies/2009/lan.toml").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
    SECTION("from the folder that holds it") {
        const auto found = find_config({root.string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
    SECTION("the nearest one wins") {
        dir.write("review/studies/appraise.toml", "rubrics = []\n");
        const auto found = find_config({(root / "studies/2009/deeper").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "studies/appraise.toml");
    }
    SECTION("a folder named appraise.toml is not a configuration") {
        fs::create_directories(root / "studies/2009/appraise.toml");
        const auto found = find_config({(root / "studies/2009").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
    SECTION("only the first path is searched from") {
        const test::temp_dir other;
        fs::create_directories(other.path() / "elsewhere");
        const auto found = find_config({(root / "studies").string(), (other.path() / "elsewhere").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
}

TEST_CASE("find_config finds nothing when there is no appraise.toml above", "[core][config]") {
    CHECK_FALSE(find_config({}).has_value());
    const test::temp_dir dir;
    fs::create_directories(dir.path() / "a/b");
    if (config_above(dir.path())) {
        WARN("an appraise.toml exists above the temporary folder; skipping");
        return;
    }
    CHECK_FALSE(find_config({(dir.path() / "a/b").string()}).has_value());
}

TEST_CASE("load_config reads rubrics, directories and options", "[core][config]") {
    const test::temp_dir dir;
    diagnostics problems;
    const project_config config = load_text(dir, R"toml(rubrics = ["design-weakness", "rob2"]
plugin_dirs = ["plugins", "/opt/appraise/plugins"]
rubric_dirs = ["rubrics/local"]

[options.design-weakness]
min_participation = 0.6
strict = true

[options.rob2]
mode = "assignment"
)toml",
                                            problems);
    INFO(codes(problems));
    CHECK(problems.empty());
    const std::string file = (dir.path() / "appraise.toml").lexically_normal().generic_string();
    REQUIRE(config.file.has_value());
    CHECK(*config.file == dir.path() / "appraise.toml");

    REQUIRE(config.rubrics.size() == 2);
    CHECK(config.rubrics[0].name == "design-weakness");
    check_at(config.rubrics[0].where, file, 1, 12);
    CHECK(config.rubrics[1].name == "rob2");
    check_at(config.rubrics[1].where, file, 1, 31);

    // Relative to the configuration's folder; absolute ones stay.
    CHECK(config.plugin_dirs == std::vector<fs::path>{dir.path() / "plugins", "/opt/appraise/plugins"});
    CHECK(config.rubric_dirs == std::vector<fs::path>{dir.path() / "rubrics/local"});

    REQUIRE(config.options.size() == 2);
    REQUIRE(config.options.count("design-weakness") == 1);
    const sdk::node& weakness = config.options.at("design-weakness");
    REQUIRE(weakness.get("min_participation") != nullptr);
    CHECK(weakness.get("min_participation")->number == Approx(0.6));
    check_at(weakness.get("min_participation")->where, file, 6, 21);
    REQUIRE(weakness.get("strict") != nullptr);
    CHECK(weakness.get("strict")->boolean);
    REQUIRE(config.options.count("rob2") == 1);
    CHECK(config.options.at("rob2").get("mode")->text == "assignment");
}

TEST_CASE("plugin_dirs are resolved against the configuration's folder, not the working directory", "[core][config]") {
    const test::temp_dir dir;
    const fs::path file = dir.write("project/sub/appraise.toml", "plugin_dirs = [\"../plugins\"]\n");
    diagnostics problems;
    const project_config config = load_config(file, problems);
    CHECK(problems.empty());
    REQUIRE(config.plugin_dirs.size() == 1);
    CHECK(config.plugin_dirs[0].lexically_normal() == (dir.path() / "project/plugins").lexically_normal());
}

TEST_CASE("an empty configuration is valid", "[core][config]") {
    const test::temp_dir dir;
    diagnostics problems;
    const project_config config = load_text(dir, "# nothing configured\n", problems);
    CHECK(problems.empty());
    CHECK(config.file.has_value());
    CHECK(config.rubrics.empty());
    CHECK(config.plugin_dirs.empty());
    CHECK(config.options.empty());
}

TEST_CASE("an unknown configuration key is an error with a suggestion", "[core][config]") {
    const test::temp_dir dir;
    const std::string file = (dir.path() / "appraise.toml").lexically_normal().generic_string();
    SECTION("a typo") {
        diagnostics problems;
        const project_config config = load_text(dir, "# rubrics to run\nrubric = [\"design-weakness\"]\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        CHECK(problems[0].level == severity::error);
        CHECK_THAT(problems[0].message, Catch::Contains("`rubric`") && Catch::Contains("did you mean `rubrics`?"));
        check_at(problems[0].where, file, 2, 10);
        CHECK(config.rubrics.empty());
    }
    SECTION("a typo in a table name") {
        diagnostics problems;
        (void)load_text(dir, "rubrics = []\n\n[option.rob2]\nmode = 1\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        CHECK_THAT(problems[0].message, Catch::Contains("did you mean `options`?"));
        check_at(problems[0].where, file, 3, 1);
    }
    SECTION("nothing close") {
        diagnostics problems;
        (void)load_text(dir, "colour = true\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        CHECK_THAT(problems[0].message, !Catch::Contains("did you mean"));
        check_at(problems[0].where, file, 1, 10);
    }
}

TEST_CASE("configuration values of the wrong type are errors at the value", "[core][config]") {
    const test::temp_dir dir;
    const std::string file = (dir.path() / "appraise.toml").lexically_normal().generic_string();
    diagnostics problems;
    SECTION("rubrics as a string") {
        const project_config config = load_text(dir, "rubrics = \"design-weakness\"\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        check_at(problems[0].where, file, 1, 11);
        CHECK(config.rubrics.empty());
    }
    SECTION("a number among the rubrics: the strings still count") {
        const project_config config = load_text(dir, "rubrics = [\"rob2\", 3]\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        check_at(problems[0].where, file, 1, 20);
        REQUIRE(config.rubrics.size() == 1);
        CHECK(config.rubrics[0].name == "rob2");
    }
    SECTION("plugin_dirs holding a boolean") {
        const project_config config = load_text(dir, "plugin_dirs = [true]\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        check_at(problems[0].where, file, 1, 16);
        CHECK(config.plugin_dirs.empty());
    }
    SECTION("options that are not a table") {
        (void)load_text(dir, "options = 3\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        check_at(problems[0].where, file, 1, 11);
    }
    SECTION("one rubric's options that are not a table") {
        const project_config config = load_text(dir, "[options]\nrob2 = \"strict\"\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        CHECK_THAT(problems[0].message, Catch::Contains("options.rob2"));
        check_at(problems[0].where, file, 2, 8);
        CHECK(config.options.empty());
    }
}

TEST_CASE("a configuration that is not TOML is a configuration syntax error", "[core][config]") {
    const test::temp_dir dir;
    diagnostics problems;
    (void)load_text(dir, "rubrics = [\"rob2\"\n", problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "config/syntax-error");
    CHECK(problems[0].level == severity::error);
    CHECK(problems[0].where.file == (dir.path() / "appraise.toml").lexically_normal().generic_string());
    CHECK(problems[0].where.line >= 1);
}
