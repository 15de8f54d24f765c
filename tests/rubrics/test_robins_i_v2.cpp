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

const sdk::rubric& rubric_with(const std::string& options) {
    static std::map<std::string, std::unique_ptr<sdk::rubric>> made;
    auto& r = made[options];
    if (!r) r = appraise::test::make_bundled_rubric("robins-i-v2", options);
    return *r;
}

// Checks one domain over every combination: the reported judgement is the
// selected encoding's, and `disputed` fires exactly when the three differ.
void check_domain(const std::string& id, const std::string& prefix, const std::vector<q_spec>& qs,
                  verdict (*expected)(const answers_map&, int), bool disputes, bool variant_b = false) {
    int combinations = 0, disputed = 0;
    each_combination(qs, [&](const answers_map& combo) {
        ++combinations;
        const auto study = study_with(with_domain(combo, prefix, variant_b));
        const std::set<verdict> all{expected(combo, 1), expected(combo, 2), expected(combo, 3)};
        for (int e = 1; e <= 3; ++e) {
            const std::string options = e == 1 ? std::string{} : "encoding = \"E" + std::to_string(e) + "\"";
            const auto results = rubric_with(options).appraise(study);
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
