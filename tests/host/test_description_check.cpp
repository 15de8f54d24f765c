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
