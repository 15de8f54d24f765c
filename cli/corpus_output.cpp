#include "corpus_output.hpp"

#include <iostream>

#include "appraise/audit/audit_digest.hpp"
#include "appraise/audit/audit_formats.hpp"
#include "appraise/grade/grade_html.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/text/report_stdout.hpp"
#include "exit_codes.hpp"
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

}  // namespace

std::vector<sdk::rubric_description> descriptions(const session& s) {
    std::vector<sdk::rubric_description> list;
    for (const auto& instance : s.rubrics) list.push_back(instance.entry->description);
    return list;
}

int exit_status(const run_summary& summary, const std::string& fail_on) {
    if (summary.input_errors > 0) return exit_input_error;
    const auto threshold = parse_fail_on(fail_on);
    const auto worst = summary.worst_finding();
    if (threshold && worst && *worst >= *threshold) return exit_findings;
    return exit_ok;
}

report_output::report_output(const run_options& options, const session& s, bool check_only, std::ostream& out)
    : options_(options) {
    report_context context;
    context.rubrics = descriptions(s);
    context.check_only = check_only;
    const bool to_terminal = options.out.output.empty() || options.out.output == "-";
    context.colour = options.out.format == "text" && to_terminal && use_colour(report_stdout_fd());
    echo_ = !(options.out.format == "text" && to_terminal);
    context.weight_field = options.weight_field;
    context.robvis_template = options.robvis_template;
    context.robvis_outcome = options.outcome;
    context.allow_unjudged = options.allow_unjudged;
    context.palette = options.palette == "colorblind" ? "colourblind" : options.palette;
    context.finding_rows = options.finding_rows;
    context.label = options.label.empty() ? "author-year" : options.label;
    context.table = options.table;
    context.catalogue = options.messages == "catalogue";
    if (!options.revman_template.empty()) {
        context.revman_template = options.revman_template_text;
        context.revman_path = options.revman_template;
    }
    context.notes = &std::cerr;
    if (options.out.format == "html" && !s.config.review.outcomes.empty()) {
        grades_ = std::make_shared<grade_collector>(s.config.review, context.rubrics);
        context.extra_section = [grades = grades_, &review = s.config.review] {
            return summary_of_findings_html(grades->finish(), review);
        };
    }
    writer_ = make_report(options.out.format, out, context);
}

bool messages_fit(const run_options& options, const std::string& command, bool shard) {
    if (options.messages != "catalogue") return true;
    if (shard) {
        print_diagnostics(
            {{severity::error,
              "usage/shard-format",
              "--shard writes a shard file, not a report: --messages is chosen when the shards are merged",
              {"--messages", 0, 0},
              "drop --messages here and give it to `appraise merge` (after `" + command + " --shard`)"}});
        return false;
    }
    if (options.out.format == "json" && command != "audit") return true;
    print_diagnostics({{severity::error,
                        "usage/messages-format",
                        command == "audit" ? "--messages catalogue applies to the JSON report of run and check; "
                                             "an audit's JSON has no per-study texts"
                                           : "--messages catalogue applies to --format json only",
                        {"--messages", 0, 0},
                        command == "audit" ? "drop --messages" : "add --format json, or drop --messages"}});
    return false;
}

// A file whose part of the report could not be written still shows its problems.
void report_output::take(rendered_file&& file) {
    echo_problems(file.result, echo_ || file.render_failed);
    summary_.add(file.result);
    if (grades_) grades_->add(file.result);
    writer_->add(file.result, file.rendered);
    progress_.update(summary_.studies, summary_.files);
}

int report_output::finish() {
    progress_.finish();
    writer_->finish(summary_);
    return exit_status(summary_, options_.fail_on);
}

audit_output::audit_output(const audit_options& options, const session& s, std::shared_ptr<symbol_table> symbols)
    : options_(options), audit_(options.group_by, std::move(symbols)) {
    audit_.set_rubrics(descriptions(s));
    audit_.set_show_all(options.all);
    audit_.set_all_ids(options.all_ids);
}

// The summary counts the files, studies and problems of the heads; the
// coding errors in the appraisals are the audit's to count (from the digest).
void audit_output::take(file_result&& file) {
    echo_problems(file, true);
    if (!file.audit_digest) keep_audit_digest(file, options_.group_by, *audit_.symbols());  // else heads already
    summary_.add(file);
    audit_.add(file);
    progress_.update(summary_.studies, summary_.files);
}

int audit_output::finish(std::ostream& out) {
    progress_.finish();
    write_audit(options_.out.format, out, audit_, options_.palette == "colorblind" ? "colourblind" : options_.palette);
    summary_.input_errors += audit_.coding_errors();
    return exit_status(summary_, "none");
}

std::string purpose_of(const std::string& command, const std::string& weight_field, const std::string& group_by,
                       bool consensus_corpus) {
    return "command=" + command + "\nweight=" + weight_field + "\nby=" + group_by +
           "\nconsensus=" + (consensus_corpus ? "yes" : "no");
}

std::string fields_purpose(const engine_options& engine) {
    std::string text = "\nfacets=";
    for (const auto& field : engine.facet_fields) text += field + ",";
    text += "\nfacts=";
    for (const auto& field : engine.fact_fields) text += field + ",";
    return text;
}

}  // namespace appraise::cli
