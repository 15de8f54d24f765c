// The flat form a rubric is compiled to once when it loads (link.cpp): every
// name the evaluator no longer looks up must have been resolved to the thing
// that name means, checked here by the names themselves on every shipped rubric.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "appraise/declarative/rubric_file.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace decl = appraise::declarative;
using appraise::test::source_dir;

std::vector<const decl::expression*> expressions_of(const decl::compiled_rubric& r) {
    std::vector<const decl::expression*> out;
    for (const auto& d : r.definitions) out.push_back(&d.body);
    for (const auto& it : r.items) {
        out.push_back(&it.derive);
        out.push_back(&it.applies);
    }
    for (const auto& d : r.domains) {
        out.push_back(&d.when);
        out.push_back(&d.stop_when);
        for (const auto& rule : d.rules) out.push_back(&rule.when);
    }
    for (const auto& rule : r.overall) out.push_back(&rule.when);
    for (const auto& choice : r.overall_choices)
        for (const auto& rule : choice.rules) out.push_back(&rule.when);
    for (const auto& f : r.findings) out.push_back(&f.when);
    return out;
}

void check_linked(const decl::compiled_rubric& r) {
    // Each field once, split into the parts of its path.
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
        std::string joined;
        for (const auto& key : r.fields[i].keys) joined += (joined.empty() ? "" : ".") + key;
        CHECK(joined == r.fields[i].path);
        for (std::size_t j = 0; j < i; ++j) CHECK(r.fields[j].path != r.fields[i].path);
    }
    for (const auto* e : expressions_of(r))
        for (const auto& n : e->nodes) {
            if (n.kind == decl::op::field) {
                REQUIRE(n.slot >= 0);
                REQUIRE(static_cast<std::size_t>(n.slot) < r.fields.size());
                CHECK(r.fields[static_cast<std::size_t>(n.slot)].path == n.text);
            }
            if (n.kind != decl::op::call) continue;
            CHECK(n.fn != decl::function::none);
            if (n.fn != decl::function::answer && n.fn != decl::function::judgement) continue;
            const std::string& id = e->nodes[static_cast<std::size_t>(n.args[0])].text;
            REQUIRE(n.slot >= 0);
            if (n.fn == decl::function::answer)
                CHECK(r.items.at(static_cast<std::size_t>(n.slot)).id == id);
            else
                CHECK(r.domains.at(static_cast<std::size_t>(n.slot)).id == id);
        }
    for (const auto& f : r.findings) {
        CHECK(f.id == r.description.id + "/" + f.slug);
        for (const auto& part : f.message)
            if (part.field) CHECK(r.fields.at(static_cast<std::size_t>(part.slot)).path == part.text);
    }
    for (const auto& d : r.domains)
        for (std::size_t i = 0; i < d.rules.size(); ++i)
            CHECK(d.rules[i].rationale.rfind("rule " + std::to_string(i + 1) + ": ", 0) == 0);
}

}  // namespace

TEST_CASE("every shipped rubric is linked: functions, fields, answer and judgement ids resolved by name",
          "[declarative][link]") {
    std::size_t rubrics = 0;
    for (const auto& entry : fs::directory_iterator(source_dir / "rubrics")) {
        if (entry.path().extension() != ".toml") continue;
        INFO(entry.path().filename().string());
        const auto result = decl::compile_rubric_file(entry.path().string(), entry.path().filename().string());
        REQUIRE(result.rubric);
        check_linked(*result.rubric);
        ++rubrics;
    }
    CHECK(rubrics >= 8);
}

TEST_CASE("a field read in several places is one entry of the field table", "[declarative][link]") {
    const auto result = decl::compile_rubric_file((source_dir / "rubrics" / "replication-barriers.toml").string(),
                                                  "replication-barriers.toml");
    REQUIRE(result.rubric);
    std::size_t comparator = 0;
    for (const auto& f : result.rubric->fields) comparator += f.path == "design.comparator" ? 1 : 0;
    CHECK(comparator == 1);  // read by a definition, an item's derive and a finding's message
}
