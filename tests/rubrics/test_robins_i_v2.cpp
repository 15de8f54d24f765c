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

#include <nlohmann/json.hpp>

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

namespace {

// ---------------------------------------------------------------- the reference, restated

using verdict = std::optional<std::string>;  // nullopt: the encoding has no rule (E2's dead ends)

std::string at(const answers_map& a, const std::string& id) {
    const auto found = a.find(id);
    return found == a.end() ? "NA" : found->second;
}
bool yes(const answers_map& a, const std::string& id) {
    return at(a, id) == "Y" || at(a, id) == "PY";
}
bool no(const answers_map& a, const std::string& id) {
    return at(a, id) == "N" || at(a, id) == "PN";
}
bool is(const answers_map& a, const std::string& id, std::initializer_list<const char*> codes) {
    return std::any_of(codes.begin(), codes.end(), [&](const char* c) { return at(a, id) == c; });
}

const char* const low = "low";
const char* const low_x = "low-except-uncontrolled-confounding";
const char* const moderate = "moderate";
const char* const serious = "serious";
const char* const critical = "critical";

std::string ladder(int steps) {
    static const char* const words[] = {low, moderate, serious, critical};
    return words[std::clamp(steps, 0, 3)];
}

// The answer sets of instruments-2.md section 3.2 (NA is offered exactly when a gate is unmet). Every rule
// reads Y and PY alike and N and PN alike, so to stay quick the loops take PY in the graded sets, Y in the
// others and PN for every no; the test "PY reads as Y and N as PN" checks the other spellings.
const std::vector<std::string> graded_no{"PY", "WN", "SN", "NI"};
const std::vector<std::string> standard{"Y", "PN", "NI"};
const std::vector<std::string> binary{"Y", "PN"};
const std::vector<std::string> graded_yes{"SY", "WY", "PN", "NI"};

struct q_spec {
    std::string id;
    std::vector<std::string> answers;
    std::function<bool(const answers_map&)> gate;  // empty: always asked
};

// Every answer combination the gates allow (unreached questions left out).
void each_combination(const std::vector<q_spec>& qs, const std::function<void(const answers_map&)>& f,
                      answers_map so_far = {}, std::size_t next = 0) {
    if (next == qs.size()) {
        f(so_far);
        return;
    }
    const auto& q = qs[next];
    if (q.gate && !q.gate(so_far)) {
        each_combination(qs, f, so_far, next + 1);
        return;
    }
    for (const auto& answer : q.answers) {
        so_far[q.id] = answer;
        each_combination(qs, f, so_far, next + 1);
    }
}

// D1A, instruments-2.md 3.3 "D1A (E1)" steps 1-4, and its dispute table.
verdict d1a(const answers_map& a, int e) {
    const bool signal = yes(a, "1A.4");
    if (is(a, "1A.1", {"SN", "NI"})) return signal ? critical : serious;
    if (yes(a, "1A.3")) {
        if (signal) return critical;
        if (e == 2) return serious;  // "1.2 ignored"
        return yes(a, "1A.2") ? serious : critical;
    }
    if (yes(a, "1A.1")) {
        if (is(a, "1A.2", {"SN", "NI"})) return serious;
        if (yes(a, "1A.2")) return !signal ? low_x : e == 2 ? moderate : serious;
        return !signal ? (e == 1 ? moderate : low_x) : e == 2 ? moderate : serious;  // 1A.2 = WN
    }
    if (is(a, "1A.2", {"SN", "NI"})) return serious;  // 1A.1 = WN
    if (!signal) return e == 2 ? low_x : moderate;
    return e == 2 ? moderate : serious;
}

// D1B, "D1B (E1)" and its dispute table.
verdict d1b(const answers_map& a, int e) {
    const bool signal = yes(a, "1B.5");
    if (!yes(a, "1B.1")) return yes(a, "1B.4") || signal ? critical : serious;
    if (is(a, "1B.2", {"SN", "NI"})) return e == 3 && signal ? critical : serious;
    if (is(a, "1B.3", {"SN", "NI"})) return serious;
    if (yes(a, "1B.2") && yes(a, "1B.3")) return !signal ? (e == 2 ? low : low_x) : e == 2 ? moderate : serious;
    if (yes(a, "1B.2")) return !signal ? (e == 1 ? moderate : low_x) : serious;  // 1B.3 = WN
    return !signal ? (e == 2 ? low_x : moderate) : serious;                      // 1B.2 = WN
}

// D2, the additive ladder and its disputes.
verdict d2(const answers_map& a, int e) {
    int entry = 2;
    if (yes(a, "2.1") || yes(a, "2.2"))
        entry = 0;
    else if (at(a, "2.3") == "SY")
        entry = e == 1 ? 0 : 1;
    else if (is(a, "2.3", {"WY", "NI"}))
        entry = 1;
    const int b4 = at(a, "2.4") == "SY" ? 2 : is(a, "2.4", {"WY", "NI"}) ? 1 : 0;
    const int b5 = no(a, "2.5") ? 0 : 1;
    if (e == 2 && entry == 1 && b4 == 2) return b5 == 0 ? serious : critical;
    if (e == 2 && entry == 1 && b4 == 1) return std::nullopt;
    return ladder(entry + b4 + b5);
}

// D3, panels A and B, the worse, then the correction ladder (E3: 3.4 = NI is Low).
verdict d3(const answers_map& a, int e) {
    int panel_a = 0;  // 0 low, 1 moderate, 2 serious
    if (yes(a, "3.1"))
        panel_a = yes(a, "3.2") ? 1 : 0;
    else if (at(a, "3.1") == "SN")
        panel_a = 2;
    else
        panel_a = 1;
    int panel_b = 0;
    if (at(a, "3.3") == "NI")
        panel_b = 1;
    else if (yes(a, "3.3")) {
        if (at(a, "3.4") == "NI")
            panel_b = e == 3 ? 0 : 1;
        else if (yes(a, "3.4"))
            panel_b = yes(a, "3.5") ? 2 : 1;
    }
    const int worse = std::max(panel_a, panel_b);
    if (worse < 2) return ladder(worse);
    if (yes(a, "3.6") || yes(a, "3.7")) return moderate;
    return yes(a, "3.8") ? critical : serious;
}

// D4, the numbered levels and 4.11, with its disputes.
verdict d4(const answers_map& a, int e) {
    if (yes(a, "4.1") && yes(a, "4.2") && yes(a, "4.3")) return low;
    const auto then_4_11 = [&](int l) { return ladder(yes(a, "4.11") ? l : l + 1); };
    const auto scale = [&](const std::string& id) { return yes(a, id) ? 0 : at(a, id) == "SN" ? 2 : 1; };
    if (is(a, "4.4", {"Y", "PY", "NI"})) {
        if (no(a, "4.5")) return low;
        return then_4_11(yes(a, "4.6") && e != 1 ? 1 : scale("4.6"));
    }
    if (yes(a, "4.7")) {
        if (!yes(a, "4.8")) {
            if (e == 1) return serious;
            if (e == 2) return yes(a, "4.11") ? moderate : serious;
            return yes(a, "4.11") ? serious : critical;
        }
        return yes(a, "4.9") ? low : then_4_11(scale("4.9"));
    }
    return yes(a, "4.10") ? low : then_4_11(scale("4.10"));
}

// D5 and D6, instruments.md 2.2 (all encodings agree).
verdict d5(const answers_map& a, int) {
    if (yes(a, "5.1")) return serious;
    if (no(a, "5.1")) {
        if (no(a, "5.2") || no(a, "5.3")) return low;
        return at(a, "5.3") == "SY" ? serious : moderate;
    }
    if (no(a, "5.2")) return moderate;
    return at(a, "5.3") == "SY" ? serious : moderate;
}

verdict d6(const answers_map& a, int) {
    if (yes(a, "6.1")) return low;
    int y = 0, ni = 0;
    for (const char* id : {"6.2", "6.3", "6.4"}) {
        y += yes(a, id) ? 1 : 0;
        ni += at(a, id) == "NI" ? 1 : 0;
    }
    if (ni == 3) return serious;
    if (y >= 2) return critical;
    if (y == 1) return serious;
    return ni >= 1 ? moderate : low;
}

// The gates of section 3.2, restated.
const auto when = [](std::string id, std::vector<std::string> codes) {
    return
        [id, codes](const answers_map& a) { return std::find(codes.begin(), codes.end(), at(a, id)) != codes.end(); };
};
const std::vector<std::string> yes_codes{"Y", "PY"};
const std::vector<std::string> no_ni_codes{"N", "PN", "NI"};

const std::vector<q_spec> d1a_questions{{"1A.1", graded_no, {}},
                                        {"1A.2", graded_no, when("1A.1", {"Y", "PY", "WN"})},
                                        {"1A.3", standard, when("1A.1", {"Y", "PY", "WN"})},
                                        {"1A.4", binary, {}}};
const std::vector<q_spec> d1b_questions{{"1B.1", standard, {}},
                                        {"1B.2", graded_no, when("1B.1", yes_codes)},
                                        {"1B.3", graded_no, when("1B.2", {"Y", "PY", "WN"})},
                                        {"1B.4", standard, when("1B.1", no_ni_codes)},
                                        {"1B.5", binary, {}}};
const std::vector<q_spec> d2_questions{{"2.1", standard, {}},
                                       {"2.2", standard, when("2.1", no_ni_codes)},
                                       {"2.3", graded_yes, when("2.2", no_ni_codes)},
                                       {"2.4", graded_yes, {}},
                                       {"2.5", standard, {}}};
const std::vector<q_spec> d3_questions{
    {"3.1", graded_no, {}},
    {"3.2", standard, when("3.1", yes_codes)},
    {"3.3", standard, {}},
    {"3.4", standard, when("3.3", yes_codes)},
    {"3.5", standard, when("3.4", yes_codes)},
    {"3.6", standard, [](const answers_map& a) { return at(a, "3.1") == "SN" || yes(a, "3.5"); }},
    {"3.7", standard, when("3.6", no_ni_codes)},
    {"3.8", standard, when("3.7", no_ni_codes)}};
// 4.11: E1's transcribed gate (4.5 Y/PY, or 4.9/4.10 WN/SN/NI), plus 4.5 = NI (the algorithm reads 4.6
// and then 4.11 there) and the 4.8 = N/PN/NI branch (so E2 and E3 can be shown): the plugin's choices.
const std::vector<q_spec> d4_questions{
    {"4.1", standard, {}},
    {"4.2", standard, {}},
    {"4.3", standard, {}},
    {"4.4", standard, [](const answers_map& a) { return !(yes(a, "4.1") && yes(a, "4.2") && yes(a, "4.3")); }},
    {"4.5", standard, when("4.4", {"Y", "PY", "NI"})},
    {"4.6", graded_no, when("4.5", {"Y", "PY", "NI"})},
    {"4.7", standard, when("4.4", {"N", "PN"})},
    {"4.8", standard, when("4.7", yes_codes)},
    {"4.9", graded_no, when("4.8", yes_codes)},
    {"4.10", graded_no, when("4.7", no_ni_codes)},
    {"4.11", binary, [](const answers_map& a) {
         return is(a, "4.5", {"Y", "PY", "NI"}) || is(a, "4.9", {"WN", "SN", "NI"}) ||
                is(a, "4.10", {"WN", "SN", "NI"}) || (yes(a, "4.7") && is(a, "4.8", {"N", "PN", "NI"}));
     }}};
const std::vector<q_spec> d5_questions{
    {"5.1", standard, {}}, {"5.2", standard, {}}, {"5.3", graded_yes, when("5.2", {"Y", "PY", "NI"})}};
const std::vector<q_spec> d6_questions{{"6.1", standard, {}},
                                       {"6.2", standard, when("6.1", no_ni_codes)},
                                       {"6.3", standard, when("6.1", no_ni_codes)},
                                       {"6.4", standard, when("6.1", no_ni_codes)}};

std::string shown(const answers_map& a) {
    std::string text;
    for (const auto& [k, v] : a) text += k + "=" + v + " ";
    return text;
}

// Checks one domain over every combination: the reported judgement is the
// selected encoding's, and `disputed` fires exactly when the three differ.
void check_domain(const std::string& id, const std::string& prefix, const std::vector<q_spec>& qs,
                  verdict (*expected)(const answers_map&, int), bool disputes, bool variant_b = false) {
    // Made here, not kept in statics: a rubric must not outlive the plugin the host unloads at exit.
    const std::unique_ptr<sdk::rubric> rubrics[] = {
        appraise::test::make_bundled_rubric("robins-i-v2"),
        appraise::test::make_bundled_rubric("robins-i-v2", "encoding = \"E2\""),
        appraise::test::make_bundled_rubric("robins-i-v2", "encoding = \"E3\"")};
    int combinations = 0, disputed = 0;
    each_combination(qs, [&](const answers_map& combo) {
        ++combinations;
        const auto study = study_with(with_domain(combo, prefix, variant_b));
        const std::set<verdict> all{expected(combo, 1), expected(combo, 2), expected(combo, 3)};
        for (int e = 1; e <= 3; ++e) {
            const auto results = rubrics[e - 1]->appraise(study);
            REQUIRE(results.size() == 1u);
            const auto& a = results.front();
            INFO(id << " E" << e << ": " << shown(combo) << "\n" << findings_text(a));
            REQUIRE_FALSE(has_error(a));
            const auto& d = domain(a, id);
            const verdict want = expected(combo, e);
            if (want) {
                CHECK(d.judgement == *want);
            } else {
                CHECK(d.judgement.empty());
                CHECK_FALSE(d.not_assessed.empty());
            }
            const bool flagged = d.rationale.find("disputed") != std::string::npos;
            CHECK(flagged == (all.size() > 1));
            CHECK(findings_of(a, "disputed").size() == (all.size() > 1 ? 1u : 0u));
        }
        if (all.size() > 1) ++disputed;
    });
    INFO(id << ": " << combinations << " combinations, " << disputed << " disputed");
    CHECK(combinations > 0);
    CHECK((disputed > 0) == disputes);  // section 3.3 lists disputed cells in D1-D4 only
}

}  // namespace

TEST_CASE("robins-i-v2 D1 variant A over every answer combination", "[rubric:robins-i-v2][exhaustive]") {
    check_domain("d1", "1A.", d1a_questions, d1a, true);
}

TEST_CASE("robins-i-v2 D1 variant B over every answer combination", "[rubric:robins-i-v2][exhaustive]") {
    check_domain("d1", "1B.", d1b_questions, d1b, true, true);
}

TEST_CASE("robins-i-v2 D2 over every answer combination", "[rubric:robins-i-v2][exhaustive]") {
    check_domain("d2", "2.", d2_questions, d2, true);
}

TEST_CASE("robins-i-v2 D3 over every answer combination", "[rubric:robins-i-v2][exhaustive]") {
    check_domain("d3", "3.", d3_questions, d3, true);
}

TEST_CASE("robins-i-v2 D4 over every answer combination", "[rubric:robins-i-v2][exhaustive]") {
    check_domain("d4", "4.", d4_questions, d4, true);
}

TEST_CASE("robins-i-v2 D5 and D6 over every answer combination", "[rubric:robins-i-v2][exhaustive]") {
    check_domain("d5", "5.", d5_questions, d5, false);
    check_domain("d6", "6.", d6_questions, d6, false);
}

TEST_CASE("robins-i-v2 oracle cases of instruments-2.md 3.3 (E1)", "[rubric:robins-i-v2]") {
    struct oracle {
        std::string domain, prefix;
        answers_map answers;
        std::string expected;
        bool variant_b = false;
    };
    const std::vector<oracle> cases{
        {"d1", "1A.", {{"1A.1", "WN"}, {"1A.3", "PN"}, {"1A.2", "Y"}, {"1A.4", "N"}}, moderate},
        {"d1", "1A.", {{"1A.1", "Y"}, {"1A.3", "Y"}, {"1A.4", "N"}, {"1A.2", "WN"}}, critical},
        {"d1", "1B.", {{"1B.1", "N"}, {"1B.4", "NI"}, {"1B.5", "PN"}}, serious, true},
        {"d1", "1B.", {{"1B.1", "Y"}, {"1B.2", "Y"}, {"1B.3", "PY"}, {"1B.5", "N"}}, low_x, true},
        {"d2", "2.", {{"2.1", "N"}, {"2.2", "N"}, {"2.3", "WY"}, {"2.4", "WY"}, {"2.5", "N"}}, serious},
        {"d2", "2.", {{"2.1", "Y"}, {"2.4", "SY"}, {"2.5", "Y"}}, critical},
        {"d3", "3.", {{"3.1", "SN"}, {"3.3", "N"}, {"3.6", "N"}, {"3.7", "PN"}, {"3.8", "N"}}, serious},
        {"d4",
         "4.",
         {{"4.1", "N"},
          {"4.2", "Y"},
          {"4.3", "Y"},
          {"4.4", "N"},
          {"4.7", "Y"},
          {"4.8", "Y"},
          {"4.9", "WN"},
          {"4.11", "N"}},
         serious},
        {"d4",
         "4.",
         {{"4.1", "Y"}, {"4.2", "N"}, {"4.3", "Y"}, {"4.4", "Y"}, {"4.5", "Y"}, {"4.6", "SN"}, {"4.11", "N"}},
         critical},
    };
    for (const auto& c : cases) {
        const auto a = run_v2(study_with(with_domain(c.answers, c.prefix, c.variant_b)));
        INFO(c.domain << ": " << shown(c.answers) << "\n" << findings_text(a));
        CHECK_FALSE(has_error(a));
        CHECK(domain(a, c.domain).judgement == c.expected);
        CHECK(domain(a, c.domain).rationale.find("robins-i-v2-20251120/E1") != std::string::npos);
    }
}

TEST_CASE("robins-i-v2 PY reads as Y and N as PN", "[rubric:robins-i-v2]") {
    const auto a =
        run_v2(study_with(with_domain({{"1A.1", "PY"}, {"1A.2", "PY"}, {"1A.3", "N"}, {"1A.4", "N"}}, "1A.")));
    CHECK(domain(a, "d1").judgement == low_x);
    const auto b = run_v2(study_with(with_domain({{"5.1", "PN"}, {"5.2", "N"}}, "5.")));
    CHECK(domain(b, "d5").judgement == low);
    const auto c = run_v2(study_with(with_domain({{"2.1", "PY"}, {"2.4", "N"}, {"2.5", "PY"}}, "2.")));
    CHECK(domain(c, "d2").judgement == moderate);
}

TEST_CASE("robins-i-v2 disputed cells name what each encoding says", "[rubric:robins-i-v2]") {
    // D1A row 1: 1.1 Y, 1.3 N, 1.2 WN, 1.4 N: E1 Moderate, E2 and E3 Low except.
    auto a = run_v2(study_with(with_domain({{"1A.1", "Y"}, {"1A.2", "WN"}, {"1A.3", "N"}, {"1A.4", "N"}}, "1A.")));
    INFO(findings_text(a));
    CHECK(domain(a, "d1").judgement == moderate);
    REQUIRE(findings_of(a, "disputed").size() == 1u);
    const auto& f = *findings_of(a, "disputed").front();
    CHECK(f.level == sdk::severity::warning);
    CHECK(f.message.find("E1 says moderate") != std::string::npos);
    CHECK(f.message.find("E2 says low-except-uncontrolled-confounding") != std::string::npos);
    CHECK(f.message.find("E3 says low-except-uncontrolled-confounding") != std::string::npos);
    CHECK(domain(a, "d1").rationale.find("disputed") != std::string::npos);
    CHECK(a.overall_rationale.find("d1 is disputed") != std::string::npos);
    // D2: 2.3 SY: E1 Low, E2/E3 Moderate.
    a = run_v2(study_with(with_domain({{"2.1", "N"}, {"2.2", "N"}, {"2.3", "SY"}, {"2.4", "N"}, {"2.5", "N"}}, "2.")));
    CHECK(domain(a, "d2").judgement == low);
    REQUIRE(findings_of(a, "disputed").size() == 1u);
    CHECK(findings_of(a, "disputed").front()->message.find("E2 says moderate, E3 says moderate") != std::string::npos);
    // D2 entry 1 with 2.4 WY: E2 has no rule; under encoding E2 the domain is not assessed.
    const answers_map dead_end =
        with_domain({{"2.1", "N"}, {"2.2", "N"}, {"2.3", "WY"}, {"2.4", "WY"}, {"2.5", "N"}}, "2.");
    a = run_v2(study_with(dead_end));
    CHECK(findings_of(a, "disputed").front()->message.find("E2 says no judgement") != std::string::npos);
    a = run_v2(study_with(dead_end), "encoding = \"E2\"");
    CHECK(domain(a, "d2").judgement.empty());
    CHECK(domain(a, "d2").not_assessed.find("E2 has no rule") != std::string::npos);
    CHECK(a.overall == "");
    // D1B row 1: E2 plain Low; the overall under E2 is still Low except (p. 49).
    a = run_v2(study_with(with_domain({{"1B.1", "Y"}, {"1B.2", "Y"}, {"1B.3", "Y"}, {"1B.5", "N"}}, "1B.", true)),
               "encoding = \"E2\"");
    CHECK(domain(a, "d1").judgement == low);
    CHECK(a.overall == low_x);
    // D4 4.8 N: E1 Serious, E2 by 4.11 Moderate, E3 Serious.
    a = run_v2(study_with(with_domain(
        {{"4.1", "N"}, {"4.2", "Y"}, {"4.3", "Y"}, {"4.4", "N"}, {"4.7", "Y"}, {"4.8", "N"}, {"4.11", "Y"}}, "4.")));
    CHECK(domain(a, "d4").judgement == serious);
    CHECK(findings_of(a, "disputed").front()->message.find("E2 says moderate, E3 says serious") != std::string::npos);
}

TEST_CASE("robins-i-v2 triage: B2 or B3 Y/PY gives Critical with the reason and no domains", "[rubric:robins-i-v2]") {
    answers_map b2 = best();
    b2["B1"] = "N";
    b2["B2"] = "Y";
    auto a = run_v2(study_with(b2));
    INFO(findings_text(a));
    CHECK(a.overall == critical);
    CHECK(a.domains.empty());
    CHECK(a.overall_rationale.find("B2 = Y") != std::string::npos);
    CHECK(findings_of(a, "triage-critical").size() == 1u);
    // B3 alone, with no domain answered at all.
    a = run_v2(study_with({{"B1", "Y"}, {"B3", "PY"}}, false));
    CHECK(a.overall == critical);
    CHECK(a.overall_rationale.find("B3 = PY") != std::string::npos);
    CHECK_FALSE(has_error(a));
    // B2 is asked only when B1 is N/PN.
    answers_map gated = best();
    gated["B2"] = "N";
    a = run_v2(study_with(gated));
    CHECK(findings_of(a, "gate").size() == 1u);
    // An override cannot take a triage Critical lower.
    a = run_v2(study_with(b2, true, {{"overall", {"serious", "we disagree"}}}));
    CHECK(a.overall == critical);
    CHECK(findings_of(a, "override-below-tool").size() == 1u);
}

TEST_CASE("robins-i-v2 unanswered reached questions are not assessed, never NI", "[rubric:robins-i-v2]") {
    answers_map a_map = best();
    a_map.erase("2.4");
    auto a = run_v2(study_with(a_map));
    INFO(findings_text(a));
    const auto& d2 = domain(a, "d2");
    CHECK(d2.judgement.empty());
    CHECK(d2.not_assessed.find("2.4") != std::string::npos);
    const auto answer = std::find_if(d2.answers.begin(), d2.answers.end(), [](const auto& x) { return x.id == "2.4"; });
    REQUIRE(answer != d2.answers.end());
    CHECK(answer->provenance == "not-assessed");
    CHECK(answer->value.empty());
    CHECK(a.overall == "");
    CHECK(a.overall_not_assessed.find("d2") != std::string::npos);
    CHECK(findings_of(a, "unanswered").size() == 1u);
    // A triage question left out: the overall is not assessed, the domains still are.
    a_map = best();
    a_map.erase("B3");
    a = run_v2(study_with(a_map));
    CHECK(a.overall == "");
    CHECK(a.overall_not_assessed.find("B3") != std::string::npos);
    CHECK(domain(a, "d2").judgement == low);
    // C4 left out: domain 1's variant is unknown.
    a_map = best();
    a_map.erase("C4");
    a = run_v2(study_with(a_map));
    CHECK(domain(a, "d1").judgement.empty());
    CHECK(findings_of(a, "variant-missing").size() == 1u);
    CHECK(a.overall == "");
    // No confounders listed (P1): domain 1 cannot be scored.
    a = run_v2(study_with(best(), false));
    CHECK(domain(a, "d1").judgement.empty());
    CHECK(findings_of(a, "confounders-missing").size() == 1u);
    // A reached question answered NA, and an unreached one answered, are errors.
    a_map = best();
    a_map["2.4"] = "NA";
    a_map["2.2"] = "N";
    a = run_v2(study_with(a_map));
    CHECK(findings_of(a, "gate").size() == 2u);
    // A code outside the question's set; a question of the other variant.
    a_map = best();
    a_map["5.1"] = "WN";
    a_map["1B.1"] = "Y";
    a = run_v2(study_with(a_map));
    CHECK(findings_of(a, "invalid-answer").size() == 1u);
    CHECK(findings_of(a, "wrong-variant").size() == 1u);
    // 4.7 = N is allowed by default (E1: the print's missing N is an erratum), refused by the option.
    const answers_map imputation =
        with_domain({{"4.1", "N"}, {"4.2", "Y"}, {"4.3", "Y"}, {"4.4", "N"}, {"4.7", "N"}, {"4.10", "Y"}}, "4.");
    CHECK(domain(run_v2(study_with(imputation)), "d4").judgement == low);
    CHECK(findings_of(run_v2(study_with(imputation), "q4_7_offers_n = false"), "invalid-answer").size() == 1u);
}

TEST_CASE("robins-i-v2 overrides: escalation with a reason, never below the worst domain", "[rubric:robins-i-v2]") {
    const answers_map moderate_d2 = with_domain({{"2.1", "N"}, {"2.2", "Y"}, {"2.4", "WY"}, {"2.5", "N"}}, "2.");
    auto a = run_v2(study_with(moderate_d2));
    CHECK(a.overall == moderate);
    a = run_v2(study_with(moderate_d2, true, {{"overall", {"serious", "several domains at Moderate"}}}));
    INFO(findings_text(a));
    CHECK(a.overall == serious);
    CHECK(a.overall_proposed == moderate);
    CHECK(a.overall_override_reason == "several domains at Moderate");
    CHECK(findings_of(a, "overridden").size() == 1u);
    a = run_v2(study_with(moderate_d2, true, {{"overall", {"low", "looks fine"}}}));
    CHECK(a.overall == moderate);
    REQUIRE(findings_of(a, "override-below-tool").size() == 1u);
    CHECK(findings_of(a, "override-below-tool").front()->level == sdk::severity::error);
    // A domain override with a reason stands, and the overall follows it.
    a = run_v2(study_with(moderate_d2, true, {{"d2", {"low", "the classification was checked by registry"}}}));
    CHECK(domain(a, "d2").judgement == low);
    CHECK(domain(a, "d2").proposed == moderate);
    CHECK(a.overall == low_x);
    // Without a reason it is refused.
    a = run_v2(study_with(moderate_d2, true, {{"overall", {"serious", ""}}}));
    CHECK(findings_of(a, "invalid-override").size() == 1u);
    CHECK(a.overall == moderate);
}

TEST_CASE("robins-i-v2 applies to non-randomised studies only", "[rubric:robins-i-v2]") {
    const auto rubric = appraise::test::make_bundled_rubric("robins-i-v2");
    auto results = rubric->appraise(study_with(best(), true, {}, "rct"));
    REQUIRE(results.size() == 1u);
    CHECK(results.front().findings.front().id == "robins-i-v2/not-applicable");
    CHECK_FALSE(results.front().overall.has_value());
}

namespace {

std::set<std::string> words_of(const std::string& text) {
    std::set<std::string> out;
    std::string word;
    for (const char ch : text + " ") {
        if (std::isalnum(static_cast<unsigned char>(ch)) != 0) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        } else if (!word.empty()) {
            out.insert(word);
            word.clear();
        }
    }
    return out;
}

}  // namespace

TEST_CASE("robins-i-v2 prompts are paraphrases, never the official wording", "[rubric:robins-i-v2]") {
    // ROBINS-I is CC BY-NC-ND: its wording is not ours to ship. Short distinctive fragments of the tool's
    // questions (V2 keeps much of the 2016 wording): a prompt holding every word of one, in any order, is too
    // close, and the explain text holds none verbatim.
    const std::vector<std::string> official{
        "controlled for all the important confounding factors",
        "measured validly and reliably",
        "controlled for any post-intervention variables",
        "negative controls or other considerations",
        "appropriate analysis method",
        "start of follow-up and start of intervention coincide",
        "distinguishable at the start",
        "influenced by knowledge of the outcome",
        "misclassification of intervention status",
        "selection of participants into the study",
        "available for all, or nearly all",
        "excluded due to missing data",
        "complete case analysis",
        "missing at random",
        "multiple imputation",
        "robust to the presence of missing data",
        "influenced by knowledge of the intervention received",
        "outcome assessors aware",
        "comparable across intervention groups",
        "finalized before unblinded outcome data were available",
        "multiple eligible outcome measurements",
        "multiple eligible analyses",
        "on the basis of the results",
    };
    const auto& d = entry().description;
    REQUIRE(d.questions.size() >= 40u);
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

TEST_CASE("robins-i-v2: a reviewer's override settles a disputed domain, keeping what each encoding said",
          "[rubric:robins-i-v2]") {
    // D1A row 1 of instruments-2.md 3.3: E1 Moderate, E2 and E3 Low except.
    const answers_map cell = with_domain({{"1A.1", "Y"}, {"1A.2", "WN"}, {"1A.3", "N"}, {"1A.4", "N"}}, "1A.");
    const auto a = run_v2(study_with(cell, true, {{"d1", {"serious", "the adjustment set misses caregiver age"}}}));
    INFO(findings_text(a));
    const auto& d1 = domain(a, "d1");
    CHECK(d1.judgement == "serious");
    CHECK(d1.proposed == "moderate");
    CHECK(d1.override_reason == "the adjustment set misses caregiver age");
    // The record stays ...
    CHECK(d1.rationale.find("E1 says moderate, E2 says low-except-uncontrolled-confounding, E3 says "
                            "low-except-uncontrolled-confounding") != std::string::npos);
    CHECK(d1.rationale.find("settled by the reviewer's override") != std::string::npos);
    // ... but the domain is no longer disputed, nor is the overall, which follows the override.
    CHECK(d1.rationale.find("disputed") == std::string::npos);
    CHECK(findings_of(a, "disputed").empty());
    CHECK(a.overall_rationale.find("disputed") == std::string::npos);
    CHECK(a.overall == "serious");
    REQUIRE(findings_of(a, "overridden").size() == 1u);
    // Another domain's override leaves the dispute in place.
    const auto other = run_v2(study_with(cell, true, {{"d5", {"moderate", "one outcome assessor knew the groups"}}}));
    CHECK(findings_of(other, "disputed").size() == 1u);
    CHECK(domain(other, "d1").rationale.find("; disputed: ") != std::string::npos);
    CHECK(other.overall_rationale.find("d1 is disputed") != std::string::npos);
    // An override without a reason is refused, and the dispute stays.
    const auto refused = run_v2(study_with(cell, true, {{"d1", {"serious", ""}}}));
    CHECK(findings_of(refused, "invalid-override").size() == 1u);
    CHECK(findings_of(refused, "disputed").size() == 1u);
    CHECK(domain(refused, "d1").judgement == "moderate");
}

TEST_CASE("robins-i-v2: P1's confounders are recorded with domain 1 and offered by the template",
          "[rubric:robins-i-v2]") {
    const auto a = run_v2(study_with(best()));
    const auto& d1 = domain(a, "d1");
    REQUIRE_FALSE(d1.answers.empty());
    CHECK(d1.answers.front().id == "confounders");
    CHECK(d1.answers.front().value == "age; baseline score");
    CHECK(d1.answers.front().provenance == "coded");
    CHECK(d1.rationale.find("confounders considered (P1): age; baseline score") != std::string::npos);
    // Not listed: recorded as not assessed, and domain 1 is not assessed.
    const auto none = run_v2(study_with(best(), false));
    CHECK(domain(none, "d1").answers.front().id == "confounders");
    CHECK(domain(none, "d1").answers.front().provenance == "not-assessed");
    CHECK(domain(none, "d1").judgement.empty());
    CHECK(findings_of(none, "confounders-missing").size() == 1u);
    // The description lists it first, for `appraise template`.
    const auto& qs = entry().description.questions;
    REQUIRE_FALSE(qs.empty());
    CHECK(qs.front().id == "confounders");
    CHECK(qs.front().domain == "d1");
    CHECK(qs.front().reached_by_default);
    CHECK(qs.front().prompt.find("P1") != std::string::npos);
}

// ---------------------------------------------------------------- alternatives: each encoding's judgement as data

namespace {

using alternatives = std::vector<std::pair<std::string, std::string>>;

alternatives readings(const sdk::domain_result& d) {
    alternatives out;
    for (const auto& a : d.alternatives) out.emplace_back(a.label, a.judgement);
    return out;
}

// D1A row 1 of instruments-2.md 3.3 (E1 Moderate, E2 and E3 Low except), every other domain at its best.
const std::string disputed_study = R"(id = "v2-disputed"
[design]
type = "non-randomised-controlled"

[appraisal.robins-i-v2]
confounders = ["age", "baseline score"]
B1 = "Y"
B3 = "N"
C4 = "N"
"1A.1" = "Y"
"1A.2" = "WN"
"1A.3" = "N"
"1A.4" = "N"
"2.1" = "Y"
"2.4" = "N"
"2.5" = "N"
"3.1" = "Y"
"3.2" = "N"
"3.3" = "N"
"4.1" = "Y"
"4.2" = "Y"
"4.3" = "Y"
"5.1" = "N"
"5.2" = "N"
"6.1" = "Y"
)";

}  // namespace

TEST_CASE("robins-i-v2 gives every judged domain the three encodings' judgements as alternatives",
          "[rubric:robins-i-v2][alternatives]") {
    // Disputed: D1A row 1, E1 Moderate, E2 and E3 Low except (instruments-2.md 3.3).
    const answers_map cell = with_domain({{"1A.1", "Y"}, {"1A.2", "WN"}, {"1A.3", "N"}, {"1A.4", "N"}}, "1A.");
    const auto a = run_v2(study_with(cell));
    CHECK(readings(domain(a, "d1")) == alternatives{{"E1", "moderate"}, {"E2", low_x}, {"E3", low_x}});
    // Undisputed: every other domain at its best, the three agree.
    for (const std::string id : {"d2", "d3", "d4", "d5", "d6"}) {
        INFO(id);
        CHECK(readings(domain(a, id)) == alternatives{{"E1", "low"}, {"E2", "low"}, {"E3", "low"}});
    }
    // The reported encoding does not change what each says; it is listed among them.
    const auto under_e2 = run_v2(study_with(cell), "encoding = \"E2\"");
    CHECK(domain(under_e2, "d1").judgement == low_x);
    CHECK(readings(domain(under_e2, "d1")) == readings(domain(a, "d1")));
    // E2's dead end (D2 entry 1 with 2.4 WY): no rule, an empty judgement.
    const auto dead =
        run_v2(study_with(with_domain({{"2.1", "N"}, {"2.2", "N"}, {"2.3", "WY"}, {"2.4", "WY"}, {"2.5", "N"}}, "2.")));
    REQUIRE(readings(domain(dead, "d2")).size() == 3u);
    CHECK(readings(domain(dead, "d2"))[1] == std::pair<std::string, std::string>{"E2", ""});
    // An override settles the dispute; the readings stay beside the reviewer's judgement.
    const auto settled =
        run_v2(study_with(cell, true, {{"d1", {"serious", "the adjustment set misses caregiver age"}}}));
    CHECK(domain(settled, "d1").judgement == "serious");
    CHECK(readings(domain(settled, "d1")) == readings(domain(a, "d1")));
    // No algorithm ran: an unanswered domain and a triaged result carry none.
    answers_map open = best();
    open.erase("3.1");
    CHECK(domain(run_v2(study_with(open)), "d3").alternatives.empty());
    answers_map b3 = best();
    b3["B3"] = "Y";
    CHECK(run_v2(study_with(b3)).domains.empty());
}

TEST_CASE("robins-i-v2 alternatives in the JSON, Markdown and HTML reports, disputed or not",
          "[rubric:robins-i-v2][alternatives][reports]") {
    const appraise::test::temp_dir dir;
    dir.write("v2.toml", disputed_study);
    const std::string args = "run " + appraise::test::shell_quote(dir.path()) + " --rubric robins-i-v2 -j 1";
    const auto json_run = appraise::test::run_appraise(args + " --format json");
    INFO(json_run.err);
    REQUIRE(json_run.exit_code == 0);
    const auto report = nlohmann::json::parse(json_run.out);
    const auto& domains = report.at("studies").at(0).at("appraisals").at(0).at("domains");
    const auto of = [&](const std::string& id) -> const nlohmann::json& {
        for (const auto& d : domains)
            if (d.at("id") == id) return d;
        FAIL("no domain " << id);
        throw std::logic_error("unreachable");
    };
    const auto expected = [](const std::string& e1, const std::string& e2, const std::string& e3) {
        return nlohmann::json::array({{{"label", "E1"}, {"judgement", e1}},
                                      {{"label", "E2"}, {"judgement", e2}},
                                      {{"label", "E3"}, {"judgement", e3}}});
    };
    CHECK(of("d1").at("judgement") == "moderate");
    CHECK(of("d1").at("alternatives") == expected("moderate", low_x, low_x));  // disputed
    CHECK(of("d2").at("alternatives") == expected("low", "low", "low"));       // undisputed
    // Markdown and HTML show the readings where they differ, and only there.
    const auto markdown = appraise::test::run_appraise(args + " --format markdown");
    REQUIRE(markdown.exit_code == 0);
    const std::string line =
        "Readings differ: E1 Moderate, E2 Low except for uncontrolled confounding, E3 Low except for uncontrolled "
        "confounding";
    CHECK(markdown.out.find(line) != std::string::npos);
    CHECK(markdown.out.find("Readings differ") == markdown.out.rfind("Readings differ"));
    const auto html = appraise::test::run_appraise(args + " --format html");
    REQUIRE(html.exit_code == 0);
    CHECK(html.out.find("<span class=\"readings\">" + line + "</span>") != std::string::npos);
    CHECK(html.out.find("class=\"readings\">") == html.out.rfind("class=\"readings\">"));
}
