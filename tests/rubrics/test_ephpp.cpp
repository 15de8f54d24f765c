// The ephpp rubric (EPHPP Quality Assessment Tool for Quantitative Studies),
// loaded through the plugin host. Component rules and the global rule are
// checked against tables written here from the reference
// (../shared/reference/instruments.md section 3), not the plugin's code.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "appraise/input/study_loader.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/model/rubric_options.hpp"
#include "bundled_rubric.hpp"
#include "test_support.hpp"

namespace {

namespace sdk = appraise::sdk;

const appraise::rubric_entry& entry() {
    return appraise::test::bundled_rubric("ephpp");
}

sdk::option_values options(const std::string& options_toml) {
    return appraise::test::rubric_options(entry(), options_toml);
}

sdk::appraisal appraise_toml(const std::string& toml, const std::string& options_toml = {}) {
    auto file = appraise::load_study_text(toml, "inline.toml");
    REQUIRE(file.problems.empty());
    REQUIRE(file.studies.size() == 1u);
    INFO(toml);
    REQUIRE(file.studies.front().problems.empty());
    const auto rubric = entry().factory(options(options_toml));
    auto results = rubric->appraise(file.studies.front().study);
    REQUIRE(results.size() == 1u);
    return std::move(results.front());
}

const sdk::domain_result& domain(const sdk::appraisal& a, const std::string& id) {
    for (const auto& d : a.domains)
        if (d.id == id) return d;
    FAIL("no domain " << id);
    throw std::logic_error("unreachable");
}

const sdk::answer& answer(const sdk::appraisal& a, const std::string& id) {
    for (const auto& d : a.domains)
        for (const auto& ans : d.answers)
            if (ans.id == id) return ans;
    FAIL("no answer " << id);
    throw std::logic_error("unreachable");
}

std::size_t count(const sdk::appraisal& a, const std::string& slug) {
    std::size_t n = 0;
    for (const auto& f : a.findings) n += f.id == "ephpp/" + slug ? 1 : 0;
    return n;
}

std::string word(char rating) {
    switch (rating) {
        case 'S':
            return "strong";
        case 'M':
            return "moderate";
        case 'W':
            return "weak";
        case 'N':
            return "not-applicable";
        default:
            return "unrated";
    }
}

// Codes both answers of a two-question component and checks the rating
// against `table[q1 - 1][q2 - 1]` (S, M, W, or U = unrated: default moderate).
void check_component(const std::string& component, const std::string& q1, const std::string& q2,
                     const std::vector<std::string>& table) {
    for (std::size_t i = 0; i < table.size(); ++i)
        for (std::size_t j = 0; j < table[i].size(); ++j) {
            const std::string toml = "id = \"t\"\n[appraisal.ephpp]\n" + q1 + " = " + std::to_string(i + 1) + "\n" +
                                     q2 + " = " + std::to_string(j + 1) + "\n";
            const auto a = appraise_toml(toml);
            const auto& d = domain(a, component);
            INFO(q1 << " = " << i + 1 << ", " << q2 << " = " << j + 1 << ": " << d.rationale);
            CHECK(answer(a, q1).provenance == "coded");
            CHECK(answer(a, q2).provenance == "coded");
            const char expected = table[i][j];
            if (expected == 'U') {
                CHECK(d.judgement == "moderate");
                CHECK(d.rationale.find("default used") != std::string::npos);
                CHECK(count(a, "unrated-combination") == 1u);
            } else {
                CHECK(d.judgement == word(expected));
                CHECK(d.rationale.find("default") == std::string::npos);
                CHECK(count(a, "unrated-combination") == 0u);
            }
        }
}

}  // namespace

TEST_CASE("ephpp describes components a-h and the three-level scale", "[rubric:ephpp]") {
    const auto& d = entry().description;
    CHECK(d.judgement_scale == std::vector<std::string>{"strong", "moderate", "weak"});
    const std::vector<std::string> names{
        "Selection bias",           "Study design",           "Confounders", "Blinding", "Data collection methods",
        "Withdrawals and dropouts", "Intervention integrity", "Analyses"};
    REQUIRE(d.domains.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        CHECK(d.domains[i].id == std::string(1, static_cast<char>('a' + i)));
        CHECK(d.domains[i].name == names[i]);
    }
    for (const char* text :
         {"sample.representative", "baseline.confounders_controlled", "blinding.participants_know_question",
          "attrition.completion", "intervention.received", "unrated_default", "UNVERIFIED"})
        CHECK(d.details.find(text) != std::string::npos);
}

TEST_CASE("ephpp A selection bias: every combination of A1 and A2", "[rubric:ephpp]") {
    //        A2: 1    2    3    4    5
    check_component("a", "A1", "A2", {"SMWUM", "UMWUM", "WWWWW", "UUWUW"});
}

TEST_CASE("ephpp C confounders: every combination of C1 and C2", "[rubric:ephpp]") {
    //        C2: 1   2   3   4
    check_component("c", "C1", "C2", {"SMWU", "SSSS", "SUWW"});
}

TEST_CASE("ephpp D blinding: every combination of D1 and D2", "[rubric:ephpp]") {
    check_component("d", "D1", "D2", {"WMU", "MSM", "UMM"});
}

TEST_CASE("ephpp E data collection: every combination of E1 and E2", "[rubric:ephpp]") {
    // E1 = 1 with E2 = 2 (valid, shown unreliable) is rated by option valid_unreliable (default weak).
    check_component("e", "E1", "E2", {"SWM", "WWW", "WWW"});
}

TEST_CASE("ephpp E: valid tools shown unreliable are rated, by the named option", "[rubric:ephpp]") {
    // instruments.md section 3: the dictionary rates valid + reliable strong and valid + reliability not
    // described moderate; valid + shown unreliable is not in its rule, so it is an option shown by explain.
    const std::string toml = "id = \"t\"\n[appraisal.ephpp]\nE1 = \"yes\"\nE2 = \"no\"\n";
    const auto a = appraise_toml(toml);
    CHECK(domain(a, "e").judgement == "weak");
    CHECK(domain(a, "e").rationale.find("option valid_unreliable") != std::string::npos);
    CHECK(count(a, "unrated-combination") == 0u);
    CHECK(domain(appraise_toml(toml, "valid_unreliable = \"moderate\"\n"), "e").judgement == "moderate");
    CHECK_THROWS(entry().factory(options("valid_unreliable = \"unrated\"\n")));
    const auto& d = entry().description;
    CHECK(std::any_of(d.options.begin(), d.options.end(), [](const sdk::option_spec& o) {
        return o.name == "valid_unreliable" && o.default_value == "\"weak\"";
    }));
    CHECK(d.details.find("valid_unreliable = \"weak\"") != std::string::npos);
}

TEST_CASE("ephpp F: withdrawals not described is weak whatever the completion", "[rubric:ephpp]") {
    // instruments.md section 3, component F: weak = "<60%, or not described".
    for (int f2 = 1; f2 <= 5; ++f2) {
        const auto a = appraise_toml("id = \"t\"\n[appraisal.ephpp]\nF1 = 2\nF2 = " + std::to_string(f2) + "\n");
        INFO("F1 = 2, F2 = " << f2 << ": " << domain(a, "f").rationale);
        CHECK(domain(a, "f").judgement == "weak");
        CHECK(domain(a, "f").rationale.find("F1 = 2") != std::string::npos);
    }
    // Derived from the facts: reasons_reported = false with 96% completion.
    const auto derived =
        appraise_toml("id = \"t\"\n[attrition]\ncompletion = [0.96, 0.95]\nreasons_reported = false\n");
    CHECK(answer(derived, "F1").value == "no");
    CHECK(domain(derived, "f").judgement == "weak");
    // Described: the completion decides.
    CHECK(domain(appraise_toml("id = \"t\"\n[appraisal.ephpp]\nF1 = 1\nF2 = 1\n"), "f").judgement == "strong");
    CHECK(domain(appraise_toml("id = \"t\"\n[appraisal.ephpp]\nF1 = 3\nF2 = 2\n"), "f").judgement == "moderate");
}

TEST_CASE("ephpp B: a non-randomised trial the investigators allocated is a CCT by default", "[rubric:ephpp]") {
    // The EPHPP dictionary's controlled clinical trial: allocation controlled by the investigators, not random.
    const std::string toml =
        "id = \"t\"\n[design]\ntype = \"non-randomised-controlled\"\nallocation = \"non-random\"\n";
    const auto a = appraise_toml(toml);
    CHECK(answer(a, "B1").value == "cct");
    CHECK(domain(a, "b").judgement == "strong");
    const auto cohort = appraise_toml(toml, "nonrandom_controlled_as_cct = false\n");
    CHECK(answer(cohort, "B1").value == "cohort-analytic");
    CHECK(domain(cohort, "b").judgement == "moderate");
    const auto& d = entry().description;
    CHECK(std::any_of(d.options.begin(), d.options.end(), [](const sdk::option_spec& o) {
        return o.name == "nonrandom_controlled_as_cct" && o.default_value == "true";
    }));
}

TEST_CASE("ephpp B design and F withdrawals: every code", "[rubric:ephpp]") {
    const std::string design = "SSMMMMWW";
    for (std::size_t code = 1; code <= design.size(); ++code) {
        const auto a = appraise_toml("id = \"t\"\n[appraisal.ephpp]\nB1 = " + std::to_string(code) + "\n");
        INFO("B1 = " << code);
        CHECK(domain(a, "b").judgement == word(design[code - 1]));
    }
    const std::string completion = "SMWWN";
    for (std::size_t code = 1; code <= completion.size(); ++code) {
        const auto a = appraise_toml("id = \"t\"\n[appraisal.ephpp]\nF1 = 1\nF2 = " + std::to_string(code) + "\n");
        INFO("F2 = " << code);
        CHECK(domain(a, "f").judgement == word(completion[code - 1]));
    }
    // F2 not applicable: the option decides; not-applicable adds no weak.
    const std::string na = "id = \"t\"\n[appraisal.ephpp]\nF2 = \"not-applicable\"\n";
    CHECK(domain(appraise_toml(na, "completion_not_applicable = \"weak\"\n"), "f").judgement == "weak");
    // Everything else strong: global stays strong with F not applicable.
    const std::string strong =
        "id = \"t\"\n[appraisal.ephpp]\nA1 = 1\nA2 = 1\nB1 = 1\nC1 = 2\nD1 = 2\nD2 = 2\nE1 = 1\nE2 = 1\n";
    CHECK(*appraise_toml(strong + "F2 = 5\n").overall == "strong");
    CHECK(*appraise_toml(strong + "F2 = 5\n", "completion_not_applicable = \"weak\"\n").overall == "moderate");
}

TEST_CASE("ephpp unrated combinations take the configured default", "[rubric:ephpp]") {
    const std::string toml = "id = \"t\"\n[appraisal.ephpp]\nD1 = \"yes\"\nD2 = \"cannot-tell\"\n";
    const auto a = appraise_toml(toml, "unrated_default = \"weak\"\n");
    CHECK(domain(a, "d").judgement == "weak");
    CHECK(domain(a, "d").rationale.find("unrated_default = \"weak\"") != std::string::npos);
    REQUIRE(count(a, "unrated-combination") == 1u);
    CHECK(a.findings.front().where.line == 3);  // points at the coded answer
    CHECK_THROWS(entry().factory(options("unrated_default = \"high\"\n")));
}

TEST_CASE("ephpp global rating over every combination of component ratings", "[rubric:ephpp]") {
    const std::vector<std::string> ratings{"strong", "moderate", "weak"};
    std::vector<std::size_t> index(6, 0);
    std::size_t checked = 0;
    for (;;) {
        std::string toml = "id = \"t\"\n[appraisal.ephpp.override]\n";
        std::size_t weak = 0;
        for (std::size_t c = 0; c < 6; ++c) {
            toml += std::string(1, static_cast<char>('a' + c)) + " = { judgement = \"" + ratings[index[c]] +
                    "\", reason = \"test\" }\n";
            weak += index[c] == 2 ? 1 : 0;
        }
        const auto a = appraise_toml(toml);
        const std::string expected = weak == 0 ? "strong" : weak == 1 ? "moderate" : "weak";
        if (*a.overall != expected) {
            INFO(toml);
            CHECK(*a.overall == expected);
        }
        ++checked;
        std::size_t c = 0;
        while (c < 6 && ++index[c] == ratings.size()) index[c++] = 0;
        if (c == 6) break;
    }
    CHECK(checked == 729u);
}

TEST_CASE("ephpp derives every answer from the study facts", "[rubric:ephpp]") {
    const std::string facts = R"(id = "t"
[design]
type = "non-randomised-controlled"
allocation = "quasi-random"
unit = "cluster"
[sample]
representative = "somewhat-likely"
participation = 0.65
[baseline]
equivalent = false
confounders_controlled = 0.7
[blinding]
assessors = true
participants_know_question = true
[attrition]
completion = [0.9, 0.55]
reasons_reported = true
analysis = "completers"
[[outcomes]]
id = "x"
validated = true
reliable = true
primary = true
[[outcomes]]
id = "y"
validated = true
[intervention]
received = 0.95
[analysis]
unit = "individual"
methods_appropriate = true
)";
    const auto a = appraise_toml(facts);
    const std::map<std::string, std::pair<std::string, std::string>> expected{
        {"A1", {"somewhat-likely", "derived"}},
        {"A2", {"60-79", "derived"}},
        {"B1", {"cct", "derived"}},
        {"B2", {"no", "derived"}},
        {"B3", {"not-applicable", "derived"}},
        {"B4", {"not-applicable", "derived"}},
        {"C1", {"yes", "derived"}},
        {"C2", {"60-79", "derived"}},
        {"D1", {"no", "derived"}},
        {"D2", {"yes", "derived"}},
        {"E1", {"yes", "derived"}},
        {"E2", {"cannot-tell", "missing"}},
        {"F1", {"yes", "derived"}},
        {"F2", {"below-60", "derived"}},
        {"G1", {"80-100", "derived"}},
        {"G2", {"cannot-tell", "missing"}},
        {"G3", {"cannot-tell", "missing"}},
        {"H1", {"cluster", "derived"}},
        {"H2", {"individual", "derived"}},
        {"H3", {"yes", "derived"}},
        {"H4", {"no", "derived"}},
    };
    for (const auto& [id, value] : expected) {
        INFO(id);
        CHECK(answer(a, id).value == value.first);
        CHECK(answer(a, id).provenance == value.second);
    }
    const std::map<std::string, std::string> ratings{{"a", "moderate"},  {"b", "strong"},   {"c", "moderate"},
                                                     {"d", "moderate"},  {"e", "moderate"}, {"f", "weak"},
                                                     {"g", "not-rated"}, {"h", "not-rated"}};
    for (const auto& [id, rating] : ratings) {
        INFO(id << ": " << domain(a, id).rationale);
        CHECK(domain(a, id).judgement == rating);
    }
    CHECK(*a.overall == "moderate");
    CHECK(domain(a, "f").rationale.find("lowest 0.55") != std::string::npos);
    CHECK(domain(a, "e").rationale.find("not coded for y") != std::string::npos);

    // Options that change a derivation.
    CHECK(domain(appraise_toml(facts, "primary_outcomes_only = true\n"), "e").judgement == "strong");
    std::string nonrandom = facts;
    nonrandom.replace(nonrandom.find("quasi-random"), 12, "non-random");
    CHECK(answer(appraise_toml(nonrandom), "B1").value == "cct");
    CHECK(answer(appraise_toml(nonrandom, "nonrandom_controlled_as_cct = false\n"), "B1").value == "cohort-analytic");

    // Design mapping and randomisation questions.
    const auto rct = appraise_toml("id = \"t\"\n[design]\ntype = \"cluster-rct\"\nallocation_method = \"lottery\"\n");
    CHECK(answer(rct, "B1").value == "rct");
    CHECK(answer(rct, "B2").value == "yes");
    CHECK(answer(rct, "B3").value == "yes");
    CHECK(answer(rct, "B4").provenance == "missing");
    CHECK(answer(appraise_toml("id = \"t\"\n[design]\ntype = \"pre-post\"\n"), "B1").value == "cohort");
    CHECK(answer(appraise_toml("id = \"t\"\n[design]\ntype = \"cross-sectional\"\n"), "B1").value == "other");
    // No differences at baseline: C2 is not applicable, C strong.
    const auto equivalent = appraise_toml("id = \"t\"\n[baseline]\nequivalent = true\n");
    CHECK(answer(equivalent, "C2").value == "not-applicable");
    CHECK(domain(equivalent, "c").judgement == "strong");
}

TEST_CASE("ephpp with no facts: can't tell everywhere, provenance missing", "[rubric:ephpp]") {
    const auto a = appraise_toml("id = \"t\"\n");
    for (const char* id : {"A1", "A2", "B1", "C1", "C2", "D1", "D2", "E1", "E2", "F1", "F2"}) {
        INFO(id);
        CHECK(answer(a, id).value == "cannot-tell");
        CHECK(answer(a, id).provenance == "missing");
    }
    CHECK(domain(a, "a").judgement == "weak");
    CHECK(domain(a, "b").judgement == "weak");
    CHECK(domain(a, "c").judgement == "weak");
    CHECK(domain(a, "d").judgement == "moderate");
    CHECK(domain(a, "e").judgement == "weak");
    CHECK(domain(a, "f").judgement == "weak");
    CHECK(*a.overall == "weak");
    CHECK(a.overall_rationale == "Weak: 5 components rated weak (A, B, C, E, F)");
}

TEST_CASE("ephpp coded answers win over derived ones, with provenance", "[rubric:ephpp]") {
    const auto a = appraise_toml(R"(id = "t"
[sample]
representative = "not-likely"
participation = 0.9
[appraisal.ephpp]
a1 = "very-likely"
A2 = 9
Q7 = "yes"
[appraisal.ephpp.override]
overall = { judgement = "weak", reason = "fatal flaw in outcome timing" }
b = { judgement = "strong" }
)");
    CHECK(answer(a, "A1").value == "very-likely");
    CHECK(answer(a, "A1").provenance == "coded");
    CHECK(domain(a, "a").rationale.find("coded by the reviewer (the facts gave not-likely") != std::string::npos);
    CHECK(answer(a, "A2").value == "80-100");  // invalid coded value: the derived answer is used
    CHECK(answer(a, "A2").provenance == "derived");
    CHECK(domain(a, "a").judgement == "strong");
    REQUIRE(count(a, "invalid-answer") == 1u);
    CHECK(count(a, "unknown-key") == 1u);
    CHECK(count(a, "invalid-override") == 1u);
    CHECK(*a.overall == "weak");
    CHECK_FALSE(a.overall_proposed.empty());
    CHECK(a.overall_override_reason == "fatal flaw in outcome timing");
    for (const auto& f : a.findings)
        if (f.id == "ephpp/invalid-answer") CHECK(f.where.line == 7);
}

TEST_CASE("ephpp does not apply to qualitative studies", "[rubric:ephpp]") {
    const auto a = appraise_toml("id = \"t\"\n[design]\ntype = \"qualitative\"\n");
    CHECK(a.domains.empty());
    CHECK_FALSE(a.overall.has_value());
    REQUIRE(a.findings.size() == 1u);
    CHECK(a.findings.front().id == "ephpp/not-applicable");
    CHECK(a.findings.front().where.line == 3);
}

TEST_CASE("ephpp: the description lists every question a reviewer may answer, with its responses", "[rubric:ephpp]") {
    const auto& qs = entry().description.questions;
    REQUIRE_FALSE(qs.empty());
    CHECK(qs.front().id == "A1");
    CHECK(qs.front().domain == "a");
    CHECK(std::find(qs.front().answers.begin(), qs.front().answers.end(), "cannot-tell") != qs.front().answers.end());
    for (const auto& q : qs) {
        INFO(q.id);
        CHECK_FALSE(q.prompt.empty());
        CHECK_FALSE(q.answers.empty());
    }
}
