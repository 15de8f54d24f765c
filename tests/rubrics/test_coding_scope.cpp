// `appraise check` tells every rubric it reads only the coding's findings and
// what is not assessed (sdk::appraisal_scope::coding), so rubrics may skip
// judging. The oracle is the full appraisal: over the example corpora, the
// rubric fixtures and studies written to reach each shortcut, check's text
// report must come out byte for byte the same in both scopes, with every
// bundled rubric (plugins and declarative rubrics alike).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "appraise/declarative/declarative_rubric.hpp"
#include "appraise/engine/engine.hpp"
#include "appraise/input/corpus.hpp"
#include "appraise/model/run_summary.hpp"
#include "appraise/reports/report_writer.hpp"
#include "test_support.hpp"

namespace appraise {
namespace {

namespace fs = std::filesystem;

const rubric_registry& every_bundled_rubric() {
    static const rubric_registry loaded = [] {
        rubric_registry registry;
        test::load_bundled(registry);
        declarative::load_bundled_rubrics(registry);
        return registry;
    }();
    return loaded;
}

struct check_run {
    std::string report;            // check's text report, as the CLI writes it
    std::size_t answers = 0;       // answers the rubrics handed back, over the corpus
    std::size_t rationales = 0;    // domains with a rationale
    std::size_t not_assessed = 0;  // domains not assessed
};

check_run check_corpus(const std::vector<fs::path>& paths, sdk::appraisal_scope scope, unsigned threads = 1) {
    diagnostics problems;
    std::vector<named_value> ids;
    for (const auto& id : every_bundled_rubric().ids()) ids.push_back({id, {}});
    const std::vector<rubric_instance> rubrics =
        create_rubrics(every_bundled_rubric(), ids, project_config{}, problems, true);
    REQUIRE(rubrics.size() >= 11);
    report_context context;
    for (const auto& r : rubrics) context.rubrics.push_back(r.entry->description);
    context.check_only = true;
    std::ostringstream out;
    const auto writer = make_text_report(out, context);
    engine_options engine;
    engine.threads = threads;
    engine.scope = scope;
    engine.study_checks.emplace_back([](study_result& study) {
        for (auto& appraisal : study.appraisals)
            std::erase_if(appraisal.findings, [](const sdk::finding& f) { return !sdk::is_about_the_coding(f); });
    });
    std::vector<std::string> corpus_paths;
    for (const auto& p : paths) corpus_paths.push_back(p.string());
    corpus_walker corpus(corpus_paths);
    check_run run;
    run_summary summary;
    run_engine(
        corpus, rubrics, engine, [&](const file_result& file) { return writer->render(file); },
        [&](rendered_file&& file) {
            for (const auto& study : file.result.studies)
                for (const auto& appraisal : study.appraisals)
                    for (const auto& domain : appraisal.domains) {
                        run.answers += domain.answers.size();
                        run.rationales += domain.rationale.empty() ? 0 : 1;
                        run.not_assessed += domain.not_assessed.empty() ? 0 : 1;
                    }
            summary.add(file.result);
            writer->add(file.result, file.rendered);
        });
    writer->finish(summary);
    run.report = out.str();
    return run;
}

// A study that reaches the shortcuts: an invalid EPHPP answer (its error
// names the answer derived in its place), answers with support on the line
// of a finding (the report quotes them), per-outcome answers, overrides of a
// domain left unanswered, invalid overrides, unanswered items.
std::string study_with(const std::string& id, const std::string& appraisal_tables) {
    return "id = \"" + id + R"("
title = "A pre-post study coded to reach the coding scope's shortcuts"
authors = ["Wu, A."]
year = 2019
country = "China"

[design]
type = "pre-post"
allocation = "none"
comparator = "none"
unit = "individual"
sites = 1

[sample]
population = "Left-behind children in two rural schools"
sampling = "purposive"
representative = "not-likely"
participation = 0.9
enrolled = 60
arms = [60]

[attrition]
analysed = 50
completion = 0.83
analysis = "completers"

[followup]
posttest = true
weeks_after = 4

[[outcomes]]
id = "reading"
name = "Reading"
instrument = "A reading test"
validated = true

[[outcomes]]
id = "math"
name = "Mathematics"
instrument = "A self-developed test"
validated = false

[intervention]
name = "After-school tutoring"
provider = "Volunteer students"
sessions = 20
weeks = 10
)" + appraisal_tables;
}

fs::path write_shortcut_corpus(const test::temp_dir& dir) {
    const fs::path corpus = dir.path() / "shortcuts";
    dir.write("shortcuts/invalid-ephpp.toml", study_with("scope-invalid-ephpp", R"(
[appraisal.ephpp]
A1 = { value = "somewhat-likely", support = "two schools chosen for access" }
B1 = "bogus"
D1 = 7

[appraisal.mmat-2018]
s1 = { value = "yes", support = "the aims are stated" }
s2 = "perhaps"
override = { overall = { judgement = "met", reason = "no overall in MMAT" } }

[appraisal.jbi-qe-2017]
q3 = { value = "sometimes", support = "on this line" }
override = { comparability = { judgement = "unclear", reason = "read by two reviewers" } }
)"));
    dir.write("shortcuts/valid-ephpp.toml", study_with("scope-valid-ephpp", R"(
[appraisal.ephpp]
A1 = { value = "somewhat-likely", support = "two schools chosen for access" }
"b1" = 7
override = { a = { judgement = "weak", reason = "few schools" }, nonsense = { judgement = "strong", reason = "x" } }

[appraisal.jbi-qe-2017]
q7 = "yes"
override = { measurement = { judgement = "bogus", reason = "" } }

[appraisal.replication-barriers]
bogus-item = "yes"
)"));
    dir.write("shortcuts/per-outcome.toml", study_with("scope-per-outcome", R"(
[appraisal.jbi-qe-2017]
q3 = "sometimes"
q7 = { reading = "yes" }

[appraisal.jbi-qe-2024]
q6 = { reading = { value = "yes", support = "the same test in both waves" }, math = "sometimes", art = "yes" }

[appraisal.mmat-2018]
s1 = "no"
s2 = "yes"

[appraisal.trustworthiness]
"1.1" = { value = "no", support = "no notice found" }
"2.3" = "maybe"
)"));
    return corpus;
}

}  // namespace

TEST_CASE("check's coding scope reports what the full appraisal does, for every bundled rubric", "[engine][scope]") {
    const test::temp_dir dir;
    const fs::path examples = test::source_dir / "examples";
    const std::vector<fs::path> corpora = {
        examples / "left-behind-children",  examples / "left-behind-children-coder-b",
        examples / "broken-codings",        test::data_dir / "declarative" / "studies",
        test::data_dir / "design-weakness", test::data_dir / "trustworthiness",
        write_shortcut_corpus(dir),
    };
    for (const auto& corpus : corpora) {
        INFO(corpus);
        const check_run full = check_corpus({corpus}, sdk::appraisal_scope::full);
        const check_run coding = check_corpus({corpus}, sdk::appraisal_scope::coding);
        CHECK(coding.report == full.report);
        CHECK(coding.not_assessed == full.not_assessed);
        // The scope reached the rubrics: judging was skipped.
        if (full.rationales > 0) CHECK(coding.rationales < full.rationales);
        if (full.answers > 0) CHECK(coding.answers < full.answers);
    }
    // The shortcut corpus says what check is for: errors, quotes of the
    // reviewer's support, what is not assessed.
    const check_run shortcuts = check_corpus({dir.path() / "shortcuts"}, sdk::appraisal_scope::coding);
    CHECK_THAT(shortcuts.report, Catch::Contains("ephpp/invalid-answer"));
    CHECK_THAT(shortcuts.report, Catch::Contains("not assessed:"));
    CHECK_THAT(shortcuts.report, Catch::Contains("quote:"));
}

TEST_CASE("check's coding scope gives the same report whatever the thread count", "[engine][scope]") {
    const std::vector<fs::path> corpus = {test::source_dir / "examples" / "left-behind-children"};
    const check_run one = check_corpus(corpus, sdk::appraisal_scope::coding, 1);
    const check_run two = check_corpus(corpus, sdk::appraisal_scope::coding, 2);
    CHECK(one.report == two.report);
    CHECK_FALSE(one.report.empty());
}

}  // namespace appraise
