#include "commands.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string_view>

#include "appraise/agreement/consensus_marker.hpp"
#include "appraise/audit/audit_digest.hpp"
#include "appraise/audit/audit_formats.hpp"
#include "appraise/audit/corpus_audit.hpp"
#include "appraise/cache/file_digests.hpp"
#include "appraise/cache/result_cache.hpp"
#include "appraise/cache/result_codec.hpp"
#include "appraise/cache/run_identity.hpp"
#include "appraise/cache/shard_file.hpp"
#include "appraise/engine/engine.hpp"
#include "appraise/grade/grade_html.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/model/log.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/reports/characteristics_table.hpp"
#include "appraise/reports/fhir_report.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/report_tables.hpp"
#include "appraise/reports/report_weights.hpp"
#include "appraise/reports/report_writer.hpp"
#include "appraise/reports/screening.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/sdk/rubric_api.hpp"
#include "appraise/text/output_file.hpp"
#include "appraise/text/report_stdout.hpp"
#include "audit_cache_form.hpp"
#include "corpus_output.hpp"
#include "exit_codes.hpp"
#include "progress.hpp"
#include "terminal.hpp"

namespace appraise::cli {
namespace {

// What `check` reports of an appraisal: the findings about the coding (the
// SDK's rule, which a rubric asked for the coding scope keeps to as well).
void keep_coding_findings(study_result& study) {
    for (auto& appraisal : study.appraisals)
        std::erase_if(appraisal.findings, [](const sdk::finding& f) { return !sdk::is_about_the_coding(f); });
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

// --cache and --shard for one run: the cache opened (and committed by
// finish()), the corpus cut to the shard.
class incremental_run {
public:
    // Prints why and returns false when the cache cannot be used.
    bool open(const incremental_options& options, const session& s, std::string purpose, engine_options& engine,
              corpus_walker& corpus) {
        purpose_ = std::move(purpose);
        std::string dir = options.cache_dir;
        if (dir.empty())
            if (const char* env = std::getenv("APPRAISE_CACHE")) dir = env;
        if (options.no_cache) dir.clear();
        // With a cache, the executable's and plugins' digests are kept beside it.
        file_digests digests =
            dir.empty() ? file_digests() : file_digests(std::filesystem::path(dir) / file_digests_name);
        if (!dir.empty() || options.shard_count > 0) identity_ = run_identity(s.rubrics, s.config, purpose_, &digests);
        if (options.shard_count > 0) {
            corpus.set_shard(options.shard_index - 1, options.shard_count);
            engine.check_duplicate_ids = false;  // across the whole corpus, by merge
        }
        if (dir.empty()) return true;
        diagnostics notes;
        try {
            cache_ = std::make_unique<result_cache>(dir, identity_, notes);
        } catch (const cache_error& error) {
            notes.push_back({severity::error,
                             "usage/cache-dir",
                             error.what(),
                             {"--cache", 0, 0},
                             "name a folder this user can create and write, or drop --cache"});
            print_diagnostics(notes);
            return false;
        }
        print_diagnostics(notes);
        digests.save();  // the folder exists now
        cache_->set_forget_unseen(options.shard_count == 0);
        engine.memo = cache_.get();
        return true;
    }

    void finish() {
        if (!cache_) return;
        diagnostics notes;
        cache_->commit(notes);
        print_diagnostics(notes);
        logger("cache").info("{} files from the cache ({} of them not read), {} read", cache_->hits(), cache_->unread(),
                             cache_->misses());
        cache_.reset();
    }

    // Only this part of each result is kept (result_cache::set_kept_view).
    void keep_only(std::function<file_result(const file_result&)> view) {
        if (cache_) cache_->set_kept_view(std::move(view));
    }
    // Each file as an audit reads it: heads and digest (audit_cache_form.hpp).
    void keep_audit_digests(const std::shared_ptr<symbol_table>& symbols, const std::string& group_field) {
        if (!cache_) return;
        cache_->set_kept_form(audit_cache_form(symbols, group_field));
        diagnostics notes;
        cache_->keep_symbols(symbols, notes);
        print_diagnostics(notes);
    }

    [[nodiscard]] const std::string& identity() const { return identity_; }
    [[nodiscard]] const std::string& purpose() const { return purpose_; }

private:
    std::unique_ptr<result_cache> cache_;
    std::string identity_;
    std::string purpose_;
};

shard_header header_of(const incremental_options& incremental, const session_options& setup, const incremental_run& run,
                       std::string command) {
    shard_header header;
    header.identity = run.identity();
    header.index = incremental.shard_index;
    header.count = incremental.shard_count;
    header.command = std::move(command);
    header.purpose = run.purpose();
    header.corpus_paths = setup.corpus_paths;
    header.config_file = setup.config_file;
    header.plugin_dirs = setup.plugin_dirs;
    header.rubric_dirs = setup.rubric_dirs;
    header.rubrics = setup.rubrics;
    return header;
}

// A shard's results, in its order, to its shard file; with `view`, only
// what the merged report reads of each (the audit's audit_view).
int write_shard(corpus_walker& corpus, const session& s, const engine_options& engine, const shard_header& header,
                const std::string& output, const std::function<file_result(const file_result&)>& view = {}) {
    output_file out(output);
    shard_writer shard(out.stream(), header);
    run_summary summary;
    progress_meter progress;
    run_engine(corpus, s.rubrics, engine, [&](file_result&& file) {
        print_diagnostics(file.problems);
        for (const auto& study : file.studies) print_diagnostics(study.problems);
        summary.add(file);
        shard.add(view ? view(file) : file);
        progress.update(summary.studies, summary.files);
    });
    progress.finish();
    shard.finish();
    out.commit();
    return summary.input_errors > 0 ? exit_input_error : exit_ok;
}

int appraise_corpus(const run_options& options, bool check_only) {
    reserve_report_stdout();  // plugins run in this process (check too): their printf goes to stderr
    std::unique_ptr<session> s = open_session(options.setup, true);
    if (!s) return exit_input_error;
    warn_load_failures(s->registry);
    corpus_walker corpus(options.setup.corpus_paths);
    try {
        // RevMan's own template header, read before any work: a bad file is an input error at its place.
        run_options report_setup = options;
        if (!options.revman_template.empty()) {
            diagnostics problems;
            auto text = read_text_file(options.revman_template, options.revman_template, 1U << 20U, problems);
            if (!text) {
                print_diagnostics(problems);
                return exit_input_error;
            }
            report_setup.revman_template_text = std::move(*text);
        }
        engine_options engine;
        engine.threads = options.threads;
        engine.loading.screens = {consensus_screen()};
        // A corpus `agree --consensus` wrote may say how each disagreement was settled.
        engine.loading.consensus_corpus = is_consensus_corpus(options.setup.corpus_paths);
        if (check_only) engine.study_checks.emplace_back(keep_coding_findings);
        // check's text report shows the coding's findings and what is not
        // assessed, never a judgement: the rubrics are told so, and may skip
        // judging (sdk::appraisal_scope). Its JSON shows every appraisal, and a
        // shard may be merged into either, so those are appraised in full.
        if (check_only && options.out.format == "text" && options.incremental.shard_count == 0)
            engine.scope = sdk::appraisal_scope::coding;
        if (!options.weight_field.empty()) {
            // A weight is checked before any writer sees the study: a missing one is an input error.
            engine.facet_fields = {options.weight_field};
            engine.study_checks = {[field = options.weight_field](study_result& study) { check_weight(study, field); }};
        }
        // The fields study labels are made of (study_labels.hpp), after any the weight needs.
        for (const auto& field : label_fields()) engine.facet_fields.push_back(field);
        // A FHIR Citation also carries the DOI (fhir_report.hpp).
        if (options.out.format == "fhir")
            for (const auto& field : fhir_citation_fields())
                if (std::find(engine.facet_fields.begin(), engine.facet_fields.end(), field) ==
                    engine.facet_fields.end())
                    engine.facet_fields.push_back(field);
        if (!check_only) add_screening(engine, *s);
        if (options.table == "characteristics") engine.fact_fields = characteristics_fields();
        // The fields GRADE reads (the HTML report's summary of findings), whenever the review declares outcomes.
        if (!s->config.review.outcomes.empty())
            for (const auto& field : grade_collector(s->config.review, descriptions(*s)).facet_fields())
                if (std::find(engine.facet_fields.begin(), engine.facet_fields.end(), field) ==
                    engine.facet_fields.end())
                    engine.facet_fields.push_back(field);
        const std::string command = check_only ? "check" : "run";
        incremental_run incremental;
        if (!incremental.open(options.incremental, *s,
                              purpose_of(command, options.weight_field, "", engine.loading.consensus_corpus) +
                                  fields_purpose(engine) +
                                  (engine.scope == sdk::appraisal_scope::coding ? "\nscope=coding" : ""),
                              engine, corpus))
            return exit_input_error;
        if (options.incremental.shard_count > 0) {
            shard_header header = header_of(options.incremental, options.setup, incremental, command);
            header.weight_field = options.weight_field;
            const int status = write_shard(corpus, *s, engine, header, options.out.output);
            incremental.finish();
            return status;
        }
        output_file out(options.out.output);
        report_output report(report_setup, *s, check_only, out.stream());
        if (report.takes_slimmed_results()) engine.slim_for_sink = slim_for_summary;
        const report_writer& render = report.writer();
        run_engine(
            corpus, s->rubrics, engine, [&render](const file_result& file) { return render.render(file); },
            [&report](rendered_file&& file) { report.take(std::move(file)); });
        const int status = report.finish();
        out.commit();
        incremental.finish();
        return status;
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

// --shard writes a shard file: the report's format is chosen when the shards are merged.
static bool shard_options_fit(const incremental_options& options, const std::string& command) {
    if (options.shard_count == 0 || !options.format_given) return true;
    print_diagnostics({{severity::error,
                        "usage/shard-format",
                        "--shard writes a shard file, not a report: --format is chosen when the shards are merged",
                        {"--format", 0, 0},
                        "drop --format here and give it to `appraise merge` (after `" + command + " --shard`)"}});
    return false;
}

int run_command(const run_options& options) {
    if (!shard_options_fit(options.incremental, "run")) return exit_input_error;
    if (!messages_fit(options, "run", options.incremental.shard_count > 0)) return exit_input_error;
    if (options.incremental.shard_count == 0 && !report_options_fit(options)) return exit_input_error;
    return appraise_corpus(options, false);
}

int check_command(const run_options& options) {
    if (!shard_options_fit(options.incremental, "check")) return exit_input_error;
    if (!messages_fit(options, "check", options.incremental.shard_count > 0)) return exit_input_error;
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
    if (!shard_options_fit(options.incremental, "audit")) return exit_input_error;
    reserve_report_stdout();  // plugins run in this process: their printf goes to stderr
    std::unique_ptr<session> s = open_session(options.setup, true);
    if (!s) return exit_input_error;
    warn_load_failures(s->registry);
    corpus_walker corpus(options.setup.corpus_paths);
    try {
        engine_options engine;
        engine.threads = options.threads;
        engine.loading.screens = {consensus_screen()};
        // A corpus `agree --consensus` wrote may say how each disagreement was settled.
        engine.loading.consensus_corpus = is_consensus_corpus(options.setup.corpus_paths);
        engine.facet_fields = {options.group_by};
        add_screening(engine, *s);
        // A shard keeps each result's audit view, which `merge` reads as any
        // result; an audit its heads and digest, counted by symbol.
        const bool shard = options.incremental.shard_count > 0;
        incremental_run incremental;
        if (!incremental.open(options.incremental, *s,
                              purpose_of("audit", "", options.group_by, engine.loading.consensus_corpus) +
                                  fields_purpose(engine) + (shard ? "\nkept=audit-view" : "\nkept=audit-digest"),
                              engine, corpus))
            return exit_input_error;
        const auto symbols = std::make_shared<symbol_table>();
        if (shard)
            incremental.keep_only(audit_view);  // of each result, all an audit reads
        else
            incremental.keep_audit_digests(symbols, options.group_by);
        if (shard) {
            shard_header header = header_of(options.incremental, options.setup, incremental, "audit");
            header.group_by = options.group_by;
            const int status = write_shard(corpus, *s, engine, header, options.out.output, audit_view);
            incremental.finish();
            return status;
        }
        output_file out(options.out.output);
        audit_output audit(options, *s, symbols);
        // Workers hand on heads and digests (with threads: nothing is
        // rendered, but the render stage is what lets results be slimmed).
        engine.slim_for_sink = [symbols, group = options.group_by](file_result& file) {
            keep_audit_digest(file, group, *symbols);
        };
        run_engine(
            corpus, s->rubrics, engine, [](const file_result&) { return std::string(); },
            [&audit](rendered_file&& file) { audit.take(std::move(file.result)); });
        const int status = audit.finish(out.stream());
        out.commit();
        incremental.finish();
        return status;
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
}

}  // namespace appraise::cli
