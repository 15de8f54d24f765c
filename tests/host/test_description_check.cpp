// The host's check of a rubric description's robvis layouts (plugin_results.hpp):
// a layout robvis cannot draw is refused at registration, with the reason.
#include <catch2/catch.hpp>

#include "appraise/host/plugin_results.hpp"

using namespace appraise;

namespace {

sdk::rubric_description five_domains() {
    sdk::rubric_description d;
    d.id = "five";
    d.name = "Five domains";
    d.version = "1.0.0";
    for (const auto* id : {"d1", "d2", "d3", "d4", "d5"}) d.domains.push_back({id, id, ""});
    return d;
}

}  // namespace

TEST_CASE("a robvis layout must be a template robvis knows, with its number of domains", "[host][robvis]") {
    auto d = five_domains();
    d.robvis_layouts = {{"ROB2", {"d1", "d2", "d3", "d4", "d5"}}};
    CHECK_FALSE(check_description(d).has_value());

    d.robvis_layouts = {{"rob2", {"d1", "d2", "d3", "d4", "d5"}}};  // robvis's names are case-sensitive
    CHECK(check_description(d).value_or("") ==
          "robvis layout `rob2` names no robvis template (robvis knows: ROB2, ROB2-Cluster, ROBINS-I, ROBINS-E, "
          "QUADAS-2, QUIPS, Generic)");

    d.robvis_layouts = {{"ROB2", {"d1", "d2", "d3", "d4"}}};
    CHECK(check_description(d).value_or("") == "robvis layout `ROB2` has 4 domains, but robvis's template has 5");

    d.robvis_layouts = {{"ROB2", {"d1", "d2", "d3", "d4", "d9"}}};
    CHECK(check_description(d).value_or("") ==
          "robvis layout `ROB2` lists domain `d9`, which the rubric does not have");

    d.robvis_layouts = {{"Generic", {"d1", "d1"}}};
    CHECK(check_description(d).value_or("") == "robvis layout `Generic` lists domain `d1` twice");

    d.robvis_layouts = {{"Generic", {"d1"}}, {"Generic", {"d2"}}};
    CHECK(check_description(d).value_or("") == "robvis layout `Generic` is declared twice");

    d.robvis_layouts = {{"Generic", {"d2", "d1"}}};  // any number and order of domains
    CHECK_FALSE(check_description(d).has_value());
}

TEST_CASE("a result's robvis template must be one its rubric declared", "[host][robvis]") {
    // rubric_description::robvis_layouts is what robvis may draw the rubric's results with;
    // appraisal::robvis_template picks one of them, and nothing else.
    sdk::study study;
    study.file = "s.toml";
    study.id_where = {"s.toml", 1, 1};
    const std::vector<sdk::robvis_layout> layouts{{"ROB2", {"d1", "d2", "d3", "d4", "d5"}},
                                                  {"ROB2-Cluster", {"d1", "d1b", "d2", "d3", "d4", "d5"}}};
    const auto checked = [&](const std::string& name, const std::vector<sdk::robvis_layout>& declared) {
        std::vector<sdk::appraisal> produced(1);
        produced[0].rubric = "five";
        produced[0].robvis_template = name;
        check_results("five", declared, study, produced);
        return produced[0];
    };
    for (const char* name : {"", "ROB2", "ROB2-Cluster"}) {
        CAPTURE(name);
        const auto kept = checked(name, layouts);
        CHECK(kept.robvis_template == name);
        CHECK(kept.findings.empty());
    }
    for (const char* name : {"ROBINS-I", "rob2", "Generic"}) {
        CAPTURE(name);
        const auto dropped = checked(name, layouts);
        CHECK(dropped.robvis_template.empty());
        REQUIRE(dropped.findings.size() == 1u);
        CHECK(dropped.findings[0].id == "five/rubric-invalid-result");
        CHECK(dropped.findings[0].level == sdk::severity::error);
        CHECK(dropped.findings[0].where.line == 1);
        CHECK(dropped.findings[0].message ==
              "the rubric broke the plugin contract: its result names robvis template `" + std::string(name) +
                  "`, which its description does not declare (declared: ROB2, ROB2-Cluster); the template is "
                  "dropped and the result drawn with the rubric's default layout");
    }
    // No layout declared: the default is Generic, so only that name is accepted.
    CHECK(checked("Generic", {}).findings.empty());
    CHECK(checked("ROB2", {}).findings.size() == 1u);
    CHECK(checked("ROB2", {}).findings[0].message.find("(declared: Generic, the default)") != std::string::npos);
}

TEST_CASE("a rubric's variants: kebab-case ids once, one default, codebook design types, declared in questions",
          "[host][variants]") {
    auto d = five_domains();
    d.variants = {{"parallel", "individually randomised", {"rct"}, true},
                  {"cluster", "cluster-randomised", {"cluster-rct"}, false},
                  {"other", "no design type selects it", {}, false}};
    d.questions = {{"1.1", "d1", "asked by every variant", {"Y", "N"}},
                   {"1a.1", "d1", "asked by the cluster variant", {"Y", "N"}, true, {"cluster"}}};
    CHECK_FALSE(check_description(d).has_value());

    auto bad = d;
    bad.variants[1].id = "Cluster";
    CHECK(check_description(bad).value_or("") == "variant id `Cluster` is not kebab-case");
    bad = d;
    bad.variants[2].id = "cluster";
    CHECK(check_description(bad).value_or("") == "variant `cluster` is declared twice");
    bad = d;
    bad.variants[1].is_default = true;
    CHECK(check_description(bad).value_or("") ==
          "the rubric declares 3 variants and 2 defaults; exactly one variant is the default");
    bad = d;
    bad.variants[0].is_default = false;
    CHECK(check_description(bad).value_or("") ==
          "the rubric declares 3 variants and 0 defaults; exactly one variant is the default");
    bad = d;
    bad.variants[2].design_types = {"cluster-rct"};
    CHECK(check_description(bad).value_or("") ==
          "design.type `cluster-rct` selects both variant `cluster` and `other`");
    bad = d;
    bad.variants[2].design_types = {"cluster-trial"};
    CHECK(check_description(bad).value_or("") ==
          "variant `other` is selected by design.type `cluster-trial`, which the codebook does not have");
    bad = d;
    bad.questions[1].variants = {"stepped-wedge"};
    CHECK(check_description(bad).value_or("") ==
          "question `1a.1` is asked by variant `stepped-wedge`, which the rubric does not declare");
    bad = d;
    bad.variants.clear();  // a question naming a variant of a rubric with none
    CHECK(check_description(bad).value_or("") ==
          "question `1a.1` is asked by variant `cluster`, which the rubric does not declare");
    bad = d;
    bad.variants[1].description = "\xff";
    CHECK(check_description(bad).value_or("") == "its variant `cluster` is not valid UTF-8");
}

TEST_CASE("a domain's alternatives: repaired like any text, a reading with no label or given twice dropped",
          "[host][alternatives]") {
    sdk::study study;
    study.file = "s.toml";
    study.id_where = {"s.toml", 1, 1};
    const auto checked = [&](std::vector<sdk::alternative_judgement> readings) {
        std::vector<sdk::appraisal> produced(1);
        produced[0].rubric = "five";
        produced[0].domains.push_back({"d1", "D1", "low"});
        produced[0].domains[0].alternatives = std::move(readings);
        check_results("five", {}, study, produced);
        return produced[0];
    };
    const auto kept = checked({{"E1", "low"}, {"E2", ""}, {"E3", "high"}});
    CHECK(kept.findings.empty());
    REQUIRE(kept.domains[0].alternatives.size() == 3u);
    CHECK(kept.domains[0].alternatives[1].judgement.empty());

    const auto unlabelled = checked({{"E1", "low"}, {"", "high"}});
    REQUIRE(unlabelled.findings.size() == 1u);
    CHECK(unlabelled.findings[0].id == "five/rubric-invalid-result");
    CHECK(unlabelled.findings[0].message ==
          "the rubric broke the plugin contract: domain `d1` gives an alternative with no label; it is dropped");
    REQUIRE(unlabelled.domains[0].alternatives.size() == 1u);
    CHECK(unlabelled.domains[0].alternatives[0].label == "E1");

    const auto twice = checked({{"E1", "low"}, {"E1", "high"}});
    REQUIRE(twice.findings.size() == 1u);
    CHECK(twice.findings[0].message ==
          "the rubric broke the plugin contract: domain `d1` gives the alternative `E1` twice; it is dropped");
    REQUIRE(twice.domains[0].alternatives.size() == 1u);
    CHECK(twice.domains[0].alternatives[0].judgement == "low");

    const auto bad_text = checked({{"E\xff", "lo\xfe"}});
    REQUIRE(bad_text.findings.size() == 1u);
    CHECK(bad_text.findings[0].message.find("not valid UTF-8") != std::string::npos);
    CHECK(bad_text.domains[0].alternatives[0].label == "E\xEF\xBF\xBD");
}

TEST_CASE("a checklist lists each item once, in a domain the rubric has", "[host][checklist]") {
    auto d = five_domains();
    d.checklist = {{"q1", "d1", "first"}, {"q2", "d2", "second"}};
    CHECK_FALSE(check_description(d).has_value());

    d.checklist = {{"q1", "d1", "first"}, {"q1", "d2", "again"}};
    CHECK(check_description(d).value_or("") == "checklist item `q1` is listed twice");

    d.checklist = {{"q1", "d9", "first"}};
    CHECK(check_description(d).value_or("") == "checklist item `q1` is in domain `d9`, which the rubric does not have");

    d.checklist = {{"", "d1", "no id"}};
    CHECK(check_description(d).value_or("") == "checklist item 1 has no id");

    d.checklist = {{"q1", "d1", "bad \xff text"}};
    CHECK(check_description(d).value_or("") == "its checklist item `q1` is not valid UTF-8");
}

TEST_CASE("a result's text with one bad byte is repaired wherever the byte is, whatever the text's length",
          "[host][utf8]") {
    // The host checks texts in words of 8, 4, 2 and 1 bytes (plugin_results.cpp):
    // a byte above 0x7F in any place of any length must reach the full check.
    sdk::study study;
    study.file = "s.toml";
    study.id_where = {"s.toml", 1, 1};
    for (std::size_t length = 1; length <= 25; ++length)
        for (std::size_t bad = 0; bad < length; ++bad) {
            std::string label(length, 'a');
            label[bad] = '\xff';
            std::vector<sdk::appraisal> produced(1);
            produced[0].rubric = "five";
            produced[0].label = label;
            check_results("five", {}, study, produced);
            INFO("length " << length << ", bad byte at " << bad);
            REQUIRE(produced[0].findings.size() == 1u);
            CHECK(produced[0].findings[0].message.find("not valid UTF-8") != std::string::npos);
            CHECK(produced[0].label.find("\xEF\xBF\xBD") == bad);
        }
    for (std::size_t length = 0; length <= 25; ++length) {
        std::vector<sdk::appraisal> produced(1);
        produced[0].rubric = "five";
        produced[0].label = std::string(length, '~') + "\xC3\xA9";  // valid: é after ASCII
        check_results("five", {}, study, produced);
        CHECK(produced[0].findings.empty());
    }
}
