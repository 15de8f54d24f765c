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
