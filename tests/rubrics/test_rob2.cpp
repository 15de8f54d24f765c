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

// A line per question id, so a finding's line says which answer it is about
// ("1.1", and the variants' "1a.1", "1b.2", "2.1a", "S.3").
int line_of(const std::string& id) {
    int value = 0;
    for (const char ch : id)
        value = value * 15 + (ch >= '0' && ch <= '9' ? ch - '0' + 1
                              : ch == 'a'            ? 11
                              : ch == 'b'            ? 12
                              : ch == 'S'            ? 13
                                                     : 14);
    return 100 + value;
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

// A randomised trial of design.type `type` whose [appraisal.rob2] holds
// `coded` (answers written as "-" are left out).
sdk::study trial_of(const std::string& type, const std::string& effect, const answers& coded);

sdk::study trial(const std::string& effect, const answers& coded) {
    return trial_of("rct", effect, coded);
}

sdk::study trial_of(const std::string& type, const std::string& effect, const answers& coded) {
    std::vector<sdk::node_member> rob2;
    rob2.reserve(coded.size() + 1);
    for (const auto& [id, value] : coded)  // "1.1" .. "5.3", sorted; then "effect"
        if (value != "-") rob2.emplace_back(id, text_node(value, line_of(id)));
    rob2.emplace_back("effect", text_node(effect, header_line + 1));
    std::vector<sdk::node_member> appraisal;
    appraisal.emplace_back("rob2", table_node(std::move(rob2), header_line));
    std::vector<sdk::node_member> design;
    design.emplace_back("allocation", text_node("random", 4));
    design.emplace_back("type", text_node(type, 3));
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
    // The main tool's five domains; a cluster trial adds d1b after d1, a
    // crossover trial ds (instruments-2.md sections 1 and 2).
    REQUIRE((a.domains.size() == 5u || a.domains.size() == 6u));
    std::vector<std::string> ids{"d1", "d2", "d3", "d4", "d5"};
    std::vector<std::string> names{"Randomisation process", "Deviations from intended interventions",
                                   "Missing outcome data", "Measurement of the outcome",
                                   "Selection of the reported result"};
    if (a.domains.size() == 6u) {
        const bool cluster = a.domains[1].id == "d1b";
        ids.insert(ids.begin() + 1, cluster ? "d1b" : "ds");
        names.insert(names.begin() + 1, cluster ? "Timing of identification or recruitment of participants"
                                                : "Period and carryover effects");
    }
    for (std::size_t i = 0; i < a.domains.size(); ++i) {
        CHECK(a.domains[i].id == ids[i]);
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
    // Every variant's domains, in the order the tools number them: d1b only in
    // cluster trials' results, ds only in crossover trials'.
    std::vector<std::string> ids, names;
    for (const auto& domain : d.domains) {
        ids.push_back(domain.id);
        names.push_back(domain.name);
    }
    CHECK(ids == std::vector<std::string>{"d1", "d1b", "ds", "d2", "d3", "d4", "d5"});
    CHECK(names[0] == "Randomisation process");
    CHECK(names[3] == "Deviations from intended interventions");
    CHECK(names[4] == "Missing outcome data");
    CHECK(names[5] == "Measurement of the outcome");
    CHECK(names[6] == "Selection of the reported result");
    // robvis (../shared/reference/robvis.md): ROB2 takes D1-D5, ROB2-Cluster D1, D1b, D2-D5;
    // crossover trials go through Generic with domain S after D1.
    REQUIRE(d.robvis_layouts.size() == 3u);
    CHECK(d.robvis_layouts[0].template_name == "ROB2");
    CHECK(d.robvis_layouts[0].domains == std::vector<std::string>{"d1", "d2", "d3", "d4", "d5"});
    CHECK(d.robvis_layouts[1].template_name == "ROB2-Cluster");
    CHECK(d.robvis_layouts[1].domains == std::vector<std::string>{"d1", "d1b", "d2", "d3", "d4", "d5"});
    CHECK(d.robvis_layouts[2].template_name == "Generic");
    CHECK(d.robvis_layouts[2].domains == std::vector<std::string>{"d1", "ds", "d2", "d3", "d4", "d5"});
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
    for (const std::string id : {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "3.1", "3.2",
                                 "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "5.3",
                                 // the cluster variant's own, and crossover's domain S
                                 "1a.1", "1a.2", "1a.3", "1b.1", "1b.2", "1b.3", "2.1a", "2.1b", "3.1a", "3.1b", "4.3a",
                                 "4.3b", "S.1", "S.2", "S.3", "S.4"})
        CHECK(d.details.find("    " + id + "  ") != std::string::npos);
    CHECK(d.details.find("reached when 1b.1 is PN/N/NI") != std::string::npos);
    CHECK(d.details.find("reached when 2.1a is Y/PY/NI") != std::string::npos);
    CHECK(d.details.find("reached when 2.1b or 2.2 is Y/PY/NI") != std::string::npos);
    CHECK(d.details.find("answers: Y PY PN N NA; reached when 3.1a or 3.1b is PN/N/NI") != std::string::npos);
    CHECK(d.details.find("reached when 4.3a is Y/PY/NI") != std::string::npos);
    CHECK(d.details.find("no automatic algorithm for domain S") != std::string::npos);
    CHECK(d.details.find("effect = \"adhering\"") != std::string::npos);
    CHECK(d.details.find("reached when 2.1 or 2.2 is Y/PY/NI") != std::string::npos);
    CHECK(d.details.find("answers: Y PY PN N NA; reached when 3.1") != std::string::npos);  // 3.2: no NI
    CHECK(d.details.find("Algorithm:") != std::string::npos);
    // The official wording is not licensed for reuse.
    for (const std::string official :
         {"Was the allocation sequence random?", "Was the allocation sequence concealed until participants were",
          "Were participants aware of their assigned intervention during the trial?",
          "Were data for this outcome available for all, or nearly all, participants randomized?",
          "Was the method of measuring the outcome inappropriate?",
          // the cluster variant (test version of 18 March 2021)
          "concealed until clusters were enrolled", "identified and recruited (if appropriate) before randomization",
          "before randomization of clusters", "selection of individual participants was affected by knowledge",
          "suggest differential identification or recruitment of individual participants",
          "aware that they were in a trial", "Were outcome data available for all clusters",
          "all, or nearly all, participants within clusters", "assessors aware that a trial was taking place",
          "aware of the intervention received by study participants",
          // the crossover variant
          "allocated to each of the two sequences equal", "Were period effects accounted for",
          "sufficient time for any carryover effects to have disappeared"})
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

namespace {

// The questions the description lists for one variant: those asking it by name, and those every variant asks.
std::vector<const sdk::question_spec*> asked_by(const std::string& variant) {
    std::vector<const sdk::question_spec*> asked;
    for (const auto& q : description().questions)
        if (q.variants.empty() || std::find(q.variants.begin(), q.variants.end(), variant) != q.variants.end())
            asked.push_back(&q);
    return asked;
}

std::vector<std::string> ids_of(const std::vector<const sdk::question_spec*>& questions) {
    std::vector<std::string> ids;
    for (const auto* q : questions) ids.push_back(q->id);
    return ids;
}

}  // namespace

TEST_CASE("rob2: the description lists the questions a reviewer answers, for appraise template", "[rubric][rob2]") {
    const auto qs = asked_by("parallel");
    REQUIRE(qs.size() == 22u);  // 3 + 7 + 4 + 5 + 3 (effect of assignment)
    std::map<std::string, const sdk::question_spec*> by_id;
    for (const auto* q : qs) by_id[q->id] = q;
    REQUIRE(by_id.size() == 22u);
    REQUIRE(by_id.count("1.1") == 1u);
    CHECK(by_id["1.1"]->domain == "d1");
    CHECK(by_id["1.1"]->reached_by_default);
    CHECK(by_id["1.1"]->answers == std::vector<std::string>{"Y", "PY", "PN", "N", "NI"});
    CHECK(by_id["3.2"]->domain == "d3");
    CHECK_FALSE(by_id["3.2"]->reached_by_default);
    CHECK(by_id["3.2"]->answers == std::vector<std::string>{"Y", "PY", "PN", "N", "NA"});  // no NI
    CHECK(by_id["2.7"]->answers.back() == "NA");
    for (const auto& q : description().questions) {
        INFO(q.id);
        CHECK_FALSE(q.prompt.empty());
        // Paraphrased: never the official wording.
        CHECK(q.prompt.find("Was the allocation sequence random?") == std::string::npos);
    }
}

// ---------------------------------------------------------------- cluster-randomised and crossover variants
//
// Decision tables and gates written here from ../shared/reference/instruments-2.md
// section 1 (RoB 2 for cluster-randomised trials, test version 18 March 2021)
// and section 2 (crossover trials), as the tables above are from instruments.md.

namespace {

// Section 1's question tables, per cluster domain.
std::vector<question_def> cluster_questions(const std::string& domain, bool adhering) {
    const auto is = [](const std::string& id, const std::string& set) {
        return [id, set](const answers& a) { return in(at(a, id), set); };
    };
    const auto either = [](const std::string& first, const std::string& second, const std::string& set) {
        return [first, second, set](const answers& a) { return in(at(a, first), set) || in(at(a, second), set); };
    };
    if (domain == "d1") return {{"1a.1", std_answers}, {"1a.2", std_answers}, {"1a.3", std_answers}};
    if (domain == "d1b")
        return {{"1b.1", std_answers}, {"1b.2", std_or_na, is("1b.1", "N PN NI")}, {"1b.3", std_answers}};
    if (domain == "d2") {
        if (adhering) return domain_questions(2, true);  // CRT-T: the main tool's questions
        return {{"2.1a", std_answers},
                {"2.1b", std_or_na, is("2.1a", "Y PY NI")},
                {"2.2", std_answers},
                {"2.3", std_or_na, either("2.1b", "2.2", "Y PY NI")},
                {"2.4", std_or_na, is("2.3", "Y PY")},
                {"2.5", std_or_na, is("2.4", "Y PY NI")},
                {"2.6", std_answers},
                {"2.7", std_or_na, is("2.6", "N PN NI")}};
    }
    if (domain == "d3")
        return {{"3.1a", std_answers},
                {"3.1b", std_answers},
                {"3.2", "Y PY PN N NA", either("3.1a", "3.1b", "N PN NI")},
                {"3.3", std_or_na, is("3.2", "N PN")},
                {"3.4", std_or_na, is("3.3", "Y PY NI")}};
    if (domain == "d4")
        return {{"4.1", std_answers},
                {"4.2", std_answers},
                {"4.3a", std_or_na,
                 [](const answers& a) { return in(at(a, "4.1"), "N PN NI") && in(at(a, "4.2"), "N PN NI"); }},
                {"4.3b", std_or_na, is("4.3a", "Y PY NI")},
                {"4.4", std_or_na, is("4.3b", "Y PY NI")},
                {"4.5", std_or_na, is("4.4", "Y PY NI")}};
    return domain_questions(5, false);
}

// The questions each cluster gate reads (section 1's Gate column).
const std::map<std::string, std::vector<std::string>>& cluster_gate_inputs() {
    static const std::map<std::string, std::vector<std::string>> inputs{
        {"1b.2", {"1b.1"}}, {"2.1b", {"2.1a"}},       {"2.3", {"2.1b", "2.2"}},  {"2.4", {"2.3"}},
        {"2.5", {"2.4"}},   {"2.7", {"2.6"}},         {"3.2", {"3.1a", "3.1b"}}, {"3.3", {"3.2"}},
        {"3.4", {"3.3"}},   {"4.3a", {"4.1", "4.2"}}, {"4.3b", {"4.3a"}},        {"4.4", {"4.3b"}},
        {"4.5", {"4.4"}},
    };
    return inputs;
}

// D1a: the main tool's D1 on 1a.1-1a.3.
std::vector<row> cluster_d1_table() {
    std::vector<row> table = d1_table();
    for (auto& r : table)
        for (auto& c : r.when) c.first = "1a." + c.first.substr(2);
    return table;
}
// D1b, CRT-T's algorithm (section 1, "Algorithm D1b").
std::vector<row> cluster_d1b_table() {
    return {
        {{{"1b.1", "Y PY"}}, j::low},
        {{{"1b.1", "N PN NI"}, {"1b.2", "Y PY"}}, j::high},
        {{{"1b.2", "N PN"}, {"1b.3", "Y PY"}}, j::some_concerns},
        {{{"1b.2", "N PN"}, {"1b.3", "N PN NI"}}, j::low},
        {{{"1b.2", "NI"}, {"1b.3", "Y PY"}}, j::high},
        {{{"1b.2", "NI"}, {"1b.3", "N PN NI"}}, j::some_concerns},
    };
}
// D2 part 1: "aware" is 2.1b or 2.2 in Y/PY/NI (2.1b is NA when 2.1a is N/PN).
// `leaf_2_4_no`: the disputed leaf, Some concerns by default, Low by option.
std::vector<row> cluster_d2_deviations_table(j leaf_2_4_no) {
    return {
        {{{"2.1b", "N PN NA"}, {"2.2", "N PN"}}, j::low},
        {{{"2.3", "N PN"}}, j::low},
        {{{"2.3", "NI"}}, j::some_concerns},
        {{{"2.3", "Y PY"}, {"2.4", "N PN"}}, leaf_2_4_no},
        {{{"2.3", "Y PY"}, {"2.4", "Y PY NI"}, {"2.5", "Y PY"}}, j::some_concerns},
        {{{"2.3", "Y PY"}, {"2.4", "Y PY NI"}, {"2.5", "N PN NI"}}, j::high},
    };
}
// D3: both 3.1a and 3.1b yes gives Low; otherwise the main tool's chain from 3.2.
std::vector<row> cluster_d3_table() {
    return {
        {{{"3.1a", "Y PY"}, {"3.1b", "Y PY"}}, j::low},      {{{"3.2", "Y PY"}}, j::low},
        {{{"3.2", "N PN"}, {"3.3", "N PN"}}, j::low},        {{{"3.3", "Y PY NI"}, {"3.4", "N PN"}}, j::some_concerns},
        {{{"3.3", "Y PY NI"}, {"3.4", "Y PY NI"}}, j::high},
    };
}
// D4: 4.1 or 4.2 yes High; the floor (Low for 4.2 N/PN, Some concerns for
// 4.2 NI when capped) when 4.3a, 4.3b or 4.4 is N/PN; else 4.5 decides.
std::vector<row> cluster_d4_table(bool cap) {
    std::vector<row> table{
        {{{"4.1", "Y PY"}}, j::high},
        {{{"4.1", "N PN NI"}, {"4.2", "Y PY"}}, j::high},
    };
    for (const std::string level : {"N PN", "NI"}) {
        const j floor = level == "NI" && cap ? j::some_concerns : j::low;
        table.push_back({{{"4.2", level}, {"4.3a", "N PN"}}, floor});
        table.push_back({{{"4.2", level}, {"4.3a", "Y PY NI"}, {"4.3b", "N PN"}}, floor});
        table.push_back({{{"4.2", level}, {"4.3b", "Y PY NI"}, {"4.4", "N PN"}}, floor});
        table.push_back({{{"4.2", level}, {"4.4", "Y PY NI"}, {"4.5", "N PN"}}, j::some_concerns});
        table.push_back({{{"4.2", level}, {"4.4", "Y PY NI"}, {"4.5", "Y PY NI"}}, j::high});
    }
    return table;
}

const std::vector<std::string> cluster_domain_ids{"d1", "d1b", "d2", "d3", "d4", "d5"};

// Answers giving Low in one domain of a cluster trial.
answers cluster_low(const std::string& domain) {
    if (domain == "d1") return {{"1a.1", "Y"}, {"1a.2", "Y"}, {"1a.3", "N"}};
    if (domain == "d1b") return {{"1b.1", "Y"}, {"1b.3", "N"}};
    if (domain == "d2") return {{"2.1a", "N"}, {"2.2", "N"}, {"2.6", "Y"}};
    if (domain == "d3") return {{"3.1a", "Y"}, {"3.1b", "Y"}};
    if (domain == "d4") return {{"4.1", "N"}, {"4.2", "N"}, {"4.3a", "N"}};
    return domain_answers(5, j::low);
}

// Every cluster domain Low but `domain`, which gets `replacement`.
answers cluster_low_but(const std::string& domain, const answers& replacement) {
    answers a;
    for (const auto& id : cluster_domain_ids) {
        const answers part = id == domain ? replacement : cluster_low(id);
        a.insert(part.begin(), part.end());
    }
    return a;
}

const sdk::domain_result& domain_by_id(const sdk::appraisal& a, const std::string& id) {
    static const sdk::domain_result none{"none", "no such domain", "<no domain>"};
    for (const auto& d : a.domains)
        if (d.id == id) return d;
    return none;
}

struct cluster_case {
    std::string domain;
    bool adhering;
    std::string name;
    std::vector<std::vector<row>> tables;
};

// As check_domain_exhaustively, for one domain of a cluster trial
// (design.type = cluster-rct, coded in memory).
void check_cluster_domain_exhaustively(const cluster_case& c, const sdk::rubric& rubric) {
    const auto questions = cluster_questions(c.domain, c.adhering);
    std::vector<std::vector<std::size_t>> hits;
    for (const auto& t : c.tables) hits.emplace_back(t.size(), 0);
    const std::string effect = c.adhering ? "adhering" : "assignment";
    std::size_t combinations = 0;
    std::size_t failures = 0;
    answers current;
    enumerate(questions, 0, current, [&](const answers& combo) {
        ++combinations;
        j expected = j::low;
        std::vector<const row*> leaves;
        for (std::size_t t = 0; t < c.tables.size(); ++t) {
            const row* leaf = lookup(c.tables[t], combo, hits[t]);
            if (leaf == nullptr) return;
            leaves.push_back(leaf);
            if (rank(leaf->then) > rank(expected)) expected = leaf->then;
        }
        answers coded = cluster_low_but(c.domain, combo);
        const bool leave_out_na = combinations % 2 == 0;
        if (leave_out_na)
            for (auto& entry : coded) {
                const std::string& id = entry.first;  // a named copy: clang 14 cannot capture a binding
                if (entry.second == "NA" && combo.count(id) == 1 &&
                    std::any_of(questions.begin(), questions.end(),
                                [&](const question_def& q) { return q.id == id && q.gate && !q.gate(combo); }))
                    entry.second = "-";
            }
        const auto results = rubric.appraise(trial_of("cluster-rct", effect, coded));
        bool ok = results.size() == 1u;
        if (!ok) {
            ++failures;
            return;
        }
        const sdk::appraisal& r = results.front();
        const sdk::domain_result& d = domain_by_id(r, c.domain);
        ok = r.findings.empty() && r.domains.size() == 6u && d.judgement == word(expected) &&
             d.rationale.rfind(title(expected) + ":", 0) == 0;
        for (const row* leaf : leaves)
            for (const auto& condition : leaf->when)
                ok = ok && d.rationale.find(condition.first + " = " + at(combo, condition.first)) != std::string::npos;
        ok = ok && d.answers.size() == questions.size();
        for (const auto& q : questions) {
            std::string provenance;
            const std::string value = answer_of(d, q.id, &provenance);
            ok = ok && value == at(combo, q.id) && provenance == (coded.at(q.id) == "-" ? "derived" : "coded");
        }
        for (const auto& other : cluster_domain_ids)
            if (other != c.domain) ok = ok && domain_by_id(r, other).judgement == "low";
        if (!ok && failures++ < 5) {
            std::string text;
            for (const auto& [id, value] : combo) text += id + "=" + value + " ";
            INFO(c.name << ": " << text << "\nexpected " << word(expected) << "\n"
                        << findings_text(r) << domains_text(r));
            CHECK(ok);
        }
    });
    INFO(c.name << ": " << combinations << " combinations");
    CHECK(failures == 0u);
    CHECK(combinations > 0u);
    for (std::size_t t = 0; t < c.tables.size(); ++t)
        for (std::size_t i = 0; i < c.tables[t].size(); ++i) {
            INFO(c.name << " table " << t << " row " << i);
            CHECK(hits[t][i] > 0u);
        }
}

std::vector<cluster_case> cluster_cases(j leaf_2_4_no = j::some_concerns, bool cap = true) {
    return {
        {"d1", false, "cluster D1a", {cluster_d1_table()}},
        {"d1b", false, "cluster D1b", {cluster_d1b_table()}},
        {"d2",
         false,
         "cluster D2 assignment",
         {cluster_d2_deviations_table(leaf_2_4_no), d2_assignment_analysis_table()}},
        {"d2", true, "cluster D2 adhering", {d2_adhering_table()}},
        {"d3", false, "cluster D3", {cluster_d3_table()}},
        {"d4", false, "cluster D4", {cluster_d4_table(cap)}},
        {"d5", false, "cluster D5", {d5_table()}},
    };
}

const std::string cluster_head = R"(id = "cluster-2020"
[design]
type = "cluster-rct"
allocation = "random"
unit = "cluster"

[[outcomes]]
id = "depression"

)";

const std::string crossover_head = R"(id = "crossover-2020"
[design]
type = "crossover-rct"
allocation = "random"

[[outcomes]]
id = "depression"

)";

}  // namespace

TEST_CASE("rob2 cluster: every domain algorithm matches instruments-2.md on every consistent answer combination",
          "[rubric][rob2][cluster][exhaustive]") {
    for (const auto& c : cluster_cases()) {
        SECTION(c.name) {
            check_cluster_domain_exhaustively(c, default_rubric());
        }
    }
}

TEST_CASE("rob2 cluster: the options for the unverified leaves", "[rubric][rob2][cluster][exhaustive]") {
    SECTION("cluster_d2_2_4_no_gives_low = true: CRT-T's Low for 2.3 Y/PY then 2.4 N/PN") {
        const auto rubric = make_rubric("cluster_d2_2_4_no_gives_low = true\n");
        check_cluster_domain_exhaustively(cluster_cases(j::low)[2], *rubric);
    }
    SECTION("d4_ni_caps_at_some_concerns = false: the D4 floor is Low for 4.2 = NI too") {
        const auto rubric = make_rubric("d4_ni_caps_at_some_concerns = false\n");
        check_cluster_domain_exhaustively(cluster_cases(j::some_concerns, false)[5], *rubric);
    }
    SECTION("cluster_d1b_algorithm, cluster_d3_algorithm, cluster_d4_algorithm = false: the reviewer judges") {
        for (const std::string id : {"d1b", "d3", "d4"}) {
            INFO(id);
            const auto rubric = make_rubric("cluster_" + id + "_algorithm = false\n");
            const auto results = rubric->appraise(trial_of("cluster-rct", "assignment", cluster_low_but("", {})));
            REQUIRE(results.size() == 1u);
            check_shape(results.front());
            const auto& d = domain_by_id(results.front(), id);
            CHECK(d.judgement.empty());
            CHECK(d.not_assessed.find("cluster_" + id + "_algorithm = false") != std::string::npos);
            CHECK(results.front().overall == std::optional<std::string>(""));
            CHECK(results.front().findings.empty());
            // The reviewer's override then judges it.
            const auto judged = appraise_text(
                cluster_head + rob2_table("assignment", cluster_low_but("", {})) + "[appraisal.rob2.override]\n" + id +
                    " = { judgement = \"some-concerns\", reason = \"read the report\" }\n",
                *rubric);
            REQUIRE(judged.size() == 1u);
            CHECK(domain_by_id(judged.front(), id).judgement == "some-concerns");
            CHECK(judged.front().overall == "some-concerns");
        }
    }
}

TEST_CASE("rob2 cluster: oracle cases of instruments-2.md section 1", "[rubric][rob2][cluster][oracle]") {
    // D1b: (1b.1, 1b.2, 1b.3).
    const std::vector<std::pair<answers, std::string>> d1b{
        {{{"1b.1", "Y"}, {"1b.2", "NA"}, {"1b.3", "Y"}}, "low"},
        {{{"1b.1", "PN"}, {"1b.2", "N"}, {"1b.3", "N"}}, "low"},
        {{{"1b.1", "NI"}, {"1b.2", "NI"}, {"1b.3", "NI"}}, "some-concerns"},
        {{{"1b.1", "N"}, {"1b.2", "NI"}, {"1b.3", "PY"}}, "high"},
        {{{"1b.1", "N"}, {"1b.2", "PY"}, {"1b.3", "N"}}, "high"},
    };
    for (const auto& [coded, expected] : d1b) {
        const auto a = only(appraise_text(cluster_head + rob2_table("assignment", cluster_low_but("d1b", coded))));
        INFO(findings_text(a) << domains_text(a));
        CHECK(a.findings.empty());
        CHECK(domain_by_id(a, "d1b").judgement == expected);
    }
    // A completed form with 1a.2 = PN judged Low (PMC10245087) is an override here.
    const auto recorded = only(appraise_text(
        cluster_head + rob2_table("assignment", cluster_low_but("d1", {{"1a.1", "Y"}, {"1a.2", "PN"}, {"1a.3", "N"}})) +
        "[appraisal.rob2.override]\nd1 = { judgement = \"low\", reason = \"recorded so on the published form\" }\n"));
    CHECK(domain_by_id(recorded, "d1").proposed == "high");
    CHECK(domain_by_id(recorded, "d1").judgement == "low");
    // The disputed D2 leaf: Some concerns by default.
    const answers leaf{{"2.1a", "Y"}, {"2.1b", "Y"}, {"2.2", "N"}, {"2.3", "Y"}, {"2.4", "N"}, {"2.6", "Y"}};
    const auto plain = only(appraise_text(cluster_head + rob2_table("assignment", cluster_low_but("d2", leaf))));
    CHECK(domain_by_id(plain, "d2").judgement == "some-concerns");
    const auto crt_t = make_rubric("cluster_d2_2_4_no_gives_low = true\n");
    const auto low = only(appraise_text(cluster_head + rob2_table("assignment", cluster_low_but("d2", leaf)), *crt_t));
    CHECK(domain_by_id(low, "d2").judgement == "low");
    // Overall over six domains: Low only when all six are; no ">= 2 Some concerns makes High".
    const auto all_low = only(appraise_text(cluster_head + rob2_table("assignment", cluster_low_but("", {}))));
    CHECK(all_low.overall == "low");
    CHECK(all_low.overall_rationale.rfind("Low: low in all six domains", 0) == 0);
    CHECK(all_low.overall_rationale.find("cluster variant of RoB 2 (design.type = \"cluster-rct\")") !=
          std::string::npos);
    answers two_concerns = cluster_low_but("d1b", {{"1b.1", "NI"}, {"1b.2", "NI"}, {"1b.3", "N"}});
    two_concerns["5.1"] = "NI";
    const auto concerns = only(appraise_text(cluster_head + rob2_table("assignment", two_concerns)));
    CHECK(domain_by_id(concerns, "d5").judgement == "some-concerns");
    CHECK(concerns.overall == "some-concerns");
}

TEST_CASE("rob2 cluster: gates: NA exactly where a cluster question is not reached",
          "[rubric][rob2][cluster][exhaustive]") {
    for (const auto& c : cluster_cases()) {
        if (c.adhering || c.domain == "d1" || c.domain == "d5") continue;  // no cluster gate there
        const auto questions = cluster_questions(c.domain, false);
        std::size_t variants = 0;
        std::size_t failures = 0;
        for (const auto& q : questions) {
            if (!q.gate) continue;
            const auto& read = cluster_gate_inputs().at(q.id);
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
                } else {
                    flips.push_back("NA");
                }
                for (const auto& flipped : flips) {
                    ++variants;
                    const std::string slug = reached ? "na-where-reached" : "answer-where-not-reached";
                    answers coded = cluster_low_but(c.domain, combo);
                    coded[q.id] = flipped;
                    const auto results = default_rubric().appraise(trial_of("cluster-rct", "assignment", coded));
                    if (results.size() != 1u) FAIL("one appraisal expected");
                    const auto& a = results.front();
                    bool ok = a.findings.size() == 1u && a.findings[0].id == "rob2/" + slug &&
                              a.findings[0].where.line == line_of(q.id) &&
                              a.findings[0].message.find(q.id) != std::string::npos &&
                              not_assessed(domain_by_id(a, c.domain));
                    for (const auto& other : cluster_domain_ids)
                        if (other != c.domain) ok = ok && domain_by_id(a, other).judgement == "low";
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
        CHECK(variants > 0u);
    }
}

TEST_CASE(
    "rob2 cluster: a cluster trial coded with the individually randomised questions is an error naming the "
    "cluster questions",
    "[rubric][rob2][cluster]") {
    SECTION("the main tool's full question set") {
        const std::string text = cluster_head + rob2_table("assignment", all_low_but(0, {}));
        const auto a = only(appraise_text(text));
        INFO(findings_text(a) << domains_text(a));
        const auto found = findings_of(a, "individual-questions-in-cluster-trial");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->level == sdk::severity::error);
        CHECK(found[0]->where.line == line_starting(text, "\"1.1\""));
        for (const std::string named :
             {"1a.1 instead of 1.1", "1a.2 instead of 1.2", "1a.3 instead of 1.3", "2.1a and 2.1b instead of 2.1",
              "3.1a and 3.1b instead of 3.1", "4.3a and 4.3b instead of 4.3", "1b.1 to 1b.3",
              "design.type = \"cluster-rct\""})
            CHECK(found[0]->message.find(named) != std::string::npos);
        // No "unknown question" besides it; the domains it concerns are not judged.
        CHECK(findings_of(a, "unknown-question").empty());
        for (const std::string id : {"d1", "d2", "d3", "d4", "d1b"}) CHECK(not_assessed(domain_by_id(a, id)));
        CHECK(domain_by_id(a, "d5").judgement == "low");
        CHECK(a.overall == std::optional<std::string>(""));
    }
    SECTION("2.1 in place of 2.1a/2.1b") {
        answers coded = cluster_low_but("d2", {{"2.1", "N"}, {"2.2", "N"}, {"2.6", "Y"}});
        const auto a = only(appraise_text(cluster_head + rob2_table("assignment", coded)));
        INFO(findings_text(a) << domains_text(a));
        const auto found = findings_of(a, "individual-questions-in-cluster-trial");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->message.find("2.1a and 2.1b instead of 2.1") != std::string::npos);
        CHECK(found[0]->message.find("1b.1") == std::string::npos);  // 1b is answered
        CHECK(not_assessed(domain_by_id(a, "d2")));
        CHECK(domain_by_id(a, "d1b").judgement == "low");
    }
    SECTION("no domain 1b answer") {
        answers coded = cluster_low_but("d1b", {});
        const std::string text = cluster_head + rob2_table("assignment", coded);
        const auto a = only(appraise_text(text));
        INFO(findings_text(a) << domains_text(a));
        const auto found = findings_of(a, "individual-questions-in-cluster-trial");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->message.find("1b.1 to 1b.3") != std::string::npos);
        CHECK(found[0]->where.line == line_starting(text, "[appraisal.rob2]"));
        CHECK(not_assessed(domain_by_id(a, "d1b")));
        CHECK(findings_of(a, "missing-answer").size() == 2u);  // 1b.1 and 1b.3; 1b.2 waits on 1b.1
    }
    SECTION("variant = \"cluster\" selects the variant; variant = \"parallel\" the main tool") {
        const auto chosen = only(appraise_text(rct_head + "[appraisal.rob2]\nvariant = \"cluster\"\n" +
                                               rob2_table("assignment", cluster_low_but("", {}), "")));
        INFO(findings_text(chosen) << domains_text(chosen));
        CHECK(chosen.findings.empty());
        CHECK(chosen.domains.size() == 6u);
        CHECK(chosen.overall == "low");
        CHECK(chosen.overall_rationale.find("variant = \"cluster\"") != std::string::npos);
        const auto parallel = only(appraise_text(cluster_head + "[appraisal.rob2]\nvariant = \"parallel\"\n" +
                                                 rob2_table("assignment", all_low_but(0, {}), "")));
        CHECK(parallel.findings.empty());
        CHECK(parallel.domains.size() == 5u);
        CHECK(parallel.overall == "low");
        const auto unknown = only(appraise_text(cluster_head + "[appraisal.rob2]\nvariant = \"stepped\"\n" +
                                                rob2_table("assignment", cluster_low_but("", {}), "")));
        CHECK(findings_of(unknown, "unknown-variant").size() == 1u);
        CHECK(unknown.domains.size() == 6u);  // design.type decides meanwhile
    }
    SECTION("a cluster question in an individually randomised trial names its variant") {
        const auto a = only(appraise_text(
            rct_head +
            rob2_table("assignment", all_low_but(1, {{"1.1", "Y"}, {"1.2", "Y"}, {"1.3", "N"}, {"1b.1", "Y"}}))));
        const auto found = findings_of(a, "unknown-question");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->message.find("belongs to the cluster variant") != std::string::npos);
    }
}

TEST_CASE("rob2 cluster: unanswered reached cluster questions are not assessed, never NI",
          "[rubric][rob2][cluster][not-assessed]") {
    // 2.1a = Y reaches 2.1b, left out.
    const auto a = only(appraise_text(
        cluster_head + rob2_table("assignment", cluster_low_but("d2", {{"2.1a", "Y"}, {"2.2", "N"}, {"2.6", "Y"}}))));
    INFO(findings_text(a) << domains_text(a));
    const auto missing = findings_of(a, "missing-answer");
    REQUIRE(missing.size() == 1u);
    CHECK(missing[0]->message.rfind("2.1b ", 0) == 0);
    CHECK(not_assessed(domain_by_id(a, "d2")));
    std::string provenance;
    CHECK(answer_of(domain_by_id(a, "d2"), "2.1b", &provenance).empty());
    CHECK(provenance == "not-assessed");
    CHECK(a.overall == std::optional<std::string>(""));
}

TEST_CASE("rob2 crossover: domain S is captured and judged by the reviewer only", "[rubric][rob2][crossover]") {
    const answers parallel_low = all_low_but(0, {});
    SECTION("without a reviewer judgement domain S, and the overall, are not assessed") {
        answers coded = parallel_low;
        coded["S.1"] = "Y";
        coded["S.3"] = "PN";
        const auto a = only(appraise_text(crossover_head + rob2_table("assignment", coded)));
        INFO(findings_text(a) << domains_text(a));
        CHECK(a.findings.empty());
        REQUIRE(a.domains.size() == 6u);
        const auto& s = domain_by_id(a, "ds");
        CHECK(not_assessed(s));
        CHECK(s.rationale.find("no automatic algorithm for domain S") != std::string::npos);
        CHECK(s.rationale.find("S.1 = Y") != std::string::npos);
        CHECK(s.rationale.find("S.3 = PN") != std::string::npos);
        CHECK(s.rationale.find("first_period_only_after_carryover_test not coded") != std::string::npos);
        CHECK(s.rationale.find("encoding not chosen") != std::string::npos);
        std::string provenance;
        CHECK(answer_of(s, "S.2", &provenance).empty());  // left out: captured as not answered, no warning
        CHECK(provenance == "not-assessed");
        for (const std::string id : {"d1", "d2", "d3", "d4", "d5"}) CHECK(domain_by_id(a, id).judgement == "low");
        CHECK(a.overall == std::optional<std::string>(""));
        CHECK(a.overall_not_assessed == "not assessed: ds is not assessed");
    }
    SECTION("with the reviewer's judgement, the overall follows") {
        const auto a = only(appraise_text(crossover_head + rob2_table("assignment", parallel_low) +
                                          "first_period_only_after_carryover_test = false\n"
                                          "[appraisal.rob2.override]\nds = { judgement = \"some-concerns\", reason = "
                                          "\"washout of one week only\" }\n"));
        INFO(findings_text(a) << domains_text(a));
        CHECK(a.findings.empty());
        const auto& s = domain_by_id(a, "ds");
        CHECK(s.judgement == "some-concerns");
        CHECK(s.override_reason == "washout of one week only");
        CHECK(s.rationale.find("no automatic algorithm") != std::string::npos);
        CHECK(s.rationale.find("judged by the reviewer to Some concerns") != std::string::npos);
        CHECK(s.rationale.find("first_period_only_after_carryover_test = false") != std::string::npos);
        CHECK(a.overall == "some-concerns");
        CHECK(a.overall_rationale.find("crossover variant of RoB 2 (design.type = \"crossover-rct\")") !=
              std::string::npos);
    }
    SECTION("the first-period flag: a warning when true, an error outside crossover trials") {
        const std::string text =
            crossover_head + rob2_table("assignment", parallel_low) + "first_period_only_after_carryover_test = true\n";
        const auto a = only(appraise_text(text));
        const auto found = findings_of(a, "first-period-after-carryover-test");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->level == sdk::severity::warning);
        CHECK(found[0]->where.line == line_starting(text, "first_period_only"));
        CHECK(domain_by_id(a, "ds").rationale.find("first_period_only_after_carryover_test = true") !=
              std::string::npos);
        const auto elsewhere = only(appraise_text(rct_head + rob2_table("assignment", parallel_low) +
                                                  "first_period_only_after_carryover_test = true\n"));
        CHECK(findings_of(elsewhere, "unknown-key").size() == 1u);
    }
    SECTION("the encoding option is named; S answers in another design name the crossover variant") {
        const auto x1 = make_rubric("crossover_encoding = \"X1\"\n");
        const auto a = only(appraise_text(crossover_head + rob2_table("assignment", parallel_low), *x1));
        CHECK(domain_by_id(a, "ds").rationale.find("answers follow encoding X1") != std::string::npos);
        answers coded = parallel_low;
        coded["S.1"] = "Y";
        const auto b = only(appraise_text(rct_head + rob2_table("assignment", coded)));
        const auto found = findings_of(b, "unknown-question");
        REQUIRE(found.size() == 1u);
        CHECK(found[0]->message.find("belongs to the crossover variant") != std::string::npos);
    }
    SECTION("D1 to D5 are the main tool's") {
        const auto a =
            only(appraise_text(crossover_head + rob2_table("assignment", all_low_but(3, domain_answers(3, j::high)))));
        CHECK(domain_by_id(a, "d3").judgement == "high");
        CHECK(a.overall == std::optional<std::string>(""));
        CHECK(a.overall_rationale.find("it will be High (high in d3)") != std::string::npos);
    }
}

TEST_CASE("rob2 variants: a trial without answers is told which questions its design takes",
          "[rubric][rob2][cluster][crossover]") {
    const auto cluster = only(appraise_text(cluster_head));
    REQUIRE(cluster.findings.size() == 1u);
    CHECK(cluster.findings[0].id == "rob2/not-assessed");
    CHECK(cluster.findings[0].message.find("1a.1 ... 5.3 of the cluster variant") != std::string::npos);
    const auto crossover = only(appraise_text(crossover_head));
    REQUIRE(crossover.findings.size() == 1u);
    CHECK(crossover.findings[0].message.find("S.1 ... S.4 of the crossover variant") != std::string::npos);
    // An unquoted S.1 is a dotted key: the error says to quote it; "Sx" is an unknown key.
    const auto unquoted =
        only(appraise_text(crossover_head + rob2_table("assignment", all_low_but(0, {})) + "S.1 = \"Y\"\nSx = 1\n"));
    INFO(findings_text(unquoted));
    REQUIRE(findings_of(unquoted, "unknown-question").size() == 1u);
    CHECK(findings_of(unquoted, "unknown-question")[0]->message.find("quoted") != std::string::npos);
    CHECK(findings_of(unquoted, "unknown-key").size() == 1u);
}

// ---------------------------------------------------------------- crossover: the encodings' gates and 5.4

namespace {

// instruments-2.md section 2, restated: X1 asks S.2 only when S.1 is N/PN/NI
// and has no S.4; X2 has no gates on S.1-S.4 and adds 5.4 (a both-period
// result sought but missing because carry-over was detected: High).
bool x1_reaches_s2(const std::string& s1) {
    return in(s1, "N PN NI");
}

}  // namespace

TEST_CASE("rob2 crossover: encoding X1's gate of S.2 is checked, on every S.1 x S.2 answer",
          "[rubric][rob2][crossover]") {
    const auto x1 = make_rubric("crossover_encoding = \"X1\"\n");
    const auto x2 = make_rubric("crossover_encoding = \"X2\"\n");
    std::size_t cells = 0;
    for (const std::string s1 : {"Y", "PY", "PN", "N", "NI"}) {
        for (const std::string s2 : {"Y", "PY", "PN", "N", "NI", "NA", ""}) {
            answers coded = all_low_but(0, {});
            coded["S.1"] = s1;
            if (!s2.empty()) coded["S.2"] = s2;
            coded["S.3"] = "Y";
            const std::string text = crossover_head + rob2_table("assignment", coded);
            INFO("S.1 = " << s1 << ", S.2 = " << (s2.empty() ? "(left out)" : s2));
            ++cells;
            // X1: the gate decides.
            const auto a = only(appraise_text(text, *x1));
            INFO(findings_text(a) << domains_text(a));
            const bool reached = x1_reaches_s2(s1);
            std::string expected;  // the one finding expected, or none
            if (reached && s2 == "NA") expected = "na-where-reached";
            if (!reached && !s2.empty() && s2 != "NA") expected = "answer-where-not-reached";
            if (expected.empty()) {
                CHECK(a.findings.empty());
                // Not reached and left out: NA, derived.
                std::string provenance;
                const std::string value = answer_of(domain_by_id(a, "ds"), "S.2", &provenance);
                if (!reached && s2.empty()) CHECK((value == "NA" && provenance == "derived"));
                if (reached && s2.empty()) CHECK(provenance == "not-assessed");  // captured, never required
            } else {
                REQUIRE(a.findings.size() == 1u);
                CHECK(a.findings[0].id == "rob2/" + expected);
                CHECK(a.findings[0].where.line == line_starting(text, "\"S.2\""));
                CHECK(a.findings[0].message.find("S.1 = " + s1) != std::string::npos);
                CHECK(domain_by_id(a, "ds").rationale.find("coding errors in S.2") != std::string::npos);
            }
            for (const std::string id : {"d1", "d2", "d3", "d4", "d5"}) CHECK(domain_by_id(a, id).judgement == "low");
            // X2 and no encoding: S.2 has no gate; any answer is taken as coded.
            for (const sdk::rubric* rubric : std::vector<const sdk::rubric*>{x2.get(), &default_rubric()}) {
                const auto b = only(appraise_text(text, *rubric));
                // X2 requires 5.4, left out here: that is its only finding.
                const auto missing = findings_of(b, "missing-answer");
                CHECK(b.findings.size() == missing.size());
                CHECK(findings_of(b, "answer-where-not-reached").empty());
                CHECK(findings_of(b, "na-where-reached").empty());
            }
        }
    }
    CHECK(cells == 35u);
    // The gate is named in explain.
    CHECK(description().details.find("S.2 is reached only when S.1 is N/PN/NI") != std::string::npos);
}

TEST_CASE("rob2 crossover: X1 has no S.4 and no 5.4", "[rubric][rob2][crossover]") {
    const auto x1 = make_rubric("crossover_encoding = \"X1\"\n");
    for (const std::string id : {"S.4", "5.4"}) {
        answers coded = all_low_but(0, {});
        coded["S.1"] = "Y";
        coded[id] = "N";
        const std::string text = crossover_head + rob2_table("assignment", coded);
        const auto a = only(appraise_text(text, *x1));
        INFO(id << "\n" << findings_text(a) << domains_text(a));
        const auto found = findings_of(a, "unknown-question");
        REQUIRE(found.size() == 1u);
        CHECK(a.findings.size() == 1u);
        CHECK(found[0]->where.line == line_starting(text, "\"" + id + "\""));
        CHECK(found[0]->message.find("encoding X2 only") != std::string::npos);
        CHECK(found[0]->message.find("crossover_encoding = \"X1\"") != std::string::npos);
        const std::string domain = id == "S.4" ? "ds" : "d5";
        CHECK(not_assessed(domain_by_id(a, domain)));
        CHECK(domain_by_id(a, domain).rationale.find(id + " (unknown-question)") != std::string::npos);
        // Without the encoding chosen, the same answers are taken.
        const auto plain = only(appraise_text(text));
        CHECK(plain.findings.empty());
    }
}

TEST_CASE("rob2 crossover: 5.4 of encoding X2 in domain 5", "[rubric][rob2][crossover]") {
    // instruments-2.md section 2: 5.4 Y/PY -> High; otherwise the main tool's D5 decides.
    const auto x2 = make_rubric("crossover_encoding = \"X2\"\n");
    for (const std::string value : {"Y", "PY", "PN", "N", "NI"}) {
        for (const bool d5_low : {true, false}) {
            answers coded = d5_low ? all_low_but(0, {}) : all_low_but(5, {{"5.1", "N"}, {"5.2", "N"}, {"5.3", "N"}});
            coded["5.4"] = value;
            for (const sdk::rubric* rubric : std::vector<const sdk::rubric*>{x2.get(), &default_rubric()}) {
                const auto a = only(appraise_text(crossover_head + rob2_table("assignment", coded), *rubric));
                INFO("5.4 = " << value << (d5_low ? "" : ", 5.1 = N") << "\n" << findings_text(a) << domains_text(a));
                CHECK(a.findings.empty());
                const auto& d5 = domain_by_id(a, "d5");
                const std::string expected = in(value, "Y PY") ? "high" : d5_low ? "low" : "some-concerns";
                CHECK(d5.judgement == expected);
                CHECK(d5.rationale.find("5.4 = " + value + " (") != std::string::npos);
                CHECK(answer_of(d5, "5.4") == value);
            }
        }
    }
    // Left out: no encoding chosen takes it when given (not required); X2 requires it.
    const auto plain = only(appraise_text(crossover_head + rob2_table("assignment", all_low_but(0, {}))));
    CHECK(plain.findings.empty());
    CHECK(domain_by_id(plain, "d5").judgement == "low");
    const auto required = only(appraise_text(crossover_head + rob2_table("assignment", all_low_but(0, {})), *x2));
    const auto missing = findings_of(required, "missing-answer");
    REQUIRE(missing.size() == 1u);
    CHECK(missing[0]->message.rfind("5.4 ", 0) == 0);
    CHECK(not_assessed(domain_by_id(required, "d5")));
    // Outside crossover trials 5.4 is not a question: the error names the crossover variant.
    answers parallel = all_low_but(0, {});
    parallel["5.4"] = "N";
    const auto elsewhere = only(appraise_text(rct_head + rob2_table("assignment", parallel)));
    const auto found = findings_of(elsewhere, "unknown-question");
    REQUIRE(found.size() == 1u);
    CHECK(found[0]->message.find("belongs to the crossover variant") != std::string::npos);
    // explain lists 5.4 with its answers and the rule; the prompt is a paraphrase.
    const std::string& details = description().details;
    CHECK(details.find("    5.4  X2 only: ") != std::string::npos);
    CHECK(details.find("High if 5.4 is Y/PY") != std::string::npos);
    CHECK(details.find("5.4 of encoding X2;") == std::string::npos);  // no longer "not covered"
}

// ---------------------------------------------------------------- variants, for appraise template --variant

TEST_CASE("rob2 declares its three variants, the main tool the default, each selected by its design.type",
          "[rubric][rob2][cluster][crossover]") {
    const auto& variants = description().variants;
    REQUIRE(variants.size() == 3u);
    CHECK(variants[0].id == "parallel");
    CHECK(variants[0].is_default);
    CHECK(variants[0].design_types == std::vector<std::string>{"rct"});
    CHECK(variants[1].id == "cluster");
    CHECK_FALSE(variants[1].is_default);
    CHECK(variants[1].design_types == std::vector<std::string>{"cluster-rct"});
    CHECK(variants[2].id == "crossover");
    CHECK_FALSE(variants[2].is_default);
    CHECK(variants[2].design_types == std::vector<std::string>{"crossover-rct"});
    for (const auto& v : variants) CHECK_FALSE(v.description.empty());
    // Every question names only declared variants (the host refuses others too).
    for (const auto& q : description().questions)
        for (const auto& v : q.variants) CHECK((v == "parallel" || v == "cluster" || v == "crossover"));
}

TEST_CASE("rob2 lists each variant's questions in its order, from the reference's tables",
          "[rubric][rob2][cluster][crossover]") {
    const auto ids = [](const std::vector<question_def>& defs) {
        std::vector<std::string> out;
        for (const auto& d : defs) out.push_back(d.id);
        return out;
    };
    const auto append = [](std::vector<std::string>& to, const std::vector<std::string>& more) {
        to.insert(to.end(), more.begin(), more.end());
    };
    std::vector<std::string> parallel;
    for (int domain = 1; domain <= 5; ++domain) append(parallel, ids(domain_questions(domain, false)));
    std::vector<std::string> cluster;
    for (const std::string domain : {"d1", "d1b", "d2", "d3", "d4", "d5"})
        append(cluster, ids(cluster_questions(domain, false)));
    // Crossover (instruments-2.md section 2): the main tool's d1, domain S, d2-d4, and d5 with 5.4.
    std::vector<std::string> crossover = ids(domain_questions(1, false));
    append(crossover, {"S.1", "S.2", "S.3", "S.4"});
    for (int domain = 2; domain <= 5; ++domain) append(crossover, ids(domain_questions(domain, false)));
    crossover.push_back("5.4");

    CHECK(ids_of(asked_by("parallel")) == parallel);
    CHECK(ids_of(asked_by("cluster")) == cluster);
    CHECK(ids_of(asked_by("crossover")) == crossover);
    // The questions one variant alone asks are tagged with it alone.
    std::map<std::string, std::vector<std::string>> tags;
    for (const auto& q : description().questions) tags[q.id] = q.variants;
    for (const std::string id : {"1a.1", "1b.1", "2.1a", "2.1b", "3.1a", "3.1b", "4.3a", "4.3b"})
        CHECK(tags[id] == std::vector<std::string>{"cluster"});
    for (const std::string id : {"S.1", "S.2", "S.3", "S.4", "5.4"})
        CHECK(tags[id] == std::vector<std::string>{"crossover"});
    CHECK(tags["1.1"] == std::vector<std::string>{"parallel", "crossover"});
    CHECK(tags["5.1"].empty());  // every variant asks it
}
