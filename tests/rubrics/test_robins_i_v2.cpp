// The robins-i-v2 rubric (ROBINS-I V2, draft 20 Nov 2025), loaded through the
// plugin host as in a real run. Each domain algorithm is checked over every
// combination of answers its gates allow against decision rules restated here
// from the reference (../shared/reference/instruments-2.md section 3.3 and
// instruments.md 2.2), not by calling the plugin's code; the oracle table and
// the E1/E2/E3 dispute cells are checked one by one.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bundled_rubric.hpp"
#include "test_support.hpp"

namespace {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;
using answers_map = std::map<std::string, std::string>;

const appraise::rubric_entry& entry() {
    return appraise::test::bundled_rubric("robins-i-v2");
}

sdk::node text_node(const std::string& text, int line) {
    sdk::node n;
    n.type = kind::string;
    n.text = text;
    n.where = {"t.toml", line, 7};
    return n;
}

sdk::node table_node(std::vector<sdk::node_member> members, int line = 1) {
    sdk::node n;
    n.type = kind::table;
    n.members = std::move(members);
    n.where = {"t.toml", line, 1};
    return n;
}

// `override_of`: target -> {judgement, reason}.
sdk::study study_with(const answers_map& answers, bool confounders = true,
                      const std::map<std::string, std::pair<std::string, std::string>>& overrides = {},
                      const std::string& design = "non-randomised-controlled") {
    std::vector<sdk::node_member> members;
    int line = 101;
    for (const auto& [id, value] : answers) members.emplace_back(id, text_node(value, line++));
    if (confounders) {
        sdk::node list;
        list.type = kind::array;
        list.where = {"t.toml", 99, 1};
        list.items.push_back(text_node("age", 99));
        list.items.push_back(text_node("baseline score", 99));
        members.emplace_back("confounders", list);
    }
    if (!overrides.empty()) {
        std::vector<sdk::node_member> lines;
        for (const auto& [target, o] : overrides)
            lines.emplace_back(
                target,
                table_node({{"judgement", text_node(o.first, 200)}, {"reason", text_node(o.second, 200)}}, 200));
        members.emplace_back("override", table_node(std::move(lines), 199));
    }
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    sdk::study s;
    s.id = "t";
    s.file = "t.toml";
    s.id_where = {"t.toml", 1, 1};
    s.root = table_node({{"appraisal", table_node({{"robins-i-v2", table_node(std::move(members), 100)}}, 100)},
                         {"design", table_node({{"type", text_node(design, 3)}}, 2)},
                         {"id", text_node("t", 1)}});
    return s;
}

sdk::appraisal run_v2(const sdk::study& s, const std::string& options = {}) {
    const auto rubric = appraise::test::make_bundled_rubric("robins-i-v2", options);
    auto results = rubric->appraise(s);
    REQUIRE(results.size() == 1u);
    return results.front();
}

std::vector<const sdk::finding*> findings_of(const sdk::appraisal& a, const std::string& slug) {
    std::vector<const sdk::finding*> out;
    for (const auto& f : a.findings)
        if (f.id == "robins-i-v2/" + slug) out.push_back(&f);
    return out;
}

std::string findings_text(const sdk::appraisal& a) {
    std::string text;
    for (const auto& f : a.findings) text += f.id + " @" + std::to_string(f.where.line) + ": " + f.message + "\n";
    return text;
}

const sdk::domain_result& domain(const sdk::appraisal& a, const std::string& id) {
    for (const auto& d : a.domains)
        if (d.id == id) return d;
    FAIL("no domain " << id);
    throw std::logic_error("unreachable");
}

bool has_error(const sdk::appraisal& a) {
    return std::any_of(a.findings.begin(), a.findings.end(),
                       [](const sdk::finding& f) { return f.level == sdk::severity::error; });
}

// Every domain at its best: triage passed, variant A, d1 Low except, d2-d6 Low.
answers_map best() {
    return {{"B1", "Y"},  {"B3", "N"},  {"C4", "N"},  {"1A.1", "Y"}, {"1A.2", "Y"}, {"1A.3", "N"}, {"1A.4", "N"},
            {"2.1", "Y"}, {"2.4", "N"}, {"2.5", "N"}, {"3.1", "Y"},  {"3.2", "N"},  {"3.3", "N"},  {"4.1", "Y"},
            {"4.2", "Y"}, {"4.3", "Y"}, {"5.1", "N"}, {"5.2", "N"},  {"6.1", "Y"}};
}

// `best()` with one domain's answers replaced.
answers_map with_domain(const answers_map& domain_answers, const std::string& prefix, bool variant_b = false) {
    answers_map a = best();
    std::erase_if(a, [&](const auto& p) { return p.first.rfind(prefix, 0) == 0; });
    if (variant_b) {
        std::erase_if(a, [](const auto& p) { return p.first.rfind("1A.", 0) == 0; });
        a["C4"] = "Y";
    }
    for (const auto& [k, v] : domain_answers) a[k] = v;
    return a;
}

}  // namespace

TEST_CASE("robins-i-v2 registers with six domains and the V2 levels", "[rubric:robins-i-v2]") {
    const auto& d = entry().description;
    CHECK(d.id == "robins-i-v2");
    CHECK(d.judgement_scale ==
          std::vector<std::string>{"low", "low-except-uncontrolled-confounding", "moderate", "serious", "critical"});
    REQUIRE(d.domains.size() == 6u);
    CHECK(d.domains[0].id == "d1");
    CHECK(d.domains[5].id == "d6");
    CHECK(d.details.find("20 Nov 2025") != std::string::npos);
    CHECK(d.details.find("encoding") != std::string::npos);
    CHECK(d.details.find("q4_7_offers_n") != std::string::npos);
    CHECK(d.details.find("Verified") != std::string::npos);
}

TEST_CASE("robins-i-v2: every domain at its best gives Low except for uncontrolled confounding",
          "[rubric:robins-i-v2]") {
    const auto a = run_v2(study_with(best()));
    INFO(findings_text(a));
    CHECK_FALSE(has_error(a));
    CHECK(domain(a, "d1").judgement == "low-except-uncontrolled-confounding");
    for (const char* id : {"d2", "d3", "d4", "d5", "d6"}) CHECK(domain(a, id).judgement == "low");
    CHECK(a.overall == "low-except-uncontrolled-confounding");
    CHECK(findings_of(a, "disputed").empty());
}

TEST_CASE("robins-i-v2: with_domain keeps the other domains at their best", "[rubric:robins-i-v2]") {
    const auto a = run_v2(study_with(with_domain({{"2.1", "N"}, {"2.2", "Y"}, {"2.4", "WY"}, {"2.5", "N"}}, "2.")));
    INFO(findings_text(a));
    CHECK_FALSE(has_error(a));
    CHECK(domain(a, "d2").judgement == "moderate");
}
