// The SDK's header-only helpers (appraise/sdk/helpers.hpp), compiled the way a
// plugin compiles them: against the SDK headers alone, no core library.
// (edit_distance and nearest are tested with the host's suggestions, in
// tests/core/test_suggest.cpp.)
#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

namespace {

namespace sdk = appraise::sdk;

const sdk::option_values options{
    {"min_arm_size", std::int64_t{30}},
    {"min_completion", 0.8},
    {"flag_not_reported", true},
    {"label", std::string("pilot")},
};

// The message of the std::invalid_argument that `read` throws.
template <typename Read>
std::string invalid_argument_from(Read read) {
    try {
        read();
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    FAIL("no std::invalid_argument was thrown");
    return {};
}

sdk::node text_node(std::string text, int line) {
    sdk::node n;
    n.type = sdk::node::kind::string;
    n.text = std::move(text);
    n.where = {"s.toml", line, 1};
    return n;
}

sdk::node table_node(std::vector<sdk::node_member> members, int line) {
    sdk::node n;
    n.members = std::move(members);
    n.where = {"s.toml", line, 1};
    return n;
}

}  // namespace

TEST_CASE("the option getters read each declared option as its type", "[sdk][helpers]") {
    CHECK(sdk::option_integer(options, "min_arm_size") == 30);
    CHECK(sdk::option_number(options, "min_arm_size") == 30.0);  // an integer is a number too
    CHECK(sdk::option_number(options, "min_completion") == 0.8);
    CHECK(sdk::option_bool(options, "flag_not_reported"));
    CHECK(sdk::option_string(options, "label") == "pilot");
}

TEST_CASE("an option name the rubric does not declare throws, naming it and the declared ones", "[sdk][helpers]") {
    for (const auto& message : {
             invalid_argument_from([] { (void)sdk::option_number(options, "min_completoin"); }),
             invalid_argument_from([] { (void)sdk::option_integer(options, "min_arm"); }),
             invalid_argument_from([] { (void)sdk::option_bool(options, "flag"); }),
             invalid_argument_from([] { (void)sdk::option_string(options, "labels"); }),
         }) {
        INFO(message);
        CHECK_THAT(message, Catch::StartsWith("no option `") &&
                                Catch::Contains("`flag_not_reported`, `label`, `min_arm_size`, `min_completion`") &&
                                Catch::Contains("rubric_description::options"));
    }
    CHECK_THAT(invalid_argument_from([] { (void)sdk::option_number(options, "min_completoin"); }),
               Catch::Contains("`min_completoin`"));
    CHECK_THAT(invalid_argument_from([] { (void)sdk::option_bool(sdk::option_values{}, "strict"); }),
               Catch::Contains("`strict`") && Catch::Contains("it has none"));
}

TEST_CASE("an option read as another type than declared throws, naming both", "[sdk][helpers]") {
    CHECK(invalid_argument_from([] { (void)sdk::option_integer(options, "min_completion"); }) ==
          "option `min_completion` is a number, not an integer: read it with the getter of its declared type");
    CHECK_THAT(invalid_argument_from([] { (void)sdk::option_bool(options, "min_arm_size"); }),
               Catch::Contains("`min_arm_size` is an integer, not a boolean"));
    CHECK_THAT(invalid_argument_from([] { (void)sdk::option_number(options, "label"); }),
               Catch::Contains("`label` is a string, not a number"));
    CHECK_THAT(invalid_argument_from([] { (void)sdk::option_string(options, "flag_not_reported"); }),
               Catch::Contains("`flag_not_reported` is a boolean, not a string"));
}

TEST_CASE("read_overrides keeps an override with a reason and reports each problem with its place", "[sdk][helpers]") {
    const sdk::node table = table_node(
        {
            {"d1", table_node({{"judgement", text_node("high", 3)}}, 3)},  // no reason
            {"d9", table_node({{"judgement", text_node("high", 4)}}, 4)},  // unknown target
            {"overall", table_node({{"judgement", text_node("high", 2)}, {"reason", text_node("two domains", 2)}}, 2)},
        },
        1);
    std::vector<std::string> problems;
    const auto overrides = sdk::read_overrides(
        table, {"d1", "d2"}, {"low", "high"},
        [&](sdk::override_problem kind, const std::string& message, const sdk::source_location& where) {
            problems.push_back(std::to_string(where.line) +
                               (kind == sdk::override_problem::no_reason ? " no-reason: " : " malformed: ") + message);
        });
    REQUIRE(overrides.size() == 1);
    CHECK(overrides[0].target == "overall");
    CHECK(overrides[0].judgement == "high");
    CHECK(overrides[0].reason == "two domains");
    CHECK(overrides[0].where.line == 2);
    REQUIRE(problems.size() == 2);
    CHECK_THAT(problems[0], Catch::StartsWith("3 no-reason: the override of d1 gives no reason"));
    CHECK_THAT(problems[1], Catch::StartsWith("4 malformed: `d9` cannot be overridden: use overall or one of \"d1\", "
                                              "\"d2\""));
}
