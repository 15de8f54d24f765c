// The robins-i rubric (ROBINS-I 2016), loaded through the plugin host as in a
// real run. The overall rule and the gates are checked exhaustively against
// tables written here from the reference (../shared/reference/instruments.md
// section 2.1), not by calling the plugin's own code.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "appraise/input/study_loader.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/model/rubric_options.hpp"
#include "bundled_rubric.hpp"
#include "test_support.hpp"

namespace {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

const appraise::rubric_entry& entry() {
    return appraise::test::bundled_rubric("robins-i");
}

std::unique_ptr<sdk::rubric> make_rubric(const std::string& options_toml = {}) {
    return appraise::test::make_bundled_rubric("robins-i", options_toml);
}

// ---------------------------------------------------------------- building studies without parsing

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

sdk::study study_with(sdk::node answers, const std::string& design = "non-randomised-controlled") {
    sdk::study s;
    s.id = "t";
    s.file = "t.toml";
    s.id_where = {"t.toml", 1, 1};
    s.root = table_node({{"id", text_node("t", 1)},
                         {"design", table_node({{"type", text_node(design, 3)}}, 2)},
                         {"appraisal", table_node({{"robins-i", std::move(answers)}}, 100)}});
    return s;
}

sdk::study study_from(const std::string& toml) {
    auto file = appraise::load_study_text(toml, "inline.toml");
    REQUIRE(file.problems.empty());
    REQUIRE(file.studies.size() == 1u);
    REQUIRE(file.studies.front().problems.empty());
    return std::move(file.studies.front().study);
}

std::vector<const sdk::finding*> findings_of(const sdk::appraisal& a, const std::string& slug) {
    std::vector<const sdk::finding*> out;
    for (const auto& f : a.findings)
        if (f.id == "robins-i/" + slug) out.push_back(&f);
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

std::string answer(const sdk::domain_result& d, const std::string& id, std::string* provenance = nullptr) {
    for (const auto& a : d.answers)
        if (a.id == id) {
            if (provenance != nullptr) *provenance = a.provenance;
            return a.value;
        }
    return "<none>";
}

const std::vector<std::string> levels{"low", "moderate", "serious", "critical", "no-information"};

// The overall rule of ROBINS-I 2016, restated from the reference.
std::string expected_overall(const std::vector<std::string>& d) {
    const auto any = [&](const char* l) { return std::find(d.begin(), d.end(), l) != d.end(); };
    if (any("critical")) return "critical";
    if (any("serious")) return "serious";
    if (any("no-information")) return "no-information";
    if (any("moderate")) return "moderate";
    return "low";
}

}  // namespace

TEST_CASE("robins-i describes seven domains and the five-level scale", "[rubric:robins-i]") {
    const auto& d = entry().description;
    CHECK(d.id == "robins-i");
    CHECK(d.judgement_scale == levels);
    const std::vector<std::pair<std::string, std::string>> expected{{"d1", "Confounding"},
                                                                    {"d2", "Selection of participants"},
                                                                    {"d3", "Classification of interventions"},
                                                                    {"d4", "Deviations from intended interventions"},
                                                                    {"d5", "Missing data"},
                                                                    {"d6", "Measurement of outcomes"},
                                                                    {"d7", "Selection of the reported result"}};
    REQUIRE(d.domains.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(d.domains[i].id == expected[i].first);
        CHECK(d.domains[i].name == expected[i].second);
    }
    // explain text: every question id, the gates and the unverified option.
    for (const char* id : {"1.1", "1.8", "2.5", "4.6", "5.5", "6.4", "7.3"})
        CHECK(d.details.find(id) != std::string::npos);
    CHECK(d.details.find("asked when 1.4 = Y/PY, else NA") != std::string::npos);
    CHECK(d.details.find("allow_ni_1_1") != std::string::npos);
    CHECK(d.details.find("suggest") != std::string::npos);
}

namespace {

// Appraises one study coded with the seven levels and checks the overall
// judgement against the restated rule.
std::string check_overall(const sdk::rubric& rubric, const std::vector<std::string>& coded) {
    std::vector<sdk::node_member> members{{"effect", text_node("assignment", 2)}};
    for (std::size_t d = 0; d < 7; ++d)
        members.emplace_back("d" + std::to_string(d + 1), text_node(coded[d], 10 + static_cast<int>(d)));
    const auto results = rubric.appraise(study_with(table_node(std::move(members))));
    REQUIRE(results.size() == 1u);
    const auto& a = results.front();
    REQUIRE(a.overall.has_value());
    const std::string expected = expected_overall(coded);
    if (*a.overall != expected) {
        INFO("domains " << coded[0] << "," << coded[1] << "," << coded[2] << "," << coded[3] << "," << coded[4] << ","
                        << coded[5] << "," << coded[6]);
        CHECK(*a.overall == expected);
    }
    for (std::size_t d = 0; d < 7; ++d)
        if (a.domains[d].judgement != coded[d]) CHECK(a.domains[d].judgement == coded[d]);
    return *a.overall;
}

}  // namespace

// The rule depends only on which levels occur, so every multiset of seven
// levels (330 of them) is checked, each in all seven rotations so that every
// level is seen in every domain position: 2,310 appraisals, about a second.
TEST_CASE("robins-i overall follows the tool's rule for every combination of domain levels", "[rubric:robins-i]") {
    const auto rubric = make_rubric("suggest = false\n");
    std::map<std::string, std::size_t> seen;
    std::size_t multisets = 0;
    std::vector<std::size_t> index(7, 0);  // non-decreasing level indexes
    for (;;) {
        ++multisets;
        for (std::size_t rotation = 0; rotation < 7; ++rotation) {
            std::vector<std::string> coded;
            for (std::size_t d = 0; d < 7; ++d) coded.push_back(levels[index[(d + rotation) % 7]]);
            ++seen[check_overall(*rubric, coded)];
        }
        std::size_t d = 7;
        while (d > 0 && index[d - 1] == levels.size() - 1) --d;
        if (d == 0) break;
        const std::size_t next = index[d - 1] + 1;
        for (std::size_t i = d - 1; i < 7; ++i) index[i] = next;
    }
    CHECK(multisets == 330u);
    CHECK(seen.size() == 5u);
    CHECK(seen["low"] == 7u);  // only all-Low, in its seven rotations
}

// Every one of the 5^7 = 78,125 ordered combinations (half a minute in a
// Debug build, so not run by default: `robins_i_tests "[exhaustive]"`).
TEST_CASE("robins-i overall over all 78,125 ordered combinations", "[rubric:robins-i][.][exhaustive]") {
    const auto rubric = make_rubric("suggest = false\n");
    std::vector<std::size_t> index(7, 0);
    std::size_t checked = 0;
    for (;;) {
        std::vector<std::string> coded;
        for (std::size_t d = 0; d < 7; ++d) coded.push_back(levels[index[d]]);
        (void)check_overall(*rubric, coded);
        ++checked;
        std::size_t d = 0;
        while (d < 7 && ++index[d] == levels.size()) index[d++] = 0;
        if (d == 7) break;
    }
    CHECK(checked == 78125u);
}

TEST_CASE("robins-i overall is not assessed while a domain is not judged, and names it", "[rubric:robins-i]") {
    const auto rubric = make_rubric();
    const auto a = rubric
                       ->appraise(study_from(R"(id = "t"
[design]
type = "cohort"
[appraisal.robins-i]
effect = "assignment"
d1 = "low"
d2 = "critical"
d4 = "high"
d5 = "low"
d6 = "low"
d7 = "low"
)"))
                       .front();
    INFO(findings_text(a));
    CHECK(a.overall == std::optional<std::string>(""));
    CHECK(a.overall_not_assessed == "not assessed: d3, d4 not assessed");
    CHECK(a.overall_rationale.find("d3") != std::string::npos);
    CHECK(domain(a, "d3").judgement.empty());
    CHECK(domain(a, "d3").not_assessed.rfind("not assessed: the reviewer's judgement d3 is not coded", 0) == 0);
    CHECK(domain(a, "d3").not_assessed.find("3.1, 3.2, 3.3 are reached but not answered") != std::string::npos);
    CHECK(domain(a, "d4").judgement.empty());
    CHECK(domain(a, "d4").not_assessed == "not assessed: d4 is not a ROBINS-I level");
    // d1 is the reviewer's own level: it stands, and says what was left out.
    CHECK(domain(a, "d1").judgement == "low");
    CHECK(domain(a, "d1").rationale.find("are reached but not answered") != std::string::npos);
    REQUIRE(findings_of(a, "judgement-missing").size() == 1u);
    REQUIRE(findings_of(a, "invalid-judgement").size() == 1u);
    CHECK(findings_of(a, "invalid-judgement").front()->where.line == 8);
    CHECK(findings_of(a, "invalid-judgement").front()->where.column == 6);
}

namespace {

// The gates of the reference, restated: question -> (gate over effective answers).
using sheet = std::map<std::string, std::string>;
bool yes(const sheet& s, const char* id) {
    return s.at(id) == "Y" || s.at(id) == "PY";
}
bool no(const sheet& s, const char* id) {
    return s.at(id) == "N" || s.at(id) == "PN";
}

struct gated_domain {
    std::vector<std::string> ids;
    std::map<std::string, std::function<bool(const sheet&)>> gates;  // absent: always asked
    std::string effect = "assignment";
};

// Checks one domain's questions over every combination of `values` (answer
// codes; "" = left out): gate errors, invalid answers and the
// questions reported unanswered must be exactly the expected ones.
void check_gates_exhaustively(const gated_domain& g, const std::vector<std::string>& values) {
    const auto rubric = make_rubric();
    std::vector<std::size_t> index(g.ids.size(), 0);
    std::size_t combinations = 0;
    std::size_t with_errors = 0;
    for (;;) {
        std::vector<sdk::node_member> members{{"effect", text_node(g.effect, 2)}};
        for (int d = 1; d <= 7; ++d) members.emplace_back("d" + std::to_string(d), text_node("moderate", 80 + d));
        std::set<int> expected_errors;  // lines
        std::set<std::string> expected_unanswered;
        sheet effective;
        for (std::size_t i = 0; i < g.ids.size(); ++i) {
            const std::string& id = g.ids[i];
            const std::string& v = values[index[i]];
            const int line = 10 + static_cast<int>(i);
            const auto gate = g.gates.find(id);
            const bool gated = gate != g.gates.end();
            const bool met = !gated || gate->second(effective);
            if (v.empty()) {
                effective[id] = met ? "NI" : "NA";
                if (met) expected_unanswered.insert(id);
                continue;
            }
            members.emplace_back(id, text_node(v, line));
            if (v == "NA") {
                if (!gated || met) expected_errors.insert(line);
                effective[id] = (!gated || met) ? "NI" : "NA";
            } else {
                if (!met) expected_errors.insert(line);
                effective[id] = v;  // an answer past an unmet gate still opens what follows
            }
        }
        const auto a = rubric->appraise(study_with(table_node(std::move(members)))).front();
        std::set<int> error_lines;
        for (const auto& f : a.findings)
            if (f.level == sdk::severity::error) error_lines.insert(f.where.line);
        std::set<std::string> unanswered;
        for (const auto* f : findings_of(a, "unanswered"))
            for (const auto& id : g.ids)
                if (f->message.find(" " + id) != std::string::npos) unanswered.insert(id);
        if (error_lines != expected_errors || unanswered != expected_unanswered) {
            std::string combo;
            for (std::size_t i = 0; i < g.ids.size(); ++i)
                combo += g.ids[i] + "=" + (values[index[i]].empty() ? "-" : values[index[i]]) + " ";
            INFO(combo << "\n" << findings_text(a));
            CHECK(error_lines == expected_errors);
            CHECK(unanswered == expected_unanswered);
        }
        if (!expected_errors.empty()) ++with_errors;
        ++combinations;
        std::size_t i = 0;
        while (i < index.size() && ++index[i] == values.size()) index[i++] = 0;
        if (i == index.size()) break;
    }
    CHECK(with_errors > 0u);
    CHECK(with_errors < combinations);
}

}  // namespace

TEST_CASE("robins-i gates of domain 2 are validated for every combination of answer kinds", "[rubric:robins-i]") {
    gated_domain g;
    g.ids = {"2.1", "2.2", "2.3", "2.4", "2.5"};
    g.gates["2.2"] = [](const sheet& s) { return yes(s, "2.1"); };
    g.gates["2.3"] = [](const sheet& s) { return yes(s, "2.2"); };
    g.gates["2.5"] = [](const sheet& s) { return (yes(s, "2.2") && yes(s, "2.3")) || no(s, "2.4"); };
    // One code of each set per domain keeps the binary fast; domain 5 uses the others.
    check_gates_exhaustively(g, {"PY", "N", "NI", "NA", ""});
}

TEST_CASE("robins-i gates of domain 5 are validated for every combination of answer kinds", "[rubric:robins-i]") {
    gated_domain g;
    g.ids = {"5.1", "5.2", "5.3", "5.4", "5.5"};
    const auto gate = [](const sheet& s) { return no(s, "5.1") || yes(s, "5.2") || yes(s, "5.3"); };
    g.gates["5.4"] = gate;
    g.gates["5.5"] = gate;
    check_gates_exhaustively(g, {"Y", "PN", "NI", "NA", ""});
}

TEST_CASE("robins-i gates of domain 4 (adhering) are validated for every answer combination", "[rubric:robins-i]") {
    gated_domain g;
    g.effect = "adhering";
    g.ids = {"4.3", "4.4", "4.5", "4.6"};
    g.gates["4.6"] = [](const sheet& s) { return no(s, "4.3") || no(s, "4.4") || no(s, "4.5"); };
    check_gates_exhaustively(g, {"Y", "PY", "PN", "N", "NI", "NA", ""});
}

TEST_CASE("robins-i domain 1 gates, 1.1 without NI, and the allow_ni_1_1 option", "[rubric:robins-i]") {
    const std::string head = "id = \"t\"\n[design]\ntype = \"cohort\"\n[appraisal.robins-i]\neffect = \"assignment\"\n";
    SECTION("1.1 = N: the rest of domain 1 is NA without being written") {
        const auto a = make_rubric()->appraise(study_from(head + "\"1.1\" = \"N\"\nd1 = \"low\"\n")).front();
        std::string provenance;
        for (const char* id : {"1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"}) {
            CHECK(answer(domain(a, "d1"), id, &provenance) == "NA");
            CHECK(provenance == "derived");
        }
        CHECK(findings_of(a, "gate").empty());
        CHECK(domain(a, "d1").rationale.find("suggestion (not the tool's algorithm): Low") != std::string::npos);
    }
    SECTION("1.1 = N with 1.2 answered: a gate error at the answer") {
        const auto a =
            make_rubric()->appraise(study_from(head + "\"1.1\" = \"N\"\n\"1.2\" = \"Y\"\nd1 = \"low\"\n")).front();
        REQUIRE(findings_of(a, "gate").size() == 1u);
        CHECK(findings_of(a, "gate").front()->where.line == 7);
        CHECK(findings_of(a, "gate").front()->where.column == 9);
        CHECK(findings_of(a, "gate").front()->message.find("1.2") != std::string::npos);
    }
    SECTION("1.2 = N opens 1.4 and 1.6 but not 1.3, 1.5, 1.7, 1.8") {
        const auto a = make_rubric()
                           ->appraise(study_from(head + "\"1.1\" = \"Y\"\n\"1.2\" = \"N\"\n\"1.4\" = \"N\"\n"
                                                        "\"1.6\" = \"N\"\nd1 = \"serious\"\n"))
                           .front();
        INFO(findings_text(a));
        CHECK(findings_of(a, "gate").empty());
        for (const char* id : {"1.3", "1.5", "1.7", "1.8"}) CHECK(answer(domain(a, "d1"), id) == "NA");
        CHECK(findings_of(a, "unanswered").size() == 6u);  // d2..d7 left out entirely
    }
    SECTION("1.1 = NI is invalid by default and accepted with allow_ni_1_1") {
        const std::string toml = head + "\"1.1\" = \"NI\"\nd1 = \"no-information\"\n";
        const auto strict = make_rubric()->appraise(study_from(toml)).front();
        REQUIRE(findings_of(strict, "invalid-answer").size() == 1u);
        CHECK(findings_of(strict, "invalid-answer").front()->where.line == 6);
        const auto lenient = make_rubric("allow_ni_1_1 = true\n")->appraise(study_from(toml)).front();
        CHECK(findings_of(lenient, "invalid-answer").empty());
        std::string provenance;
        CHECK(answer(domain(lenient, "d1"), "1.2", &provenance).empty());  // reached, left out: never NI
        CHECK(provenance == "not-assessed");
    }
    SECTION("NA for an always-asked question and an unknown code are invalid answers") {
        const auto a = make_rubric()
                           ->appraise(study_from(head + "\"3.1\" = \"NA\"\n\"3.2\" = \"maybe\"\n\"3.3\" = \"n\"\n"))
                           .front();
        CHECK(findings_of(a, "invalid-answer").size() == 2u);
        CHECK(answer(domain(a, "d3"), "3.3") == "N");  // codes are read case-insensitively
    }
}

TEST_CASE("robins-i effect of interest decides the domain 4 questions", "[rubric:robins-i]") {
    const auto a = make_rubric()
                       ->appraise(study_from(R"(id = "t"
[design]
type = "cohort"
[appraisal.robins-i]
effect = "adhering"
"4.1" = "N"
"4.3" = "Y"
"4.4" = "Y"
"4.5" = "Y"
d4 = "low"
)"))
                       .front();
    REQUIRE(findings_of(a, "wrong-effect").size() == 1u);
    CHECK(findings_of(a, "wrong-effect").front()->where.line == 6);
    CHECK(answer(domain(a, "d4"), "4.1") == "<none>");
    CHECK(answer(domain(a, "d4"), "4.6") == "NA");
    CHECK(domain(a, "d4").rationale.find("suggestion (not the tool's algorithm): Low") != std::string::npos);

    const auto unset = make_rubric()->appraise(study_from("id = \"t\"\n[appraisal.robins-i]\nd1 = \"low\"\n")).front();
    CHECK(findings_of(unset, "effect-missing").size() == 1u);
}

TEST_CASE("robins-i without an effect of interest: domain 4 and the overall are not assessed", "[rubric:robins-i]") {
    // Sterne et al. 2016 (instruments.md section 2.1): the effect of interest is assignment or
    // starting-and-adhering, and domain 4 asks different questions for each; neither may be assumed.
    std::string toml = "id = \"t\"\n[design]\ntype = \"cohort\"\n[appraisal.robins-i]\n\"4.1\" = \"N\"\n";
    for (int d = 1; d <= 7; ++d) toml += "d" + std::to_string(d) + " = \"low\"\n";
    const auto a = make_rubric()->appraise(study_from(toml)).front();
    INFO(findings_text(a));
    const auto missing = findings_of(a, "effect-missing");
    REQUIRE(missing.size() == 1u);
    CHECK(missing.front()->message.find("code effect = \"assignment\"") != std::string::npos);
    CHECK(missing.front()->where.line == 4);  // the [appraisal.robins-i] header
    CHECK(domain(a, "d4").judgement.empty());
    CHECK(domain(a, "d4").not_assessed.rfind("not assessed: the effect of interest is not coded", 0) == 0u);
    CHECK(answer(domain(a, "d4"), "4.1") == "N");  // listed as coded, not checked
    CHECK(domain(a, "d3").judgement == "low");
    REQUIRE(a.overall.has_value());
    CHECK(a.overall->empty());  // null in reports: not assessed, never "low" read as for assignment
    CHECK(a.overall_not_assessed == "not assessed: d4 not assessed");
    CHECK(findings_of(a, "wrong-effect").empty());

    // An effect that is neither word is an error and withholds domain 4 too.
    std::string bad = toml;
    bad.replace(bad.find("\"4.1\""), 0, "effect = \"itt\"\n");
    const auto b = make_rubric()->appraise(study_from(bad)).front();
    CHECK(findings_of(b, "invalid-answer").size() == 1u);
    CHECK(domain(b, "d4").judgement.empty());
    CHECK(b.overall->empty());
}

TEST_CASE("robins-i: an overall override may not go below the worst domain", "[rubric:robins-i]") {
    // Overall is Serious when any domain is Serious, Critical when any is Critical (Sterne et al. 2016,
    // instruments.md section 2.1); the rob2 plugin refuses the same override with override-below-tool.
    const auto appraised = [](const std::string& d3, const std::string& overall) {
        std::string toml = "id = \"t\"\n[design]\ntype = \"cohort\"\n[appraisal.robins-i]\neffect = \"assignment\"\n";
        for (int d = 1; d <= 7; ++d) toml += "d" + std::to_string(d) + " = \"" + (d == 3 ? d3 : "low") + "\"\n";
        toml += "[appraisal.robins-i.override]\noverall = { judgement = \"" + overall +
                "\", reason = \"the panel's view\" }\n";
        return make_rubric()->appraise(study_from(toml)).front();
    };
    struct row {
        const char* worst;
        const char* to;
        bool applied;
    };
    for (const auto& [worst, to, applied] : std::vector<row>{{"serious", "moderate", false},
                                                             {"serious", "low", false},
                                                             {"serious", "no-information", false},
                                                             {"critical", "serious", false},
                                                             {"moderate", "low", false},
                                                             {"serious", "serious", true},
                                                             {"serious", "critical", true},
                                                             {"moderate", "serious", true},
                                                             {"moderate", "no-information", true},
                                                             {"no-information", "low", true},
                                                             {"low", "low", true}}) {
        const auto a = appraised(worst, to);
        INFO(worst << " -> " << to << "\n" << findings_text(a));
        const auto below = findings_of(a, "override-below-tool");
        if (applied) {
            CHECK(below.empty());
            CHECK(*a.overall == to);
            CHECK(a.overall_override_reason == "the panel's view");
        } else {
            REQUIRE(below.size() == 1u);
            CHECK(below.front()->level == sdk::severity::error);
            CHECK(below.front()->where.line == 14);  // the override
            CHECK(below.front()->message.find("d3 is " + std::string(worst)) != std::string::npos);
            CHECK(*a.overall == worst);  // the tool's rule stands
            CHECK(a.overall_proposed.empty());
            CHECK(a.overall_override_reason.empty());
            CHECK(findings_of(a, "overridden").empty());
        }
    }
}

TEST_CASE("robins-i: pre-post, case-series and cross-sectional designs are flagged as outside its cohort scope",
          "[rubric:robins-i]") {
    // ROBINS-I is for cohort-type comparisons of interventions (Sterne et al. 2016; the V2 draft is
    // "for follow-up (cohort) studies", instruments-2.md section 3).
    const auto rubric = make_rubric();
    for (const char* design : {"pre-post", "case-series", "cross-sectional"}) {
        for (const bool answered : {false, true}) {
            CAPTURE(design, answered);
            const auto results =
                rubric->appraise(study_from(std::string("id = \"t\"\n[design]\ntype = \"") + design + "\"\n" +
                                            (answered ? "[appraisal.robins-i]\neffect = \"assignment\"\n" : "")));
            REQUIRE(results.size() == 1u);
            const auto flagged = findings_of(results.front(), "design-not-cohort");
            REQUIRE(flagged.size() == 1u);
            CHECK(flagged.front()->where.line == 3);  // design.type
            CHECK(flagged.front()->message.find("cohort-type comparisons") != std::string::npos);
        }
    }
    for (const char* design : {"cohort", "non-randomised-controlled", "controlled-before-after", "case-control"}) {
        CAPTURE(design);
        const auto results = rubric->appraise(study_from(std::string("id = \"t\"\n[design]\ntype = \"") + design +
                                                         "\"\n[appraisal.robins-i]\neffect = \"assignment\"\n"));
        CHECK(findings_of(results.front(), "design-not-cohort").empty());
    }
    // Several results: one finding per study.
    const auto several = rubric->appraise(
        study_from("id = \"t\"\n[design]\ntype = \"pre-post\"\n[[appraisal.robins-i]]\neffect = \"assignment\"\n"
                   "[[appraisal.robins-i]]\neffect = \"adhering\"\n"));
    REQUIRE(several.size() == 2u);
    CHECK(findings_of(several[0], "design-not-cohort").size() == 1u);
    CHECK(findings_of(several[1], "design-not-cohort").empty());
}

namespace {

// Lower-case words of a text, hyphens kept inside words.
std::set<std::string> words_of(const std::string& text) {
    std::set<std::string> out;
    std::string word;
    for (const char ch : text + " ") {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0 || ch == '-') {
            word += static_cast<char>(std::tolower(c));
        } else if (!word.empty()) {
            out.insert(word);
            word.clear();
        }
    }
    return out;
}

}  // namespace

TEST_CASE("robins-i prompts are paraphrases, never the official wording", "[rubric:robins-i]") {
    // The ROBINS-I wording is not licensed for reuse (instruments.md). Short distinctive fragments of
    // it, one per question where one exists: a prompt holding every word of a fragment, in any order,
    // is too close to the official text.
    const std::vector<std::string> official{
        "potential for confounding",
        "measured validly and reliably",
        "influenced by the outcome or a cause",
        "start of follow-up and start of intervention coincide",
        "adjustment techniques",
        "intervention groups clearly defined",
        "used to define intervention groups",
        "classification of intervention status",
        "deviations from the intended intervention beyond",
        "unbalanced between groups",
        "important co-interventions balanced",
        "implemented successfully for most participants",
        "adherent to the assigned intervention",
        "appropriate analysis used to estimate the effect of starting and adhering",
        "available for all, or nearly all",
        "excluded due to missing data",
        "robust to the presence of missing data",
        "influenced by knowledge of the intervention received",
        "outcome assessors aware",
        "comparable across intervention groups",
        "systematic errors in measurement",
        "on the basis of the results",
    };
    const auto& d = entry().description;
    for (const auto& q : d.questions) {
        const auto prompt = words_of(q.prompt);
        for (const auto& fragment : official) {
            const auto needed = words_of(fragment);
            const bool all =
                std::all_of(needed.begin(), needed.end(), [&](const std::string& w) { return prompt.count(w) == 1u; });
            INFO(q.id << ": \"" << q.prompt << "\" holds every word of \"" << fragment << "\"");
            CHECK_FALSE(all);
        }
    }
    for (const auto& fragment : official) CHECK(d.details.find(fragment) == std::string::npos);
}

TEST_CASE("robins-i suggestions are labelled and a differing judgement is flagged", "[rubric:robins-i]") {
    const std::string toml = R"(id = "t"
[design]
type = "cohort"
[appraisal.robins-i]
effect = "assignment"
"1.1" = "PN"
d1 = "serious"
"6.1" = "NI"
"6.2" = "NI"
"6.3" = "NI"
"6.4" = "NI"
d6 = "no-information"
"7.1" = "PN"
"7.2" = "N"
"7.3" = "N"
d7 = "moderate"
)";
    const auto a = make_rubric()->appraise(study_from(toml)).front();
    INFO(findings_text(a));
    REQUIRE(findings_of(a, "differs-from-suggestion").size() == 1u);
    CHECK(findings_of(a, "differs-from-suggestion").front()->where.line == 7);
    CHECK(domain(a, "d1").judgement == "serious");  // the reviewer's level stands
    CHECK(domain(a, "d1").rationale.find(
              "Serious: the reviewer's judgement; suggestion (not the tool's algorithm): Low") == 0u);
    CHECK(domain(a, "d6").rationale.find("suggestion (not the tool's algorithm): No information") != std::string::npos);
    CHECK(domain(a, "d7").rationale.find("no suggestion") != std::string::npos);
    const auto quiet = make_rubric("suggest = false\n")->appraise(study_from(toml)).front();
    CHECK(findings_of(quiet, "differs-from-suggestion").empty());
    CHECK(domain(quiet, "d1").rationale.find("suggestion") == std::string::npos);
}

TEST_CASE("robins-i scope: not assessed, not applicable, per-result labels", "[rubric:robins-i]") {
    const auto rubric = make_rubric();
    SECTION("no answers: one info finding, no domains, no overall") {
        const auto results = rubric->appraise(study_from("id = \"t\"\n[design]\ntype = \"cohort\"\n"));
        REQUIRE(results.size() == 1u);
        CHECK(results.front().findings.size() == 1u);
        CHECK(findings_of(results.front(), "not-assessed").size() == 1u);
        CHECK(results.front().domains.empty());
        CHECK_FALSE(results.front().overall.has_value());
    }
    SECTION("randomised and qualitative designs") {
        for (const char* design : {"rct", "cluster-rct", "crossover-rct", "qualitative"}) {
            const auto a = rubric
                               ->appraise(study_from(std::string("id = \"t\"\n[design]\ntype = \"") + design +
                                                     "\"\n[appraisal.robins-i]\nd1 = \"low\"\n"))
                               .front();
            CHECK(a.findings.size() == 1u);
            REQUIRE(findings_of(a, "not-applicable").size() == 1u);
            CHECK(findings_of(a, "not-applicable").front()->where.line == 3);
            CHECK(a.domains.empty());
        }
    }
    SECTION("several results are labelled by outcome; an unknown outcome is an error") {
        const auto results = rubric->appraise(study_from(R"(id = "t"
[design]
type = "cohort"
[[outcomes]]
id = "depression"
[[appraisal.robins-i]]
outcome = "depression"
effect = "assignment"
[[appraisal.robins-i]]
outcome = "anxiety"
effect = "assignment"
[[appraisal.robins-i]]
effect = "assignment"
)"));
        REQUIRE(results.size() == 3u);
        CHECK(results[0].label == "depression");
        CHECK(findings_of(results[0], "unknown-outcome").empty());
        CHECK(results[1].label == "anxiety");
        REQUIRE(findings_of(results[1], "unknown-outcome").size() == 1u);
        CHECK(findings_of(results[1], "unknown-outcome").front()->where.line == 10);
        CHECK(results[2].label == "result 3");
        CHECK(findings_of(results[2], "result-unlabelled").size() == 1u);
    }
}

TEST_CASE("robins-i overrides keep the proposed judgement and the reason", "[rubric:robins-i]") {
    std::string toml = "id = \"t\"\n[design]\ntype = \"cohort\"\n[appraisal.robins-i]\neffect = \"assignment\"\n";
    for (int d = 1; d <= 7; ++d)
        toml += "d" + std::to_string(d) + " = \"" + (d == 5 ? "no-information" : "low") + "\"\n";
    toml +=
        "[appraisal.robins-i.override]\n"
        "overall = { judgement = \"moderate\", reason = \"missing data only for a minor outcome\" }\n"
        "d2 = { judgement = \"moderate\", reason = \"consensus meeting\" }\n"
        "d3 = { judgement = \"high\", reason = \"x\" }\n"
        "d4 = { judgement = \"low\" }\n";
    const auto a = make_rubric()->appraise(study_from(toml)).front();
    INFO(findings_text(a));
    // Not below the worst domain (d2 Moderate): d5's No information is not a key domain here.
    CHECK(*a.overall == "moderate");
    CHECK(a.overall_proposed == "no-information");  // d2 Moderate + d5 No information
    CHECK(a.overall_override_reason == "missing data only for a minor outcome");
    CHECK(domain(a, "d2").judgement == "moderate");
    CHECK(domain(a, "d2").proposed == "low");
    CHECK(domain(a, "d2").override_reason == "consensus meeting");
    CHECK(domain(a, "d3").proposed.empty());
    CHECK(findings_of(a, "invalid-override").size() == 2u);
    CHECK(findings_of(a, "overridden").size() == 2u);
}

TEST_CASE("robins-i: the description lists the questions and the domain judgements a reviewer writes",
          "[rubric:robins-i]") {
    const auto& qs = entry().description.questions;
    std::map<std::string, const sdk::question_spec*> by_id;
    for (const auto& q : qs) by_id[q.id] = &q;
    REQUIRE(by_id.count("1.1") == 1u);
    CHECK(by_id["1.1"]->domain == "d1");
    CHECK(by_id["1.1"]->reached_by_default);
    CHECK(by_id["1.1"]->answers == std::vector<std::string>{"Y", "PY", "PN", "N"});  // no NI by default
    REQUIRE(by_id.count("1.2") == 1u);
    CHECK_FALSE(by_id["1.2"]->reached_by_default);
    CHECK(by_id["1.2"]->answers.back() == "NA");
    REQUIRE(by_id.count("d7") == 1u);
    CHECK(by_id["d7"]->answers.front() == "low");
    CHECK(qs.size() == 34u + 7u);
}

// ---------------------------------------------------------------- neutral NI rationales

namespace {

// The parts of a rationale ("; "-separated) that name an NI answer.
std::vector<std::string> parts_naming_ni(const std::string& rationale) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = rationale.find("; ", start);
        const std::string part = rationale.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (part.find("NI") != std::string::npos) out.push_back(part);
        if (end == std::string::npos) break;
        start = end + 2;
    }
    return out;
}

// Words that say a piece of information is missing, not what it would show.
bool says_not_known(const std::string& part) {
    for (const std::string marker : {"not known", "no information", "not reported", "unknown"})
        if (part.find(marker) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("robins-i: a rationale never states for an NI answer the finding a Y or N would state",
          "[rubric:robins-i][ni]") {
    // Every combination of Y, N or NI for each question of each domain (and
    // nothing, for a gated question: then it is NA when its gate is closed),
    // with suggestions on (the only rationale text that reads the answers);
    // domain 4 under both effects. Any part of a rationale that names an NI
    // answer must say that the information is missing; a Low suggestion never
    // rests on NI.
    const auto rubric = make_rubric("allow_ni_1_1 = true\n");
    const std::vector<std::string> asked{"Y", "N", "NI"};
    const std::vector<std::string> gated{"Y", "N", "NI", ""};
    std::vector<std::string> problems;
    std::size_t with_ni = 0;
    std::size_t no_information_suggestions = 0;
    for (const std::string effect : {"assignment", "adhering"}) {
        for (int d = 1; d <= 7; ++d) {
            if (d != 4 && effect == "adhering") continue;  // the other domains do not depend on the effect
            std::vector<std::string> ids;
            std::vector<const std::vector<std::string>*> values;
            for (const auto& q : entry().description.questions) {
                if (q.domain != "d" + std::to_string(d) || q.id.rfind("d", 0) == 0) continue;
                if (d == 4 && (effect == "assignment") != (q.id == "4.1" || q.id == "4.2")) continue;
                ids.push_back(q.id);
                const bool has_gate = std::find(q.answers.begin(), q.answers.end(), "NA") != q.answers.end();
                values.push_back(has_gate ? &gated : &asked);
            }
            REQUIRE_FALSE(ids.empty());
            std::vector<std::size_t> index(ids.size(), 0);
            for (;;) {
                std::vector<sdk::node_member> members{{"effect", text_node(effect, 2)},
                                                      {"d" + std::to_string(d), text_node("moderate", 3)}};
                bool any_ni = false;
                std::string combo;
                for (std::size_t i = 0; i < ids.size(); ++i) {
                    const std::string& v = (*values[i])[index[i]];
                    combo += ids[i] + "=" + (v.empty() ? "-" : v) + " ";
                    if (v.empty()) continue;
                    any_ni = any_ni || v == "NI";
                    members.emplace_back(ids[i], text_node(v, 10 + static_cast<int>(i)));
                }
                const auto a = rubric->appraise(study_with(table_node(std::move(members)))).front();
                const std::string& rationale = domain(a, "d" + std::to_string(d)).rationale;
                if (any_ni) ++with_ni;
                if (rationale.find("suggestion (not the tool's algorithm): No information") != std::string::npos)
                    ++no_information_suggestions;
                for (const auto& part : parts_naming_ni(rationale))
                    if (!says_not_known(part)) problems.push_back(effect + " " + combo + ": " + part);
                std::size_t i = 0;
                while (i < index.size() && ++index[i] == values[i]->size()) index[i++] = 0;
                if (i == index.size()) break;
            }
        }
    }
    CHECK(with_ni > 10000u);
    CHECK(no_information_suggestions > 0u);
    for (std::size_t i = 0; i < problems.size() && i < 40; ++i) UNSCOPED_INFO(problems[i]);
    CHECK(problems.empty());
}
