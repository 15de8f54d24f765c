#include "commands.hpp"

#include <algorithm>
#include <functional>
#include <iostream>
#include <string_view>

#include "appraise/agreement/consensus_marker.hpp"
#include "appraise/audit/audit_formats.hpp"
#include "appraise/audit/corpus_audit.hpp"
#include "appraise/engine/engine.hpp"
#include "appraise/grade/grade_html.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/reports/characteristics_table.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/report_tables.hpp"
#include "appraise/reports/report_weights.hpp"
#include "appraise/reports/report_writer.hpp"
#include "appraise/reports/screening.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/text/output_file.hpp"
#include "appraise/text/report_stdout.hpp"
#include "exit_codes.hpp"
#include "progress.hpp"
#include "terminal.hpp"

namespace appraise::cli {
namespace {

std::optional<severity> parse_fail_on(const std::string& word) {
    if (word == "info") return severity::info;
    if (word == "warning") return severity::warning;
    if (word == "error") return severity::error;
    return std::nullopt;
}

// When the report is not text on stdout, people still need to see input
// problems: echo them on stderr.
void echo_problems(const file_result& file, bool echo) {
    if (!echo) return;
    print_diagnostics(file.problems);
    for (const auto& study : file.studies) print_diagnostics(study.problems);
}

int exit_status(const run_summary& summary, const std::string& fail_on) {
    if (summary.input_errors > 0) return exit_input_error;
    const auto threshold = parse_fail_on(fail_on);
    const auto worst = summary.worst_finding();
    if (threshold && worst && *worst >= *threshold) return exit_findings;
    return exit_ok;
}

std::vector<sdk::rubric_description> descriptions(const session& s) {
    std::vector<sdk::rubric_description> list;
    for (const auto& instance : s.rubrics) list.push_back(instance.entry->description);
    return list;
}

// What `check` reports of a rubric's appraisal: the findings about the coding
// itself (every error, and the warnings that a question was left unanswered or
// not assessed), not the judgements nor the study's weaknesses.
bool about_the_coding(const sdk::finding& finding) {
    if (finding.level == severity::error) return true;
    if (finding.level != severity::warning) return false;
    const std::string_view id = finding.id;
    return id.find("/unanswered") != std::string_view::npos || id.find("/not-answered") != std::string_view::npos ||
           id.find("not-assessed") != std::string_view::npos;
}

void keep_coding_findings(study_result& study) {
    for (auto& appraisal : study.appraisals) std::erase_if(appraisal.findings, std::not_fn(about_the_coding));
}

// The configuration's screening rubric marks each study it puts on the
// ladder's top rung (excluded from synthesis pending review).
void add_screening(engine_options& engine, const session& s) {
    if (!s.config.screening) return;
    for (const auto& instance : s.rubrics)
        if (instance.entry->description.id == s.config.screening->name) {
            engine.study_checks.emplace_back([description = instance.entry->description](study_result& study) {
                study.screened_out = screening_mark_of(study, description);
            });
            return;
        }
}

int appraise_corpus(const run_options& options, bool check_only) {
    reserve_report_stdout();  // plugins run in this process (check too): their printf goes to stderr
    std::unique_ptr<session> s = open_session(options.setup, true);
    if (!s) return exit_input_error;
    warn_load_failures(s->registry);
    corpus_walker corpus(options.setup.corpus_paths);
    try {
        output_file out(options.out.output);
        report_context context;
        context.rubrics = descriptions(*s);
        context.check_only = check_only;
        const bool to_terminal = options.out.output.empty() || options.out.output == "-";
        context.colour = options.out.format == "text" && to_terminal && use_colour(report_stdout_fd());
        const bool echo = !(options.out.format == "text" && to_terminal);
        context.weight_field = options.weight_field;
        context.robvis_template = options.robvis_template;
        context.robvis_outcome = options.outcome;
        context.allow_unjudged = options.allow_unjudged;
        if (!options.revman_template.empty()) {
            diagnostics problems;
            auto text = read_text_file(options.revman_template, options.revman_template, 1U << 20U, problems);
            if (!text) {
                print_diagnostics(problems);
                return exit_input_error;
            }
            context.revman_template = std::move(*text);
            context.revman_path = options.revman_template;
        }
        context.palette = options.palette == "colorblind" ? "colourblind" : options.palette;
        context.finding_rows = options.finding_rows;
        context.label = options.label.empty() ? "author-year" : options.label;
        context.table = options.table;
        context.notes = &std::cerr;
        // The HTML report carries the GRADE summary of findings when the review declares its outcomes.
        std::shared_ptr<grade_collector> grades;
        if (options.out.format == "html" && !s->config.review.outcomes.empty()) {
            grades = std::make_shared<grade_collector>(s->config.review, context.rubrics);
            context.extra_section = [grades, &review = s->config.review] {
                return summary_of_findings_html(grades->finish(), review);
            };
        }
        auto writer = make_report(options.out.format, out.stream(), context);
        run_summary summary;
        progress_meter progress;
        // A file whose part of the report could not be written still shows its problems.
        const auto take = [&](rendered_file&& file) {
            echo_problems(file.result, echo || file.render_failed);
            summary.add(file.result);
            if (grades) grades->add(file.result);
            writer->add(file.result, file.rendered);
            progress.update(summary.studies, summary.files);
        };
        engine_options engine;
        engine.threads = options.threads;
        engine.loading.screens = {consensus_screen()};
        // A corpus `agree --consensus` wrote may say how each disagreement was settled.
        engine.loading.consensus_corpus = is_consensus_corpus(options.setup.corpus_paths);
        if (check_only) engine.study_checks.emplace_back(keep_coding_findings);
        if (!options.weight_field.empty()) {
            // A weight is checked before any writer sees the study: a missing one is an input error.
            engine.facet_fields = {options.weight_field};
            engine.study_checks = {[field = options.weight_field](study_result& study) { check_weight(study, field); }};
        }
        // The fields study labels are made of (study_labels.hpp), after any the weight needs.
        for (const auto& field : label_fields()) engine.facet_fields.push_back(field);
        if (!check_only) add_screening(engine, *s);
        if (options.table == "characteristics") engine.fact_fields = characteristics_fields();
        if (grades)
            for (const auto& field : grades->facet_fields())
                if (std::find(engine.facet_fields.begin(), engine.facet_fields.end(), field) ==
                    engine.facet_fields.end())
                    engine.facet_fields.push_back(field);
        const report_writer& render = *writer;
        run_engine(
            corpus, s->rubrics, engine, [&render](const file_result& file) { return render.render(file); }, take);
        progress.finish();
        writer->finish(summary);
        out.commit();
        return exit_status(summary, options.fail_on);
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
}

}  // namespace

// Options that only some formats take: a usage error elsewhere, so nothing is silently ignored.
static bool report_options_fit(const run_options& options) {
    diagnostics problems;
    const std::string& format = options.out.format;
    if (format == "robvis" && options.setup.rubrics.size() != 1)
        problems.push_back({severity::error,
                            "usage/robvis-one-rubric",
                            "--format robvis writes one rubric's judgements, but " +
                                std::to_string(options.setup.rubrics.size()) + " were named with --rubric",
                            {"--rubric", 0, 0},
                            "name exactly one, e.g. --rubric rob2"});
    if (!options.weight_field.empty()) {
        if (format != "robvis" && format != "html")
            problems.push_back({severity::error,
                                "usage/weight-format",
                                "--weight applies to --format robvis and html only",
                                {"--weight", 0, 0},
                                "drop --weight, or choose --format robvis or html"});
        else if (codebook::v1().find(options.weight_field) == nullptr &&
                 options.weight_field.rfind("custom.", 0) != 0) {
            std::vector<std::string> paths;
            for (const auto& field : codebook::v1().fields()) paths.push_back(field.path);
            std::string message = "`" + options.weight_field + "` is not a field of the study format";
            if (auto near = nearest(options.weight_field, paths)) message += "; did you mean `" + *near + "`?";
            problems.push_back({severity::error,
                                "usage/unknown-field",
                                message,
                                {"--weight", 0, 0},
                                "use a numeric field such as sample.enrolled, or one of your own under custom."});
        }
    }
    if ((!options.outcome.empty() || options.allow_unjudged) && format != "robvis")
        problems.push_back({severity::error,
                            "usage/robvis-only",
                            std::string(options.outcome.empty() ? "--allow-unjudged" : "--outcome") +
                                " applies to --format robvis only",
                            {options.outcome.empty() ? "--allow-unjudged" : "--outcome", 0, 0},
                            "add --format robvis, or drop the option"});
    if (!options.revman_template.empty() && format != "revman")
        problems.push_back({severity::error,
                            "usage/revman-only",
                            "--revman-template applies to --format revman only",
                            {"--revman-template", 0, 0},
                            "add --format revman, or drop the option"});
    if (!options.label.empty() && (format == "csv" || format == "json"))
        problems.push_back({severity::error,
                            "usage/label-format",
                            "--label applies to --format html, markdown, robvis and text; " + format +
                                " keeps the study id (and the result label) as its key",
                            {"--label", 0, 0},
                            "drop --label, or choose one of those formats"});
    if (!options.table.empty() && format != "markdown" && format != "csv" && format != "html")
        problems.push_back({severity::error,
                            "usage/table-format",
                            "--table is written as " + std::string(table_format_names) + ", not " + format,
                            {"--table", 0, 0},
                            "add --format markdown, csv or html"});
    if (!options.table.empty() && !options.weight_field.empty())
        problems.push_back({severity::error,
                            "usage/table-format",
                            "--weight weights the report's plots; a --table has none",
                            {"--weight", 0, 0},
                            "drop --weight, or drop --table"});
    if (!options.table.empty() && options.finding_rows)
        problems.push_back({severity::error,
                            "usage/table-format",
                            "--table and --findings each choose what the CSV holds: give one",
                            {"--findings", 0, 0},
                            "drop --findings, or drop --table"});
    if (options.finding_rows && format != "csv")
        problems.push_back({severity::error,
                            "usage/findings-format",
                            "--findings applies to --format csv only",
                            {"--findings", 0, 0},
                            "add --format csv, or drop --findings"});
    print_diagnostics(problems);
    return problems.empty();
}

int run_command(const run_options& options) {
    if (!report_options_fit(options)) return exit_input_error;
    return appraise_corpus(options, false);
}

int check_command(const run_options& options) {
    return appraise_corpus(options, true);
}

int audit_command(const audit_options& options) {
    if (codebook::v1().find(options.group_by) == nullptr) {
        std::vector<std::string> paths;
        for (const auto& field : codebook::v1().fields()) paths.push_back(field.path);
        std::string message = "`" + options.group_by + "` is not a field of the study format";
        if (auto near = nearest(options.group_by, paths)) message += "; did you mean `" + *near + "`?";
        print_diagnostics({{severity::error,
                            "usage/unknown-field",
                            message,
                            {"--by", 0, 0},
                            "use a dotted path such as design.type, year or tags"}});
        return exit_input_error;
    }
    reserve_report_stdout();  // plugins run in this process: their printf goes to stderr
    std::unique_ptr<session> s = open_session(options.setup, true);
    if (!s) return exit_input_error;
    warn_load_failures(s->registry);
    corpus_walker corpus(options.setup.corpus_paths);
    try {
        output_file out(options.out.output);
        corpus_audit audit(options.group_by);
        audit.set_rubrics(descriptions(*s));
        audit.set_show_all(options.all);
        audit.set_all_ids(options.all_ids);
        run_summary summary;
        progress_meter progress;
        const auto take = [&](file_result&& file) {
            echo_problems(file, true);
            summary.add(file);
            audit.add(file);
            progress.update(summary.studies, summary.files);
        };
        engine_options engine;
        engine.threads = options.threads;
        engine.loading.screens = {consensus_screen()};
        // A corpus `agree --consensus` wrote may say how each disagreement was settled.
        engine.loading.consensus_corpus = is_consensus_corpus(options.setup.corpus_paths);
        engine.facet_fields = {options.group_by};
        add_screening(engine, *s);
        run_engine(corpus, s->rubrics, engine, take);
        progress.finish();
        write_audit(options.out.format, out.stream(), audit,
                    options.palette == "colorblind" ? "colourblind" : options.palette);
        out.commit();
        return exit_status(summary, "none");
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
}

}  // namespace appraise::cli
