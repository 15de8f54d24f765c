// `appraise grade PATHS`: the risk-of-bias step of GRADE for each outcome of
// the review that appraise.toml declares ([[review.outcomes]], docs/grade.md).
// Runs the configured rubrics as `run` does (the screening rubric first), then
// grades each review outcome from the results.
#include <algorithm>
#include <iostream>

#include "appraise/engine/engine.hpp"
#include "appraise/grade/grade_formats.hpp"
#include "appraise/grade/grade_outcome.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/model/run_summary.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/reports/screening.hpp"
#include "appraise/text/report_stdout.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "progress.hpp"
#include "terminal.hpp"
#include "write_output.hpp"

namespace appraise::cli {
namespace {

struct grade_options {
    session_options setup;
    output_options out;
    std::string outcome;  // --outcome: one review outcome
    unsigned threads = 0;
};

// Whether the configuration declares what `grade` needs; problems printed.
bool review_fits(const session& s, const grade_options& options, review_config& review) {
    diagnostics problems;
    const sdk::source_location at{s.config.file ? s.config.file->generic_string() : std::string("appraise.toml"), 0, 0};
    if (review.outcomes.empty())
        problems.push_back({severity::error, "config/no-review-outcomes",
                            s.config.file ? "the configuration declares no [[review.outcomes]]"
                                          : "no appraise.toml found: grade needs its [[review.outcomes]]",
                            review.present ? review.where : at,
                            "add [[review.outcomes]] with an id and the study outcome ids it gathers (docs/grade.md)"});
    for (const auto& rubric : review.rubrics) {
        const bool used = std::any_of(s.rubrics.begin(), s.rubrics.end(),
                                      [&](const auto& r) { return r.entry->description.id == rubric.text; });
        if (!used)
            problems.push_back({severity::error, "config/invalid",
                                "`review.rubrics` names `" + rubric.text + "`, which this run does not use",
                                rubric.where, "add it to `rubrics` in the configuration"});
    }
    // A weight field the study format does not define would weigh nothing.
    std::vector<const located_text*> weights;
    if (review.weight) weights.push_back(&*review.weight);
    for (const auto& o : review.outcomes)
        if (o.weight) weights.push_back(&*o.weight);
    for (const located_text* field : weights)
        if (codebook::v1().find(field->text) == nullptr && field->text.rfind("custom.", 0) != 0) {
            std::vector<std::string> paths;
            for (const auto& f : codebook::v1().fields()) paths.push_back(f.path);
            std::string message = "`" + field->text + "` is not a field of the study format";
            if (auto near = nearest(field->text, paths)) message += "; did you mean `" + *near + "`?";
            problems.push_back({severity::error, "config/invalid", message, field->where,
                                "use a numeric field such as sample.enrolled, or one of your own under custom."});
        }
    if (!options.outcome.empty() && !review.outcomes.empty()) {
        const auto keep = std::find_if(review.outcomes.begin(), review.outcomes.end(),
                                       [&](const review_outcome& o) { return o.id.text == options.outcome; });
        if (keep == review.outcomes.end()) {
            std::string ids;
            for (const auto& o : review.outcomes) ids += (ids.empty() ? "" : ", ") + o.id.text;
            problems.push_back({severity::error,
                                "usage/unknown-review-outcome",
                                "--outcome " + options.outcome + " is not a review outcome of the configuration",
                                {"--outcome", 0, 0},
                                "the review outcomes are: " + ids});
        } else {
            review_outcome only = *keep;
            review.outcomes = {std::move(only)};
        }
    }
    print_diagnostics(problems);
    return problems.empty();
}

int grade_command(const grade_options& options) {
    reserve_report_stdout();  // plugins run in this process: their printf goes to stderr
    std::unique_ptr<session> s = open_session(options.setup, true);
    if (!s) return exit_input_error;
    warn_load_failures(s->registry);
    review_config review = s->config.review;
    if (!review_fits(*s, options, review)) return exit_input_error;
    try {
        std::vector<sdk::rubric_description> rubrics;
        for (const auto& instance : s->rubrics) rubrics.push_back(instance.entry->description);
        grade_collector collector(review, rubrics);
        run_summary summary;
        progress_meter progress;
        engine_options engine;
        engine.threads = options.threads;
        engine.facet_fields = collector.facet_fields();
        if (s->config.screening)
            for (const auto& d : rubrics)
                if (d.id == s->config.screening->name)
                    engine.study_checks.emplace_back(
                        [d](study_result& study) { study.screened_out = screening_mark_of(study, d); });
        corpus_walker corpus(options.setup.corpus_paths);
        run_engine(corpus, s->rubrics, engine, [&](file_result&& file) {
            print_diagnostics(file.problems);
            for (const auto& study : file.studies) print_diagnostics(study.problems);
            summary.add(file);
            collector.add(file);
            progress.update(summary.studies, summary.files);
        });
        progress.finish();
        print_diagnostics(collector.problems());
        const auto grades = collector.finish();
        const int written = write_output(
            options.out.output, [&](std::ostream& out) { write_grade(options.out.format, out, grades, review); });
        if (written != exit_ok) return written;
        return summary.input_errors > 0 || has_errors(collector.problems()) ? exit_input_error : exit_ok;
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
}

}  // namespace

command add_grade_command(CLI::App& app) {
    auto options = std::make_shared<grade_options>();
    auto* sub = app.add_subcommand(
        "grade",
        "GRADE's risk-of-bias step per review outcome ([[review.outcomes]] in appraise.toml): shares of "
        "weight by risk of bias, the domains driving it, a proposed rating, and the certainty from the "
        "reviewer's ratings");
    sub->add_option("paths", options->setup.corpus_paths, "study files or folders")->required();
    add_setup_options(*sub, options->setup, false);
    add_output_options(*sub, options->out, grade_format_names());
    sub->add_option("--outcome", options->outcome, "only this review outcome (its id in [[review.outcomes]])")
        ->type_name("ID");
    add_jobs_option(*sub, options->threads);
    sub->footer(
        std::string("Formats (--format): text; json; markdown (a summary-of-findings table, then each "
                    "outcome); csv (one row per outcome, laid out for GRADEpro's evidence profile: "
                    "column names unverified, docs/grade.md).\n"
                    "The proposal is computed from the risk-of-bias judgements and labelled as a "
                    "proposal; the certainty uses only the reviewer's ratings.\n"
                    "Exit codes: 0 ok; 2 usage, configuration or input error (every other study is still "
                    "graded and reported)."));
    return {sub, [options] { return grade_command(*options); }};
}

}  // namespace appraise::cli
