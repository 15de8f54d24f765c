// The rob2 rubric, loaded through the plugin host as in a real run.
//
// The expected judgements come from decision tables written here from the
// reference (../shared/reference/instruments.md, section 1.3), one row per leaf
// of each flowchart, and the gates from its section 1.2: nothing below calls
// the plugin's own code except through the rubric interface. Every domain is
// checked exhaustively over every gate-consistent answer combination, in both
// effects of interest, and every row of every table must be reached.
#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "appraise/input/study_loader.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/model/rubric_options.hpp"
#include "bundled_rubric.hpp"
#include "test_support.hpp"

namespace {

namespace sdk = appraise::sdk;
using answers = std::map<std::string, std::string>;

constexpr const char* rubric_id = "rob2";

// ---------------------------------------------------------------- the rubric, through the host

const appraise::rubric_entry& entry() {
    return appraise::test::bundled_rubric(rubric_id);
}

const sdk::rubric_description& description() {
    return entry().description;
}

std::unique_ptr<sdk::rubric> make_rubric(const std::string& options_toml = {}) {
    return appraise::test::make_bundled_rubric(rubric_id, options_toml);
}

const sdk::rubric& default_rubric() {
    static const std::unique_ptr<sdk::rubric> rubric = make_rubric();
    return *rubric;
}

// ---------------------------------------------------------------- the reference, restated

enum class j { low, some_concerns, high };

std::string word(j value) {
    switch (value) {
        case j::low:
            return "low";
        case j::some_concerns:
            return "some-concerns";
        case j::high:
            return "high";
    }
    return "?";
}
std::string title(j value) {
    switch (value) {
        case j::low:
            return "Low";
        case j::some_concerns:
            return "Some concerns";
        case j::high:
            return "High";
    }
    return "?";
}
int rank(j value) {
    return static_cast<int>(value);
}

// "Y PY NI" holds the value?
bool in(const std::string& value, const std::string& set) {
    const std::size_t at = set.find(value);
    for (std::size_t pos = at; pos != std::string::npos; pos = set.find(value, pos + 1)) {
        const bool starts = pos == 0 || set[pos - 1] == ' ';
        const bool ends = pos + value.size() == set.size() || set[pos + value.size()] == ' ';
        if (starts && ends) return true;
    }
    return false;
}

std::string at(const answers& a, const std::string& id) {
    const auto found = a.find(id);
    return found == a.end() ? "NA" : found->second;
}

// A signalling question as section 1.2 defines it.
struct question_def {
    std::string id;
    std::string allowed;                            // every answer it takes, NA included where it may be NA
    std::function<bool(const answers&)> gate = {};  // empty: always reached
    bool if_applicable = false;                     // adhering 2.3-2.5: NA also where reached
};

const std::string std_answers = "Y PY PN N NI";
const std::string std_or_na = "Y PY PN N NI NA";

std::vector<question_def> domain_questions(int domain, bool adhering) {
    const auto is = [](const std::string& id, const std::string& set) {
        return [id, set](const answers& a) { return in(at(a, id), set); };
    };
    switch (domain) {
        case 1:
            return {{"1.1", std_answers}, {"1.2", std_answers}, {"1.3", std_answers}};
        case 2:
            if (!adhering)
                return {{"2.1", std_answers},
                        {"2.2", std_answers},
                        {"2.3", std_or_na,
                         [](const answers& a) { return in(at(a, "2.1"), "Y PY NI") || in(at(a, "2.2"), "Y PY NI"); }},
                        {"2.4", std_or_na, is("2.3", "Y PY")},
                        {"2.5", std_or_na, is("2.4", "Y PY NI")},
                        {"2.6", std_answers},
                        {"2.7", std_or_na, is("2.6", "N PN NI")}};
            return {{"2.1", std_answers},
                    {"2.2", std_answers},
                    {"2.3", std_or_na,
                     [](const answers& a) { return in(at(a, "2.1"), "Y PY NI") || in(at(a, "2.2"), "Y PY NI"); }, true},
                    {"2.4", std_or_na, {}, true},
                    {"2.5", std_or_na, {}, true},
                    {"2.6", std_or_na, [](const answers& a) {
                         return in(at(a, "2.3"), "N PN NI") || in(at(a, "2.4"), "Y PY NI") ||
                                in(at(a, "2.5"), "Y PY NI");
                     }}};
        case 3:
            return {{"3.1", std_answers},
                    {"3.2", "Y PY PN N NA", is("3.1", "N PN NI")},
                    {"3.3", std_or_na, is("3.2", "N PN")},
                    {"3.4", std_or_na, is("3.3", "Y PY NI")}};
        case 4:
            return {{"4.1", std_answers},
                    {"4.2", std_answers},
                    {"4.3", std_or_na,
                     [](const answers& a) { return in(at(a, "4.1"), "N PN NI") && in(at(a, "4.2"), "N PN NI"); }},
                    {"4.4", std_or_na, is("4.3", "Y PY NI")},
                    {"4.5", std_or_na, is("4.4", "Y PY NI")}};
        default:
            return {{"5.1", std_answers}, {"5.2", std_answers}, {"5.3", std_answers}};
    }
}

// One leaf of a flowchart: the answers that lead to it (a question left out of
// `when` may take any value) and its judgement.
struct row {
    std::vector<std::pair<std::string, std::string>> when;
    j then;
};

bool matches(const row& r, const answers& a) {
    return std::all_of(r.when.begin(), r.when.end(), [&](const auto& c) { return in(at(a, c.first), c.second); });
}

// Section 1.3, leaf by leaf. Under consistent gates exactly one row of a table
// matches (checked below).
std::vector<row> d1_table() {
    return {
        {{{"1.2", "N PN"}}, j::high},
        {{{"1.2", "NI"}, {"1.3", "Y PY"}}, j::high},
        {{{"1.2", "NI"}, {"1.3", "N PN NI"}}, j::some_concerns},
        {{{"1.2", "Y PY"}, {"1.1", "N PN"}}, j::some_concerns},  // concealed but not random
        {{{"1.2", "Y PY"}, {"1.1", "Y PY NI"}, {"1.3", "Y PY"}}, j::some_concerns},
        {{{"1.2", "Y PY"}, {"1.1", "Y PY NI"}, {"1.3", "N PN NI"}}, j::low},
    };
}
std::vector<row> d2_assignment_deviations_table() {
    return {
        {{{"2.1", "N PN"}, {"2.2", "N PN"}}, j::low},
        {{{"2.3", "N PN"}}, j::low},
        {{{"2.3", "NI"}}, j::some_concerns},
        {{{"2.3", "Y PY"}, {"2.4", "N PN"}}, j::some_concerns},
        {{{"2.3", "Y PY"}, {"2.4", "Y PY NI"}, {"2.5", "Y PY"}}, j::some_concerns},
        {{{"2.3", "Y PY"}, {"2.4", "Y PY NI"}, {"2.5", "N PN NI"}}, j::high},
    };
}
std::vector<row> d2_assignment_analysis_table() {
    return {
        {{{"2.6", "Y PY"}}, j::low},
        {{{"2.6", "N PN NI"}, {"2.7", "N PN"}}, j::some_concerns},
        {{{"2.6", "N PN NI"}, {"2.7", "Y PY NI"}}, j::high},
    };
}
std::vector<row> d2_adhering_table() {
    return {
        {{{"2.3", "Y PY NA"}, {"2.4", "N PN NA"}, {"2.5", "N PN NA"}}, j::low},
        {{{"2.3", "N PN NI"}, {"2.6", "Y PY"}}, j::some_concerns},
        {{{"2.3", "N PN NI"}, {"2.6", "N PN NI"}}, j::high},
        {{{"2.3", "Y PY NA"}, {"2.4", "Y PY NI"}, {"2.6", "Y PY"}}, j::some_concerns},
        {{{"2.3", "Y PY NA"}, {"2.4", "Y PY NI"}, {"2.6", "N PN NI"}}, j::high},
        {{{"2.3", "Y PY NA"}, {"2.4", "N PN NA"}, {"2.5", "Y PY NI"}, {"2.6", "Y PY"}}, j::some_concerns},
        {{{"2.3", "Y PY NA"}, {"2.4", "N PN NA"}, {"2.5", "Y PY NI"}, {"2.6", "N PN NI"}}, j::high},
    };
}
std::vector<row> d3_table() {
    return {
        {{{"3.1", "Y PY"}}, j::low},
        {{{"3.1", "N PN NI"}, {"3.2", "Y PY"}}, j::low},
        {{{"3.2", "N PN"}, {"3.3", "N PN"}}, j::low},
        {{{"3.3", "Y PY NI"}, {"3.4", "N PN"}}, j::some_concerns},
        {{{"3.3", "Y PY NI"}, {"3.4", "Y PY NI"}}, j::high},
    };
}
// `cap`: 4.2 = NI turns the Low leaves into Some concerns (the default).
std::vector<row> d4_table(bool cap) {
    const j capped_low = cap ? j::some_concerns : j::low;
    return {
        {{{"4.1", "Y PY"}}, j::high},
        {{{"4.1", "N PN NI"}, {"4.2", "Y PY"}}, j::high},
        {{{"4.2", "N PN"}, {"4.3", "N PN"}}, j::low},
        {{{"4.2", "N PN"}, {"4.3", "Y PY NI"}, {"4.4", "N PN"}}, j::low},
        {{{"4.2", "N PN"}, {"4.4", "Y PY NI"}, {"4.5", "N PN"}}, j::some_concerns},
        {{{"4.2", "N PN"}, {"4.4", "Y PY NI"}, {"4.5", "Y PY NI"}}, j::high},
        {{{"4.2", "NI"}, {"4.3", "N PN"}}, capped_low},
        {{{"4.2", "NI"}, {"4.3", "Y PY NI"}, {"4.4", "N PN"}}, capped_low},
        {{{"4.2", "NI"}, {"4.4", "Y PY NI"}, {"4.5", "N PN"}}, j::some_concerns},
        {{{"4.2", "NI"}, {"4.4", "Y PY NI"}, {"4.5", "Y PY NI"}}, j::high},
    };
}
std::vector<row> d5_table() {
    return {
        {{{"5.2", "Y PY"}}, j::high},
        {{{"5.2", "N PN NI"}, {"5.3", "Y PY"}}, j::high},
        {{{"5.2", "NI"}, {"5.3", "N PN NI"}}, j::some_concerns},
        {{{"5.2", "N PN"}, {"5.3", "NI"}}, j::some_concerns},
        {{{"5.2", "N PN"}, {"5.3", "N PN"}, {"5.1", "Y PY"}}, j::low},
        {{{"5.2", "N PN"}, {"5.3", "N PN"}, {"5.1", "N PN NI"}}, j::some_concerns},
    };
}

// The single matching row of a table (FAILs on none or several).
const row* lookup(const std::vector<row>& table, const answers& a, std::vector<std::size_t>& hits) {
    const row* found = nullptr;
    std::size_t matched = 0;
    for (std::size_t i = 0; i < table.size(); ++i)
        if (matches(table[i], a)) {
            ++matched;
            if (found == nullptr) {
                found = &table[i];
                ++hits[i];
            }
        }
    if (matched != 1) {
        std::string text;
        for (const auto& [id, value] : a) text += id + "=" + value + " ";
        FAIL("decision table: " << matched << " rows match " << text);
    }
    return found;
}

// Every answer combination whose NAs agree with the gates (NA exactly where a
// question is not reached; the adhering "if applicable" questions may also be NA).
void enumerate(const std::vector<question_def>& questions, std::size_t next, answers& current,
               const std::function<void(const answers&)>& visit) {
    if (next == questions.size()) {
        visit(current);
        return;
    }
    const question_def& q = questions[next];
    std::vector<std::string> values;
    if (q.gate && !q.gate(current)) {
        values = {"NA"};
    } else {
        std::istringstream words(q.allowed);
        std::string w;
        while (words >> w)
            if (w != "NA" || q.if_applicable) values.push_back(w);
    }
    for (const auto& v : values) {
        current[q.id] = v;
        enumerate(questions, next + 1, current, visit);
    }
    current.erase(q.id);
}

// ---------------------------------------------------------------- studies built in memory

// A line per question id, so a finding's line says which answer it is about.
int line_of(const std::string& id) {
    return 100 + 10 * (id[0] - '0') + (id[2] - '0');
}
constexpr int header_line = 50;

sdk::node text_node(const std::string& text, int line) {
    sdk::node n;
    n.type = sdk::node::kind::string;
    n.text = text;
    n.where = {"memory.toml", line, 7};
    return n;
}
// `members` sorted by key, as the loader gives them.
sdk::node table_node(std::vector<sdk::node_member> members, int line) {
    sdk::node n;
    n.members = std::move(members);
    n.where = {"memory.toml", line, 1};
    return n;
}

// A randomised trial whose [appraisal.rob2] holds `coded` (answers written as
// "-" are left out).
sdk::study trial(const std::string& effect, const answers& coded) {
    std::vector<sdk::node_member> rob2;
    rob2.reserve(coded.size() + 1);
    for (const auto& [id, value] : coded)  // "1.1" .. "5.3", sorted; then "effect"
        if (value != "-") rob2.emplace_back(id, text_node(value, line_of(id)));
    rob2.emplace_back("effect", text_node(effect, header_line + 1));
    std::vector<sdk::node_member> appraisal;
    appraisal.emplace_back("rob2", table_node(std::move(rob2), header_line));
    std::vector<sdk::node_member> design;
    design.emplace_back("allocation", text_node("random", 4));
    design.emplace_back("type", text_node("rct", 3));
    std::vector<sdk::node_member> root;
    root.emplace_back("appraisal", table_node(std::move(appraisal), header_line));
    root.emplace_back("design", table_node(std::move(design), 2));
    root.emplace_back("id", text_node("memory", 1));
    sdk::study s;
    s.id = "memory";
    s.file = "memory.toml";
    s.id_where = {"memory.toml", 1, 1};
    s.root = table_node(std::move(root), 1);
    return s;
}

// Answers giving the chosen judgement in each domain (assignment variant).
answers domain_answers(int domain, j wanted) {
    switch (domain) {
        case 1:
            return wanted == j::low             ? answers{{"1.1", "Y"}, {"1.2", "Y"}, {"1.3", "N"}}
                   : wanted == j::some_concerns ? answers{{"1.1", "Y"}, {"1.2", "NI"}, {"1.3", "N"}}
                                                : answers{{"1.1", "Y"}, {"1.2", "N"}, {"1.3", "N"}};
        case 2:
            return wanted == j::low             ? answers{{"2.1", "N"}, {"2.2", "N"}, {"2.6", "Y"}}
                   : wanted == j::some_concerns ? answers{{"2.1", "N"}, {"2.2", "N"}, {"2.6", "N"}, {"2.7", "N"}}
                                                : answers{{"2.1", "N"}, {"2.2", "N"}, {"2.6", "N"}, {"2.7", "Y"}};
        case 3:
            return wanted == j::low             ? answers{{"3.1", "Y"}}
                   : wanted == j::some_concerns ? answers{{"3.1", "N"}, {"3.2", "N"}, {"3.3", "Y"}, {"3.4", "N"}}
                                                : answers{{"3.1", "N"}, {"3.2", "N"}, {"3.3", "Y"}, {"3.4", "Y"}};
        case 4:
            return wanted == j::low             ? answers{{"4.1", "N"}, {"4.2", "N"}, {"4.3", "N"}}
                   : wanted == j::some_concerns ? answers{{"4.1", "N"}, {"4.2", "NI"}, {"4.3", "N"}}
                                                : answers{{"4.1", "Y"}, {"4.2", "N"}};
        default:
            return wanted == j::low             ? answers{{"5.1", "Y"}, {"5.2", "N"}, {"5.3", "N"}}
                   : wanted == j::some_concerns ? answers{{"5.1", "NI"}, {"5.2", "N"}, {"5.3", "N"}}
                                                : answers{{"5.1", "Y"}, {"5.2", "Y"}, {"5.3", "N"}};
    }
}

// All five domains Low, except `domain`, which gets `replacement`.
answers all_low_but(int domain, const answers& replacement) {
    static const std::vector<answers> low = [] {
        std::vector<answers> parts;
        for (int d = 1; d <= 5; ++d) parts.push_back(domain_answers(d, j::low));
        return parts;
    }();
    answers a;
    for (int d = 1; d <= 5; ++d) {
        const answers& part = d == domain ? replacement : low[static_cast<std::size_t>(d - 1)];
        a.insert(part.begin(), part.end());
    }
    return a;
}

// ---------------------------------------------------------------- reading results

std::string findings_text(const sdk::appraisal& a) {
    std::string text = "findings:\n";
    for (const auto& f : a.findings)
        text += "  " + f.id + " @" + std::to_string(f.where.line) + ":" + std::to_string(f.where.column) + " " +
                f.message + "\n";
    return text;
}

std::string domains_text(const sdk::appraisal& a) {
    std::string text =
        "label \"" + a.label + "\", overall " + a.overall.value_or("none") + " (" + a.overall_rationale + ")\n";
    for (const auto& d : a.domains) {
        text += "  " + d.id + ": " + d.judgement + " (" + d.rationale + ")\n";
        for (const auto& x : d.answers) text += "    " + x.id + " = " + x.value + " [" + x.provenance + "]\n";
    }
    return text;
}

const sdk::finding_spec* spec_of(const std::string& id) {
    for (const auto& f : description().findings)
        if (std::string(rubric_id) + "/" + f.slug == id) return &f;
    return nullptr;
}

// What holds for every rob2 appraisal.
void check_shape(const sdk::appraisal& a) {
    INFO(findings_text(a) << domains_text(a));
    CHECK(a.rubric == rubric_id);
    CHECK(a.rubric_version == description().version);
    for (const auto& f : a.findings) {
        INFO(f.id);
        const auto* spec = spec_of(f.id);
        REQUIRE(spec != nullptr);
        CHECK(f.level == spec->level);
        CHECK(f.where.line > 0);
    }
    if (a.domains.empty()) {
        CHECK_FALSE(a.overall.has_value());
        return;
    }
    REQUIRE(a.domains.size() == 5u);
    const std::vector<std::string> names{"Randomisation process", "Deviations from intended interventions",
                                         "Missing outcome data", "Measurement of the outcome",
                                         "Selection of the reported result"};
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(a.domains[i].id == "d" + std::to_string(i + 1));
        CHECK(a.domains[i].name == names[i]);
        CHECK_FALSE(a.domains[i].rationale.empty());
        for (const auto& x : a.domains[i].answers)
            CHECK((x.provenance == "coded" || x.provenance == "not-assessed" || x.provenance == "derived"));
        // Not assessed: no judgement, and a reason; judged: no reason.
        CHECK(a.domains[i].judgement.empty() == !a.domains[i].not_assessed.empty());
    }
    REQUIRE(a.overall.has_value());
}

sdk::appraisal only(const std::vector<sdk::appraisal>& results) {
    REQUIRE(results.size() == 1u);
    check_shape(results.front());
    return results.front();
}

// (No Catch assertion in these two: they run some 100,000 times.)
sdk::appraisal appraise_memory(const sdk::rubric& rubric, const std::string& effect, const answers& coded) {
    auto results = rubric.appraise(trial(effect, coded));
    if (results.size() != 1u) FAIL("expected one appraisal, got " << results.size());
    return std::move(results.front());
}

const sdk::domain_result& domain(const sdk::appraisal& a, int d) {
    static const sdk::domain_result none{"none", "no such domain", "<no domain>"};
    return a.domains.size() == 5u ? a.domains[static_cast<std::size_t>(d - 1)] : none;
}

std::vector<const sdk::finding*> findings_of(const sdk::appraisal& a, const std::string& slug) {
    std::vector<const sdk::finding*> found;
    for (const auto& f : a.findings)
        if (f.id == std::string(rubric_id) + "/" + slug) found.push_back(&f);
    return found;
}

// Not judged, with the reason (the not-assessed state).
bool not_assessed(const sdk::domain_result& d) {
    return d.judgement.empty() && d.not_assessed.rfind("not assessed: ", 0) == 0;
}

std::string answer_of(const sdk::domain_result& d, const std::string& id, std::string* provenance = nullptr) {
    for (const auto& x : d.answers)
        if (x.id == id) {
            if (provenance != nullptr) *provenance = x.provenance;
            return x.value;
        }
    return "<none>";
}

sdk::study study_from(const std::string& toml) {
    auto file = appraise::load_study_text(toml, "inline.toml");
    REQUIRE(file.problems.empty());
    REQUIRE(file.studies.size() == 1u);
    std::string problems;
    for (const auto& p : file.studies.front().problems) problems += p.message + "\n";
    INFO(problems);
    REQUIRE(file.studies.front().usable);
    return std::move(file.studies.front().study);
}

std::vector<sdk::appraisal> appraise_text(const std::string& toml, const sdk::rubric& rubric = default_rubric()) {
    auto results = rubric.appraise(study_from(toml));
    for (const auto& a : results) check_shape(a);
    return results;
}

const std::string rct_head = R"(id = "trial-2020"
[design]
type = "rct"
allocation = "random"

[[outcomes]]
id = "depression"

[[outcomes]]
id = "loneliness"

)";

// The 1-based number of the first line of `text` that starts with `start`.
int line_starting(const std::string& text, const std::string& start) {
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (line.rfind(start, 0) == 0) return number;
    }
    return -1;
}

// An [appraisal.rob2] table: effect line then one line per answer.
std::string rob2_table(const std::string& effect, const answers& coded,
                       const std::string& header = "[appraisal.rob2]") {
    std::string text = header + "\n";
    if (!effect.empty()) text += "effect = \"" + effect + "\"\n";
    for (const auto& [id, value] : coded) text += "\"" + id + "\" = \"" + value + "\"\n";
    return text;
}

// ---------------------------------------------------------------- exhaustive checks

struct domain_case {
    int domain;
    bool adhering;
    std::string name;
};

// Runs every consistent combination of one domain through the rubric and
// compares with the tables. Also leaves every NA out once (it must be derived).
void check_domain_exhaustively(const domain_case& c, const sdk::rubric& rubric, bool cap = true) {
    const auto questions = domain_questions(c.domain, c.adhering);
    std::vector<std::vector<row>> tables;
    switch (c.domain) {
        case 1:
            tables = {d1_table()};
            break;
        case 2:
            if (c.adhering)
                tables = {d2_adhering_table()};
            else
                tables = {d2_assignment_deviations_table(), d2_assignment_analysis_table()};
            break;
        case 3:
            tables = {d3_table()};
            break;
        case 4:
            tables = {d4_table(cap)};
            break;
        default:
            tables = {d5_table()};
            break;
    }
    std::vector<std::vector<std::size_t>> hits;
    for (const auto& t : tables) hits.emplace_back(t.size(), 0);
    const std::string effect = c.adhering ? "adhering" : "assignment";
    std::size_t combinations = 0;
    std::size_t failures = 0;

    answers current;
    enumerate(questions, 0, current, [&](const answers& combo) {
        ++combinations;
        // Expected: worst of the tables' leaves (one table except D2 assignment).
        j expected = j::low;
        std::vector<const row*> leaves;
        for (std::size_t t = 0; t < tables.size(); ++t) {
            const row* leaf = lookup(tables[t], combo, hits[t]);
            if (leaf == nullptr) return;
            leaves.push_back(leaf);
            if (rank(leaf->then) > rank(expected)) expected = leaf->then;
        }
        // D2 assignment: High if either part is High, Low if both are Low, else
        // Some concerns, which is the worse of the two parts.

        // Every other combination leaves its unreached questions out instead of
        // writing NA: they must then be derived as NA.
        {
            const bool leave_out_na = combinations % 2 == 0;
            answers coded = all_low_but(c.domain, combo);
            if (leave_out_na)
                for (auto& entry : coded) {
                    const std::string& id = entry.first;  // a named copy: clang 14 cannot capture a binding
                    if (entry.second == "NA" && combo.count(id) == 1 &&
                        std::any_of(questions.begin(), questions.end(),
                                    [&](const question_def& q) { return q.id == id && q.gate && !q.gate(combo); }))
                        entry.second = "-";
                }
            const sdk::appraisal a = appraise_memory(rubric, effect, coded);
            const sdk::domain_result& d = domain(a, c.domain);
            bool ok =
                a.findings.empty() && d.judgement == word(expected) && d.rationale.rfind(title(expected) + ":", 0) == 0;
            // The rationale names every answer the leaf read.
            for (const row* leaf : leaves)
                for (const auto& condition : leaf->when)
                    ok = ok &&
                         d.rationale.find(condition.first + " = " + at(combo, condition.first)) != std::string::npos;
            // Every question of the variant is listed with its provenance.
            ok = ok && d.answers.size() == questions.size();
            for (const auto& q : questions) {
                std::string provenance;
                const std::string value = answer_of(d, q.id, &provenance);
                const bool left_out = coded.at(q.id) == "-";
                ok = ok && value == at(combo, q.id) && provenance == (left_out ? "derived" : "coded");
            }
            // The other domains are untouched.
            for (int other = 1; other <= 5; ++other)
                if (other != c.domain) ok = ok && domain(a, other).judgement == "low";
            if (!ok && failures++ < 5) {
                std::string text;
                for (const auto& [id, value] : combo) text += id + "=" + value + " ";
                INFO(c.name << ": " << text << (leave_out_na ? "(NA left out)" : "") << "\nexpected " << word(expected)
                            << "\n"
                            << findings_text(a) << domains_text(a));
                CHECK(ok);
            }
        }
    });
    INFO(c.name << ": " << combinations << " combinations");
    CHECK(failures == 0u);
    CHECK(combinations > 0u);
    // Every leaf of every table is reached.
    for (std::size_t t = 0; t < tables.size(); ++t)
        for (std::size_t i = 0; i < tables[t].size(); ++i) {
            INFO(c.name << " table " << t << " row " << i);
            CHECK(hits[t][i] > 0u);
        }
}

const std::vector<domain_case> all_domains{
    {1, false, "D1"}, {2, false, "D2 assignment"}, {2, true, "D2 adhering"}, {3, false, "D3"}, {4, false, "D4"},
    {5, false, "D5"},
};

}  // namespace

// ---------------------------------------------------------------- tests

TEST_CASE("rob2 loads through the host with the agreed conventions", "[rubric][rob2]") {
    const auto& d = description();
    CHECK(d.id == "rob2");
    CHECK(d.judgement_scale == std::vector<std::string>{"low", "some-concerns", "high"});
    REQUIRE(d.domains.size() == 5u);
    CHECK(d.domains[0].id == "d1");
    CHECK(d.domains[0].name == "Randomisation process");
    CHECK(d.domains[1].name == "Deviations from intended interventions");
    CHECK(d.domains[2].name == "Missing outcome data");
    CHECK(d.domains[3].name == "Measurement of the outcome");
    CHECK(d.domains[4].id == "d5");
    CHECK(d.domains[4].name == "Selection of the reported result");
}

TEST_CASE("rob2: every domain algorithm matches the reference on every consistent answer combination",
          "[rubric][rob2][exhaustive]") {
    for (const auto& c : all_domains) {
        SECTION(c.name) {
            check_domain_exhaustively(c, default_rubric());
        }
    }
}

TEST_CASE("rob2: with d4_ni_caps_at_some_concerns = false, 4.2 = NI reads like N/PN", "[rubric][rob2][exhaustive]") {
    const auto rubric = make_rubric("d4_ni_caps_at_some_concerns = false\n");
    check_domain_exhaustively({4, false, "D4 uncapped"}, *rubric, false);
}

TEST_CASE("rob2: D4 with 4.2 = NI never reaches Low", "[rubric][rob2]") {
    std::size_t checked = 0;
    answers current;
    enumerate(domain_questions(4, false), 0, current, [&](const answers& combo) {
        if (combo.at("4.2") != "NI") return;
        ++checked;
        const auto a = appraise_memory(default_rubric(), "assignment", all_low_but(4, combo));
        INFO(domains_text(a));
        CHECK(domain(a, 4).judgement != "low");
    });
    CHECK(checked > 10u);
}

TEST_CASE("rob2: D1: a concealed sequence that is not random gives Some concerns, whatever the baseline",
          "[rubric][rob2]") {
    for (const std::string concealed : {"Y", "PY"})
        for (const std::string not_random : {"N", "PN"})
            for (const std::string baseline : {"Y", "PY", "PN", "N", "NI"}) {
                const auto a =
                    appraise_memory(default_rubric(), "assignment",
                                    all_low_but(1, {{"1.1", not_random}, {"1.2", concealed}, {"1.3", baseline}}));
                INFO(domains_text(a));
                CHECK(domain(a, 1).judgement == "some-concerns");
                CHECK(domain(a, 1).rationale.find("not random") != std::string::npos);
            }
}

TEST_CASE("rob2: gates: NA exactly where a question is not reached", "[rubric][rob2][exhaustive]") {
    // Whether a question may be NA depends only on the answers its gate reads.
    // For every gated question and every combination of those answers (taken
    // from a consistent coding), change the question: every answer where the
    // gate is unmet, NA where it is met. Exactly that answer is an error, at its
    // line, and only its domain goes unjudged.
    for (const auto& c : all_domains) {
        const auto questions = domain_questions(c.domain, c.adhering);
        const std::string effect = c.adhering ? "adhering" : "assignment";
        // The questions each gate reads, from the reference table.
        const std::map<std::string, std::vector<std::string>> inputs{
            {"2.3", {"2.1", "2.2"}}, {"2.4", {"2.3"}}, {"2.5", {"2.4"}},        {"2.7", {"2.6"}}, {"3.2", {"3.1"}},
            {"3.3", {"3.2"}},        {"3.4", {"3.3"}}, {"4.3", {"4.1", "4.2"}}, {"4.4", {"4.3"}}, {"4.5", {"4.4"}},
        };
        std::size_t variants = 0;
        std::size_t failures = 0;
        for (const auto& q : questions) {
            if (!q.gate) continue;
            std::vector<std::string> read =
                q.id == "2.6" ? std::vector<std::string>{"2.3", "2.4", "2.5"} : inputs.at(q.id);
            std::set<std::vector<std::string>> seen;
            answers current;
            enumerate(questions, 0, current, [&](const answers& combo) {
                std::vector<std::string> key;
                for (const auto& id : read) key.push_back(combo.at(id));
                if (!seen.insert(key).second) return;
                const bool reached = q.gate(combo);
                std::vector<std::string> flips;
                if (!reached) {
                    std::istringstream words(q.allowed);
                    for (std::string w; words >> w;)
                        if (w != "NA") flips.push_back(w);
                } else if (!q.if_applicable) {
                    flips.push_back("NA");
                }  // adhering 2.3: NA is allowed where reached
                for (const auto& flipped : flips) {
                    ++variants;
                    const std::string slug = reached ? "na-where-reached" : "answer-where-not-reached";
                    answers coded = all_low_but(c.domain, combo);
                    coded[q.id] = flipped;
                    const auto a = appraise_memory(default_rubric(), effect, coded);
                    bool ok =
                        a.findings.size() == 1u && a.findings[0].id == "rob2/" + slug &&
                        a.findings[0].where.line == line_of(q.id) && a.findings[0].level == sdk::severity::error &&
                        a.findings[0].message.find(q.id) != std::string::npos && not_assessed(domain(a, c.domain));
                    for (int other = 1; other <= 5; ++other)
                        if (other != c.domain) ok = ok && domain(a, other).judgement == "low";
                    if (!ok && failures++ < 5) {
                        std::string text;
                        for (const auto& [id, value] : combo) text += id + "=" + value + " ";
                        INFO(c.name << ": " << text << "; " << q.id << " := " << flipped << "\n"
                                    << findings_text(a) << domains_text(a));
                        CHECK(ok);
                    }
                }
            });
        }
        INFO(c.name << ": " << variants << " variants");
        CHECK(failures == 0u);
        if (c.domain != 1 && c.domain != 5) CHECK(variants > 0u);
    }
}

TEST_CASE("rob2: allowed answers: 3.2 has no NI, ungated questions no NA, codes are exact", "[rubric][rob2]") {
    const auto rejected = [](int d, const std::string& id, const std::string& value, const std::string& effect,
                             const answers& replacement) {
        answers coded = all_low_but(d, replacement);
        coded[id] = value;
        const auto a = appraise_memory(default_rubric(), effect, coded);
        INFO(id << " = " << value << "\n" << findings_text(a) << domains_text(a));
        const auto found = findings_of(a, "answer-not-allowed");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->where.line == line_of(id));
        CHECK(found[0]->message.find(id) != std::string::npos);
        CHECK(not_assessed(domain(a, d)));
        return found[0]->message;
    };
    // 3.2 reached (3.1 = N) and answered NI.
    const auto no_ni = rejected(3, "3.2", "NI", "assignment", {{"3.1", "N"}, {"3.3", "N"}});
    CHECK(no_ni.find("no NI") != std::string::npos);
    // NA on a question that is always reached.
    for (const std::string id : {"1.1", "1.2", "1.3"}) rejected(1, id, "NA", "assignment", domain_answers(1, j::low));
    for (const std::string id : {"2.1", "2.2", "2.6"}) rejected(2, id, "NA", "assignment", domain_answers(2, j::low));
    for (const std::string id : {"2.1", "2.2"})
        rejected(2, id, "NA", "adhering", {{"2.1", "N"}, {"2.2", "N"}, {"2.4", "N"}, {"2.5", "N"}});
    rejected(3, "3.1", "NA", "assignment", domain_answers(3, j::low));
    for (const std::string id : {"4.1", "4.2"}) rejected(4, id, "NA", "assignment", domain_answers(4, j::low));
    for (const std::string id : {"5.1", "5.2", "5.3"}) rejected(5, id, "NA", "assignment", domain_answers(5, j::low));
    // Not a code at all; lower case gets a hint.
    rejected(1, "1.1", "maybe", "assignment", domain_answers(1, j::low));
    const auto lower = rejected(1, "1.1", "py", "assignment", domain_answers(1, j::low));
    CHECK(lower.find("capitals") != std::string::npos);
    // The adhering "if applicable" questions take NA even where reached.
    const auto a =
        appraise_memory(default_rubric(), "adhering",
                        all_low_but(2, {{"2.1", "Y"}, {"2.2", "Y"}, {"2.3", "NA"}, {"2.4", "NA"}, {"2.5", "N"}}));
    INFO(findings_text(a) << domains_text(a));
    CHECK(a.findings.empty());
    CHECK(domain(a, 2).judgement == "low");
}

TEST_CASE("rob2: the overall judgement follows the rule over every combination of domain judgements",
          "[rubric][rob2]") {
    const std::vector<j> levels{j::low, j::some_concerns, j::high};
    std::size_t combinations = 0;
    for (const j d1 : levels)
        for (const j d2 : levels)
            for (const j d3 : levels)
                for (const j d4 : levels)
                    for (const j d5 : levels) {
                        const std::vector<j> wanted{d1, d2, d3, d4, d5};
                        answers coded;
                        for (int d = 1; d <= 5; ++d) {
                            const auto part = domain_answers(d, wanted[static_cast<std::size_t>(d - 1)]);
                            coded.insert(part.begin(), part.end());
                        }
                        const auto a = appraise_memory(default_rubric(), "assignment", coded);
                        INFO(findings_text(a) << domains_text(a));
                        const bool any_high = std::count(wanted.begin(), wanted.end(), j::high) > 0;
                        const bool all_low = std::count(wanted.begin(), wanted.end(), j::low) == 5;
                        const j expected = any_high ? j::high : all_low ? j::low : j::some_concerns;
                        for (int d = 1; d <= 5; ++d)
                            REQUIRE(domain(a, d).judgement == word(wanted[static_cast<std::size_t>(d - 1)]));
                        CHECK(a.overall == word(expected));
                        CHECK(a.overall_rationale.rfind(title(expected) + ":", 0) == 0);
                        CHECK(a.overall_proposed.empty());
                        ++combinations;
                    }
    CHECK(combinations == 243u);
}

TEST_CASE("rob2: oracle cases of the reference (instruments.md 1.6)", "[rubric][rob2][oracle]") {
    struct oracle {
        int domain;
        std::string effect;
        answers coded;
        std::string expected;
    };
    const std::vector<oracle> cases{
        {1, "assignment", {{"1.1", "NI"}, {"1.2", "Y"}, {"1.3", "NI"}}, "low"},
        {1, "assignment", {{"1.1", "N"}, {"1.2", "Y"}, {"1.3", "Y"}}, "some-concerns"},
        {1, "assignment", {{"1.1", "Y"}, {"1.2", "NI"}, {"1.3", "PY"}}, "high"},
        {1, "assignment", {{"1.1", "NI"}, {"1.2", "NI"}, {"1.3", "NI"}}, "some-concerns"},
        {2, "assignment", {{"2.1", "N"}, {"2.2", "PN"}, {"2.6", "Y"}}, "low"},
        {2,
         "assignment",
         {{"2.1", "Y"}, {"2.2", "Y"}, {"2.3", "Y"}, {"2.4", "NI"}, {"2.5", "N"}, {"2.6", "Y"}},
         "high"},
        {2, "assignment", {{"2.1", "N"}, {"2.2", "N"}, {"2.6", "N"}, {"2.7", "PN"}}, "some-concerns"},
        {2,
         "adhering",
         {{"2.1", "Y"}, {"2.2", "Y"}, {"2.3", "PN"}, {"2.4", "N"}, {"2.5", "N"}, {"2.6", "PY"}},
         "some-concerns"},
        {3, "assignment", {{"3.1", "N"}, {"3.2", "N"}, {"3.3", "NI"}, {"3.4", "PN"}}, "some-concerns"},
        {4, "assignment", {{"4.1", "N"}, {"4.2", "NI"}, {"4.3", "N"}}, "some-concerns"},
        {4, "assignment", {{"4.1", "PN"}, {"4.2", "N"}, {"4.3", "Y"}, {"4.4", "Y"}, {"4.5", "NI"}}, "high"},
        {5, "assignment", {{"5.1", "NI"}, {"5.2", "N"}, {"5.3", "N"}}, "some-concerns"},
    };
    for (const auto& c : cases) {
        // Through the study loader, as a reviewer would write it; questions the
        // case leaves out are not reached and are left out here too.
        const answers coded = all_low_but(c.domain, c.coded);
        const auto results = appraise_text(rct_head + rob2_table(c.effect, coded));
        const auto a = only(results);
        INFO("D" << c.domain << " " << c.effect << "\n" << findings_text(a) << domains_text(a));
        CHECK(a.findings.empty());
        CHECK(domain(a, c.domain).judgement == c.expected);
    }
    // Overall: L, SC, L, SC, L is Some concerns; High only with a justified override.
    answers coded;
    for (int d = 1; d <= 5; ++d) {
        const auto part = domain_answers(d, d % 2 == 0 ? j::some_concerns : j::low);
        coded.insert(part.begin(), part.end());
    }
    const auto plain = only(appraise_text(rct_head + rob2_table("assignment", coded)));
    CHECK(plain.overall == "some-concerns");
    const auto escalated = only(appraise_text(
        rct_head + rob2_table("assignment", coded) +
        "[appraisal.rob2.override]\noverall = { judgement = \"high\", reason = \"two domains with concerns on the "
        "primary outcome\" }\n"));
    INFO(findings_text(escalated));
    CHECK(escalated.findings.empty());
    CHECK(escalated.overall == "high");
    CHECK(escalated.overall_proposed == "some-concerns");
    CHECK(escalated.overall_override_reason == "two domains with concerns on the primary outcome");
}

TEST_CASE("rob2: rationales name the rule and the answers it read", "[rubric][rob2]") {
    const auto a = only(
        appraise_text(rct_head + rob2_table("assignment", all_low_but(1, {{"1.1", "Y"}, {"1.2", "N"}, {"1.3", "N"}}))));
    CHECK(domain(a, 1).rationale == "High: 1.2 = N (sequence not concealed)");
    CHECK(a.overall_rationale.rfind("High: high in d1", 0) == 0);
}

TEST_CASE("rob2: a reached question left out is not assessed: its domain and the overall are not judged",
          "[rubric][rob2][not-assessed]") {
    answers coded = all_low_but(1, {{"1.1", "Y"}, {"1.2", "Y"}});  // 1.3 left out
    const std::string text = rct_head + rob2_table("assignment", coded);
    const auto a = only(appraise_text(text));
    INFO(findings_text(a) << domains_text(a));
    const auto missing = findings_of(a, "missing-answer");
    REQUIRE(missing.size() == 1u);
    CHECK(missing[0]->level == sdk::severity::warning);
    CHECK(missing[0]->where.line == line_starting(text, "\"1.2\""));  // where 1.3 would be added
    CHECK(missing[0]->message.rfind("1.3 ", 0) == 0);
    CHECK(missing[0]->message.find("not assessed") != std::string::npos);
    CHECK(missing[0]->message.find("NI") != std::string::npos);  // "one of Y, PY, PN, N or NI"
    std::string provenance;
    CHECK(answer_of(domain(a, 1), "1.3", &provenance).empty());
    CHECK(provenance == "not-assessed");
    CHECK(not_assessed(domain(a, 1)));
    CHECK(domain(a, 1).not_assessed == "not assessed: 1.3 is reached but not answered");
    CHECK(domain(a, 2).judgement == "low");
    CHECK(a.overall == std::optional<std::string>(""));
    CHECK(a.overall_not_assessed == "not assessed: d1 is not assessed");

    // Nothing coded in domain 3: 3.1 is reached; 3.2 to 3.4 wait on it. Never High.
    answers none = all_low_but(3, {});
    const auto b = only(appraise_text(rct_head + rob2_table("assignment", none)));
    INFO(findings_text(b) << domains_text(b));
    CHECK(findings_of(b, "missing-answer").size() == 1u);  // 3.1 only: the rest are not yet reached
    CHECK(domain(b, 3).not_assessed == "not assessed: 3.1 is reached but not answered");
    for (const std::string id : {"3.1", "3.2", "3.3", "3.4"}) {
        std::string p;
        CHECK(answer_of(domain(b, 3), id, &p).empty());
        CHECK(p == "not-assessed");
    }
    CHECK(b.overall == std::optional<std::string>(""));

    // 3.2 (no NI) reached and left out: not assessed, never N.
    const auto c = only(
        appraise_text(rct_head + rob2_table("assignment", all_low_but(3, {{"3.1", "N"}, {"3.3", "Y"}, {"3.4", "Y"}}))));
    INFO(findings_text(c) << domains_text(c));
    REQUIRE(findings_of(c, "missing-answer").size() == 1u);
    CHECK(answer_of(domain(c, 3), "3.2").empty());
    CHECK(not_assessed(domain(c, 3)));

    // Beside a High domain the overall is still not assessed, and says what it will be.
    const auto h = only(appraise_text(rct_head + rob2_table("assignment", [] {
                                          answers x = all_low_but(3, {});
                                          x["1.2"] = "N";
                                          return x;
                                      }())));
    CHECK(h.overall == std::optional<std::string>(""));
    CHECK(h.overall_rationale.find("will be High") != std::string::npos);

    // A question whose gate is unmet may be left out without a finding: NA.
    const auto d = only(appraise_text(rct_head + rob2_table("assignment", all_low_but(3, {{"3.1", "Y"}}))));
    CHECK(d.findings.empty());
    std::string derived;
    CHECK(answer_of(domain(d, 3), "3.4", &derived) == "NA");
    CHECK(derived == "derived");
}

TEST_CASE("rob2: a written override stands on a domain that is not assessed, and then judges the overall",
          "[rubric][rob2][not-assessed]") {
    const std::string text = rct_head + rob2_table("assignment", all_low_but(3, {})) +
                             "[appraisal.rob2.override]\nd3 = { judgement = \"some-concerns\", reason = \"attrition "
                             "of 30% reported only in the discussion\" }\n";
    const auto a = only(appraise_text(text));
    INFO(findings_text(a) << domains_text(a));
    CHECK(findings_of(a, "missing-answer").size() == 1u);  // still reported
    CHECK(domain(a, 3).judgement == "some-concerns");
    CHECK(domain(a, 3).not_assessed.empty());
    CHECK(domain(a, 3).proposed.empty());  // the algorithm proposed nothing
    CHECK(domain(a, 3).rationale.find("Not assessed: 3.1 is reached but not answered; judged by the reviewer") == 0);
    CHECK(a.overall == std::optional<std::string>("some-concerns"));
    CHECK(a.overall_not_assessed.empty());

    // An override of overall stands too, when the domains are not all assessed.
    const std::string overall = rct_head + rob2_table("assignment", all_low_but(3, {})) +
                                "[appraisal.rob2.override]\noverall = { judgement = \"high\", reason = \"judged "
                                "from the full text\" }\n";
    const auto o = only(appraise_text(overall));
    CHECK(o.overall == std::optional<std::string>("high"));
    CHECK(o.overall_not_assessed.empty());
    CHECK(o.overall_override_reason == "judged from the full text");
    CHECK(not_assessed(domain(o, 3)));
}

TEST_CASE("rob2: errors point at the answer's line and column", "[rubric][rob2]") {
    answers coded = all_low_but(2, {{"2.1", "Y"}, {"2.2", "N"}, {"2.3", "NA"}, {"2.6", "Y"}});
    const std::string text = rct_head + rob2_table("assignment", coded);
    const auto a = only(appraise_text(text));
    INFO(findings_text(a) << domains_text(a));
    const auto found = findings_of(a, "na-where-reached");
    REQUIRE(found.size() == 1u);
    // Line of "2.3" in the text, column of its value.
    CHECK(found[0]->where.file == "inline.toml");
    CHECK(found[0]->where.line == line_starting(text, "\"2.3\""));
    CHECK(found[0]->where.column == 9);
    CHECK(found[0]->message.find("2.1 = Y") != std::string::npos);
    CHECK(not_assessed(domain(a, 2)));
    CHECK(domain(a, 2).rationale.find("2.3") != std::string::npos);
    CHECK(a.overall == std::optional<std::string>(""));  // not assessed: the unjudged domain could be anything
    CHECK(!a.overall_not_assessed.empty());
}

TEST_CASE("rob2: unknown questions, keys, effects and outcomes are errors", "[rubric][rob2]") {
    SECTION("a question of the other effect") {
        answers coded = all_low_but(2, {{"2.1", "N"}, {"2.2", "N"}, {"2.4", "N"}, {"2.5", "N"}, {"2.7", "N"}});
        const auto a = only(appraise_text(rct_head + rob2_table("adhering", coded)));
        INFO(findings_text(a));
        const auto found = findings_of(a, "unknown-question");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->message.find("effect of assignment") != std::string::npos);
        CHECK(not_assessed(domain(a, 2)));
    }
    SECTION("a made-up question and a misspelt key") {
        answers coded = all_low_but(0, {});
        coded["1.4"] = "Y";
        coded["effct"] = "x";
        const auto a = only(appraise_text(rct_head + rob2_table("assignment", coded)));
        INFO(findings_text(a));
        REQUIRE(findings_of(a, "unknown-question").size() == 1u);
        const auto key = findings_of(a, "unknown-key");
        REQUIRE(key.size() == 1u);
        CHECK(key[0]->message.find("did you mean `effect`?") != std::string::npos);
        CHECK(not_assessed(domain(a, 1)));
        CHECK(domain(a, 2).judgement == "low");
    }
    SECTION("an unquoted question id") {
        const auto a = only(appraise_text(
            rct_head + rob2_table("assignment", all_low_but(1, {{"1.1", "Y"}, {"1.2", "Y"}})) + "1.3 = \"N\"\n"));
        INFO(findings_text(a));
        const auto found = findings_of(a, "unknown-question");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->message.find("quoted") != std::string::npos);
    }
    SECTION("no effect, or an unknown one: domain 2 is not judged") {
        const auto none = only(appraise_text(rct_head + rob2_table("", all_low_but(0, {}))));
        REQUIRE(findings_of(none, "missing-effect").size() == 1u);
        CHECK(not_assessed(domain(none, 2)));
        CHECK(domain(none, 1).judgement == "low");
        const std::string text = rct_head + rob2_table("itt", all_low_but(0, {}));
        const auto wrong = only(appraise_text(text));
        const auto found = findings_of(wrong, "unknown-effect");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->where.line == line_starting(text, "effect = "));
        CHECK(found[0]->where.column == 10);
        CHECK(not_assessed(domain(wrong, 2)));
    }
    SECTION("an outcome that is not an [[outcomes]] id") {
        const std::string text =
            rct_head + rob2_table("assignment", all_low_but(0, {}), "[appraisal.rob2]\noutcome = \"depresion\"");
        const auto a = only(appraise_text(text));
        const auto found = findings_of(a, "unknown-outcome");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->where.line == line_starting(text, "outcome = "));
        CHECK(found[0]->message.find("did you mean \"depression\"?") != std::string::npos);
    }
}

TEST_CASE("rob2: overrides keep the proposed judgement and the reason, and bad ones are errors", "[rubric][rob2]") {
    const std::string base = rct_head + rob2_table("assignment", all_low_but(3, domain_answers(3, j::some_concerns)));
    SECTION("a domain override with a reason") {
        const auto a =
            only(appraise_text(
                base + "[appraisal.rob2.override]\nd3 = { judgement = \"high\", reason = \"losses tracked symptom "
                       "severity\" }\n"));
        INFO(findings_text(a) << domains_text(a));
        CHECK(a.findings.empty());
        CHECK(domain(a, 3).judgement == "high");
        CHECK(domain(a, 3).proposed == "some-concerns");
        CHECK(domain(a, 3).override_reason == "losses tracked symptom severity");
        CHECK(domain(a, 3).rationale.find("losses tracked symptom severity") != std::string::npos);
        CHECK(a.overall == "high");  // the overall follows the overridden domain
        CHECK(a.overall_proposed.empty());
    }
    SECTION("the override and its reason reach the JSON report") {
        appraise::test::temp_dir dir;
        dir.write("trial.toml", base +
                                    "[appraisal.rob2.override]\noverall = { judgement = \"high\", reason = "
                                    "\"concerns in several domains\" }\n");
        const auto run = appraise::test::run_appraise("run --rubric rob2 --format json '" + dir.path().string() + "'");
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        const auto report = nlohmann::json::parse(run.out);
        const auto& appraisal = report.at("studies").at(0).at("appraisals").at(0);
        CHECK(appraisal.at("overall") == "high");
        CHECK(appraisal.at("overall_proposed") == "some-concerns");
        CHECK(appraisal.at("overall_override_reason") == "concerns in several domains");
    }
    SECTION("no reason") {
        const std::string text = base + "[appraisal.rob2.override]\nd3 = { judgement = \"high\" }\n";
        const auto a = only(appraise_text(text));
        const auto found = findings_of(a, "override-without-reason");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->where.line == line_starting(text, "d3 = "));
        CHECK(domain(a, 3).judgement == "some-concerns");
        CHECK(domain(a, 3).proposed.empty());
        const auto blank =
            only(appraise_text(base + "[appraisal.rob2.override]\nd3 = { judgement = \"high\", reason = \" \" }\n"));
        CHECK(findings_of(blank, "override-without-reason").size() == 1u);
    }
    SECTION("an unknown judgement word or domain") {
        const auto a = only(
            appraise_text(base + "[appraisal.rob2.override]\nd3 = { judgement = \"Some concerns\", reason = \"r\" }\n"
                                 "d9 = { judgement = \"high\", reason = \"r\" }\n"));
        INFO(findings_text(a));
        const auto found = findings_of(a, "invalid-override");
        REQUIRE(found.size() == 2u);
        CHECK(domain(a, 3).proposed.empty());
    }
    SECTION("overall may not be better than the worst domain") {
        const auto a = only(appraise_text(
            rct_head + rob2_table("assignment", all_low_but(4, domain_answers(4, j::high))) +
            "[appraisal.rob2.override]\noverall = { judgement = \"some-concerns\", reason = \"minor\" }\n"));
        REQUIRE(findings_of(a, "override-below-tool").size() == 1u);
        CHECK(a.overall == "high");
        CHECK(a.overall_proposed.empty());
    }
}

TEST_CASE("rob2: per-result appraisals are labelled by outcome and effect", "[rubric][rob2]") {
    const std::string text =
        rct_head + rob2_table("assignment", all_low_but(0, {}), "[[appraisal.rob2]]\noutcome = \"depression\"") +
        rob2_table("adhering",
                   all_low_but(2, {{"2.1", "Y"}, {"2.2", "Y"}, {"2.3", "Y"}, {"2.4", "Y"}, {"2.5", "N"}, {"2.6", "N"}}),
                   "[[appraisal.rob2]]\noutcome = \"loneliness\"") +
        "[appraisal.rob2.override]\nd1 = { judgement = \"some-concerns\", reason = \"r\" }\n";
    const auto results = appraise_text(text);
    REQUIRE(results.size() == 2u);
    CHECK(results[0].label == "depression (assignment)");
    CHECK(results[1].label == "loneliness (adhering)");
    CHECK(results[0].overall == "low");
    CHECK(domain(results[1], 2).judgement == "high");
    // The override belongs to the second result only.
    CHECK(domain(results[0], 1).proposed.empty());
    CHECK(domain(results[1], 1).proposed == "low");
    CHECK(results[0].findings.empty());
    CHECK(results[1].findings.empty());

    SECTION("several results need an outcome each; the same one twice is flagged") {
        const auto unnamed =
            appraise_text(rct_head + rob2_table("assignment", all_low_but(0, {}), "[[appraisal.rob2]]") +
                          rob2_table("assignment", all_low_but(0, {}), "[[appraisal.rob2]]"));
        REQUIRE(unnamed.size() == 2u);
        CHECK(unnamed[1].label == "result 2 (assignment)");
        CHECK(findings_of(unnamed[0], "missing-outcome").size() == 1u);
        const auto twice = appraise_text(
            rct_head + rob2_table("assignment", all_low_but(0, {}), "[[appraisal.rob2]]\noutcome = \"depression\"") +
            rob2_table("assignment", all_low_but(0, {}), "[[appraisal.rob2]]\noutcome = \"depression\""));
        REQUIRE(twice.size() == 2u);
        CHECK(findings_of(twice[1], "duplicate-result").size() == 1u);
    }
}

TEST_CASE("rob2: a trial without answers is one not-assessed line, and a non-randomised study one not-applicable line",
          "[rubric][rob2]") {
    const auto unassessed = only(appraise_text(rct_head));
    CHECK(unassessed.domains.empty());
    CHECK_FALSE(unassessed.overall.has_value());
    REQUIRE(unassessed.findings.size() == 1u);
    CHECK(unassessed.findings[0].id == "rob2/not-assessed");
    CHECK(unassessed.findings[0].level == sdk::severity::info);
    CHECK(unassessed.findings[0].where.line == 1);

    // A table naming the result but answering nothing is not an assessment either.
    const auto named_only =
        only(appraise_text(rct_head + "[appraisal.rob2]\noutcome = \"depression\"\neffect = \"assignment\"\n"));
    REQUIRE(named_only.findings.size() == 1u);
    CHECK(named_only.findings[0].id == "rob2/not-assessed");

    for (const std::string design :
         {"type = \"pre-post\"\nallocation = \"none\"",
          "type = \"non-randomised-controlled\"\nallocation = \"quasi-random\"", "type = \"cohort\""}) {
        INFO(design);
        const std::string head = "id = \"x-2010\"\n[design]\n" + design + "\n";
        const auto a = only(appraise_text(head));
        CHECK(a.domains.empty());
        CHECK_FALSE(a.overall.has_value());
        REQUIRE(a.findings.size() == 1u);
        CHECK(a.findings[0].id == "rob2/not-applicable");
        CHECK(a.findings[0].level == sdk::severity::info);
        CHECK((a.findings[0].where.line == 3 || a.findings[0].where.line == 4));
        // Answers coded anyway are not used, and the line says so.
        const auto coded = only(appraise_text(head + rob2_table("assignment", all_low_but(0, {}))));
        REQUIRE(coded.findings.size() == 1u);
        CHECK(coded.findings[0].id == "rob2/not-applicable");
        CHECK(coded.findings[0].message.find("not used") != std::string::npos);
        CHECK(coded.domains.empty());
    }
}

TEST_CASE("rob2: explain lists every question with its answers and gate, paraphrased", "[rubric][rob2]") {
    const auto& d = description();
    for (const std::string id : {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "3.1",
                                 "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "5.3"})
        CHECK(d.details.find("    " + id + "  ") != std::string::npos);
    CHECK(d.details.find("effect = \"adhering\"") != std::string::npos);
    CHECK(d.details.find("reached when 2.1 or 2.2 is Y/PY/NI") != std::string::npos);
    CHECK(d.details.find("answers: Y PY PN N NA; reached when 3.1") != std::string::npos);  // 3.2: no NI
    CHECK(d.details.find("Algorithm:") != std::string::npos);
    // The official wording is not licensed for reuse.
    for (const std::string official :
         {"Was the allocation sequence random?", "Was the allocation sequence concealed until participants were",
          "Were participants aware of their assigned intervention during the trial?",
          "Were data for this outcome available for all, or nearly all, participants randomized?",
          "Was the method of measuring the outcome inappropriate?"})
        CHECK(d.details.find(official) == std::string::npos);
    // The catalogue names the validation findings.
    for (const std::string slug : {"not-assessed", "not-applicable", "missing-answer", "answer-not-allowed",
                                   "na-where-reached", "answer-where-not-reached", "unknown-question", "unknown-effect",
                                   "unknown-outcome", "override-without-reason"})
        CHECK(spec_of("rob2/" + slug) != nullptr);
}

// ---------------------------------------------------------------- neutral NI rationales

namespace {

// Every "<id> = <code> (<clause>)" a rationale writes: the clause the rubric
// attached to that answer. Nested parentheses inside a clause are kept.
std::vector<std::pair<std::string, std::string>> answer_clauses(const std::string& rationale,
                                                                std::string* codes = nullptr) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t at = rationale.find(" = "); at != std::string::npos; at = rationale.find(" = ", at + 3)) {
        const std::size_t id_start = rationale.find_last_of(" ,;:(", at - 1);
        const std::string id = rationale.substr(id_start == std::string::npos ? 0 : id_start + 1,
                                                at - (id_start == std::string::npos ? 0 : id_start + 1));
        const std::size_t code_end = rationale.find_first_of(" ,;)", at + 3);
        const std::string code = rationale.substr(at + 3, code_end - (at + 3));
        if (code_end == std::string::npos || rationale.compare(code_end, 2, " (") != 0) continue;
        int depth = 0;
        std::size_t end = code_end + 1;
        for (; end < rationale.size(); ++end) {
            if (rationale[end] == '(') ++depth;
            if (rationale[end] == ')' && --depth == 0) break;
        }
        out.emplace_back(id + " = " + code, rationale.substr(code_end + 2, end - code_end - 2));
        if (codes != nullptr) *codes += id + "=" + code + " ";
    }
    return out;
}

// Words that say a piece of information is missing, not what it would show.
bool neutral(const std::string& clause) {
    for (const std::string marker : {"not known", "no information", "not reported", "unknown"})
        if (clause.find(marker) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("rob2: a rationale never states for an NI answer the finding a Y or N would state", "[rubric][rob2][ni]") {
    // Walk every consistent combination of every domain (both effects, D4 both
    // ways) through the rubric; collect the clause each answer gets. An NI
    // answer must have its own clause, saying that the information is
    // missing, and no Y/PY/N/PN answer of the same question may get that
    // clause anywhere.
    std::map<std::string, std::set<std::string>> clauses;  // "3.4 = NI" -> clauses seen
    std::vector<std::string> problems;
    std::size_t with_ni = 0;
    const auto rubric_uncapped = make_rubric("d4_ni_caps_at_some_concerns = false\n");
    for (const auto& c : all_domains) {
        for (const sdk::rubric* rubric : std::vector<const sdk::rubric*>{&default_rubric(), rubric_uncapped.get()}) {
            if (rubric != &default_rubric() && c.domain != 4) continue;
            answers current;
            enumerate(domain_questions(c.domain, c.adhering), 0, current, [&](const answers& combo) {
                const auto a =
                    appraise_memory(*rubric, c.adhering ? "adhering" : "assignment", all_low_but(c.domain, combo));
                const std::string& rationale = domain(a, c.domain).rationale;
                std::string seen;
                for (const auto& [answer, clause] : answer_clauses(rationale, &seen)) clauses[answer].insert(clause);
                for (const auto& [id, value] : combo) {
                    if (value != "NI" || rationale.find(id + " = NI") == std::string::npos) continue;
                    ++with_ni;
                    if (seen.find(id + "=NI ") == std::string::npos)
                        problems.push_back(c.name + ": " + id + " = NI has no clause of its own: " + rationale);
                }
            });
        }
    }
    for (const auto& [answer, texts] : clauses) {
        if (answer.size() < 4 || answer.substr(answer.size() - 4) != "= NI") continue;
        const std::string id = answer.substr(0, answer.size() - 5);
        for (const auto& clause : texts) {
            if (!neutral(clause)) problems.push_back(answer + " (" + clause + "): does not say what is not known");
            for (const std::string other : {"Y", "PY", "PN", "N"}) {
                const auto found = clauses.find(id + " = " + other);
                if (found != clauses.end() && found->second.count(clause) != 0)
                    problems.push_back(answer + " (" + clause + "): the same words as for " + id + " = " + other);
            }
        }
    }
    CHECK(with_ni > 1000u);
    for (std::size_t i = 0; i < problems.size() && i < 40; ++i) UNSCOPED_INFO(problems[i]);
    CHECK(problems.empty());
}

TEST_CASE("rob2: the description lists the questions a reviewer answers, for appraise template", "[rubric][rob2]") {
    const auto& qs = description().questions;
    REQUIRE(qs.size() == 22u);  // 3 + 7 + 4 + 5 + 3 (effect of assignment)
    std::map<std::string, const sdk::question_spec*> by_id;
    for (const auto& q : qs) by_id[q.id] = &q;
    REQUIRE(by_id.count("1.1") == 1u);
    CHECK(by_id["1.1"]->domain == "d1");
    CHECK(by_id["1.1"]->reached_by_default);
    CHECK(by_id["1.1"]->answers == std::vector<std::string>{"Y", "PY", "PN", "N", "NI"});
    CHECK(by_id["3.2"]->domain == "d3");
    CHECK_FALSE(by_id["3.2"]->reached_by_default);
    CHECK(by_id["3.2"]->answers == std::vector<std::string>{"Y", "PY", "PN", "N", "NA"});  // no NI
    CHECK(by_id["2.7"]->answers.back() == "NA");
    for (const auto& q : qs) {
        INFO(q.id);
        CHECK_FALSE(q.prompt.empty());
        // Paraphrased: never the official wording.
        CHECK(q.prompt.find("Was the allocation sequence random?") == std::string::npos);
    }
}
