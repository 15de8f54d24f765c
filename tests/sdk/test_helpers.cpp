// The SDK's header-only helpers (appraise/sdk/helpers.hpp), compiled the way a
// plugin compiles them: against the SDK headers alone, no core library.
// (edit_distance and nearest are tested with the host's suggestions, in
// tests/core/test_suggest.cpp.)
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
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

namespace {
enum class yes_no : std::uint8_t { y, py, pn, n, ni };
constexpr std::array<yes_no, 5> yes_no_order{yes_no::y, yes_no::py, yes_no::pn, yes_no::n, yes_no::ni};
constexpr std::string_view yes_no_text(yes_no c) {
    constexpr std::array<std::string_view, 5> words{"Y", "PY", "PN", "N", "NI"};
    return words[static_cast<std::size_t>(c)];
}
}  // namespace

TEST_CASE("code_set holds a tool's answer codes and join_codes writes them in the tool's order", "[sdk][helpers]") {
    constexpr sdk::code_set<yes_no> yes{yes_no::py, yes_no::y};
    STATIC_REQUIRE(yes.has(yes_no::y));
    STATIC_REQUIRE(!yes.has(yes_no::n));
    CHECK(yes.with(yes_no::ni).has(yes_no::ni));
    CHECK(!yes.without(yes_no::y).has(yes_no::y));
    CHECK(yes.without(yes_no::y).has(yes_no::py));
    CHECK(yes == sdk::code_set<yes_no>{yes_no::y, yes_no::py});
    CHECK(yes != yes.with(yes_no::pn));
    CHECK(sdk::join_codes(yes.with(yes_no::ni), yes_no_order, yes_no_text, "/") == "Y/PY/NI");
    CHECK(sdk::join_codes(sdk::code_set<yes_no>{}, yes_no_order, yes_no_text, "/").empty());
}

TEST_CASE("text_at reads a string fact and nothing else", "[sdk][helpers]") {
    sdk::study study;
    sdk::node integer;
    integer.type = sdk::node::kind::integer;
    integer.integer = 3;
    study.root = table_node({{"design", table_node({{"type", text_node("rct", 2)}, {"arms", integer}}, 1)}}, 1);
    CHECK(sdk::text_at(study, "design.type") == "rct");
    CHECK(sdk::text_at(study, "design.arms").empty());
    CHECK(sdk::text_at(study, "design.missing").empty());
}

TEST_CASE("appraise_each_result walks answers coded once or once per result", "[sdk][helpers]") {
    std::vector<std::string> seen;
    const auto appraise_one = [&](const sdk::node& table, const std::string& label) {
        seen.push_back(label + "@" + std::to_string(table.where.line));
        sdk::appraisal a;
        a.label = label;
        return a;
    };
    SECTION("one table is one unlabelled result") {
        const auto results = sdk::appraise_each_result(table_node({}, 5), "tool", "1.0", "Tool", appraise_one);
        REQUIRE(results.size() == 1);
        CHECK(seen == std::vector<std::string>{"@5"});
    }
    SECTION("several results are labelled by outcome, or numbered with a warning") {
        sdk::node array;
        array.type = sdk::node::kind::array;
        array.items = {table_node({{"outcome", text_node("reading", 3)}}, 3), table_node({}, 7), text_node("x", 9)};
        const auto results = sdk::appraise_each_result(array, "tool", "1.0", "Tool", appraise_one);
        REQUIRE(results.size() == 3);
        CHECK(seen == std::vector<std::string>{"reading@3", "result 2@7"});
        CHECK(results[0].findings.empty());
        REQUIRE(results[1].findings.size() == 1);
        CHECK(results[1].findings[0].id == "tool/result-unlabelled");
        CHECK(results[1].findings[0].level == sdk::severity::warning);
        CHECK(results[1].findings[0].message ==
              "this study has several Tool results but this one names no `outcome`: it is labelled \"result 2\"");
        REQUIRE(results[2].findings.size() == 1);
        CHECK(results[2].findings[0].id == "tool/invalid-answers");
        CHECK(results[2].findings[0].message == "[[appraisal.tool]] element 3 is not a table");
        CHECK(results[2].findings[0].where.line == 9);
        CHECK(results[2].rubric == "tool");
        CHECK(results[2].rubric_version == "1.0");
    }
    SECTION("anything else is one error") {
        const auto results = sdk::appraise_each_result(text_node("yes", 4), "tool", "1.0", "Tool", appraise_one);
        REQUIRE(results.size() == 1);
        CHECK(seen.empty());
        REQUIRE(results[0].findings.size() == 1);
        CHECK(results[0].findings[0].level == sdk::severity::error);
        CHECK_THAT(results[0].findings[0].message, Catch::StartsWith("[appraisal.tool] must be a table"));
    }
}

TEST_CASE("unknown_key_message names the key, a plausible typo's fix and where the keys are listed", "[sdk][helpers]") {
    CHECK(sdk::unknown_key_message("efect", {"effect", "outcome"}, "Tool", "tool") ==
          "unknown key `efect` in the Tool answers; did you mean `effect`? (it is ignored; `appraise explain tool` "
          "lists the keys)");
    CHECK(sdk::unknown_key_message("colour", {"effect", "outcome"}, "Tool", "tool") ==
          "unknown key `colour` in the Tool answers (it is ignored; `appraise explain tool` lists the keys)");
}

TEST_CASE("outcome_reference_problem accepts an outcome id of the study and explains any other value",
          "[sdk][helpers]") {
    sdk::study study;
    sdk::node outcomes;
    outcomes.type = sdk::node::kind::array;
    outcomes.items = {table_node({{"id", text_node("reading", 2)}}, 2), table_node({{"id", text_node("maths", 5)}}, 5)};
    study.root = table_node({{"outcomes", outcomes}}, 1);
    CHECK_FALSE(sdk::outcome_reference_problem(study, text_node("maths", 9)));
    CHECK(sdk::outcome_reference_problem(study, text_node("readin", 9)) ==
          "outcome = \"readin\" names no [[outcomes]] entry of this study: did you mean \"reading\"? (its outcomes: "
          "reading, maths)");
    CHECK(sdk::outcome_reference_problem(study, table_node({}, 9)) ==
          "outcome must be the id of an [[outcomes]] entry, as a string");
    CHECK(sdk::outcome_reference_problem(sdk::study{}, text_node("maths", 9)) ==
          "outcome = \"maths\" names no [[outcomes]] entry of this study: the study codes no [[outcomes]]; add one "
          "with this id");
}

TEST_CASE("general_number_text writes what printf's %g writes", "[sdk][helpers]") {
    // printf itself is the oracle: the plugins' messages were worded with it.
    const double values[] = {0,
                             -0.0,
                             1,
                             0.5,
                             0.75,
                             0.123456789,
                             12.5,
                             99.95,
                             1e-5,
                             1.5e-7,
                             123456,
                             1234567,
                             1e15,
                             -2.25,
                             1e300,
                             0.1 + 0.2,
                             0.8499,
                             0.84999,
                             0.94444,
                             100.0 / 3,
                             2.0 / 3.0,
                             5e-324,
                             1.7976931348623157e308};
    for (const double value : values)
        for (const int significant : {1, 3, 6, 17}) {
            char expected[64];
            std::snprintf(expected, sizeof expected, "%.*g", significant, value);
            INFO(expected << " at " << significant);
            CHECK(appraise::sdk::general_number_text(value, significant) == expected);
        }
}
