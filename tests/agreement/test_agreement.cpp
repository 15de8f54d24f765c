// Two coders' corpora compared (core), the TOML writer and the unresolved
// mark (core), and `appraise agree` end to end: the example pair's report
// against its golden file, and a consensus round trip (agree, resolve the
// marks in the files, check, run).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "appraise/agreement/agreement.hpp"
#include "appraise/agreement/agreement_report.hpp"
#include "appraise/agreement/consensus.hpp"
#include "appraise/agreement/consensus_marker.hpp"
#include "appraise/engine/engine.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/input/toml_writer.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using appraise::test::read_file;
using appraise::test::run_appraise;
using appraise::test::shell_quote;
using appraise::test::temp_dir;

const char* alpha_a = R"(# Coder A's coding of alpha.
id = "alpha"
year = 2015

[design]
type = "rct"
allocation = "random"
concealment = false
unit = "individual"

[sample]
arms = [60, 58]

[blinding]
assessors = false

[[outcomes]]
id = "anxiety"
validated = true

[appraisal.rob2]
outcome = "anxiety"
"1.1" = "Y"
"1.2" = "N"
)";

const char* alpha_b = R"(id = "alpha"
year = 2015

[design]
type = "rct"
allocation = "random"
concealment = true
unit = "individual"

[sample]
arms = [60, 59]

[[outcomes]]
id = "anxiety"
validated = true

[[outcomes]]
id = "depression"
validated = false

[appraisal.rob2]
outcome = "anxiety"
"1.1" = "Y"
"1.2" = "PN"
)";

const char* beta = R"(id = "beta"
year = 2012

[design]
type = "non-randomised-controlled"
allocation = "non-random"
unit = "cluster"
clusters = 2
)";

const char* gamma_a = "id = \"gamma\"\nyear = 2019\n";
const char* delta_b = "id = \"delta\"\nyear = 2020\n";
const char* config = "rubrics = [\"design-weakness\"]\n";

struct fixture {
    temp_dir root;
    fs::path a;
    fs::path b;
    fixture() {
        a = root.path() / "a";
        b = root.path() / "b";
        root.write("a/appraise.toml", config);
        root.write("a/studies/alpha.toml", alpha_a);
        root.write("a/studies/beta.toml", beta);
        root.write("a/studies/gamma.toml", gamma_a);
        root.write("b/studies/alpha.toml", alpha_b);
        root.write("b/studies/beta.toml", std::string(beta));
        root.write("b/studies/delta.toml", delta_b);
    }
};

std::vector<appraise::rubric_instance> design_weakness(appraise::rubric_registry& registry) {
    appraise::test::load_bundled(registry);
    appraise::diagnostics problems;
    auto rubrics = appraise::create_rubrics(registry, {{"design-weakness", {}}}, appraise::project_config{}, problems);
    REQUIRE_FALSE(appraise::has_errors(problems));
    return rubrics;
}

std::vector<appraise::sdk::rubric_description> descriptions(const std::vector<appraise::rubric_instance>& rubrics) {
    std::vector<appraise::sdk::rubric_description> list;
    for (const auto& r : rubrics) list.push_back(r.entry->description);
    return list;
}

const appraise::disagreement* find_disagreement(const appraise::agreement_report& report, const std::string& study,
                                                const std::string& item, const std::string& result = {}) {
    for (const auto& d : report.disagreements)
        if (d.study == study && d.item == item && d.result == result) return &d;
    return nullptr;
}

const appraise::item_agreement* find_row(const appraise::agreement_report& report, appraise::agreement_level level,
                                         const std::string& rubric, const std::string& item) {
    for (const auto& row : report.items)
        if (row.level == level && row.rubric == rubric && row.item == item) return &row;
    return nullptr;
}

int line_of(const std::string& text, const std::string& needle) {
    const auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// What a reviewer does in an editor: each mark becomes coder B's value where
// B coded one, else A's; a mark with neither is deleted.
std::size_t resolve_marks(appraise::sdk::node& table) {
    std::size_t resolved = 0;
    auto& members = table.members;
    for (auto it = members.begin(); it != members.end();) {
        auto& value = it->second;
        if (appraise::is_unresolved_marker(value)) {
            ++resolved;
            const appraise::sdk::node* chosen = value.get("b") != nullptr ? value.get("b") : value.get("a");
            if (chosen == nullptr) {
                it = members.erase(it);
                continue;
            }
            const auto where = value.where;
            value = appraise::sdk::node(*chosen);
            value.where = where;
        } else if (value.type == appraise::sdk::node::kind::table) {
            resolved += resolve_marks(value);
        } else if (value.type == appraise::sdk::node::kind::array) {
            for (auto& item : value.items)
                if (item.type == appraise::sdk::node::kind::table) resolved += resolve_marks(item);
        }
        ++it;
    }
    return resolved;
}

}  // namespace

TEST_CASE("studies pair by id, every value, answer and judgement is compared", "[core][agreement]") {
    const fixture f;
    appraise::rubric_registry registry;
    const auto rubrics = design_weakness(registry);
    const auto a = appraise::load_coded_corpus({f.a.string()}, rubrics, 1);
    const auto b = appraise::load_coded_corpus({f.b.string()}, rubrics, 1);
    const auto report = appraise::compare_corpora(a, b, descriptions(rubrics));

    CHECK(report.paired == std::vector<std::string>{"alpha", "beta"});
    REQUIRE(report.unpaired.size() == 2);
    CHECK(report.unpaired[0].id == "gamma");
    CHECK(report.unpaired[0].coder == 'A');
    CHECK(report.unpaired[1].id == "delta");
    CHECK(report.unpaired[1].coder == 'B');

    // A differing value, with where each coder wrote it.
    const auto* concealment = find_disagreement(report, "alpha", "design.concealment");
    REQUIRE(concealment != nullptr);
    CHECK(concealment->level == appraise::agreement_level::facts);
    CHECK(concealment->a.text == "false");
    CHECK(concealment->b.text == "true");
    CHECK(concealment->a.where.line == line_of(alpha_a, "concealment"));
    CHECK(concealment->b.where.line == line_of(alpha_b, "concealment"));
    CHECK(fs::path(concealment->b.where.file.str()).filename() == "alpha.toml");
    // Arrays compare as values.
    const auto* arms = find_disagreement(report, "alpha", "sample.arms");
    REQUIRE(arms != nullptr);
    CHECK(arms->a.text == "[60, 58]");
    // Omitted by one coder: a disagreement, listed, never dropped.
    const auto* assessors = find_disagreement(report, "alpha", "blinding.assessors");
    REQUIRE(assessors != nullptr);
    CHECK_FALSE(assessors->b.present);
    CHECK(assessors->b.text == appraise::not_coded_value);
    // An outcome only B coded: matched by outcome id.
    const auto* depression = find_disagreement(report, "alpha", "outcomes.validated", "depression");
    REQUIRE(depression != nullptr);
    CHECK_FALSE(depression->a.present);
    CHECK(find_disagreement(report, "alpha", "outcomes.validated", "anxiety") == nullptr);
    // Reviewer answers, per rubric.
    const auto* answer = find_disagreement(report, "alpha", "1.2", "");
    REQUIRE(answer != nullptr);
    CHECK(answer->level == appraise::agreement_level::answers);
    CHECK(answer->rubric == "rob2");
    CHECK(answer->a.text == "N");
    CHECK(answer->b.text == "PN");
    // beta is coded alike by both: nothing to list for it.
    for (const auto& d : report.disagreements) CHECK(d.study != "beta");

    // Statistics per field, question, domain and overall, and pooled rows.
    const auto* row = find_row(report, appraise::agreement_level::facts, "", "design.concealment");
    REQUIRE(row != nullptr);
    CHECK(row->stats.pairs == 1);
    CHECK(row->stats.agreements == 0);
    const auto* type = find_row(report, appraise::agreement_level::facts, "", "design.type");
    REQUIRE(type != nullptr);
    CHECK(type->stats.pairs == 2);
    CHECK(type->stats.agreements == 2);
    const auto* question = find_row(report, appraise::agreement_level::answers, "rob2", "1.2");
    REQUIRE(question != nullptr);
    CHECK(question->scale.rfind("signalling", 0) == 0);
    CHECK(find_row(report, appraise::agreement_level::facts, "", "(all fields)") != nullptr);
    CHECK(find_row(report, appraise::agreement_level::answers, "rob2", "(all questions)") != nullptr);
    const auto* overall = find_row(report, appraise::agreement_level::judgements, "design-weakness", "overall");
    REQUIRE(overall != nullptr);
    CHECK(overall->stats.pairs == 2);
    CHECK(overall->scale.rfind("judgement", 0) == 0);
    CHECK(find_row(report, appraise::agreement_level::judgements, "design-weakness", "(all domains)") != nullptr);
    for (const auto& r : report.items)
        for (const auto* e :
             {&r.stats.percent, &r.stats.kappa, &r.stats.kappa_linear, &r.stats.kappa_quadratic, &r.stats.ac1})
            CHECK((e->value ? std::isfinite(*e->value) : !e->reason.empty()));
}

TEST_CASE("undefined statistics are null with a reason in JSON and n/a in text", "[core][agreement][report]") {
    const fixture f;
    const auto a = appraise::load_coded_corpus({f.a.string()}, {}, 1);
    const auto b = appraise::load_coded_corpus({f.b.string()}, {}, 1);
    const auto report = appraise::compare_corpora(a, b, {});
    std::ostringstream json_text;
    appraise::write_agreement_json(json_text, report);
    CHECK(json_text.str().find("NaN") == std::string::npos);
    const auto doc = nlohmann::json::parse(json_text.str());
    bool saw_null = false;
    for (const auto& item : doc.at("statistics"))
        for (const char* name : {"percent_agreement", "kappa", "kappa_linear", "kappa_quadratic", "ac1"}) {
            const auto& e = item.at(name);
            if (e.at("value").is_null()) {
                saw_null = true;
                CHECK_FALSE(e.at("reason").get<std::string>().empty());
            } else {
                CHECK(e.at("ci95").size() == 2);
            }
        }
    CHECK(saw_null);
    CHECK(doc.at("disagreements").size() == report.disagreements.size());
    std::ostringstream text;
    appraise::write_agreement_text(text, report);
    CHECK(text.str().find("n/a") != std::string::npos);
    CHECK(text.str().find("nan") == std::string::npos);
    std::ostringstream csv;
    appraise::write_agreement_csv(csv, report);
    CHECK(csv.str().rfind("level,rubric,item,pooled,scale,pairs,agreements,agreement,", 0) == 0);
    std::ostringstream markdown;
    appraise::write_agreement_markdown(markdown, report);
    CHECK(markdown.str().find("| Study | Item | Coder A | Coder B |") != std::string::npos);
}

TEST_CASE("a disagreement mark is an error naming both values, not a wrong type", "[core][loader][agreement]") {
    const std::string text =
        "id = \"x\"\n[design]\nconcealment = { unresolved = true, a = false, a_from = "
        "\"a/x.toml:3:15\", b_from = \"not coded\" }\n";
    const auto file = appraise::load_study_text(text, "x.toml", {{appraise::consensus_screen()}});
    REQUIRE(file.studies.size() == 1);
    const auto& problems = file.studies.front().problems;
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().code == "coding/unresolved-disagreement");
    CHECK(problems.front().where.line == 3);
    CHECK(problems.front().message.find("design.concealment") != std::string::npos);
    CHECK(problems.front().message.find("false (a/x.toml:3:15)") != std::string::npos);
    CHECK(problems.front().message.find("did not code it") != std::string::npos);
    CHECK_FALSE(file.studies.front().usable);
}

TEST_CASE("the TOML writer round-trips every example study and keeps comments", "[core][toml]") {
    for (const auto& entry :
         fs::directory_iterator(appraise::test::source_dir / "examples/left-behind-children/studies")) {
        const std::string text = read_file(entry.path());
        const auto original = appraise::parse_toml(text, "in.toml");
        REQUIRE(original.root);
        const std::string written = appraise::write_toml_document(*original.root, text);
        const auto again = appraise::parse_toml(written, "out.toml");
        INFO(entry.path().string() << "\n" << written);
        REQUIRE(again.problems.empty());
        // Same values everywhere (positions may differ).
        std::function<void(const appraise::sdk::node&, const appraise::sdk::node&)> same =
            [&](const appraise::sdk::node& x, const appraise::sdk::node& y) {
                REQUIRE(x.type == y.type);
                if (x.type == appraise::sdk::node::kind::table) {
                    REQUIRE(x.members.size() == y.members.size());
                    for (std::size_t i = 0; i < x.members.size(); ++i) {
                        CHECK(x.members[i].first == y.members[i].first);
                        same(x.members[i].second, y.members[i].second);
                    }
                } else if (x.type == appraise::sdk::node::kind::array) {
                    REQUIRE(x.items.size() == y.items.size());
                    for (std::size_t i = 0; i < x.items.size(); ++i) same(x.items[i], y.items[i]);
                } else {
                    CHECK(appraise::toml_inline_value(x) == appraise::toml_inline_value(y));
                }
            };
        same(*original.root, *again.root);
        // The first comment line of the file survives.
        const auto hash = text.find('#');
        if (hash != std::string::npos && (hash == 0 || text[hash - 1] == '\n')) {
            const std::string first_comment = text.substr(hash, text.find('\n', hash) - hash);
            CHECK(written.find(first_comment) != std::string::npos);
        }
    }
}

TEST_CASE("consensus round trip: agree, resolve the marks, check, run", "[cli][agreement][consensus]") {
    const fixture f;
    const fs::path out = f.root.path() / "consensus";
    const auto agree =
        run_appraise("agree " + shell_quote(f.a) + " " + shell_quote(f.b) + " --consensus " + shell_quote(out));
    INFO(agree.err);
    REQUIRE(agree.exit_code == 0);
    CHECK(agree.out.find("disagreements: ") != std::string::npos);
    CHECK(agree.err.find("to resolve") != std::string::npos);

    // A's layout, A's configuration, and the study only B coded.
    REQUIRE(fs::exists(out / "studies/alpha.toml"));
    REQUIRE(fs::exists(out / "studies/beta.toml"));
    REQUIRE(fs::exists(out / "studies/gamma.toml"));
    REQUIRE(fs::exists(out / "studies/delta.toml"));
    REQUIRE(fs::exists(out / "appraise.toml"));
    const std::string alpha = read_file(out / "studies/alpha.toml");
    CHECK(alpha.find("# Coder A's coding of alpha.") != std::string::npos);  // comments kept
    CHECK(alpha.find("concealment = { unresolved = true, a = false, a_from = ") != std::string::npos);
    CHECK(alpha.find("b = true, b_from = ") != std::string::npos);
    CHECK(read_file(out / "studies/beta.toml").find("unresolved") == std::string::npos);  // agreed: kept as is

    // Check lists what is left: one error per mark.
    const auto before_run = run_appraise("check " + shell_quote(out));
    CHECK(before_run.exit_code == 2);
    const std::string before = before_run.out + before_run.err;
    std::size_t listed = 0;
    for (auto at = before.find("[coding/unresolved-disagreement]"); at != std::string::npos;
         at = before.find("[coding/unresolved-disagreement]", at + 1))
        ++listed;
    CHECK(listed == 8);  // concealment, arms, assessors, the depression outcome (2), 1.2, gamma's and delta's ids
    CHECK(before.find("studies/alpha.toml:") != std::string::npos);

    // Resolve in the files, as an editor would.
    std::size_t resolved = 0;
    for (const auto& entry : fs::recursive_directory_iterator(out)) {
        if (entry.path().extension() != ".toml" || entry.path().filename() == "appraise.toml") continue;
        const std::string text = read_file(entry.path());
        auto document = appraise::parse_toml(text, entry.path().string());
        REQUIRE(document.root);
        resolved += resolve_marks(*document.root);
        std::ofstream(entry.path(), std::ios::binary) << appraise::write_toml_document(*document.root, text);
    }
    CHECK(resolved == listed);

    const auto after = run_appraise("check " + shell_quote(out));
    INFO(after.err);
    CHECK(after.exit_code == 0);
    CHECK((after.out + after.err).find("unresolved") == std::string::npos);
    const auto run = run_appraise("run " + shell_quote(out) + " --format json");
    INFO(run.err);
    CHECK(run.exit_code == 0);
    const auto doc = nlohmann::json::parse(run.out);
    CHECK(doc.at("studies").size() == 4);
    const auto resolved_alpha = appraise::load_study_file(out / "studies/alpha.toml", "alpha.toml");
    REQUIRE(resolved_alpha.studies.size() == 1);
    const auto* concealment = resolved_alpha.studies.front().study.find("design.concealment");
    REQUIRE(concealment != nullptr);
    CHECK(concealment->boolean);  // B's value chosen

    // A consensus is never written over earlier work.
    const auto again =
        run_appraise("agree " + shell_quote(f.a) + " " + shell_quote(f.b) + " --consensus " + shell_quote(out));
    CHECK(again.exit_code == 2);
    CHECK(again.err.find("usage/consensus-not-empty") != std::string::npos);
}

TEST_CASE("the example pair's agreement report matches its golden file", "[cli][agreement][golden]") {
    const std::string args = "agree examples/left-behind-children examples/left-behind-children-coder-b";
    const auto one = run_appraise(args + " -j 1");
    INFO(one.err);
    REQUIRE(one.exit_code == 0);
    const std::string golden = read_file(appraise::test::data_dir / "agreement/left-behind-children.txt");
    // To refresh after a deliberate change: run the command above from the
    // source folder with -j 1 and NO_COLOR=1 into that file, and review the diff.
    CHECK(one.out == golden);
    const auto four = run_appraise(args + " -j 4");
    CHECK(four.out == one.out);  // byte-identical for any -j

    const auto json_run = run_appraise(args + " --format json");
    REQUIRE(json_run.exit_code == 0);
    const auto doc = nlohmann::json::parse(json_run.out);
    CHECK(doc.at("paired").size() == 18);
    std::set<std::string> levels;
    for (const auto& item : doc.at("statistics")) levels.insert(item.at("level").get<std::string>());
    CHECK(levels == std::set<std::string>{"facts", "answers", "judgements"});
    CHECK_FALSE(doc.at("disagreements").empty());
    const auto markdown = run_appraise(args + " --format markdown");
    CHECK(markdown.out.rfind("## Agreement between coders", 0) == 0);
}

TEST_CASE("two trees pair by the union of keys and by element label", "[core][agreement]") {
    const auto a =
        appraise::parse_toml("x = 1\ny = 2\n[[outcomes]]\nid = \"pain\"\n[[outcomes]]\nid = \"mood\"\n", "a.toml");
    const auto b =
        appraise::parse_toml("z = 3\ny = 2\n[[outcomes]]\nid = \"sleep\"\n[[outcomes]]\nid = \"pain\"\n", "b.toml");
    REQUIRE(a.root);
    REQUIRE(b.root);
    CHECK(appraise::shape_of(&*a.root, &*b.root) == appraise::pair_shape::tables);
    std::vector<std::string> keys;
    appraise::for_each_member_pair(
        &*a.root, &*b.root,
        [&](const std::string& key, const appraise::sdk::node* in_a, const appraise::sdk::node* in_b) {
            keys.push_back(key + (in_a != nullptr ? "a" : "") + (in_b != nullptr ? "b" : ""));
        });
    CHECK(keys == std::vector<std::string>{"outcomesab", "xa", "yab", "zb"});
    const auto* outcomes_a = a.root->get("outcomes");
    const auto* outcomes_b = b.root->get("outcomes");
    CHECK(appraise::shape_of(outcomes_a, nullptr) == appraise::pair_shape::table_arrays);
    std::vector<std::string> labels;
    appraise::for_each_element_pair(
        outcomes_a, outcomes_b, "id",
        [&](const std::string& label, const appraise::sdk::node* in_a, const appraise::sdk::node* in_b) {
            labels.push_back(label + (in_a != nullptr ? "a" : "") + (in_b != nullptr ? "b" : ""));
        });
    CHECK(labels == std::vector<std::string>{"painab", "mooda", "sleepb"});
    CHECK(appraise::shape_of(a.root->get("x"), b.root->get("x")) == appraise::pair_shape::leaves);
}

// ---- issue 13: a consensus that stays honest

namespace {

const char* evidence_a = R"(# Coder A's coding of eta.
id = "eta"
title = "A trial"  # title as on the PDF
year = 2018

[coding]
coder = "MW"

[design]
type = "rct"
allocation = { value = "random", support = "randomly divided", at = "p. 3" }  # A: from Methods
concealment = { value = false, support = "teacher opened the envelopes", at = "p. 4" }

[appraisal.rob2]
outcome = "anxiety"
notes = "abstract only"
"1.1" = { value = "Y", support = "computer-generated list", at = "p. 3" }
"1.2" = "N"

[appraisal.rob2.support]
d1 = "list generated by computer; envelopes opened by teacher"
)";

const char* evidence_b = R"(id = "eta"
title = "A Trial"
year = 2018

[coding]
coder = "JS"

[design]
type = "rct"
allocation = { value = "random", support = "children drew lots", at = "p. 4" }
concealment = { value = true, support = "sealed opaque envelopes", at = "p. 4" }

[appraisal.rob2]
outcome = "anxiety"
"1.1" = "Y"
"1.2" = "N"

[appraisal.rob2.support]
d1 = "random list; sealed envelopes"
)";

struct evidence_fixture {
    temp_dir root;
    fs::path a;
    fs::path b;
    evidence_fixture() {
        a = root.path() / "a";
        b = root.path() / "b";
        root.write("a/appraise.toml", config);
        root.write("a/studies/eta.toml", evidence_a);
        root.write("b/studies/eta.toml", evidence_b);
    }
};

const appraise::support_difference* find_support(const appraise::agreement_report& report, const std::string& item) {
    for (const auto& d : report.support_differences)
        if (d.item == item) return &d;
    return nullptr;
}

}  // namespace

TEST_CASE("a different quote is a support difference, not a disagreement", "[core][agreement][evidence]") {
    const evidence_fixture f;
    const auto a = appraise::load_coded_corpus({f.a.string()}, {}, 1);
    const auto b = appraise::load_coded_corpus({f.b.string()}, {}, 1);
    const auto report = appraise::compare_corpora(a, b, {});
    // Same value, different quote: agreement, and listed apart.
    CHECK(find_disagreement(report, "eta", "design.allocation") == nullptr);
    const auto* row = find_row(report, appraise::agreement_level::facts, "", "design.allocation");
    REQUIRE(row != nullptr);
    CHECK(row->stats.agreements == 1);
    const auto* allocation = find_support(report, "design.allocation");
    REQUIRE(allocation != nullptr);
    CHECK(allocation->values_agree);
    CHECK(allocation->a == "\"randomly divided\" (p. 3)");
    CHECK(allocation->b == "\"children drew lots\" (p. 4)");
    CHECK(allocation->b_where.line == line_of(evidence_b, "allocation"));
    // A value that differs is a disagreement; its differing support is listed too, marked as such.
    CHECK(find_disagreement(report, "eta", "design.concealment") != nullptr);
    const auto* concealment = find_support(report, "design.concealment");
    REQUIRE(concealment != nullptr);
    CHECK_FALSE(concealment->values_agree);
    // An answer with support on one side only, and a domain's support text.
    const auto* answer = find_support(report, "1.1");
    REQUIRE(answer != nullptr);
    CHECK(answer->b.empty());
    CHECK(find_support(report, "support d1") != nullptr);
    CHECK(find_support(report, "notes") != nullptr);
    CHECK(find_disagreement(report, "eta", "1.1") == nullptr);

    std::ostringstream text;
    appraise::write_agreement_text(text, report);
    CHECK(text.str().find("support differences (the evidence differs; not a disagreement about the value): ") !=
          std::string::npos);
    std::ostringstream markdown;
    appraise::write_agreement_markdown(markdown, report);
    CHECK(markdown.str().find("### Support differences (") != std::string::npos);
    CHECK(markdown.str().find("### Disagreements (1, and 2 metadata differences)") != std::string::npos);
    std::ostringstream json_text;
    appraise::write_agreement_json(json_text, report);
    const auto doc = nlohmann::json::parse(json_text.str());
    CHECK(doc.at("support_differences").size() == report.support_differences.size());
}

TEST_CASE("one answer for every outcome pairs with per-outcome answers outcome by outcome",
          "[core][agreement][per-outcome]") {
    temp_dir root;
    const std::string facts = "id = \"t\"\n[[outcomes]]\nid = \"reading\"\n[[outcomes]]\nid = \"math\"\n";
    root.write("a/studies/t.toml", facts + "[appraisal.jbi-rct-2023]\nq8 = \"yes\"\nq9 = \"no\"\n");
    root.write("b/studies/t.toml", facts +
                                       "[appraisal.jbi-rct-2023]\nq8 = { reading = \"yes\", math = \"no\" }\n"
                                       "q9 = { shoe-size = \"no\" }\n");
    const auto a = appraise::load_coded_corpus({(root.path() / "a").string()}, {}, 1);
    const auto b = appraise::load_coded_corpus({(root.path() / "b").string()}, {}, 1);
    const auto report = appraise::compare_corpora(a, b, {});
    // The single "yes" stands for reading and math: agreement on one, disagreement on the other.
    CHECK(find_disagreement(report, "t", "q8") == nullptr);
    CHECK(find_disagreement(report, "t", "q8.reading") == nullptr);
    CHECK(find_disagreement(report, "t", "q8.math") != nullptr);
    const auto* reading = find_row(report, appraise::agreement_level::answers, "jbi-rct-2023", "q8.reading");
    REQUIRE(reading != nullptr);
    CHECK(reading->stats.agreements == 1);
    // A table whose keys are not outcome ids is not per-outcome: compared as it is.
    CHECK(find_disagreement(report, "t", "q9") != nullptr);

    // An outcome the per-outcome coder left out is a pair with "(not coded)", never dropped.
    root.write("c/studies/t.toml", facts + "[appraisal.jbi-rct-2023]\nq8 = { reading = \"yes\" }\nq9 = \"no\"\n");
    const auto c = appraise::load_coded_corpus({(root.path() / "c").string()}, {}, 1);
    const auto partial = appraise::compare_corpora(a, c, {});
    CHECK(find_disagreement(partial, "t", "q8.reading") == nullptr);
    const auto* math = find_disagreement(partial, "t", "q8.math");
    REQUIRE(math != nullptr);
    CHECK(math->a.present);
    CHECK_FALSE(math->b.present);
}

TEST_CASE("agreement text columns never run into each other, negative kappas included", "[core][agreement][report]") {
    temp_dir root;
    // Coders who disagree on every study: kappa is negative, and its interval wider than a positive one.
    for (int i = 0; i < 4; ++i) {
        const std::string id = "s" + std::to_string(i);
        const bool a = i < 2;
        root.write("a/studies/" + id + ".toml",
                   "id = \"" + id + "\"\n[design]\nconcealment = " + (a ? "true" : "false") + "\n");
        root.write("b/studies/" + id + ".toml",
                   "id = \"" + id + "\"\n[design]\nconcealment = " + (a ? "false" : "true") + "\n");
    }
    const auto a = appraise::load_coded_corpus({(root.path() / "a").string()}, {}, 1);
    const auto b = appraise::load_coded_corpus({(root.path() / "b").string()}, {}, 1);
    const auto report = appraise::compare_corpora(a, b, {});
    std::ostringstream text;
    appraise::write_agreement_text(text, report);
    INFO(text.str());
    std::istringstream lines(text.str());
    std::string line;
    bool seen = false;
    while (std::getline(lines, line)) {
        if (line.rfind("  design.concealment ", 0) != 0) continue;
        seen = true;
        CHECK(line.find("-1.000") != std::string::npos);
        // item, n and five estimates, each apart from the next by two blanks or more
        std::vector<std::string> cells;
        const std::regex gap("\\s{2,}");
        for (std::sregex_token_iterator it(line.begin() + 2, line.end(), gap, -1), end; it != end; ++it)
            if (!it->str().empty()) cells.push_back(*it);
        CHECK(cells.size() == 7u);
    }
    CHECK(seen);
}

TEST_CASE("metadata is listed but counted only with --include-metadata", "[core][agreement][metadata]") {
    CHECK(appraise::is_metadata_item("title"));
    CHECK(appraise::is_metadata_item("authors"));
    CHECK(appraise::is_metadata_item("coding.coder"));
    CHECK(appraise::is_metadata_item("custom.anything"));
    CHECK_FALSE(appraise::is_metadata_item("codingx"));
    CHECK_FALSE(appraise::is_metadata_item("design.type"));
    const evidence_fixture f;
    const auto a = appraise::load_coded_corpus({f.a.string()}, {}, 1);
    const auto b = appraise::load_coded_corpus({f.b.string()}, {}, 1);
    const auto report = appraise::compare_corpora(a, b, {});
    CHECK(find_row(report, appraise::agreement_level::facts, "", "title") == nullptr);
    CHECK(find_row(report, appraise::agreement_level::facts, "", "coding.coder") == nullptr);
    const auto* title = find_disagreement(report, "eta", "title");
    REQUIRE(title != nullptr);  // still listed
    CHECK(title->metadata);
    CHECK_FALSE(find_disagreement(report, "eta", "design.concealment")->metadata);
    const auto* pooled = find_row(report, appraise::agreement_level::facts, "", "(all fields)");
    REQUIRE(pooled != nullptr);
    CHECK(pooled->stats.pairs == 4);  // year, design.type, allocation, concealment

    appraise::compare_options counted;
    counted.include_metadata = true;
    const auto with = appraise::compare_corpora(a, b, {}, counted);
    REQUIRE(find_row(with, appraise::agreement_level::facts, "", "title") != nullptr);
    CHECK(find_row(with, appraise::agreement_level::facts, "", "coding.coder") != nullptr);
    CHECK(find_row(with, appraise::agreement_level::facts, "", "(all fields)")->stats.pairs == 6);

    const auto cli = run_appraise("agree " + shell_quote(f.a) + " " + shell_quote(f.b) + " --include-metadata");
    CHECK(cli.out.find("  title ") != std::string::npos);
    const auto plain = run_appraise("agree " + shell_quote(f.a) + " " + shell_quote(f.b));
    CHECK(plain.out.find("  title ") == std::string::npos);
    CHECK(plain.out.find("metadata differences (not in the statistics): 2") != std::string::npos);
}

TEST_CASE("every format warns that kappa and AC1 are unstable below 10 pairs", "[core][agreement][report]") {
    const evidence_fixture f;
    const auto a = appraise::load_coded_corpus({f.a.string()}, {}, 1);
    const auto b = appraise::load_coded_corpus({f.b.string()}, {}, 1);
    const auto report = appraise::compare_corpora(a, b, {});
    std::ostringstream text, json_text, csv, markdown;
    appraise::write_agreement_text(text, report);
    appraise::write_agreement_json(json_text, report);
    appraise::write_agreement_csv(csv, report);
    appraise::write_agreement_markdown(markdown, report);
    CHECK(text.str().find("note: n < 10: kappa and AC1 are unstable") != std::string::npos);
    CHECK(csv.str().find("n < 10: kappa and AC1 are unstable") != std::string::npos);
    CHECK(markdown.str().find("\u2020 n < 10: kappa and AC1 are unstable") != std::string::npos);
    const auto doc = nlohmann::json::parse(json_text.str());
    CHECK_FALSE(doc.at("warnings").empty());
    for (const auto& item : doc.at("statistics"))
        CHECK(item.contains("warning") == (item.at("pairs").get<int>() > 0 && item.at("pairs").get<int>() < 10));
}

TEST_CASE("the TOML writer keeps end-of-line comments, once, and not a # inside a string", "[core][toml]") {
    const std::string text = "x = \"a # b\"  # real\n[t]  # head\ny = [1, 2] # list\nz = 'q#'\n";
    const auto document = appraise::parse_toml(text, "in.toml");
    REQUIRE(document.root);
    const std::string written = appraise::write_toml_document(*document.root, text);
    CHECK(written == "x = \"a # b\"  # real\n\n[t]  # head\ny = [1, 2]  # list\nz = \"q#\"\n");
    const std::string extra = appraise::write_toml_document(*document.root, text, [](const auto& path) {
        return path == std::vector<std::string>{"t", "y"} ? std::string("mine") : std::string();
    });
    CHECK(extra.find("y = [1, 2]  # list  # mine\n") != std::string::npos);
}

TEST_CASE("consensus keeps comments and both coders' support, resolutions are counted",
          "[cli][agreement][consensus][evidence]") {
    const evidence_fixture f;
    const fs::path out = f.root.path() / "consensus";
    const auto agree =
        run_appraise("agree " + shell_quote(f.a) + " " + shell_quote(f.b) + " --consensus " + shell_quote(out));
    INFO(agree.err);
    REQUIRE(agree.exit_code == 0);
    const std::string eta = read_file(out / "studies/eta.toml");
    INFO(eta);
    CHECK(eta.find("# Coder A's coding of eta.") != std::string::npos);
    // End-of-line comments survive, on the agreed value and on a mark.
    CHECK(eta.find("# A: from Methods") != std::string::npos);
    CHECK(eta.find("# title as on the PDF") != std::string::npos);
    // Agreed value: A's wrapper, B's differing support beside it.
    CHECK(eta.find("allocation = { value = \"random\", support = \"randomly divided\", at = \"p. 3\" }") !=
          std::string::npos);
    CHECK(eta.find("# coder B: support = \"children drew lots\", at = \"p. 4\"") != std::string::npos);
    // A mark holds both values with both coders' support.
    CHECK(eta.find("a = { value = false, support = \"teacher opened the envelopes\", at = \"p. 4\" }") !=
          std::string::npos);
    CHECK(eta.find("b = { value = true, support = \"sealed opaque envelopes\", at = \"p. 4\" }") != std::string::npos);
    // Notes and domain support come back; B's differing text as a comment.
    CHECK(eta.find("notes = \"abstract only\"") != std::string::npos);
    CHECK(eta.find("[appraisal.rob2.support]") != std::string::npos);
    CHECK(eta.find("d1 = \"list generated by computer; envelopes opened by teacher\"  # coder B: \"random list; "
                   "sealed envelopes\"") != std::string::npos);
    // Recognised as a consensus corpus by its marker file, which counts the marks.
    REQUIRE(fs::exists(out / appraise::consensus_marker_file));
    CHECK(appraise::is_consensus_corpus({out.string()}));
    CHECK(appraise::is_consensus_corpus({(out / "studies/eta.toml").string()}));
    CHECK_FALSE(appraise::is_consensus_corpus({f.a.string()}));
    const std::string marker = read_file(out / appraise::consensus_marker_file);
    CHECK(marker.find("marked_facts = 3\n") != std::string::npos);  // title, coding.coder, concealment
    CHECK(marker.find("marked_answers = 0\n") != std::string::npos);

    // Settle them as reviewers would: one by discussion, one for coder B, one plain.
    std::string settled = read_file(out / "studies/eta.toml");
    const auto replace_line = [&settled](const std::string& key, const std::string& line) {
        const auto at = settled.find("\n" + key + " = { unresolved");
        REQUIRE(at != std::string::npos);
        const auto end = settled.find('\n', at + 1);
        settled.replace(at + 1, end - at - 1, line);
    };
    replace_line("concealment",
                 "concealment = { value = true, resolved = \"discussion\", reason = \"sealed envelopes, p. 4\" }");
    replace_line("title", "title = { value = \"A Trial\", resolved = \"b\" }");
    replace_line("coder", "coder = \"MW, JS\"");
    std::ofstream(out / "studies/eta.toml", std::ios::binary) << settled;
    const auto check = run_appraise("check " + shell_quote(out));
    CHECK((check.out + check.err).find("unresolved") == std::string::npos);
    const auto loaded = appraise::load_coded_corpus({out.string()}, {}, 1);
    for (const auto& p : loaded.problems) CHECK(p.code != "coding/resolved-outside-consensus");

    const auto resolutions = run_appraise("agree --resolutions " + shell_quote(out));
    INFO(resolutions.err);
    REQUIRE(resolutions.exit_code == 0);
    CHECK(resolutions.out.find("Of 3 disagreements between the two coders (3 in coded facts, 0 in reviewer answers, "
                               "0 in judgement overrides), 2 were settled with a recorded way: 1 by discussion and 1 "
                               "in favour of coder B; 1 was settled without saying how; 0 remain unresolved.") !=
          std::string::npos);
    const auto as_json = run_appraise("agree --resolutions " + shell_quote(out) + " --format json");
    const auto doc = nlohmann::json::parse(as_json.out);
    CHECK(doc.at("levels").at("facts").at("discussion") == 1);
    CHECK(doc.at("levels").at("facts").at("b") == 1);
    CHECK(doc.at("levels").at("facts").at("not_recorded") == 1);
    const auto markdown = run_appraise("agree --resolutions " + shell_quote(out) + " --format markdown");
    CHECK(markdown.out.find("| facts | 3 | 1 | 0 | 0 | 1 | 1 | 0 |") != std::string::npos);
    const auto not_consensus = run_appraise("agree --resolutions " + shell_quote(f.a));
    CHECK(not_consensus.exit_code == 2);
    CHECK(not_consensus.err.find("usage/not-a-consensus") != std::string::npos);
}

TEST_CASE("consensus writes a date as a TOML date, agreed or marked, and it reads back as one",
          "[cli][agreement][consensus]") {
    temp_dir root;
    root.write("a/appraise.toml", config);
    root.write("a/studies/theta.toml",
               "id = \"theta\"\nyear = 2018\n\n[coding]\ncoder = \"MW\"\ndate = 2026-11-03\n\n"
               "[design]\ntype = \"rct\"\n");
    root.write("b/studies/theta.toml",
               "id = \"theta\"\nyear = 2018\n\n[coding]\ncoder = \"MW\"\ndate = 2026-11-04\n\n"
               "[design]\ntype = \"rct\"\n");
    root.write("a/studies/iota.toml", "id = \"iota\"\n\n[coding]\ndate = 2026-10-30\n");
    root.write("b/studies/iota.toml", "id = \"iota\"\n\n[coding]\ndate = 2026-10-30\n");
    const fs::path out = root.path() / "consensus";
    const auto agree = run_appraise("agree " + shell_quote((root.path() / "a").string()) + " " +
                                    shell_quote((root.path() / "b").string()) + " --consensus " + shell_quote(out));
    INFO(agree.out << agree.err);
    REQUIRE(agree.exit_code == 0);
    const std::string iota = read_file(out / "studies/iota.toml");
    const std::string theta = read_file(out / "studies/theta.toml");
    INFO(iota << "\n----\n" << theta);
    CHECK(iota.find("date = 2026-10-30\n") != std::string::npos);  // agreed: kept as a date
    CHECK(theta.find("a = 2026-11-03") != std::string::npos);      // marked: both values as dates
    CHECK(theta.find("b = 2026-11-04") != std::string::npos);
    CHECK(iota.find("\"2026-") == std::string::npos);
    CHECK(theta.find("\"2026-") == std::string::npos);
    // Read back, the agreed date is a TOML date (the reader keeps its text;
    // a quoted string would keep its quotes in the source).
    const auto document = appraise::parse_toml(iota, "iota.toml");
    REQUIRE(document.root);
    const auto* date = document.root->find("coding.date");
    REQUIRE(date != nullptr);
    CHECK(date->text == "2026-10-30");
    CHECK(iota.substr(iota.find("date = ") + 7, 1) != "\"");
}

TEST_CASE("consensus: the review's weights and estimates CSVs come with its appraise.toml",
          "[cli][agreement][consensus]") {
    const temp_dir dir;
    const fs::path out = dir.path() / "agreed";
    const auto agree = run_appraise(
        "agree examples/left-behind-children examples/left-behind-children-coder-b "
        "--consensus " +
        shell_quote(out));
    INFO(agree.err);
    REQUIRE(agree.exit_code == 0);
    REQUIRE(fs::exists(out / "estimates" / "mental-health.csv"));
    CHECK(read_file(out / "estimates" / "mental-health.csv") ==
          read_file(appraise::test::source_dir / "examples" / "left-behind-children" / "estimates" /
                    "mental-health.csv"));
    // The consensus corpus's configuration reads: grade fails on its marks only, not on a missing CSV.
    const auto grade = run_appraise("grade " + shell_quote(out));
    CHECK(grade.err.find("estimates/mental-health.csv") == std::string::npos);
}

TEST_CASE("agree refuses a [[study]] file too large to read whole instead of comparing no study", "[agreement][cli]") {
    // `run` streams such a file study by study; agree compares trees read
    // whole, so the file is an input error (exit 2), never 0 studies compared.
    temp_dir work;
    std::string text = "# many studies\n";
    const std::string padding(70000, 'x');
    for (int k = 0; k < 130; ++k) text += "[[study]]\nid = \"s" + std::to_string(k) + "\"\n# " + padding + "\n";
    REQUIRE(text.size() > appraise::max_study_file_bytes);
    work.write("a/all.toml", text);
    work.write("b/all.toml", text);
    const auto result = appraise::test::run_appraise("agree " + appraise::test::shell_quote(work.path() / "a") + " " +
                                                     appraise::test::shell_quote(work.path() / "b"));
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("coding/file-too-large") != std::string::npos);
    CHECK(result.err.find("compares files read whole") != std::string::npos);
}
