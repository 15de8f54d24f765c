// A rubric's options: defaults, configured values, and the checks on them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "appraise/input/toml_reader.hpp"
#include "appraise/model/rubric_options.hpp"
#include "appraise/sdk/helpers.hpp"

using namespace appraise;
using spec = sdk::option_spec;

namespace {

sdk::rubric_description described() {
    sdk::rubric_description d;
    d.id = "test-rubric";
    d.name = "Test rubric";
    d.version = "1.0.0";
    d.options = {
        {"min_participation", spec::kind::number, "0.6", 0.0, 1.0, "lowest acceptable participation"},
        {"min_clusters", spec::kind::integer, "4", 1.0, std::nullopt, "fewest clusters per arm"},
        {"strict", spec::kind::boolean, "false", std::nullopt, std::nullopt, "treat warnings as errors"},
        {"scale", spec::kind::string, "\"ephpp\"", std::nullopt, std::nullopt, "judgement scale"},
    };
    return d;
}

// The [options.test-rubric] table of a configuration text.
sdk::node options_table(const std::string& body) {
    toml_document document = parse_toml("[options.test-rubric]\n" + body, "appraise.toml");
    INFO(body);
    REQUIRE(document.problems.empty());
    REQUIRE(document.root.has_value());
    const sdk::node* table = document.root->find("options.test-rubric");
    REQUIRE(table != nullptr);
    return *table;
}

}  // namespace

TEST_CASE("without configuration every option has its default", "[core][options]") {
    diagnostics problems;
    const sdk::option_values values = resolve_options(described(), nullptr, problems);
    CHECK(problems.empty());
    REQUIRE(values.size() == 4);
    CHECK(std::get<double>(values.at("min_participation")) == Approx(0.6));
    CHECK(std::get<std::int64_t>(values.at("min_clusters")) == 4);
    CHECK(std::get<bool>(values.at("strict")) == false);
    CHECK(std::get<std::string>(values.at("scale")) == "ephpp");
    // The SDK accessors read them.
    CHECK(sdk::option_number(values, "min_participation") == Approx(0.6));
    CHECK(sdk::option_number(values, "min_clusters") == Approx(4.0));
    CHECK(sdk::option_integer(values, "min_clusters") == 4);
    CHECK_FALSE(sdk::option_bool(values, "strict"));
}

TEST_CASE("an empty options table leaves the defaults", "[core][options]") {
    diagnostics problems;
    const sdk::node table = options_table("");
    const sdk::option_values values = resolve_options(described(), &table, problems);
    CHECK(problems.empty());
    CHECK(values.size() == 4);
    CHECK(std::get<std::int64_t>(values.at("min_clusters")) == 4);
}

TEST_CASE("configured values override the defaults", "[core][options]") {
    diagnostics problems;
    const sdk::node table =
        options_table("min_participation = 0.8\nmin_clusters = 6\nstrict = true\nscale = \"rob2\"\n");
    const sdk::option_values values = resolve_options(described(), &table, problems);
    CHECK(problems.empty());
    CHECK(std::get<double>(values.at("min_participation")) == Approx(0.8));
    CHECK(std::get<std::int64_t>(values.at("min_clusters")) == 6);
    CHECK(std::get<bool>(values.at("strict")) == true);
    CHECK(std::get<std::string>(values.at("scale")) == "rob2");
}

TEST_CASE("a configured value replaces one default and leaves the others", "[core][options]") {
    diagnostics problems;
    const sdk::node table = options_table("strict = true\n");
    const sdk::option_values values = resolve_options(described(), &table, problems);
    CHECK(problems.empty());
    CHECK(std::get<bool>(values.at("strict")) == true);
    CHECK(std::get<double>(values.at("min_participation")) == Approx(0.6));
    CHECK(std::get<std::int64_t>(values.at("min_clusters")) == 4);
}

TEST_CASE("an integer is accepted for a number option", "[core][options]") {
    diagnostics problems;
    const sdk::node table = options_table("min_participation = 1\n");
    const sdk::option_values values = resolve_options(described(), &table, problems);
    CHECK(problems.empty());
    REQUIRE(std::holds_alternative<double>(values.at("min_participation")));
    CHECK(std::get<double>(values.at("min_participation")) == 1.0);
    CHECK(sdk::option_number(values, "min_participation") == 1.0);
}

TEST_CASE("an unknown option is an error with a suggestion", "[core][options]") {
    diagnostics problems;
    const sdk::node table = options_table("min_participaton = 0.7\nstrict = true\n");
    const sdk::option_values values = resolve_options(described(), &table, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "config/unknown-option");
    CHECK(problems[0].level == severity::error);
    CHECK_THAT(problems[0].message,
               Catch::Contains("`test-rubric`") && Catch::Contains("did you mean `min_participation`?"));
    CHECK(problems[0].where.file == "appraise.toml");
    CHECK(problems[0].where.line == 2);
    CHECK(problems[0].where.column == 20);
    CHECK_THAT(problems[0].hint, Catch::Contains("appraise explain test-rubric"));
    // The unknown name is not added; the known one still applies.
    CHECK(values.count("min_participaton") == 0);
    CHECK(std::get<bool>(values.at("strict")) == true);
}

TEST_CASE("an unknown option with nothing close has no suggestion", "[core][options]") {
    diagnostics problems;
    const sdk::node table = options_table("colour = \"red\"\n");
    (void)resolve_options(described(), &table, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "config/unknown-option");
    CHECK_THAT(problems[0].message, !Catch::Contains("did you mean"));
}

TEST_CASE("an option value of the wrong type is a bad option, the default stays", "[core][options]") {
    struct wrong {
        std::string line;
        std::string name;
    };
    for (const auto& w : {wrong{"strict = \"yes\"\n", "strict"}, wrong{"min_clusters = 2.5\n", "min_clusters"},
                          wrong{"min_participation = \"high\"\n", "min_participation"}, wrong{"scale = 3\n", "scale"},
                          wrong{"min_clusters = true\n", "min_clusters"}}) {
        INFO(w.line);
        diagnostics problems;
        const sdk::node table = options_table(w.line);
        const sdk::option_values values = resolve_options(described(), &table, problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/bad-option");
        CHECK(problems[0].level == severity::error);
        CHECK_THAT(problems[0].message, Catch::Contains("`" + w.name + "`") && Catch::Contains("must be"));
        CHECK(problems[0].where.line == 2);
        CHECK(problems[0].where.column == static_cast<int>(w.name.size()) + 4);
        CHECK(values == resolve_options(described(), nullptr, problems));
    }
}

TEST_CASE("an option value out of range is a bad option, the default stays", "[core][options]") {
    for (const std::string& line :
         std::vector<std::string>{"min_participation = 1.5\n", "min_participation = -0.1\n", "min_clusters = 0\n"}) {
        INFO(line);
        diagnostics problems;
        const sdk::node table = options_table(line);
        const sdk::option_values values = resolve_options(described(), &table, problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/bad-option");
        CHECK_THAT(problems[0].message, Catch::Contains("out of range"));
        CHECK_THAT(problems[0].hint, Catch::Contains("default"));
        CHECK(problems[0].where.line == 2);
        CHECK(values == resolve_options(described(), nullptr, problems));
    }
}

TEST_CASE("the bounds of an option's range are allowed", "[core][options]") {
    diagnostics problems;
    const sdk::node table = options_table("min_participation = 0\nmin_clusters = 1\n");
    const sdk::option_values values = resolve_options(described(), &table, problems);
    CHECK(problems.empty());
    CHECK(std::get<double>(values.at("min_participation")) == 0.0);
    CHECK(std::get<std::int64_t>(values.at("min_clusters")) == 1);
}

TEST_CASE("option_text writes a value as TOML", "[core][options]") {
    CHECK(option_text(sdk::option_value{true}) == "true");
    CHECK(option_text(sdk::option_value{false}) == "false");
    CHECK(option_text(sdk::option_value{std::int64_t{42}}) == "42");
    CHECK(option_text(sdk::option_value{0.75}) == "0.75");
    CHECK(option_text(sdk::option_value{std::string("ephpp")}) == "\"ephpp\"");
}
