// replication-barriers 2.0.0: the reviewer's adequacy judgements, proposals
// from coded facts (labelled so), TIDieR items 9 and 10 only when they apply,
// the comparator as an arm, dose counted once, no overall, "not reported"
// kept apart from "reported as unavailable", and each item's mapping.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "appraise/declarative/declarative_rubric.hpp"
#include "appraise/declarative/rubric_file.hpp"
#include "appraise/input/study_loader.hpp"
#include "test_support.hpp"

namespace {

namespace sdk = appraise::sdk;
namespace decl = appraise::declarative;
using appraise::test::source_dir;

const appraise::rubric_registry& shipped() {
    static const appraise::rubric_registry registry = [] {
        appraise::rubric_registry r;
        decl::load_rubric_file(source_dir / "rubrics" / "replication-barriers.toml", r);
        return r;
    }();
    return registry;
}

// An RCT with every fact the rubric reads: every item complete or available.
const char* full_study = R"(id = "full"
[design]
type = "rct"
comparator = "usual-care"
comparator_details = "usual lessons, two a week, described"
protocol = true
theory = "social learning"
[intervention]
name = "n"
rationale = "r"
materials = "m"
materials_available = true
manual = true
procedures = "p"
provider = "teachers"
disciplines = ["teacher"]
provider_training = "two days"
mode = ["group"]
setting = "school"
sessions = 12
session_minutes = 45
weeks = 12
tailoring = "t"
modifications = "none"
fidelity_planned = "checklist"
fidelity_assessed = "90%"
[reporting]
data_available = true
)";

sdk::appraisal appraise_text(const std::string& toml, const sdk::option_values& options = {}) {
    auto loaded = appraise::load_study_text(toml, "inline.toml");
    REQUIRE(loaded.studies.size() == 1);
    REQUIRE(loaded.studies[0].usable);
    const auto* entry = shipped().find("replication-barriers");
    REQUIRE(entry != nullptr);
    auto out = entry->factory(options)->appraise(loaded.studies[0].study);
    REQUIRE(out.size() == 1);
    return out[0];
}

// `text` with one line replaced (or removed, with an empty replacement).
std::string with(std::string text, const std::string& line, const std::string& replacement) {
    const auto at = text.find(line + "\n");
    REQUIRE(at != std::string::npos);
    text.replace(at, line.size() + 1, replacement.empty() ? "" : replacement + "\n");
    return text;
}

std::string full_with(const std::string& line, const std::string& replacement) {
    return with(full_study, line, replacement);
}

const sdk::answer* answer_of(const sdk::appraisal& a, const std::string& item) {
    for (const auto& d : a.domains)
        for (const auto& answer : d.answers)
            if (answer.id == item) return &answer;
    return nullptr;
}

const sdk::domain_result* domain_of(const sdk::appraisal& a, const std::string& id) {
    for (const auto& d : a.domains)
        if (d.id == id) return &d;
    return nullptr;
}

const sdk::finding* finding_of(const sdk::appraisal& a, const std::string& slug) {
    for (const auto& f : a.findings)
        if (f.id == "replication-barriers/" + slug) return &f;
    return nullptr;
}

std::set<std::string> fired(const sdk::appraisal& a) {
    std::set<std::string> ids;
    for (const auto& f : a.findings) ids.insert(f.id.substr(f.id.find('/') + 1));
    return ids;
}

}  // namespace

TEST_CASE("replication-barriers: a fully described study is complete, with no finding and no overall",
          "[declarative][rubric:replication-barriers]") {
    const auto a = appraise_text(full_study);
    CHECK(a.findings.empty());
    CHECK_FALSE(a.overall.has_value());  // no overall: no standard names a rule
    for (const auto& d : a.domains) {
        CAPTURE(d.id);
        CHECK(d.judgement == "complete");
    }
    CHECK(domain_of(a, "comparator") != nullptr);
    CHECK(domain_of(a, "adaptation") != nullptr);  // tailoring and modifications are coded
    // Not judged by the reviewer: every adequacy answer is a proposal, and says so.
    CHECK(answer_of(a, "t1-name")->provenance == "proposed");
    CHECK(answer_of(a, "t1-name")->value == "complete");
    CHECK(answer_of(a, "comparator")->provenance == "proposed");
    CHECK_THAT(domain_of(a, "what")->rationale,
               Catch::Contains("proposed, not the reviewer's: t1-name, t2-why, t3-materials and t4-procedures are "
                               "derived from which facts are coded"));
    // Availability is read from a coded yes/no fact, not proposed.
    CHECK(answer_of(a, "protocol")->provenance == "derived");
    CHECK(answer_of(a, "protocol")->value == "available");
    CHECK(domain_of(a, "openness")->rationale.find("proposed") == std::string::npos);
}

TEST_CASE("replication-barriers: the reviewer's adequacy judgement wins and is not labelled a proposal",
          "[declarative][rubric:replication-barriers]") {
    const auto a = appraise_text(std::string(full_study) +
                                 "[appraisal.replication-barriers]\n"
                                 "t1-name = \"complete\"\nt2-why = \"complete\"\n"
                                 "t3-materials = { value = \"partial\", support = \"worksheets named, not shown\" }\n"
                                 "t4-procedures = \"not-reported\"\n");
    CHECK(answer_of(a, "t3-materials")->provenance == "coded");
    CHECK(answer_of(a, "t3-materials")->value == "partial");
    // (its support rides on the answer in the host's reports: the example corpus shows it)
    CHECK(domain_of(a, "what")->judgement == "partial");
    CHECK(domain_of(a, "what")->rationale.find("proposed") == std::string::npos);  // all four judged
    // The reviewer says not reported although a description is coded: the finding, not a proposal.
    const auto* procedures = finding_of(a, "no-procedures");
    REQUIRE(procedures != nullptr);
    CHECK_THAT(procedures->message, Catch::StartsWith("TIDieR 4: the procedures are not described"));
    // A word outside the scale is the usual error.
    const auto bad =
        appraise_text(std::string(full_study) + "[appraisal.replication-barriers]\nt1-name = \"reported\"\n");
    CHECK(finding_of(bad, "invalid-answer") != nullptr);
}

TEST_CASE("replication-barriers: a finding on a proposal says it is one",
          "[declarative][rubric:replication-barriers]") {
    const auto a = appraise_text(full_with("name = \"n\"", ""));
    const auto* name = finding_of(a, "no-name");
    REQUIRE(name != nullptr);
    CHECK(name->message ==
          "proposed (t1-name not judged by the reviewer): TIDieR 1: the intervention has no name: a team replicating "
          "it would not know how to find its other reports or materials");
    CHECK(answer_of(a, "t1-name")->value == "not-reported");
    CHECK(answer_of(a, "t1-name")->provenance == "proposed");
    CHECK(domain_of(a, "what")->judgement == "partial");
}

TEST_CASE("replication-barriers: each finding fires on its item and stays silent otherwise",
          "[declarative][rubric:replication-barriers]") {
    // finding -> the line of the full study removed (or replaced) to make it fire
    struct fixture {
        const char* finding;
        const char* line;
        const char* replacement;
    };
    const std::vector<fixture> fixtures{
        {"no-name", "name = \"n\"", ""},
        {"no-materials", "materials = \"m\"", ""},
        {"materials-not-accessible", "materials_available = true", "materials_available = false"},
        {"materials-not-accessible", "materials_available = true", ""},
        {"no-manual", "manual = true", "manual = false"},
        {"no-manual", "manual = true", ""},
        {"no-procedures", "procedures = \"p\"", ""},
        {"no-provider-training", "provider_training = \"two days\"", ""},
        {"no-mode", "mode = [\"group\"]", ""},
        {"no-setting", "setting = \"school\"", ""},
        {"no-sessions", "sessions = 12", ""},
        {"no-session-length", "session_minutes = 45", ""},
        {"no-duration", "weeks = 12", ""},
        {"no-tailoring", "tailoring = \"t\"", "tailored = true"},
        {"no-modifications", "modifications = \"none\"", "modified = true"},
        {"no-fidelity-plan", "fidelity_planned = \"checklist\"", ""},
        {"no-fidelity-data", "fidelity_assessed = \"90%\"", ""},
        {"comparator-not-described",
         "comparator = \"usual-care\"\ncomparator_details = \"usual lessons, two a week, described\"", ""},
        {"comparator-partly-described", "comparator_details = \"usual lessons, two a week, described\"", ""},
        {"no-protocol", "protocol = true", "protocol = false"},
        {"no-protocol", "protocol = true", ""},
        {"no-data", "data_available = true", "data_available = false"},
        {"no-data", "data_available = true", ""},
    };
    std::set<std::string> covered;
    for (const auto& f : fixtures) {
        CAPTURE(f.finding, f.line);
        const auto a = appraise_text(full_with(f.line, f.replacement));
        CHECK(fired(a) == std::set<std::string>{f.finding});
        covered.insert(f.finding);
    }
    // no-rationale: both the rationale and the theory missing.
    {
        const auto a = appraise_text(full_with("theory = \"social learning\"", ""));
        CHECK(fired(a).empty());  // the rationale alone: partial, no finding
        CHECK(answer_of(a, "t2-why")->value == "partial");
        CHECK(fired(appraise_text(full_with("rationale = \"r\"", ""))).empty());  // the theory alone: partial
        const auto text = with(full_with("theory = \"social learning\"", ""), "rationale = \"r\"", "");
        CHECK(fired(appraise_text(text)) == std::set<std::string>{"no-rationale"});
        covered.insert("no-rationale");
    }
    // no-provider: neither the provider nor the disciplines.
    {
        const auto text = full_with("provider = \"teachers\"", "");
        CHECK(fired(appraise_text(text)).empty());  // disciplines alone: partial
        CHECK(fired(appraise_text(with(text, "disciplines = [\"teacher\"]", ""))) ==
              std::set<std::string>{"no-provider"});
        covered.insert("no-provider");
    }
    // Every catalogue row of the rubric's own (not the answer checks) has a fixture.
    std::set<std::string> catalogue;
    for (const auto& spec : shipped().find("replication-barriers")->description.findings)
        if (spec.slug != "invalid-answer" && spec.slug != "unknown-answer" && spec.slug != "not-answered" &&
            spec.slug != "result-unlabelled")
            catalogue.insert(spec.slug);
    CHECK(covered == catalogue);
}

TEST_CASE("replication-barriers: not reported is worded apart from reported as unavailable",
          "[declarative][rubric:replication-barriers]") {
    const auto unavailable = appraise_text(full_with("protocol = true", "protocol = false"));
    REQUIRE(finding_of(unavailable, "no-protocol") != nullptr);
    CHECK_THAT(finding_of(unavailable, "no-protocol")->message,
               Catch::StartsWith("the study reports that its protocol is not publicly available"));
    CHECK(answer_of(unavailable, "protocol")->value == "unavailable");
    const auto silent = appraise_text(full_with("protocol = true", ""));
    // The same finding id (its meaning kept: no protocol a reader can see), the other case's words.
    REQUIRE(finding_of(silent, "no-protocol") != nullptr);
    CHECK_THAT(finding_of(silent, "no-protocol")->message,
               Catch::StartsWith("the study does not say whether a protocol is available"));
    CHECK(finding_of(silent, "no-protocol")->message.find("no protocol is available") == std::string::npos);
    CHECK(answer_of(silent, "protocol")->value == "not-reported");
    CHECK(answer_of(silent, "protocol")->provenance == "missing");
    CHECK(domain_of(silent, "openness")->judgement == "partial");
}

TEST_CASE("replication-barriers: items 9 and 10 apply only when tailoring or modification happened",
          "[declarative][rubric:replication-barriers]") {
    // Neither said: both not applicable, no adaptation domain, no finding.
    const auto a = appraise_text(with(full_with("tailoring = \"t\"", ""), "modifications = \"none\"", ""));
    CHECK(answer_of(a, "t9-tailoring") == nullptr);  // its domain is left out
    CHECK(domain_of(a, "adaptation") == nullptr);
    CHECK(fired(a).empty());
    // The reviewer says no tailoring although a description is coded: not applicable.
    const auto no = appraise_text(full_with("tailoring = \"t\"", "tailoring = \"t\"\ntailored = false"));
    CHECK(answer_of(no, "t9-tailoring")->value == "not-applicable");
    CHECK(answer_of(no, "t9-tailoring")->provenance == "derived");
    CHECK(answer_of(no, "t10-modifications")->value == "complete");
    CHECK(domain_of(no, "adaptation")->judgement == "complete");
    // Tailored, not described: not reported (proposed), and the finding.
    const auto yes = appraise_text(full_with("tailoring = \"t\"", "tailored = true"));
    CHECK(answer_of(yes, "t9-tailoring")->value == "not-reported");
    CHECK(domain_of(yes, "adaptation")->judgement == "partial");
    REQUIRE(finding_of(yes, "no-tailoring") != nullptr);
    // Modified, described: complete.
    const auto modified =
        appraise_text(full_with("modifications = \"none\"", "modifications = \"none\"\nmodified = true"));
    CHECK(answer_of(modified, "t10-modifications")->value == "complete");
    CHECK(fired(modified).empty());
}

TEST_CASE("replication-barriers: the comparator is an arm described by TIDieR",
          "[declarative][rubric:replication-barriers]") {
    const auto full = appraise_text(full_study);
    CHECK(domain_of(full, "comparator")->judgement == "complete");
    const auto kind_only =
        appraise_text(full_with("comparator_details = \"usual lessons, two a week, described\"", ""));
    CHECK(answer_of(kind_only, "comparator")->value == "partial");
    CHECK(domain_of(kind_only, "comparator")->judgement == "partial");
    REQUIRE(finding_of(kind_only, "comparator-partly-described") != nullptr);
    CHECK_THAT(finding_of(kind_only, "comparator-partly-described")->message,
               Catch::Contains("the comparison arm is named (usual-care) but not described"));
    // The reviewer judges the details complete: silent.
    const auto judged = appraise_text(full_with("comparator_details = \"usual lessons, two a week, described\"", "") +
                                      "[appraisal.replication-barriers]\ncomparator = \"complete\"\n");
    CHECK(fired(judged).empty());
    // A single-group study has no comparison arm.
    const auto pre_post = appraise_text(with(full_with("type = \"rct\"", "type = \"pre-post\""),
                                             "comparator = \"usual-care\"", "comparator = \"none\""));
    CHECK(domain_of(pre_post, "comparator") == nullptr);
    CHECK(fired(pre_post).empty());
}

TEST_CASE("replication-barriers: the dose is one item, read once", "[declarative][rubric:replication-barriers]") {
    const auto a = appraise_text(full_with("sessions = 12", ""));
    const auto* dose = domain_of(a, "dose");
    REQUIRE(dose != nullptr);
    REQUIRE(dose->answers.size() == 1);
    CHECK(dose->answers[0].id == "t8-when-how-much");
    CHECK(dose->answers[0].value == "partial");
    CHECK(dose->judgement == "partial");
    std::size_t dose_items = 0;
    for (const auto& d : a.domains)
        for (const auto& answer : d.answers) dose_items += answer.id.rfind("dose-", 0) == 0 ? 1 : 0;
    CHECK(dose_items == 0);  // the former dose-sessions / dose-length / dose-duration items are gone
    CHECK_THAT(finding_of(a, "no-sessions")->message,
               Catch::StartsWith("proposed (t8-when-how-much not judged by the reviewer): TIDieR 8: the number of "
                                 "sessions is not reported"));
    // The reviewer judges item 8 complete (the report gives the sessions in words): no dose finding.
    const auto judged = appraise_text(full_with("sessions = 12", "") +
                                      "[appraisal.replication-barriers]\nt8-when-how-much = \"complete\"\n");
    CHECK(fired(judged).empty());
}

TEST_CASE("replication-barriers: explain maps every item to TIDieR, CONSORT 2025 and CONSORT-SPI 2018",
          "[declarative][rubric:replication-barriers]") {
    const auto& d = shipped().find("replication-barriers")->description;
    const std::string& details = d.details;
    CHECK_THAT(details, Catch::Contains("No overall judgement"));
    std::size_t items = 0;
    for (auto at = details.find("      guidance: "); at != std::string::npos;
         at = details.find("      guidance: ", at + 1)) {
        const std::string line = details.substr(at, details.find('\n', at) - at);
        CAPTURE(line);
        CHECK(line.find("CONSORT 2025") != std::string::npos);
        CHECK(line.find("CONSORT-SPI 2018") != std::string::npos);
        CHECK(line.find("UNVERIFIED") != std::string::npos);  // the reference does not verify these numbers
        ++items;
    }
    CHECK(items == 18);
    // The reviewer's questions (appraise template): the proposed items.
    std::set<std::string> questions;
    for (const auto& q : d.questions) questions.insert(q.id);
    CHECK(questions.count("t1-name") == 1);
    CHECK(questions.count("comparator") == 1);
    CHECK(questions.count("protocol") == 0);  // read from a coded yes/no fact
    for (const auto& f : d.findings)
        if (f.slug != "invalid-answer" && f.slug != "unknown-answer" && f.slug != "not-answered" &&
            f.slug != "result-unlabelled") {
            CAPTURE(f.slug);
            CHECK_FALSE(f.source.empty());
        }
}

TEST_CASE("replication-barriers: an overall only when the configuration names its rule",
          "[declarative][rubric:replication-barriers]") {
    CHECK_FALSE(appraise_text(full_study).overall.has_value());
    CHECK_FALSE(appraise_text(full_study, {{"overall_rule", std::string("none")}}).overall.has_value());
    const auto chosen = appraise_text(full_study, {{"overall_rule", std::string("every-domain")}});
    CHECK(chosen.overall == "complete");
    CHECK(chosen.overall_rationale == "rule 1: when all(judgements, \"complete\")");
    const auto some = appraise_text(full_with("name = \"n\"", ""), {{"overall_rule", std::string("every-domain")}});
    CHECK(some.overall == "partial");
    const auto* entry = shipped().find("replication-barriers");
    CHECK_THROWS_WITH(entry->factory({{"overall_rule", std::string("every-domian")}}),
                      Catch::Contains("option overall_rule must be one of \"none\", \"every-domain\" (the rubric's "
                                      "overall rules), not \"every-domian\"; did you mean \"every-domain\"?"));
    // explain: the option with its default, and the rule in words.
    bool listed = false;
    for (const auto& o : entry->description.options)
        if (o.name == "overall_rule") {
            listed = true;
            CHECK(o.default_value == "\"none\"");
        }
    CHECK(listed);
    CHECK_THAT(entry->description.details,
               Catch::Contains("No overall judgement unless the configuration names a rule: "
                               "[options.replication-barriers] overall_rule = one of:\n  every-domain ("));
}

TEST_CASE("declarative: proposal = true needs a derive and a boolean", "[declarative]") {
    const auto compile = [](const std::string& item_extra, const std::string& tail = "") {
        return decl::compile_rubric(
            "[rubric]\nid = \"t\"\nname = \"T\"\nversion = \"1\"\nsummary = \"s\"\n"
            "judgement_scale = [\"low\", \"high\"]\n"
            "[scales.yn]\nvalues = [\"yes\", \"no\"]\nmissing = \"no\"\n"
            "[[item]]\nid = \"a\"\nprompt = \"p\"\nscale = \"yn\"\n" +
                item_extra +
                "[[domain]]\nid = \"d\"\nname = \"D\"\nitems = [\"a\"]\n"
                "[[domain.rule]]\njudgement = \"low\"\n" +
                tail,
            "t.toml");
    };
    const auto ok = compile("proposal = true\nderive = '\"yes\"'\n");
    REQUIRE(ok.rubric != nullptr);
    CHECK(ok.rubric->items[0].proposal);
    CHECK_THAT(ok.rubric->description.details, Catch::Contains("proposal: the derived answer is only proposed"));
    const auto none = compile("proposal = true\n");
    REQUIRE(none.rubric == nullptr);
    CHECK(none.problems.front().code == "rubric/invalid");
    const auto word = compile("proposal = \"yes\"\nderive = '\"yes\"'\n");
    REQUIRE(word.rubric == nullptr);
    CHECK(word.problems.front().code == "rubric/type-mismatch");

    // [overall] option: the choices, and their mistakes.
    const std::string choice =
        "[[overall.choice]]\nname = \"c\"\nsource = \"s\"\n[[overall.choice.rule]]\njudgement = \"high\"\n";
    const std::string derive = "derive = '\"yes\"'\n";
    const auto chosen = compile(derive, "[overall]\noption = \"rule\"\n" + choice);
    REQUIRE(chosen.rubric != nullptr);
    CHECK_FALSE(chosen.rubric->has_overall);
    REQUIRE(chosen.rubric->overall_choices.size() == 1);
    CHECK(chosen.rubric->description.options.at(0).name == "rule");
    const auto empty = compile(derive, "[overall]\noption = \"rule\"\n");
    REQUIRE(empty.rubric == nullptr);
    CHECK(empty.problems.front().code == "rubric/missing-key");
    const auto orphan = compile(derive, "[overall]\n" + choice + "[[overall.rule]]\njudgement = \"low\"\n");
    REQUIRE(orphan.rubric == nullptr);
    CHECK(orphan.problems.front().code == "rubric/invalid");
    const auto named_none = compile(derive,
                                    "[overall]\noption = \"rule\"\n[[overall.choice]]\nname = \"none\"\nsource = "
                                    "\"s\"\n[[overall.choice.rule]]\njudgement = \"high\"\n");
    REQUIRE(named_none.rubric == nullptr);
    CHECK(std::any_of(named_none.problems.begin(), named_none.problems.end(),
                      [](const auto& p) { return p.code == "rubric/duplicate-id"; }));
}
