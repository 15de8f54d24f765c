// Declarative rubrics: the language's load-time errors (each with its line
// and column), the shipped rubrics on study fixtures, the design-weakness twin
// against the native plugin through the host, and the CLI.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "appraise/declarative/declarative_rubric.hpp"
#include "appraise/declarative/rubric_file.hpp"
#include "appraise/engine/engine.hpp"
#include "appraise/input/corpus.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/input/toml_reader.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace sdk = appraise::sdk;
namespace decl = appraise::declarative;
using appraise::test::data_dir;
using appraise::test::source_dir;

const fs::path studies_dir = data_dir / "declarative" / "studies";

// ---------------------------------------------------------------- helpers

const appraise::rubric_registry& shipped() {
    static const appraise::rubric_registry registry = [] {
        appraise::rubric_registry r;
        decl::load_rubric_directory(source_dir / "rubrics", r);
        return r;
    }();
    return registry;
}

sdk::study load_one(const fs::path& file) {
    auto loaded = appraise::load_study_file(file, file.filename().string());
    REQUIRE(loaded.studies.size() == 1);
    REQUIRE(loaded.studies[0].usable);
    return loaded.studies[0].study;
}

std::vector<sdk::appraisal> appraise_with(const std::string& rubric, const sdk::study& study) {
    const auto* entry = shipped().find(rubric);
    REQUIRE(entry != nullptr);
    return entry->factory({})->appraise(study);
}

const sdk::answer& answer_of(const sdk::appraisal& a, const std::string& item) {
    for (const auto& d : a.domains)
        for (const auto& answer : d.answers)
            if (answer.id == item) return answer;
    FAIL("no answer " << item);
    throw std::logic_error("unreachable");
}

const sdk::domain_result* domain_of(const sdk::appraisal& a, const std::string& id) {
    for (const auto& d : a.domains)
        if (d.id == id) return &d;
    return nullptr;
}

const sdk::finding* finding_of(const sdk::appraisal& a, const std::string& id) {
    for (const auto& f : a.findings)
        if (f.id == id) return &f;
    return nullptr;
}

// A small valid rubric; error cases change one part of it.
std::string rubric_with(const std::string& define, const std::string& derive, const std::string& extra = "") {
    return "[rubric]\n"                                 // 1
           "id = \"t\"\n"                               // 2
           "name = \"T\"\n"                             // 3
           "version = \"1\"\n"                          // 4
           "judgement_scale = [\"low\", \"high\"]\n"    // 5
           "[scales.yn]\n"                              // 6
           "values = [\"yes\", \"no\", \"unclear\"]\n"  // 7
           "missing = \"unclear\"\n"                    // 8
           "[define]\n"                                 // 9
           + define +
           "\n"                // 10
           "[[item]]\n"        // 11
           "id = \"q1\"\n"     // 12
           "prompt = \"p\"\n"  // 13
           "scale = \"yn\"\n"  // 14
           "derive = " +
           derive +
           "\n"                               // 15
           "[[domain]]\n"                     // 16
           "id = \"d\"\n"                     // 17
           "name = \"D\"\n"                   // 18
           "items = [\"q1\"]\n"               // 19
           "[[domain.rule]]\n"                // 20
           "when = 'any(answers, \"no\")'\n"  // 21
           "judgement = \"high\"\n"           // 22
           "[[domain.rule]]\n"                // 23
           "judgement = \"low\"\n"            // 24
           + extra;
}

struct expected_error {
    std::string code;
    int line;
    int column;
    std::string contains;
};

void require_error(const std::string& text, const expected_error& want) {
    const auto result = decl::compile_rubric(text, "r.toml");
    CAPTURE(text);
    REQUIRE(result.rubric == nullptr);
    std::string all;
    for (const auto& p : result.problems)
        all += appraise::format_location(p.where) + " " + p.code + " " + p.message + "\n";
    CAPTURE(all);
    const bool found = std::any_of(result.problems.begin(), result.problems.end(), [&](const auto& p) {
        return p.code == want.code && p.where.line == want.line && p.where.column == want.column &&
               p.message.find(want.contains) != std::string::npos && p.where.file == "r.toml";
    });
    REQUIRE(found);
}

}  // namespace

// ---------------------------------------------------------------- the language

TEST_CASE("the base rubric of the error cases compiles and derives", "[declarative][language]") {
    const auto result = decl::compile_rubric(
        rubric_with("c = 'design.comparator == \"none\"'", "'if c then \"no\" else \"yes\"'"), "r.toml");
    REQUIRE(result.problems.empty());
    REQUIRE(result.rubric != nullptr);
    decl::declarative_rubric rubric(result.rubric);
    sdk::study s;
    s.root = appraise::parse_toml("id = \"x\"\n[design]\ncomparator = \"none\"\n", "s.toml").root.value();
    auto a = rubric.appraise(s);
    REQUIRE(a.size() == 1);
    CHECK(a[0].domains.at(0).answers.at(0).value == "no");
    CHECK(a[0].domains.at(0).answers.at(0).provenance == "derived");
    CHECK(a[0].domains.at(0).judgement == "high");
    CHECK(a[0].domains.at(0).rationale.find("rule 1") == 0);
    s.root = appraise::parse_toml("id = \"x\"\n", "s.toml").root.value();
    a = rubric.appraise(s);
    CHECK(a[0].domains.at(0).answers.at(0).value == "unclear");
    CHECK(a[0].domains.at(0).answers.at(0).provenance == "missing");
    CHECK(a[0].domains.at(0).judgement == "low");
    CHECK_FALSE(a[0].overall.has_value());
}

TEST_CASE("rubric-file errors name the line and column", "[declarative][language]") {
    const std::string ok_define = "c = 'true'";
    const std::string ok_derive = "'\"yes\"'";
    SECTION("TOML syntax") {
        require_error(rubric_with(ok_define, "'oops"), {"rubric/syntax-error", 15, 15, "TOML syntax error"});
    }
    SECTION("unknown field, with a suggestion") {
        require_error(rubric_with("c = 'design.comparater == \"none\"'", ok_derive),
                      {"rubric/unknown-field", 10, 6, "did you mean `design.comparator`?"});
    }
    SECTION("unknown field inside a multi-line expression") {
        require_error(rubric_with(ok_define, "'''\nif sample.power_calculaton then \"yes\"\nelse \"no\"'''"),
                      {"rubric/unknown-field", 16, 4, "did you mean `sample.power_calculation`?"});
    }
    SECTION("type mismatch") {
        require_error(rubric_with("c = 'design.clusters == \"two\"'", ok_derive),
                      {"rubric/type-mismatch", 10, 22, "compares a number with a string"});
    }
    SECTION("type mismatch: a condition that is not true/false") {
        require_error(
            rubric_with(ok_define, ok_derive,
                        "[[finding]]\nid = \"f\"\nseverity = \"info\"\nwhen = 'design.clusters'\nmessage = \"m\"\n"),
            {"rubric/type-mismatch", 28, 9, "`when` must be a condition"});
    }
    SECTION("unknown value of an enum field") {
        require_error(rubric_with("c = 'design.type == \"rtc\"'", ok_derive),
                      {"rubric/unknown-value", 10, 21, "did you mean \"rct\"?"});
    }
    SECTION("unknown scale value in a derived answer") {
        require_error(rubric_with(ok_define, "'if c then \"yess\" else \"no\"'"),
                      {"rubric/unknown-value", 15, 21, "not a value of scale `yn`; did you mean \"yes\"?"});
    }
    SECTION("unknown answer word in a rule") {
        std::string text = rubric_with(ok_define, ok_derive);
        text.replace(text.find("any(answers, \"no\")"), 18, "any(answers, \"nope\")");
        require_error(text, {"rubric/unknown-value", 21, 22, "\"nope\" is not a value of the domain's answers"});
    }
    SECTION("unknown judgement word") {
        std::string text = rubric_with(ok_define, ok_derive);
        text.replace(text.find("judgement = \"low\""), 17, "judgement = \"lo\"");
        require_error(text, {"rubric/unknown-value", 24, 13, "did you mean \"low\"?"});
    }
    SECTION("duplicate item ids") {
        require_error(rubric_with(ok_define, ok_derive, "[[item]]\nid = \"q1\"\nprompt = \"p\"\nscale = \"yn\"\n"),
                      {"rubric/duplicate-id", 26, 6, "item id `q1` is used twice (first at r.toml:12:6)"});
    }
    SECTION("a rule after the default never fires") {
        require_error(rubric_with(ok_define, ok_derive,
                                  "[[domain.rule]]\nwhen = 'any(answers, \"yes\")'\njudgement = \"high\"\n"),
                      {"rubric/never-fires", 26, 8, "rule 2 before it always matches"});
    }
    SECTION("a rule whose count can never be reached never fires") {
        std::string text = rubric_with(ok_define, ok_derive);
        text.replace(text.find("any(answers, \"no\")"), 18, "count(answers, \"no\") > 1");
        require_error(text, {"rubric/never-fires", 21, 8, "false for every study"});
    }
    SECTION("a repeated condition never fires") {
        std::string text = rubric_with(ok_define, ok_derive);
        text.insert(text.find("[[domain.rule]]\njudgement = \"low\""),
                    "[[domain.rule]]\nwhen = 'any(answers,  \"no\")'\njudgement = \"low\"\n");
        require_error(text, {"rubric/never-fires", 24, 8, "rule 1 has the same condition"});
    }
    SECTION("unknown key in a table") {
        std::string text = rubric_with(ok_define, ok_derive);
        text.replace(text.find("prompt = \"p\""), 12, "promt = \"p\"");
        require_error(text, {"rubric/unknown-key", 13, 9, "did you mean `prompt`?"});
    }
    SECTION("a recursive definition") {
        require_error(rubric_with("c = 'not d'\nd = 'c'", ok_derive), {"rubric/invalid", 10, 5, "refers to itself"});
    }
    SECTION("other expression mistakes") {
        require_error(rubric_with("c = 'lenn(sample.arms) > 1'", ok_derive),
                      {"rubric/invalid-expression", 10, 6, "did you mean `len`?"});
    }
    SECTION("expression syntax") {
        require_error(rubric_with("c = 'design.comparator = \"none\"'", ok_derive),
                      {"rubric/expression-syntax", 10, 24, "compare with `==`"});
    }
}

TEST_CASE("a broken rubric file is a load failure and never stops the others", "[declarative][host]") {
    appraise::test::temp_dir dir;
    dir.write("a-broken.toml", rubric_with("c = 'design.comparater == \"none\"'", "'\"yes\"'"));
    const std::string good = rubric_with("c = 'true'", "'\"yes\"'");
    dir.write("b-good.toml", good);
    appraise::rubric_registry registry;
    decl::load_rubric_directory(dir.path(), registry);
    REQUIRE(registry.find("t") != nullptr);
    CHECK(registry.find("t")->kind == appraise::rubric_kind::declarative);
    REQUIRE(registry.failures().size() == 1);
    CHECK(registry.failures()[0].origin == (dir.path() / "a-broken.toml").generic_string() + ":10:6");
    CHECK(registry.failures()[0].reason.find("did you mean `design.comparator`?") != std::string::npos);
}

// ---------------------------------------------------------------- a total language

namespace {

// A finding on the base rubric that fires when `when` holds.
std::string finding_when(const std::string& when) {
    return "[[finding]]\nid = \"f\"\nseverity = \"info\"\nwhen = '" + when + "'\nmessage = \"m\"\n";
}

// d0 = a fact; dK = 'd{K-1} and d{K-1}': 2^n nodes once written out.
std::string doubling_chain(int n) {
    std::string define = "d0 = 'design.comparator == \"none\"'";
    for (int k = 1; k <= n; ++k)
        define += "\nd" + std::to_string(k) + " = 'd" + std::to_string(k - 1) + " and d" + std::to_string(k - 1) + "'";
    return rubric_with(define, "'\"yes\"'", finding_when("d" + std::to_string(n)));
}

// Short names, so that 65,000 definitions stay under the 1 MiB file limit.
std::string short_name(int k) {
    std::string digits;
    do {
        digits.insert(digits.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[k % 36]);
        k /= 36;
    } while (k > 0);
    return "d_" + digits;
}

// d_0 = a fact; each next one names the one before: n deep.
std::string linear_chain(int n) {
    std::string define = short_name(0) + "='design.comparator == \"none\"'";
    for (int k = 1; k < n; ++k) define += "\n" + short_name(k) + "='" + short_name(k - 1) + "'";
    return rubric_with(define, "'\"yes\"'", finding_when(short_name(n - 1)));
}

// `defs` definitions, each naming the one before `refs` times (the finding too).
std::string fan_chain(int defs, int refs) {
    const auto many = [&](const std::string& name) {
        std::string text;
        for (int i = 0; i < refs; ++i) text += (i > 0 ? " or " : "") + name;
        return text;
    };
    std::string define = "d0 = 'design.comparator == \"none\"'";
    for (int k = 1; k < defs; ++k)
        define += "\nd" + std::to_string(k) + " = '" + many("d" + std::to_string(k - 1)) + "'";
    return rubric_with(define, "'\"yes\"'", finding_when(many("d" + std::to_string(defs - 1))));
}

sdk::study study_with_comparator(const std::string& comparator) {
    sdk::study s;
    s.root = appraise::parse_toml("id = \"x\"\n[design]\ncomparator = \"" + comparator + "\"\n", "s.toml").root.value();
    return s;
}

// Whether finding `t/f` fires on a study with that comparator.
bool fires(const decl::rubric_compile_result& result, const std::string& comparator) {
    REQUIRE(result.rubric != nullptr);
    const auto a = decl::declarative_rubric(result.rubric).appraise(study_with_comparator(comparator));
    REQUIRE(a.size() == 1);
    return finding_of(a[0], "t/f") != nullptr;
}

std::string problems_text(const decl::rubric_compile_result& result) {
    std::string all;
    for (const auto& p : result.problems)
        all += appraise::format_location(p.where) + " " + p.code + " " + p.message + "\n";
    return all;
}

}  // namespace

TEST_CASE("a definition used twice by each of 40 others loads and evaluates once each", "[declarative][limits]") {
    // 2^40 nodes written out: hours of work before definitions were memoised.
    const auto result = decl::compile_rubric(doubling_chain(40), "r.toml");
    CAPTURE(problems_text(result));
    REQUIRE(result.problems.empty());
    CHECK(fires(result, "none"));
    CHECK_FALSE(fires(result, "usual-care"));
    const auto& finding = result.rubric->description.findings.at(0);
    CHECK(finding.reads == std::vector<std::string>{"design.comparator"});
}

TEST_CASE("6 definitions each used 100 times load and evaluate", "[declarative][limits]") {
    const std::string text = fan_chain(6, 100);
    CHECK(text.size() < 5000);
    const auto result = decl::compile_rubric(text, "r.toml");
    CAPTURE(problems_text(result));
    REQUIRE(result.problems.empty());
    CHECK(fires(result, "none"));
    CHECK_FALSE(fires(result, "usual-care"));
}

TEST_CASE("65,000 definitions in a chain are refused at the first one over the limit, without a crash",
          "[declarative][limits]") {
    const std::string text = linear_chain(65000);
    REQUIRE(text.size() < (std::size_t{1} << 20));  // under the file limit: the definition limit decides
    appraise::test::temp_dir dir;
    const auto file = dir.write("chain.toml", text);
    const auto result = decl::compile_rubric_file(file.string(), "chain.toml");
    CAPTURE(problems_text(result).substr(0, 2000));
    CHECK(result.rubric == nullptr);
    REQUIRE(result.problems.size() == 1);
    const auto& p = result.problems[0];
    CHECK(p.code == "rubric/too-complex");
    CHECK(p.where.file == "chain.toml");
    CHECK(p.where.line == 10 + static_cast<int>(decl::max_definitions));  // the 1001st definition
    CHECK(p.where.column == 6);
    CHECK(p.message.find("65000 names, more than the 1000") != std::string::npos);
}

TEST_CASE("definitions may nest up to the depth limit, counted as if written out", "[declarative][limits]") {
    // d_0 nests 2 levels (a comparison), each d_k one more: the chain of n ends n + 1 deep.
    const int limit = decl::max_definition_depth;
    SECTION("at the limit: loads and evaluates") {
        const auto result = decl::compile_rubric(linear_chain(limit - 1), "r.toml");
        CAPTURE(problems_text(result));
        REQUIRE(result.problems.empty());
        CHECK(fires(result, "none"));
        CHECK(result.rubric->description.findings.at(0).reads == std::vector<std::string>{"design.comparator"});
    }
    SECTION("one deeper: refused where the chain grows too deep, once") {
        const auto result = decl::compile_rubric(linear_chain(limit), "r.toml");
        CAPTURE(problems_text(result));
        CHECK(result.rubric == nullptr);
        REQUIRE(result.problems.size() == 1);
        CHECK(result.problems[0].code == "rubric/too-complex");
        CHECK(result.problems[0].where.line == 10 + limit - 1);  // d_e7, the 512th
        CHECK(result.problems[0].where.column == 6);
        CHECK(result.problems[0].message.find("nests 513 levels deep") != std::string::npos);
        CHECK(result.problems[0].message.find("at most 512") != std::string::npos);
    }
    SECTION("far deeper: still one error") {
        const auto result = decl::compile_rubric(linear_chain(900), "r.toml");
        CHECK(result.rubric == nullptr);
        CHECK(result.problems.size() == 1);
    }
}

TEST_CASE("the rubric's total size is limited, each definition counted once", "[declarative][limits]") {
    // 60 definitions of 399 nodes each, and the base rubric: 23,944 nodes in all.
    std::string define;
    for (int k = 0; k < 60; ++k) {
        define += "n" + std::to_string(k) + " = '1";
        for (int i = 0; i < 199; ++i) define += " + 1";
        define += "'\n";
    }
    const auto result = decl::compile_rubric(rubric_with(define, "'\"yes\"'"), "r.toml");
    CAPTURE(problems_text(result));
    CHECK(result.rubric == nullptr);
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].code == "rubric/too-complex");
    CHECK(result.problems[0].where.line == 10 + 50);  // the 51st in the file takes the total past 20,000
    CHECK(result.problems[0].where.column == 7);
    CHECK(result.problems[0].message.find("have 23944 parts in all, more than the 20000") != std::string::npos);
}

TEST_CASE("the deepest evaluation the limits allow does not overflow the stack", "[declarative][limits]") {
    // Definitions as tall as an expression may be (a chain of 199 `or`), each naming the one before at
    // its deepest leaf: t0 nests 2 levels, t1 202, t2 402, t3 with `ors` of them 403 + ors. The
    // finding adds an expression's height on top: the evaluator's longest recursion.
    const auto rubric = [](int ors) {
        const auto tall = [](int k, int count) {
            std::string text = "\nt" + std::to_string(k) + " = 't" + std::to_string(k - 1);
            for (int i = 0; i < count; ++i) text += " or false";
            return text + "'";
        };
        std::string define = "t0 = 'design.comparator == \"none\"'" + tall(1, 199) + tall(2, 199) + tall(3, ors);
        std::string when = "t3";
        for (int i = 0; i < 199; ++i) when += " or false";
        return rubric_with(define, "'\"yes\"'", finding_when(when));
    };
    const int ors = decl::max_definition_depth - 403;
    const auto result = decl::compile_rubric(rubric(ors), "r.toml");
    CAPTURE(problems_text(result));
    REQUIRE(result.problems.empty());
    CHECK(fires(result, "none"));
    CHECK_FALSE(fires(result, "usual-care"));
    const auto deeper = decl::compile_rubric(rubric(ors + 1), "r.toml");
    REQUIRE(deeper.problems.size() == 1);
    CHECK(deeper.problems[0].code == "rubric/too-complex");
    CHECK(deeper.problems[0].where.line == 13);
    CHECK(deeper.problems[0].message.find("`t3` nests 513 levels deep") != std::string::npos);
}

TEST_CASE("load times of the language bombs", "[.][bench][declarative]") {
    // Not a timed test: run `declarative_tests "[bench]"` to print them.
    const auto time = [](const std::string& what, const std::string& text) {
        const auto start = std::chrono::steady_clock::now();
        const auto result = decl::compile_rubric(text, "bomb.toml");
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::cout << what << " (" << text.size() << " bytes): " << (result.rubric ? "loaded" : "refused") << " in "
                  << ms << " ms\n";
    };
    for (int n : {26, 30, 40}) time("2^N chain, N = " + std::to_string(n), doubling_chain(n));
    time("65,000-definition chain", linear_chain(65000));
    time("6 definitions x 100 uses", fan_chain(6, 100));
}

// ---------------------------------------------------------------- shipped rubrics

TEST_CASE("the shipped rubrics load as declarative rubrics", "[declarative][rubrics]") {
    CHECK(shipped().failures().empty());
    for (const char* id : {"jbi-qe-2017", "jbi-rct-2017", "jbi-qe-2024", "jbi-rct-2023", "jbi-qual", "casp-qual",
                           "mmat-2018", "replication-barriers"}) {
        const auto* entry = shipped().find(id);
        REQUIRE(entry != nullptr);
        CHECK(entry->kind == appraise::rubric_kind::declarative);
        CHECK(entry->origin.find("rubrics/" + std::string(id) + ".toml") != std::string::npos);
    }
    // Item counts of the instruments.
    const auto items = [](const char* id) {
        const auto& details = shipped().find(id)->description.details;
        std::size_t n = 0;
        for (auto at = details.find("      answers:"); at != std::string::npos;
             at = details.find("      answers:", at + 1))
            ++n;
        return n;
    };
    CHECK(items("jbi-qe-2017") == 9);
    CHECK(items("jbi-rct-2017") == 13);
    CHECK(items("jbi-qe-2024") == 9);
    CHECK(items("jbi-rct-2023") == 13);
    CHECK(items("jbi-qual") == 10);
    CHECK(items("casp-qual") == 9);  // question 10 is free text, not an item
    CHECK(items("mmat-2018") == 27);
    CHECK(items("replication-barriers") == 18);  // 2.0.0: the three dose items are item 8's; the comparator
}

TEST_CASE("jbi-qe-2017 derives answers from the facts", "[declarative][rubric:jbi-qe-2017]") {
    const auto a = appraise_with("jbi-qe-2017", load_one(studies_dir / "jbi-qe-pre-post.toml"));
    REQUIRE(a.size() == 1);
    const auto expect = [&](const char* item, const char* value, const char* provenance) {
        CAPTURE(item);
        CHECK(answer_of(a[0], item).value == value);
        CHECK(answer_of(a[0], item).provenance == provenance);
    };
    expect("q1", "yes", "derived");
    expect("q2", "not-applicable", "derived");
    expect("q3", "not-applicable", "derived");
    expect("q4", "no", "derived");
    expect("q5", "no", "derived");
    expect("q6", "yes", "derived");
    expect("q7", "", "not-assessed");  // the reviewer's to answer (no derive): never "unclear"
    expect("q8", "no", "derived");
    expect("q9", "yes", "derived");
    CHECK(domain_of(a[0], "follow-up")->judgement == "met");
    CHECK(domain_of(a[0], "analysis")->judgement == "met");
    // The domain that reads q7 is not assessed.
    std::size_t unjudged = 0;
    for (const auto& d : a[0].domains)
        if (std::any_of(d.answers.begin(), d.answers.end(), [](const sdk::answer& x) { return x.id == "q7"; })) {
            ++unjudged;
            CHECK(d.judgement.empty());
            CHECK(d.not_assessed == "not assessed: q7 is not answered");
        }
    CHECK(unjudged == 1u);
    CHECK_FALSE(a[0].overall.has_value());  // no computed overall: the inclusion decision is the reviewer's
    const auto* not_answered = finding_of(a[0], "jbi-qe-2017/not-answered");
    REQUIRE(not_answered != nullptr);
    CHECK(not_answered->level == sdk::severity::warning);
    CHECK(not_answered->message.find("`q7`") != std::string::npos);
    const auto* no_control = finding_of(a[0], "jbi-qe-2017/no-control-group");
    REQUIRE(no_control != nullptr);
    CHECK(no_control->where.line == 5);  // design.comparator
    CHECK(no_control->message.find("pre-post") != std::string::npos);
    CHECK(finding_of(a[0], "jbi-qe-2017/unreliable-outcome") != nullptr);
    CHECK(finding_of(a[0], "jbi-qe-2017/groups-not-similar") == nullptr);
}

TEST_CASE("jbi-qe-2017: coded answers win, bad ones are findings, overrides are kept",
          "[declarative][rubric:jbi-qe-2017]") {
    const auto a = appraise_with("jbi-qe-2017", load_one(studies_dir / "jbi-qe-coded.toml"));
    REQUIRE(a.size() == 1);
    CHECK(answer_of(a[0], "q3").provenance == "coded");
    CHECK(answer_of(a[0], "q5").value == "yes");  // the facts alone say "no" (two waves)
    CHECK(answer_of(a[0], "q5").provenance == "coded");
    CHECK(answer_of(a[0], "q7").provenance == "not-assessed");
    const auto* invalid = finding_of(a[0], "jbi-qe-2017/invalid-answer");
    REQUIRE(invalid != nullptr);
    CHECK(invalid->level == sdk::severity::error);
    CHECK(invalid->where.line == 13);
    CHECK(invalid->message.find("did you mean \"yes\"?") != std::string::npos);
    const auto* unknown = finding_of(a[0], "jbi-qe-2017/unknown-answer");
    REQUIRE(unknown != nullptr);
    CHECK(unknown->where.line == 15);
    CHECK_FALSE(a[0].overall.has_value());  // JBI computes no overall (instruments-2.md section 4)
    const auto* measurement = domain_of(a[0], "measurement");
    REQUIRE(measurement != nullptr);
    CHECK(measurement->judgement == "met");  // the written override stands on a domain not assessed (q7 invalid)
    CHECK(measurement->proposed.empty());
    CHECK(measurement->override_reason.find("weighed") != std::string::npos);
}

TEST_CASE("jbi-rct-2017 appraises randomised trials only", "[declarative][rubric:jbi-rct-2017]") {
    auto study = load_one(studies_dir / "replication-full.toml");
    auto a = appraise_with("jbi-rct-2017", study);
    REQUIRE(a.size() == 1);
    CHECK(answer_of(a[0], "q13").value == "yes");  // individually randomised
    CHECK(answer_of(a[0], "q1").value == "unclear");
    CHECK(appraise_with("jbi-rct-2017", load_one(studies_dir / "jbi-qe-pre-post.toml")).empty());
}

TEST_CASE("mmat-2018 rates a mixed-methods study on three categories, with no overall",
          "[declarative][rubric:mmat-2018]") {
    const auto a = appraise_with("mmat-2018", load_one(studies_dir / "mmat-mixed.toml"));
    REQUIRE(a.size() == 1);
    CHECK_FALSE(a[0].overall.has_value());
    std::vector<std::string> domains;
    for (const auto& d : a[0].domains) domains.push_back(d.id);
    CHECK(domains == std::vector<std::string>{"screening", "qualitative", "randomised", "mixed"});
    for (const char* item : {"2.1", "2.2", "2.3", "2.4", "2.5"}) {
        CAPTURE(item);
        CHECK(answer_of(a[0], item).value == "yes");
        CHECK(answer_of(a[0], item).provenance == "derived");
    }
    CHECK(domain_of(a[0], "randomised")->judgement == "all-met");
    CHECK(domain_of(a[0], "screening")->judgement == "all-met");
    // An item of this category has no derive and is not coded: not assessed.
    CHECK(domain_of(a[0], "qualitative")->judgement.empty());
    CHECK(domain_of(a[0], "qualitative")->not_assessed.rfind("not assessed: ", 0) == 0);
}

sdk::study study_text(const std::string& toml) {
    auto loaded = appraise::load_study_text(toml, "inline.toml");
    REQUIRE(loaded.studies.size() == 1);
    REQUIRE(loaded.studies[0].usable);
    return loaded.studies[0].study;
}

std::vector<std::string> domain_ids(const sdk::appraisal& a) {
    std::vector<std::string> ids;
    for (const auto& d : a.domains) ids.push_back(d.id);
    return ids;
}

TEST_CASE("mmat-2018 screening stops on no or can't tell", "[declarative][rubric:mmat-2018]") {
    // instruments.md section 5: if S1 or S2 is No or Can't tell, further appraisal may be infeasible.
    const auto screened = [](const char* s1, const char* s2) {
        const auto a = appraise_with("mmat-2018", study_text(std::string("id = \"t\"\n[design]\ntype = \"cohort\"\n"
                                                                         "[appraisal.mmat-2018]\ns1 = \"") +
                                                             s1 + "\"\ns2 = \"" + s2 + "\"\n"));
        REQUIRE(a.size() == 1);
        return a[0];
    };
    for (const auto& [s1, s2, fires] :
         std::vector<std::tuple<const char*, const char*, bool>>{{"yes", "yes", false},
                                                                 {"no", "yes", true},
                                                                 {"yes", "no", true},
                                                                 {"cant-tell", "yes", true},
                                                                 {"yes", "cant-tell", true},
                                                                 {"cant-tell", "cant-tell", true}}) {
        CAPTURE(s1, s2);
        const auto a = screened(s1, s2);
        CHECK((finding_of(a, "mmat-2018/screening-failed") != nullptr) == fires);
    }
    CHECK(domain_of(screened("yes", "cant-tell"), "screening")->judgement == "some-cant-tell");
    CHECK(domain_of(screened("no", "cant-tell"), "screening")->judgement == "some-not-met");
    // After a failed screening the category is not assessed, said once: no not-answered for its
    // criteria (a qualitative study's are all the reviewer's), only screening-failed.
    const auto qualitative = [](const char* s1) {
        const auto a =
            appraise_with("mmat-2018", study_text(std::string("id = \"t\"\n[design]\ntype = \"qualitative\"\n"
                                                              "[appraisal.mmat-2018]\ns1 = \"") +
                                                  s1 + "\"\ns2 = \"yes\"\n"));
        REQUIRE(a.size() == 1);
        return a[0];
    };
    const auto stopped = qualitative("cant-tell");
    REQUIRE(stopped.findings.size() == 1u);
    CHECK(stopped.findings[0].id == "mmat-2018/screening-failed");
    CHECK(domain_of(stopped, "qualitative")->judgement.empty());
    CHECK(domain_of(stopped, "qualitative")->not_assessed.rfind("not assessed: screening stopped", 0) == 0);
    // A derived category stops too: MMAT does not appraise past a failed screening.
    CHECK(domain_of(screened("no", "yes"), "non-randomised")->not_assessed.find("screening stopped") !=
          std::string::npos);
    // Screening passed: the category's unanswered criteria are asked for, as before.
    const auto passed = qualitative("yes");
    CHECK(finding_of(passed, "mmat-2018/not-answered") != nullptr);
    CHECK(domain_of(passed, "qualitative")->not_assessed.find("screening") == std::string::npos);
}

TEST_CASE("mmat-2018 puts analytic cross-sectional studies in category 3", "[declarative][rubric:mmat-2018]") {
    // MMAT 2018: analytic cross-sectional studies are quantitative non-randomised (3); a survey of
    // one group, or a case series, is quantitative descriptive (4).
    const auto category = [](const std::string& facts) {
        const auto a = appraise_with("mmat-2018", study_text("id = \"t\"\n" + facts));
        REQUIRE(a.size() == 1);
        return domain_ids(a[0]);
    };
    const std::vector<std::string> non_randomised{"screening", "non-randomised"};
    const std::vector<std::string> descriptive{"screening", "descriptive"};
    CHECK(category("[design]\ntype = \"cross-sectional\"\ncomparator = \"no-intervention\"\n") == non_randomised);
    CHECK(category("[design]\ntype = \"cross-sectional\"\n[sample]\narms = [120, 115]\n") == non_randomised);
    CHECK(category("[design]\ntype = \"cross-sectional\"\ncomparator = \"none\"\n[sample]\narms = [300]\n") ==
          descriptive);
    CHECK(category("[design]\ntype = \"cross-sectional\"\n") == descriptive);
    CHECK(category("[design]\ntype = \"case-series\"\n[sample]\narms = [12]\n") == descriptive);
    CHECK(category("[design]\ntype = \"cohort\"\n") == non_randomised);
}

TEST_CASE("replication-barriers: every missing item is a finding", "[declarative][rubric:replication-barriers]") {
    const auto full = appraise_with("replication-barriers", load_one(studies_dir / "replication-full.toml"));
    REQUIRE(full.size() == 1);
    CHECK(full[0].findings.empty());
    CHECK_FALSE(full[0].overall.has_value());  // 2.0.0: no overall unless a review names its rule

    sdk::study bare;
    bare.id = "bare";
    bare.root = appraise::parse_toml("id = \"bare\"\n[design]\ntype = \"rct\"\n", "bare.toml").root.value();
    const auto a = appraise_with("replication-barriers", bare);
    REQUIRE(a.size() == 1);
    std::set<std::string> fired;
    for (const auto& f : a[0].findings) {
        fired.insert(f.id.substr(f.id.find('/') + 1));
        CHECK(f.message.find("would not know") != std::string::npos);
    }
    // Nothing coded: every item not reported (the availability facts too, worded as not reported,
    // never as "not available"); items 9 and 10 do not apply (no tailoring or modification is said).
    const std::set<std::string> expected{
        "no-name",     "no-rationale",     "no-materials",     "materials-not-accessible",
        "no-manual",   "no-procedures",    "no-provider",      "no-provider-training",
        "no-mode",     "no-setting",       "no-sessions",      "no-session-length",
        "no-duration", "no-fidelity-plan", "no-fidelity-data", "comparator-not-described",
        "no-protocol", "no-data"};
    CHECK(fired == expected);
    CHECK_FALSE(a[0].overall.has_value());
}

// ---------------------------------------------------------------- the twin

TEST_CASE("the declarative twin gives the native plugin's findings on the example corpus", "[declarative][twin]") {
    appraise::rubric_registry registry;
    appraise::test::load_bundled(registry);
    decl::load_rubric_file(data_dir / "declarative" / "design-weakness-twin.toml", registry);
    REQUIRE(registry.find("design-weakness-twin") != nullptr);
    REQUIRE(registry.find("design-weakness") != nullptr);
    appraise::diagnostics problems;
    const auto rubrics =
        appraise::create_rubrics(registry, {{"design-weakness", {}}, {"design-weakness-twin", {}}}, {}, problems);
    REQUIRE(problems.empty());
    REQUIRE(rubrics.size() == 2);

    // assessors-not-blinded is left out: the native check now reads each outcome's self_report.
    const std::set<std::string> twinned{"not-registered", "no-theory", "no-power-calculation", "no-follow-up",
                                        "allocation-concealment-unreported"};
    // The concern too: the twin declares it with `concern = "..."` (bias by default).
    using key = std::tuple<std::string, std::string, sdk::severity, sdk::finding_concern, std::string, int, int>;
    std::multiset<key> native;
    std::multiset<key> twin;
    std::size_t studies = 0;
    appraise::corpus_walker corpus({(source_dir / "examples" / "left-behind-children").string()});
    while (auto item = corpus.next()) {
        if (!item->file) continue;
        for (const auto& loaded : appraise::load_study_file(item->file->path, item->file->display).studies) {
            if (!loaded.usable) continue;
            ++studies;
            for (const auto& a : appraise::appraise_study(loaded.study, rubrics)) {
                for (const auto& f : a.findings) {
                    const std::string slug = f.id.substr(f.id.find('/') + 1);
                    if (!twinned.count(slug)) continue;
                    (a.rubric == "design-weakness" ? native : twin)
                        .insert(
                            {loaded.study.id, slug, f.level, f.concern, f.where.file, f.where.line, f.where.column});
                }
            }
        }
    }
    CHECK(studies == 18);
    CHECK(native.size() > 40);
    std::set<std::string> slugs;
    for (const auto& k : native) slugs.insert(std::get<1>(k));
    CHECK(slugs == twinned);  // every twinned check fires somewhere
    CHECK(native == twin);
}

// ---------------------------------------------------------------- CLI

TEST_CASE("appraise list, explain and run treat declarative rubrics like plugins", "[declarative][cli]") {
    appraise::test::temp_dir dir;
    dir.write("broken.toml", rubric_with("c = 'design.comparater == \"none\"'", "'\"yes\"'"));
    auto list = appraise::test::run_appraise("list --rubric-dir '" + dir.path().string() + "'");
    CHECK(list.exit_code == 0);
    for (const char* id : {"jbi-qe-2017", "jbi-qe-2024", "jbi-rct-2023", "jbi-qual", "casp-qual"}) {
        CAPTURE(id);
        CHECK(list.out.find(std::string(id) + " ") != std::string::npos);
        CHECK(list.out.find("rubrics/" + std::string(id) + ".toml") != std::string::npos);
    }
    CHECK(list.out.find("declarative") != std::string::npos);
    CHECK(list.out.find("broken.toml:10:6: unknown field `design.comparater`") != std::string::npos);

    const auto explain = appraise::test::run_appraise("explain jbi-qe-2017");
    CHECK(explain.exit_code == 0);
    CHECK(explain.out.find("q4 [comparability]") != std::string::npos);
    CHECK(explain.out.find("derived from: design.comparator") != std::string::npos);
    CHECK(explain.out.find("jbi-qe-2017/no-control-group") != std::string::npos);
    const auto explain_2023 = appraise::test::run_appraise("explain jbi-rct-2023");
    CHECK(explain_2023.exit_code == 0);
    CHECK(explain_2023.out.find("q10 [retention]") != std::string::npos);
    CHECK(explain_2023.out.find("UNVERIFIED") != std::string::npos);

    const auto run = appraise::test::run_appraise(
        "run examples/left-behind-children -r jbi-qe-2017 -r jbi-rct-2017 -r mmat-2018 -r replication-barriers "
        "--format json");
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("\"provenance\":\"derived\"") != std::string::npos);
    CHECK(run.out.find("replication-barriers/no-fidelity-data") != std::string::npos);

    const auto missing = appraise::test::run_appraise("list --rubric-dir /no/such/dir");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("config/missing-rubric-dir") != std::string::npos);
}

TEST_CASE("declarative rubrics list the items only the reviewer answers, for appraise template", "[declarative]") {
    const auto& qs = shipped().find("jbi-qe-2017")->description.questions;
    REQUIRE(qs.size() == 2u);  // 9 items, 7 of them derived
    bool q7 = false;
    for (const auto& q : qs) {
        CHECK_FALSE(q.prompt.empty());
        CHECK_FALSE(q.domain.empty());
        CHECK(std::find(q.answers.begin(), q.answers.end(), "unclear") != q.answers.end());
        q7 = q7 || q.id == "q7";
    }
    CHECK(q7);
    // replication-barriers: its proposals are the reviewer's to confirm, so they are listed too.
    CHECK(shipped().find("replication-barriers")->description.questions.size() == 14u);
}

// ---------------------------------------------------------------- neutral "unclear" rationales

namespace {

// Words that say a piece of information is missing, not what it would show.
bool says_not_known(const std::string& text) {
    for (const std::string marker : {"not known", "no information", "not reported", "unknown"})
        if (text.find(marker) != std::string::npos) return true;
    return false;
}

// A design.type (and allocation) under which the domain is appraised.
std::string design_for(const std::string& rubric, const std::string& domain) {
    if (rubric == "jbi-qe-2017") return "type = \"non-randomised-controlled\"";
    if (rubric == "jbi-rct-2017" || rubric == "jbi-rct-2023") return "type = \"rct\"";
    if (rubric == "jbi-qe-2024") return "type = \"non-randomised-controlled\"";
    if (rubric == "jbi-qual" || rubric == "casp-qual") return "type = \"qualitative\"";
    if (domain == "qualitative") return "type = \"qualitative\"";
    if (domain == "non-randomised") return "type = \"cohort\"";
    if (domain == "descriptive") return "type = \"cross-sectional\"";
    if (domain == "mixed") return "type = \"mixed-methods\"\nallocation = \"random\"";
    return "type = \"rct\"";
}

}  // namespace

TEST_CASE("declarative rubrics: a rationale decided by unclear answers says what is not known",
          "[declarative][rubrics][ni]") {
    // Every combination of each domain's answers (the others all yes), coded.
    // Where the no-information word decided the rule (the rationale differs
    // from the one given with those answers read as yes, and as no), the
    // domain's and the overall rationale must say what is not known, never a
    // finding. replication-barriers is left out: its "not-reported" is the
    // finding itself (the study does not report the item).
    std::vector<std::string> problems;
    std::size_t decided_by_unclear = 0;
    for (const std::string id :
         {"jbi-qe-2017", "jbi-rct-2017", "jbi-qe-2024", "jbi-rct-2023", "jbi-qual", "casp-qual", "mmat-2018"}) {
        const auto compiled = decl::compile_rubric_file((source_dir / "rubrics" / (id + ".toml")).string(), id);
        REQUIRE(compiled.rubric);
        const auto& r = *compiled.rubric;
        const auto rubric = shipped().find(id)->factory({});
        for (const auto& d : r.domains) {
            const auto& scale = r.scales[r.items[d.items.front()].scale];
            const std::string unclear = scale.missing;
            std::vector<std::string> values;
            for (const auto& v : scale.values)
                if (v != scale.not_applicable) values.push_back(v);
            REQUIRE(std::find(values.begin(), values.end(), "yes") != values.end());
            REQUIRE(std::find(values.begin(), values.end(), "no") != values.end());
            const auto judge = [&](const std::map<std::string, std::string>& coded) {
                std::string toml = "id = \"t\"\n[design]\n" + design_for(id, d.id) + "\n[appraisal." + id + "]\n";
                for (const auto& item : r.items) {
                    const auto found = coded.find(item.id);
                    toml += "\"" + item.id + "\" = \"" + (found == coded.end() ? "yes" : found->second) + "\"\n";
                }
                auto file = appraise::load_study_text(toml, "t.toml");
                REQUIRE(file.studies.size() == 1u);
                const auto a = rubric->appraise(file.studies.front().study);
                REQUIRE(a.size() == 1u);
                std::string domain_rationale = "<domain not appraised>";
                for (const auto& result : a.front().domains)
                    if (result.id == d.id) domain_rationale = result.rationale;
                return std::pair{domain_rationale, a.front().overall_rationale};
            };
            std::vector<std::size_t> index(d.items.size(), 0);
            for (;;) {
                std::map<std::string, std::string> coded, as_yes, as_no;
                std::string combo;
                bool any_unclear = false;
                for (std::size_t i = 0; i < d.items.size(); ++i) {
                    const std::string& item = r.items[d.items[i]].id;
                    const std::string& v = values[index[i]];
                    coded[item] = v;
                    as_yes[item] = v == unclear ? "yes" : v;
                    as_no[item] = v == unclear ? "no" : v;
                    any_unclear = any_unclear || v == unclear;
                    combo += item + "=" + v + " ";
                }
                if (any_unclear) {
                    const auto [domain_text, overall_text] = judge(coded);
                    REQUIRE(domain_text != "<domain not appraised>");
                    const auto yes = judge(as_yes);
                    const auto no = judge(as_no);
                    if (domain_text != yes.first && domain_text != no.first) {
                        ++decided_by_unclear;
                        if (!says_not_known(domain_text))
                            problems.push_back(id + " " + d.id + " " + combo + ": " + domain_text);
                    }
                    if (r.has_overall && overall_text != yes.second && overall_text != no.second &&
                        !says_not_known(overall_text))
                        problems.push_back(id + " overall " + combo + ": " + overall_text);
                }
                std::size_t i = 0;
                while (i < index.size() && ++index[i] == values.size()) index[i++] = 0;
                if (i == index.size()) break;
            }
        }
    }
    CHECK(decided_by_unclear > 100u);
    for (std::size_t i = 0; i < problems.size() && i < 40; ++i) UNSCOPED_INFO(problems[i]);
    CHECK(problems.empty());
}

// ---------------------------------------------------------------- JBI revised (2023, 2024) and qualitative

namespace {

// One appraisal of `facts` (a study's TOML after its id line) with `coded` as the reviewer's answers.
sdk::appraisal appraise_coded(const std::string& rubric, const std::string& facts,
                              const std::map<std::string, std::string>& coded = {}) {
    std::string toml = "id = \"t\"\n" + facts + "\n";
    if (!coded.empty()) {
        toml += "[appraisal." + rubric + "]\n";
        for (const auto& [item, value] : coded) toml += "\"" + item + "\" = \"" + value + "\"\n";
    }
    const auto a = appraise_with(rubric, study_text(toml));
    REQUIRE(a.size() == 1u);
    return a[0];
}

// Each domain's item ids, once each (a per-outcome item has one answer per outcome).
std::map<std::string, std::vector<std::string>> items_by_domain(const sdk::appraisal& a) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& d : a.domains)
        for (const auto& x : d.answers)
            if (out[d.id].empty() || out[d.id].back() != x.id) out[d.id].push_back(x.id);
    return out;
}

// The answer to `item` for outcome `outcome` (empty: the study-level answer).
const sdk::answer* outcome_answer(const sdk::appraisal& a, const std::string& item, const std::string& outcome) {
    for (const auto& d : a.domains)
        for (const auto& x : d.answers)
            if (x.id == item && x.outcome == outcome) return &x;
    return nullptr;
}

const std::string rct_facts = R"([design]
type = "rct"
allocation = "random"
allocation_method = "computer-generated list"
concealment = true
[baseline]
equivalent = false
[blinding]
participants = true
providers = false
assessors = true
[attrition]
completion = [1.0, 1.0]
analysis = "per-protocol"
[analysis]
methods_appropriate = true
[[outcomes]]
id = "a"
reliable = true
[[outcomes]]
id = "b"
reliable = true)";

const std::string qe_facts = R"([design]
type = "non-randomised-controlled"
comparator = "usual-care"
[baseline]
equivalent = true
[followup]
posttest = true
waves = 2
[attrition]
completion = [0.8, 0.9]
reasons_reported = false
[analysis]
methods_appropriate = true
[[outcomes]]
id = "a"
reliable = false)";

}  // namespace

TEST_CASE("jbi-rct-2023 derives each item as jbi-rct-2017 does, in the 2023 order",
          "[declarative][rubric:jbi-rct-2023]") {
    const auto a = appraise_coded("jbi-rct-2023", rct_facts);
    CHECK_FALSE(a.overall.has_value());  // JBI 2023 discourages scores and cut-offs: no overall
    // instruments-2.md section 4: the 2023 item of each derived answer, with its value here.
    for (const auto& [item, value] : std::vector<std::pair<const char*, const char*>>{{"q1", "yes"},
                                                                                      {"q2", "yes"},
                                                                                      {"q3", "no"},
                                                                                      {"q4", "yes"},
                                                                                      {"q5", "no"},
                                                                                      {"q7", "yes"},
                                                                                      {"q9", "yes"},
                                                                                      {"q10", "yes"},
                                                                                      {"q11", "no"},
                                                                                      {"q12", "yes"},
                                                                                      {"q13", "yes"}}) {
        CAPTURE(item);
        CHECK(answer_of(a, item).value == value);
        CHECK(answer_of(a, item).provenance == "derived");
    }
    for (const char* item : {"q6", "q8"}) {  // the reviewer's: treated alike, measured the same way
        CAPTURE(item);
        CHECK(answer_of(a, item).value.empty());
        CHECK(answer_of(a, item).provenance == "not-assessed");
    }
    // The 2017 -> 2023 id map: the same facts give the same answer under the renumbered item.
    const auto old = appraise_coded("jbi-rct-2017", rct_facts);
    const std::map<std::string, std::string> map_2017_to_2023{
        {"q1", "q1"},  {"q2", "q2"},  {"q3", "q3"},  {"q4", "q4"},  {"q5", "q5"},   {"q6", "q7"},  {"q7", "q6"},
        {"q8", "q10"}, {"q9", "q11"}, {"q10", "q8"}, {"q11", "q9"}, {"q12", "q12"}, {"q13", "q13"}};
    for (const auto& [from, to] : map_2017_to_2023) {
        CAPTURE(from, to);
        CHECK(answer_of(old, from).value == answer_of(a, to).value);
        CHECK(answer_of(old, from).provenance == answer_of(a, to).provenance);
    }
    // Domains of instruments-2.md section 4 (grouping UNVERIFIED there).
    const std::map<std::string, std::vector<std::string>> domains{{"selection", {"q1", "q2", "q3"}},
                                                                  {"administration", {"q4", "q5", "q6"}},
                                                                  {"assessment", {"q7", "q8", "q9"}},
                                                                  {"retention", {"q10"}},
                                                                  {"statistics", {"q11", "q12", "q13"}}};
    CHECK(items_by_domain(a) == domains);
    CHECK(domain_of(a, "selection")->judgement == "not-met");  // q3 no
    CHECK(domain_of(a, "administration")->judgement.empty());  // q6 not answered
    CHECK(domain_of(a, "retention")->judgement == "met");
    CHECK(domain_of(a, "statistics")->judgement == "not-met");  // q11 no
    CHECK(finding_of(a, "jbi-rct-2023/not-analysed-as-randomised") != nullptr);
    CHECK(appraise_with("jbi-rct-2023", load_one(studies_dir / "jbi-qe-pre-post.toml")).empty());
}

TEST_CASE("jbi-rct-2023 and jbi-qe-2024: follow-up is complete, or its differences described and analysed",
          "[declarative][rubric:jbi-rct-2023][rubric:jbi-qe-2024]") {
    // JBI's wording (instruments-2.md section 4): withdrawals described per group are not enough
    // for a yes; whether they were analysed is the reviewer's to code.
    const auto followup = [](const std::string& rubric, const std::string& item, const std::string& design,
                             const std::string& attrition) {
        const auto a = appraise_coded(rubric, "[design]\ntype = \"" + design + "\"\n" + attrition);
        return std::pair{answer_of(a, item).value, answer_of(a, item).provenance};
    };
    using row = std::tuple<const char*, const char*, const char*>;
    for (const auto& [attrition, value, provenance] :
         std::vector<row>{{"[attrition]\ncompletion = [1.0, 1.0]\n", "yes", "derived"},
                          {"[attrition]\ncompletion = [0.8, 0.9]\nreasons_reported = false\n", "no", "derived"},
                          {"[attrition]\ncompletion = [0.8, 0.9]\nreasons_reported = true\n", "unclear", "derived"},
                          {"[attrition]\ncompletion = [0.8, 0.9]\n", "unclear", "missing"},
                          {"", "unclear", "missing"}}) {
        CAPTURE(attrition);
        CHECK(followup("jbi-rct-2023", "q10", "rct", attrition) ==
              std::pair<std::string, std::string>{value, provenance});
        CHECK(followup("jbi-qe-2024", "q8", "non-randomised-controlled", attrition) ==
              std::pair<std::string, std::string>{value, provenance});
    }
    // The reviewer who reads an analysis of the losses codes yes.
    const auto coded = appraise_coded("jbi-rct-2023",
                                      "[design]\ntype = \"rct\"\n[attrition]\ncompletion = [0.8, 0.9]\n"
                                      "reasons_reported = true\n",
                                      {{"q10", "yes"}});
    CHECK(answer_of(coded, "q10").provenance == "coded");
    CHECK(domain_of(coded, "retention")->judgement == "met");
}

TEST_CASE("jbi-qe-2024 derives each item as jbi-qe-2017 does, with the 2017 -> 2024 id map",
          "[declarative][rubric:jbi-qe-2024]") {
    const auto a = appraise_coded("jbi-qe-2024", qe_facts);
    CHECK_FALSE(a.overall.has_value());
    for (const auto& [item, value] : std::vector<std::pair<const char*, const char*>>{
             {"q1", "yes"}, {"q2", "yes"}, {"q4", "yes"}, {"q5", "no"}, {"q7", "no"}, {"q8", "no"}, {"q9", "yes"}}) {
        CAPTURE(item);
        CHECK(answer_of(a, item).value == value);
        CHECK(answer_of(a, item).provenance == "derived");
    }
    for (const char* item : {"q3", "q6"}) {
        CAPTURE(item);
        CHECK(answer_of(a, item).provenance == "not-assessed");
    }
    // instruments-2.md section 4: 2017 Q6 (follow-up) -> 2024 Q8; 2017 Q7, Q8 -> 2024 Q6, Q7.
    const auto old = appraise_coded("jbi-qe-2017", qe_facts);
    const std::map<std::string, std::string> map_2017_to_2024{{"q1", "q1"}, {"q2", "q2"}, {"q3", "q3"},
                                                              {"q4", "q4"}, {"q5", "q5"}, {"q6", "q8"},
                                                              {"q7", "q6"}, {"q8", "q7"}, {"q9", "q9"}};
    for (const auto& [from, to] : map_2017_to_2024) {
        CAPTURE(from, to);
        CHECK(answer_of(old, from).value == answer_of(a, to).value);
        CHECK(answer_of(old, from).provenance == answer_of(a, to).provenance);
    }
    const std::map<std::string, std::vector<std::string>> domains{{"temporal", {"q1"}},
                                                                  {"selection", {"q2"}},
                                                                  {"confounding", {"q3"}},
                                                                  {"administration", {"q4"}},
                                                                  {"measurement", {"q5", "q6", "q7"}},
                                                                  {"retention", {"q8"}},
                                                                  {"statistics", {"q9"}}};
    CHECK(items_by_domain(a) == domains);
    CHECK(finding_of(a, "jbi-qe-2024/follow-up-incomplete") != nullptr);
    CHECK(finding_of(a, "jbi-qe-2024/unreliable-outcome") != nullptr);
    // A pre-post study without a comparison: q2 and q3 do not apply; q4 is no.
    const auto pre_post = appraise_with("jbi-qe-2024", load_one(studies_dir / "jbi-qe-pre-post.toml"));
    REQUIRE(pre_post.size() == 1u);
    CHECK(answer_of(pre_post[0], "q2").value == "not-applicable");
    CHECK(answer_of(pre_post[0], "q3").value == "not-applicable");
    CHECK(answer_of(pre_post[0], "q4").value == "no");
    CHECK(domain_of(pre_post[0], "confounding")->judgement == "met");  // not applicable only
}

TEST_CASE("the JBI rubrics' domain rules: any no is not met, all yes or not applicable met, else unclear",
          "[declarative][rubric:jbi-rct-2023][rubric:jbi-qe-2024][rubric:jbi-qual]") {
    // The rule table written from instruments-2.md section 4 (summary words of these rubrics,
    // not JBI's): the first item of each domain takes the value, the others are yes.
    using row = std::tuple<const char*, const char*, const char*>;  // first item, second item, judgement
    const std::vector<row> table{{"yes", "yes", "met"},
                                 {"not-applicable", "yes", "met"},
                                 {"no", "yes", "not-met"},
                                 {"unclear", "yes", "unclear"},
                                 {"no", "unclear", "not-met"},
                                 {"unclear", "not-applicable", "unclear"},
                                 {"not-applicable", "not-applicable", "met"}};
    for (const auto& [rubric, facts] : std::vector<std::pair<std::string, std::string>>{
             {"jbi-rct-2023", "[design]\ntype = \"rct\""},
             {"jbi-qe-2024", "[design]\ntype = \"non-randomised-controlled\""},
             {"jbi-qual", "[design]\ntype = \"qualitative\""}}) {
        const auto shape = items_by_domain(appraise_coded(rubric, facts));
        std::vector<std::string> all;
        for (const auto& [d, items] : shape) all.insert(all.end(), items.begin(), items.end());
        for (const auto& [domain, items] : shape)
            for (const auto& [first, second, judgement] : table) {
                if (items.size() < 2 && std::string(second) != "yes") continue;
                std::map<std::string, std::string> coded;
                for (const auto& item : all) coded[item] = "yes";
                coded[items[0]] = first;
                if (items.size() > 1) coded[items[1]] = second;
                CAPTURE(rubric, domain, first, second);
                const auto a = appraise_coded(rubric, facts, coded);
                CHECK_FALSE(a.overall.has_value());
                CHECK(domain_of(a, domain)->judgement == judgement);
            }
    }
}

TEST_CASE("jbi-qual: ten reviewer's items for qualitative studies, two groups, no overall",
          "[declarative][rubric:jbi-qual]") {
    const std::string facts = "[design]\ntype = \"qualitative\"\ntheory = \"Social support theory\"";
    const auto blank = appraise_coded("jbi-qual", facts);
    CHECK_FALSE(blank.overall.has_value());
    const std::map<std::string, std::vector<std::string>> domains{
        {"congruity", {"q1", "q2", "q3", "q4", "q5"}},
        {"researcher-participants-conclusions", {"q6", "q7", "q8", "q9", "q10"}}};
    CHECK(items_by_domain(blank) == domains);
    // No codebook field decides an item: every one is the reviewer's, never a guessed "unclear".
    for (const auto& [d, items] : domains)
        for (const auto& item : items) {
            CAPTURE(item);
            CHECK(answer_of(blank, item).provenance == "not-assessed");
            CHECK(answer_of(blank, item).value.empty());
        }
    for (const auto& d : blank.domains) CHECK(d.not_assessed.rfind("not assessed: ", 0) == 0);
    CHECK(finding_of(blank, "jbi-qual/not-answered") != nullptr);
    CHECK(shipped().find("jbi-qual")->description.questions.size() == 10u);
    // Coded answers decide; findings for an unethical study and unsupported conclusions.
    std::map<std::string, std::string> coded;
    for (int i = 1; i <= 10; ++i) coded["q" + std::to_string(i)] = "yes";
    coded["q9"] = "no";
    coded["q10"] = "no";
    const auto a = appraise_coded("jbi-qual", facts, coded);
    CHECK(answer_of(a, "q9").provenance == "coded");
    CHECK(domain_of(a, "congruity")->judgement == "met");
    CHECK(domain_of(a, "researcher-participants-conclusions")->judgement == "not-met");
    CHECK(finding_of(a, "jbi-qual/not-ethical") != nullptr);
    CHECK(finding_of(a, "jbi-qual/conclusions-not-from-data") != nullptr);
    CHECK(finding_of(a, "jbi-qual/not-answered") == nullptr);
    // Qualitative studies only.
    CHECK(appraise_with("jbi-qual", study_text("id = \"t\"\n[design]\ntype = \"rct\"\n")).empty());
    CHECK(appraise_with("casp-qual", study_text("id = \"t\"\n[design]\ntype = \"cohort\"\n")).empty());
}

TEST_CASE("casp-qual: the screening questions stop the appraisal unless both are yes",
          "[declarative][rubric:casp-qual]") {
    // instruments-2.md section 4 (CASP 2013 form, VERIFIED): proceed only if Q1 and Q2 are both yes.
    const std::string facts = "[design]\ntype = \"qualitative\"";
    const auto casp = [&](const char* q1, const char* q2, const char* rest = "yes") {
        std::map<std::string, std::string> coded{{"q1", q1}, {"q2", q2}};
        for (int i = 3; i <= 9; ++i) coded["q" + std::to_string(i)] = rest;
        return appraise_coded("casp-qual", facts, coded);
    };
    using row = std::tuple<const char*, const char*, const char*, bool>;  // q1, q2, screening, stops
    for (const auto& [q1, q2, screening, stops] : std::vector<row>{{"yes", "yes", "all-yes", false},
                                                                   {"no", "yes", "some-no", true},
                                                                   {"yes", "no", "some-no", true},
                                                                   {"cant-tell", "yes", "some-cant-tell", true},
                                                                   {"yes", "cant-tell", "some-cant-tell", true},
                                                                   {"no", "cant-tell", "some-no", true}}) {
        CAPTURE(q1, q2);
        const auto a = casp(q1, q2);
        CHECK_FALSE(a.overall.has_value());
        CHECK(domain_of(a, "screening")->judgement == screening);
        CHECK((finding_of(a, "casp-qual/screening-stop") != nullptr) == stops);
        for (const char* section : {"validity", "results"}) {
            CAPTURE(section);
            // Screening stopped: the section is not assessed (no judgement), its answers still listed.
            CHECK(domain_of(a, section)->judgement == (stops ? "" : "all-yes"));
            CHECK(domain_of(a, section)->not_assessed ==
                  (stops ? "not assessed: screening stopped: question 1 or 2 is not yes, and CASP goes on only when "
                           "both are yes (CASP 2013 form, instruments-2.md section 4)"
                         : ""));
            CHECK_FALSE(domain_of(a, section)->answers.empty());
        }
    }
    // A failed screening is said once: the later questions, left out, are not asked for.
    for (const auto& [q1, q2] : std::vector<std::pair<const char*, const char*>>{{"no", "yes"}, {"yes", "cant-tell"}}) {
        CAPTURE(q1, q2);
        const auto stopped = appraise_coded("casp-qual", facts, {{"q1", q1}, {"q2", q2}});
        REQUIRE(stopped.findings.size() == 1u);
        CHECK(stopped.findings[0].id == "casp-qual/screening-stop");
        CHECK(domain_of(stopped, "validity")->not_assessed.find("screening stopped") != std::string::npos);
        CHECK(domain_of(stopped, "results")->not_assessed.find("screening stopped") != std::string::npos);
    }
    // A screening not answered stops nothing: each section asks for its own questions.
    const auto open = appraise_coded("casp-qual", facts, {{"q1", "yes"}});
    CHECK(domain_of(open, "validity")->not_assessed == "not assessed: q3, q4, q5 and q6 are not answered");
    CHECK(finding_of(open, "casp-qual/screening-stop") == nullptr);
    // Past the screening, the sections summarise their answers.
    CHECK(domain_of(casp("yes", "yes", "cant-tell"), "validity")->judgement == "some-cant-tell");
    CHECK(domain_of(casp("yes", "yes", "no"), "results")->judgement == "some-no");
    std::map<std::string, std::vector<std::string>> sections{
        {"screening", {"q1", "q2"}}, {"validity", {"q3", "q4", "q5", "q6"}}, {"results", {"q7", "q8", "q9"}}};
    CHECK(items_by_domain(casp("yes", "yes")) == sections);
    // Question 10 is free text and not scored: it is not an item, so coding it is an unknown answer.
    const auto q10 = appraise_with(
        "casp-qual",
        study_text("id = \"t\"\n[design]\ntype = \"qualitative\"\n[appraisal.casp-qual]\nq10 = \"valuable\"\n"));
    REQUIRE(q10.size() == 1u);
    CHECK(finding_of(q10[0], "casp-qual/unknown-answer") != nullptr);
    // Nothing is derived: an uncoded study leaves every question to the reviewer.
    const auto blank = appraise_coded("casp-qual", facts);
    for (const char* item : {"q1", "q2", "q3", "q9"}) CHECK(answer_of(blank, item).provenance == "not-assessed");
}

TEST_CASE("the JBI rubrics compute no overall judgement", "[declarative][rubrics]") {
    // JBI's forms end with the reviewer's include / exclude / seek-further-info decision
    // (instruments-2.md section 4): no shipped JBI or CASP rubric has an [overall].
    for (const std::string id :
         {"jbi-qe-2017", "jbi-rct-2017", "jbi-qe-2024", "jbi-rct-2023", "jbi-qual", "casp-qual"}) {
        CAPTURE(id);
        const auto compiled = decl::compile_rubric_file((source_dir / "rubrics" / (id + ".toml")).string(), id);
        REQUIRE(compiled.rubric);
        CHECK_FALSE(compiled.rubric->has_overall);
    }
    // An override of "overall" is then a coding error that names the domains instead.
    const auto a = appraise_with("jbi-rct-2017", study_text("id = \"t\"\n[design]\ntype = \"rct\"\n"
                                                            "[appraisal.jbi-rct-2017.override]\n"
                                                            "overall = { judgement = \"met\", reason = \"r\" }\n"));
    REQUIRE(a.size() == 1u);
    const auto* invalid = finding_of(a[0], "jbi-rct-2017/invalid-answer");
    REQUIRE(invalid != nullptr);
    CHECK(invalid->message.find("not a domain of this rubric") != std::string::npos);
}

// ---------------------------------------------------------------- per-outcome items

TEST_CASE("a per_outcome item reads one outcome's fields, elsewhere they stay one value per outcome",
          "[declarative][language][per-outcome]") {
    const auto rubric = [](const std::string& item_extra, const std::string& derive) {
        return "[rubric]\nid = \"t\"\nname = \"T\"\nversion = \"1\"\njudgement_scale = [\"low\", \"high\"]\n"
               "[scales.yn]\nvalues = [\"yes\", \"no\", \"unclear\"]\nmissing = \"unclear\"\n"
               "[[item]]\nid = \"q1\"\nprompt = \"p\"\nscale = \"yn\"\n" +
               item_extra + "derive = '" + derive +
               "'\n[[domain]]\nid = \"d\"\nname = \"D\"\nitems = [\"q1\"]\n"
               "[[domain.rule]]\nwhen = 'any(answers, \"no\")'\njudgement = \"high\"\n"
               "[[domain.rule]]\njudgement = \"low\"\n"
               "[[finding]]\nid = \"unreliable\"\nseverity = \"warning\"\nwhen = 'answer(\"q1\") == \"no\"'\n"
               "message = \"not reliable\"\n";
    };
    const std::string one = "if outcomes.reliable then \"yes\" else \"no\"";
    // Study level, outcomes.reliable is a list: a condition on it is a type error (line 13).
    require_error(rubric("", one), {"rubric/type-mismatch", 13, 14, "needs true/false, but this is a list"});
    require_error(rubric("per_outcome = \"yes\"\n", one), {"rubric/type-mismatch", 13, 15, "true or false"});
    const auto compiled = decl::compile_rubric(rubric("per_outcome = true\n", one), "r.toml");
    REQUIRE(compiled.rubric != nullptr);
    CHECK(compiled.rubric->items[0].per_outcome);
    CHECK(compiled.rubric->description.details.find("per outcome: answered once per [[outcomes]] result") !=
          std::string::npos);
    decl::declarative_rubric r(compiled.rubric);
    const auto a =
        r.appraise(study_text("id = \"t\"\n[[outcomes]]\nid = \"read\"\nreliable = true\n"
                              "[[outcomes]]\nid = \"math\"\nreliable = false\n"
                              "[[outcomes]]\nid = \"sci\"\n"));
    REQUIRE(a.size() == 1u);
    REQUIRE(a[0].domains[0].answers.size() == 3u);
    CHECK(outcome_answer(a[0], "q1", "read")->value == "yes");
    CHECK(outcome_answer(a[0], "q1", "math")->value == "no");
    CHECK(outcome_answer(a[0], "q1", "sci")->value == "unclear");  // not reported for that outcome
    CHECK(outcome_answer(a[0], "q1", "sci")->provenance == "missing");
    // The domain is judged per outcome; its judgement is the worst (high), the rationale names each.
    CHECK(a[0].domains[0].judgement == "high");
    CHECK(a[0].domains[0].rationale.find("worst over the outcomes: read and sci: low") != std::string::npos);
    CHECK(a[0].domains[0].rationale.find("math: high (rule 1") != std::string::npos);
    // The finding on the per-outcome answer fires for the one outcome it holds for.
    REQUIRE(a[0].findings.size() == 1u);
    CHECK(a[0].findings[0].message == "outcome math: not reliable");
    // No [[outcomes]]: answered once, for the study.
    const auto none = r.appraise(study_text("id = \"t\"\n"));
    REQUIRE(none[0].domains[0].answers.size() == 1u);
    CHECK(none[0].domains[0].answers[0].outcome.empty());
    CHECK(none[0].domains[0].answers[0].value == "unclear");
    CHECK(none[0].domains[0].rationale.rfind("rule 2", 0) == 0);
}

TEST_CASE("per-result answers name a coded outcome, answers for another outcome are not dropped silently",
          "[declarative][per-outcome]") {
    const std::string rubric =
        "[rubric]\nid = \"t\"\nname = \"T\"\nversion = \"1\"\njudgement_scale = [\"low\", \"high\"]\n"
        "[scales.yn]\nvalues = [\"yes\", \"no\", \"unclear\"]\nmissing = \"unclear\"\n"
        "[[item]]\nid = \"q1\"\nprompt = \"p\"\nscale = \"yn\"\nper_outcome = true\n"
        "[[domain]]\nid = \"d\"\nname = \"D\"\nitems = [\"q1\"]\n"
        "[[domain.rule]]\nwhen = 'any(answers, \"no\")'\njudgement = \"high\"\n"
        "[[domain.rule]]\njudgement = \"low\"\n"
        "[[finding]]\nid = \"weak\"\nseverity = \"warning\"\nwhen = 'answer(\"q1\") == \"no\"'\n"
        "message = \"weak {outcomes.instrument}\"\n";
    const auto compiled = decl::compile_rubric(rubric, "r.toml");
    INFO((compiled.problems.empty() ? std::string()
                                    : compiled.problems.front().code + ": " + compiled.problems.front().message));
    REQUIRE(compiled.rubric != nullptr);
    decl::declarative_rubric r(compiled.rubric);
    const std::string outcomes =
        "[[outcomes]]\nid = \"reading\"\ninstrument = \"R-test\"\n"
        "[[outcomes]]\nid = \"math\"\ninstrument = \"M-test\"\n";
    const auto has = [](const sdk::appraisal& a, const std::string& id, const std::string& text) {
        return std::any_of(a.findings.begin(), a.findings.end(), [&](const sdk::finding& f) {
            return f.id == id && f.message.find(text) != std::string::npos;
        });
    };
    SECTION("an outcome that is not coded is an error, with the nearest id") {
        const auto a = r.appraise(study_text("id = \"s\"\n" + outcomes +
                                             "[[appraisal.t]]\noutcome = \"readng\"\nq1 = \"yes\"\n"
                                             "[[appraisal.t]]\noutcome = \"math\"\nq1 = \"no\"\n"));
        REQUIRE(a.size() == 2u);
        CHECK(has(a[0], "t/invalid-answer", "outcome = \"readng\" names no [[outcomes]] entry"));
        CHECK(has(a[0], "t/invalid-answer", "did you mean \"reading\"?"));
        CHECK_FALSE(has(a[1], "t/invalid-answer", ""));
    }
    SECTION("several results, one without an outcome: a warning, as the native plugins give") {
        const auto a = r.appraise(study_text("id = \"s\"\n" + outcomes +
                                             "[[appraisal.t]]\nq1 = \"yes\"\n"
                                             "[[appraisal.t]]\noutcome = \"math\"\nq1 = \"no\"\n"));
        REQUIRE(a.size() == 2u);
        CHECK(a[0].label == "result 1");
        CHECK(has(a[0], "t/result-unlabelled", "names no `outcome`"));
        CHECK_FALSE(has(a[1], "t/result-unlabelled", ""));
    }
    SECTION("inside one outcome's result, an answer for another outcome is refused, not dropped") {
        const auto a = r.appraise(
            study_text("id = \"s\"\n" + outcomes + "[[appraisal.t]]\noutcome = \"reading\"\nq1 = { math = \"no\" }\n"));
        REQUIRE(a.size() == 1u);
        CHECK(has(a[0], "t/unknown-answer", "inside the result for `reading`"));
    }
    SECTION("a per-outcome finding's message reads that outcome's fields") {
        const auto a = r.appraise(
            study_text("id = \"s\"\n" + outcomes + "[appraisal.t]\nq1 = { reading = \"yes\", math = \"no\" }\n"));
        REQUIRE(a.size() == 1u);
        CHECK(has(a[0], "t/weak", "outcome math: weak M-test"));
        CHECK_FALSE(has(a[0], "t/weak", "R-test"));
    }
}

TEST_CASE("another_case: one finding id with a second when and message, graded as the first",
          "[declarative][language]") {
    const auto rubric = [](const std::string& second) {
        return "[rubric]\nid = \"t\"\nname = \"T\"\nversion = \"1\"\njudgement_scale = [\"low\", \"high\"]\n"
               "[scales.yn]\nvalues = [\"yes\", \"no\", \"unclear\"]\nmissing = \"unclear\"\n"
               "[[item]]\nid = \"q1\"\nprompt = \"p\"\nscale = \"yn\"\n"
               "derive = 'if design.protocol then \"yes\" else \"no\"'\n"
               "[[domain]]\nid = \"d\"\nname = \"D\"\nitems = [\"q1\"]\n"
               "[[domain.rule]]\njudgement = \"low\"\n"
               "[[finding]]\nid = \"no-protocol\"\nseverity = \"warning\"\nwhen = 'answer(\"q1\") == \"no\"'\n"
               "message = \"reported as unavailable\"\n" +
               second;
    };
    const auto problems = [](const std::string& text) {
        const auto result = decl::compile_rubric(text, "r.toml");
        std::string all;
        for (const auto& p : result.problems) all += p.code + " " + p.message + "\n";
        return std::make_pair(result.rubric, all);
    };
    const std::string case_two =
        "[[finding]]\nid = \"no-protocol\"\nanother_case = true\nseverity = \"warning\"\n"
        "when = 'answer(\"q1\") == \"unclear\"'\nmessage = \"not reported\"\n";
    const auto ok = problems(rubric(case_two));
    INFO(ok.second);
    REQUIRE(ok.first != nullptr);
    // One catalogue row, two cases; each fires with its own words under the one id.
    CHECK(std::count_if(ok.first->description.findings.begin(), ok.first->description.findings.end(),
                        [](const sdk::finding_spec& f) { return f.slug == "no-protocol"; }) == 1);
    decl::declarative_rubric r(ok.first);
    const auto unavailable = r.appraise(study_text("id = \"s\"\n[design]\nprotocol = false\n"));
    REQUIRE(unavailable[0].findings.size() == 1u);
    CHECK(unavailable[0].findings[0].id == "t/no-protocol");
    CHECK(unavailable[0].findings[0].message == "reported as unavailable");
    const auto silent = r.appraise(study_text("id = \"s\"\n"));
    REQUIRE(silent[0].findings.size() == 1u);
    CHECK(silent[0].findings[0].id == "t/no-protocol");
    CHECK(silent[0].findings[0].message == "not reported");
    // Without the flag a repeated id is an error that names it; the flag on a first case, or a
    // different grade, is refused.
    std::string without = case_two;
    without.erase(without.find("another_case = true\n"), std::string("another_case = true\n").size());
    CHECK_THAT(problems(rubric(without)).second, Catch::Contains("mark a second case of the same finding with "
                                                                 "`another_case = true`"));
    std::string info = case_two;
    info.replace(info.find("severity = \"warning\""), 20, "severity = \"info\"\n");
    CHECK_THAT(problems(rubric(info)).second, Catch::Contains("must have the first case's severity and concern"));
    CHECK_THAT(problems(rubric(case_two + "title = \"t\"\n")).second,
               Catch::Contains("`title` on another case of finding `no-protocol`: the first case describes"));
    std::string first = case_two;
    first.replace(first.find("no-protocol"), 11, "no-data");
    CHECK_THAT(problems(rubric(first)).second, Catch::Contains("no earlier [[finding]] has id `no-data`"));
}

TEST_CASE("stop_when and the overall rules cannot read one answer of a per-outcome item",
          "[declarative][per-outcome][language]") {
    const auto rubric = [](const std::string& domain_extra, const std::string& overall) {
        return "[rubric]\nid = \"t\"\nname = \"T\"\nversion = \"1\"\njudgement_scale = [\"low\", \"high\"]\n"
               "[scales.yn]\nvalues = [\"yes\", \"no\"]\nmissing = \"no\"\n"
               "[[item]]\nid = \"q1\"\nprompt = \"p\"\nscale = \"yn\"\nper_outcome = true\n"
               "[[item]]\nid = \"q2\"\nprompt = \"p\"\nscale = \"yn\"\n"
               "[[domain]]\nid = \"d\"\nname = \"D\"\nitems = [\"q1\", \"q2\"]\n" +
               domain_extra +
               "[[domain.rule]]\nwhen = 'any(answers, \"no\")'\njudgement = \"high\"\n"
               "[[domain.rule]]\njudgement = \"low\"\n" +
               overall;
    };
    const auto problems = [](const std::string& text) {
        const auto result = decl::compile_rubric(text, "r.toml");
        std::string all;
        for (const auto& p : result.problems) all += p.code + " " + p.message + "\n";
        return std::make_pair(result.rubric != nullptr, all);
    };
    const auto empty_reason = problems(rubric("stop_when = 'answer(\"q2\") == \"no\"'\nstop_because = \"\"\n", ""));
    CHECK_FALSE(empty_reason.first);
    CHECK_THAT(empty_reason.second, Catch::Contains("rubric/invalid `stop_because` is empty"));
    const auto stop = problems(rubric("stop_when = 'answer(\"q1\") == \"no\"'\nstop_because = \"b\"\n", ""));
    CHECK_FALSE(stop.first);
    CHECK_THAT(stop.second,
               Catch::Contains("item `q1` is answered once per outcome (per_outcome = true), so stop_when"));
    const auto overall =
        problems(rubric("",
                        "[overall]\n[[overall.rule]]\nwhen = 'answer(\"q1\") == \"no\"'\njudgement = \"high\"\n"
                        "[[overall.rule]]\njudgement = \"low\"\n"));
    CHECK_FALSE(overall.first);
    CHECK_THAT(overall.second, Catch::Contains("so the overall rules cannot read one answer"));
    // A study-level item stays readable in both.
    const auto study_level =
        problems(rubric("stop_when = 'answer(\"q2\") == \"no\"'\nstop_because = \"b\"\n",
                        "[overall]\n[[overall.rule]]\nwhen = 'answer(\"q2\") == \"no\"'\njudgement = \"high\"\n"
                        "[[overall.rule]]\njudgement = \"low\"\n"));
    INFO(study_level.second);
    CHECK(study_level.first);
}

TEST_CASE("jbi-rct-2023 answers items 7-12 per outcome, coded once for all or per outcome",
          "[declarative][rubric:jbi-rct-2023][per-outcome]") {
    // instruments-2.md section 4: items 7-12 per outcome, 1-6 and 13 per study.
    const auto a = appraise_coded("jbi-rct-2023", rct_facts + "\n[[outcomes]]\nid = \"c\"\nreliable = false\n");
    for (const char* item : {"q1", "q2", "q3", "q4", "q5", "q6", "q13"}) {
        CAPTURE(item);
        CHECK(outcome_answer(a, item, "") != nullptr);
        CHECK(outcome_answer(a, item, "a") == nullptr);
    }
    for (const char* item : {"q7", "q8", "q9", "q10", "q11", "q12"})
        for (const char* outcome : {"a", "b", "c"}) {
            CAPTURE(item, outcome);
            CHECK(outcome_answer(a, item, outcome) != nullptr);
            CHECK(outcome_answer(a, item, "") == nullptr);
        }
    CHECK(outcome_answer(a, "q9", "a")->value == "yes");  // each outcome's own reliability
    CHECK(outcome_answer(a, "q9", "c")->value == "no");
    // A finding that holds for several outcomes with the same message is one finding naming them.
    REQUIRE(finding_of(a, "jbi-rct-2023/not-analysed-as-randomised") != nullptr);
    CHECK(finding_of(a, "jbi-rct-2023/not-analysed-as-randomised")
              ->message.rfind("outcomes a, b and c: JBI 2023 item 11", 0) == 0);
    CHECK(std::count_if(a.findings.begin(), a.findings.end(),
                        [](const sdk::finding& x) { return x.id == "jbi-rct-2023/not-analysed-as-randomised"; }) == 1);
    // q8 is the reviewer's: not answered for any outcome, so the assessment domain is not assessed.
    CHECK(domain_of(a, "assessment")->judgement.empty());
    const auto q8 = std::find_if(a.findings.begin(), a.findings.end(), [](const sdk::finding& f) {
        return f.id == "jbi-rct-2023/not-answered" && f.message.find("item `q8`") != std::string::npos;
    });
    REQUIRE(q8 != a.findings.end());
    CHECK(q8->message.find("is not answered for outcomes a, b and c: its domain is not assessed") != std::string::npos);
    CHECK(q8->message.find("(for every outcome, or per outcome: { <outcome-id> = \"...\" })") != std::string::npos);

    // Coded per outcome: a wins for that outcome, the single answer for the others.
    const std::string toml = "id = \"t\"\n" + rct_facts +
                             "\n[appraisal.jbi-rct-2023]\nq6 = \"yes\"\nq8 = \"yes\"\n"
                             "q7 = { b = { value = \"no\", support = \"raters knew\", at = \"p. 4\" } }\n";
    const auto coded = appraise_with("jbi-rct-2023", study_text(toml));
    REQUIRE(coded.size() == 1u);
    CHECK(outcome_answer(coded[0], "q7", "a")->provenance == "derived");
    CHECK(outcome_answer(coded[0], "q7", "b")->value == "no");
    CHECK(outcome_answer(coded[0], "q7", "b")->provenance == "coded");
    CHECK(outcome_answer(coded[0], "q8", "a")->provenance == "coded");
    CHECK(domain_of(coded[0], "assessment")->judgement == "not-met");  // worst of a: met, b: not-met
    CHECK(domain_of(coded[0], "assessment")->rationale.find("a: met") != std::string::npos);
    CHECK(domain_of(coded[0], "assessment")->rationale.find("b: not-met") != std::string::npos);
    CHECK(finding_of(coded[0], "jbi-rct-2023/assessors-not-blind")->message.rfind("outcome b: ", 0) == 0);

    // A key that is no outcome id, and a word off the scale, are coding errors.
    const auto bad = appraise_with("jbi-rct-2023", study_text("id = \"t\"\n" + rct_facts +
                                                              "\n[appraisal.jbi-rct-2023]\n"
                                                              "q7 = { bb = \"no\", a = \"maybe\" }\n"));
    const auto* unknown = finding_of(bad[0], "jbi-rct-2023/unknown-answer");
    REQUIRE(unknown != nullptr);
    CHECK(unknown->message.find("outcome `bb`, which is not the id of an [[outcomes]] element; did you mean `b`?") !=
          std::string::npos);
    CHECK(finding_of(bad[0], "jbi-rct-2023/invalid-answer") != nullptr);
    // Only jbi items read per outcome: a table for a study-level item is an invalid answer.
    const auto table = appraise_with(
        "jbi-rct-2023", study_text("id = \"t\"\n" + rct_facts + "\n[appraisal.jbi-rct-2023]\nq6 = { a = \"no\" }\n"));
    CHECK(finding_of(table[0], "jbi-rct-2023/invalid-answer") != nullptr);
}

TEST_CASE("jbi-qe-2024 answers items 5-7 per outcome, the unreliable-outcome finding names its outcome",
          "[declarative][rubric:jbi-qe-2024][per-outcome]") {
    const auto a = appraise_coded("jbi-qe-2024", qe_facts + "\n[[outcomes]]\nid = \"b\"\nreliable = true\n",
                                  {{"q3", "yes"}, {"q6", "yes"}});
    CHECK(outcome_answer(a, "q7", "a")->value == "no");
    CHECK(outcome_answer(a, "q7", "b")->value == "yes");
    CHECK(outcome_answer(a, "q5", "b") != nullptr);
    CHECK(outcome_answer(a, "q8", "") != nullptr);
    const auto* f = finding_of(a, "jbi-qe-2024/unreliable-outcome");
    REQUIRE(f != nullptr);
    CHECK(f->message.rfind("outcome a: ", 0) == 0);
    CHECK(std::count_if(a.findings.begin(), a.findings.end(),
                        [](const sdk::finding& x) { return x.id == "jbi-qe-2024/unreliable-outcome"; }) == 1);
    CHECK(domain_of(a, "measurement")->judgement == "not-met");
}

TEST_CASE("reports show a per-outcome answer with its outcome", "[declarative][reports][per-outcome]") {
    appraise::test::temp_dir dir;
    dir.write("s.toml", "id = \"t\"\n" + rct_facts + "\n[appraisal.jbi-rct-2023]\nq6 = \"yes\"\nq8 = \"yes\"\n");
    const std::string file = "'" + (dir.path() / "s.toml").string() + "' -r jbi-rct-2023";
    const auto json = appraise::test::run_appraise("run " + file + " --format json");
    CHECK(json.out.find(R"("id":"q9","value":"yes","provenance":"derived","outcome":"b")") != std::string::npos);
    CHECK(json.out.find(R"("id":"q1","value":"yes","provenance":"derived"})") != std::string::npos);
    const auto markdown = appraise::test::run_appraise("run " + file + " --format markdown");
    CHECK(markdown.out.find(R"(q9 \[a\] = yes, derived; q9 \[b\] = yes, derived)") != std::string::npos);
    const auto csv = appraise::test::run_appraise("run " + file + " --format csv");
    CHECK(csv.out.find("q9 [a] = yes, derived; q9 [b] = yes, derived") != std::string::npos);
    const auto html = appraise::test::run_appraise("run " + file + " --format html");
    CHECK(html.out.find("<code>q9</code> <span class=\"outcome\">[b]</span> = yes") != std::string::npos);
}

// ---------------------------------------------------------------- checklists (item tables)

TEST_CASE("checklist = true lists every item, derived ones too, for the reports' item tables",
          "[declarative][checklist]") {
    const std::string scale_line = "judgement_scale = [\"low\", \"high\"]\n";
    std::string text = rubric_with("", "'\"yes\"'");
    const auto plain = decl::compile_rubric(text, "r.toml");
    REQUIRE(plain.rubric != nullptr);
    CHECK(plain.rubric->description.checklist.empty());  // not a checklist unless it says so
    text.replace(text.find(scale_line), scale_line.size(), scale_line + "checklist = true\n");
    const auto listed = decl::compile_rubric(text, "r.toml");
    REQUIRE(listed.rubric != nullptr);
    const auto& items = listed.rubric->description.checklist;
    REQUIRE(items.size() == 1u);  // q1 is derived, and listed all the same
    CHECK(items[0].id == "q1");
    CHECK(items[0].domain == "d");
    CHECK(items[0].text == "p");
    text.replace(text.find("checklist = true"), 16, "checklist = \"yes\"");
    const auto wrong = decl::compile_rubric(text, "r.toml");
    CHECK(wrong.rubric == nullptr);
    CHECK(std::any_of(wrong.problems.begin(), wrong.problems.end(), [](const auto& p) {
        return p.code == "rubric/type-mismatch" && p.message == "`checklist` in [rubric] must be true or false";
    }));
}

TEST_CASE("the shipped JBI, MMAT, CASP and TIDieR rubrics are checklists, items in the tool's order",
          "[declarative][checklist]") {
    for (const std::string id : {"casp-qual", "jbi-qe-2017", "jbi-qe-2024", "jbi-qual", "jbi-rct-2017", "jbi-rct-2023",
                                 "mmat-2018", "replication-barriers"}) {
        INFO(id);
        REQUIRE(shipped().find(id) != nullptr);
        CHECK_FALSE(shipped().find(id)->description.checklist.empty());
    }
    // JBI RCT 2017: q1-q13 in the checklist's numbering, though q7 sits in a domain listed before q6's.
    std::vector<std::string> ids;
    for (const auto& item : shipped().find("jbi-rct-2017")->description.checklist) ids.push_back(item.id);
    CHECK(ids ==
          std::vector<std::string>{"q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12", "q13"});
    // MMAT 2018: the two screening questions and five criteria for each of five categories.
    const auto& mmat = shipped().find("mmat-2018")->description.checklist;
    REQUIRE(mmat.size() == 27u);
    CHECK(mmat.front().id == "s1");
    CHECK(mmat.front().domain == "screening");
    CHECK(mmat.back().id == "5.5");
}

TEST_CASE("check's coding scope derives only the answers its gates and coding findings read", "[declarative][scope]") {
    const std::string item = "[[item]]\nprompt = \"p\"\nscale = \"yn\"\n";
    const std::string text =
        "[rubric]\nid = \"t\"\nname = \"T\"\nversion = \"1\"\n"
        "judgement_scale = [\"low\", \"high\"]\n"
        "[scales.yn]\nvalues = [\"yes\", \"no\", \"unclear\"]\nmissing = \"unclear\"\n"
        "[define]\nnone = 'design.comparator == \"none\"'\n" +
        item + "id = \"q1\"\nderive = '\"yes\"'\n" +                           // read by a rule only
        item + "id = \"q2\"\nderive = 'if none then \"no\" else \"yes\"'\n" +  // by d2's stop_when
        item + "id = \"q3\"\n" +                                               // coded only
        item + "id = \"q4\"\nderive = '\"no\"'\n" +                            // by a finding about the coding
        item + "id = \"q5\"\nderive = '\"no\"'\n" +                            // by an info finding only
        "[[domain]]\nid = \"d1\"\nname = \"D1\"\nitems = [\"q1\"]\n"
        "[[domain.rule]]\nwhen = 'answer(\"q1\") == \"no\"'\njudgement = \"high\"\n"
        "[[domain.rule]]\njudgement = \"low\"\n"
        "[[domain]]\nid = \"d2\"\nname = \"D2\"\nitems = [\"q2\", \"q3\", \"q4\", \"q5\"]\n"
        "stop_when = 'answer(\"q2\") == \"no\"'\nstop_because = \"q2 is no\"\n"
        "[[domain.rule]]\njudgement = \"low\"\n"
        "[[finding]]\nid = \"q4-no\"\nseverity = \"error\"\nwhen = 'answer(\"q4\") == \"no\"'\n"
        "message = \"q4 is no\"\n"
        "[[finding]]\nid = \"q5-no\"\nseverity = \"info\"\nwhen = 'answer(\"q5\") == \"no\"'\n"
        "message = \"q5 is no\"\n";
    const auto result = decl::compile_rubric(text, "r.toml");
    std::string problems;
    for (const auto& p : result.problems) problems += p.code + " " + p.message + "\n";
    INFO(problems);
    REQUIRE(result.rubric != nullptr);
    CHECK(result.rubric->coding_derives == std::vector<char>{0, 1, 0, 1, 0});

    decl::declarative_rubric rubric(result.rubric);
    sdk::study s;
    s.root = appraise::parse_toml("id = \"x\"\n", "s.toml").root.value();
    const auto full = rubric.appraise(s);
    s.scope = sdk::appraisal_scope::coding;
    const auto coding = rubric.appraise(s);
    REQUIRE(full.size() == 1);
    REQUIRE(coding.size() == 1);
    // q2 derives yes (no comparator coded), so d2 does not stop; q3 is not answered there.
    REQUIRE(full[0].domains.size() == 2);
    REQUIRE(coding[0].domains.size() == 2);
    for (std::size_t d = 0; d < 2; ++d) {
        CHECK(coding[0].domains[d].id == full[0].domains[d].id);
        CHECK(coding[0].domains[d].name == full[0].domains[d].name);
        CHECK(coding[0].domains[d].not_assessed == full[0].domains[d].not_assessed);
        CHECK(coding[0].domains[d].answers.empty());  // none coded
        CHECK(coding[0].domains[d].rationale.empty());
    }
    CHECK_FALSE(full[0].domains[1].not_assessed.empty());
    CHECK(finding_of(coding[0], "t/q4-no") != nullptr);  // about the coding: kept
    CHECK(finding_of(coding[0], "t/q5-no") == nullptr);  // dropped by the host anyway: not worked out
    CHECK(finding_of(full[0], "t/q5-no") != nullptr);
    CHECK(finding_of(coding[0], "t/not-answered") != nullptr);

    // coding_derives follows only the gates and the findings because nothing
    // else may call answer(): were that loosened, the set would have to follow
    // definitions, derives and applies too.
    const auto refused = [&](const std::string& from, const std::string& to) {
        std::string changed = text;
        const auto at = changed.find(from);
        REQUIRE(at != std::string::npos);
        changed.replace(at, from.size(), to);
        const auto compiled = decl::compile_rubric(changed, "r.toml");
        CHECK(compiled.rubric == nullptr);
        return std::any_of(compiled.problems.begin(), compiled.problems.end(), [](const auto& p) {
            return p.message.find("items are answered after derive expressions run") != std::string::npos;
        });
    };
    CHECK(refused("none = 'design.comparator == \"none\"'", "none = 'answer(\"q4\") == \"no\"'"));
    CHECK(refused("derive = '\"yes\"'", "derive = 'answer(\"q4\")'"));
    CHECK(refused("id = \"q3\"\n", "id = \"q3\"\napplies = 'answer(\"q4\") == \"no\"'\n"));
}
