#include "command.hpp"

#include "appraise/audit/audit_formats.hpp"
#include "appraise/engine/engine.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/report_tables.hpp"

namespace appraise::cli {

void add_setup_options(CLI::App& command, session_options& setup, bool with_rubrics) {
    command.add_option("--config", setup.config_file,
                       "configuration file (default: appraise.toml in the corpus folder or above)");
    command.add_option("--plugin-dir", setup.plugin_dirs, "extra folder of rubric plugins (repeatable)");
    command.add_option("--rubric-dir", setup.rubric_dirs,
                       "extra folder (or file) of declarative TOML rubrics (repeatable)");
    if (with_rubrics) {
        command.add_option("-r,--rubric", setup.rubrics,
                           "rubric to run (repeatable; default: the configuration's, else all)");
        // Plugins from outside the installation run in workers by default (README, "Plugin isolation").
        auto* isolate = command.add_flag_callback(
            "--isolate", [&setup] { setup.isolate = isolation_scope::all_plugins; },
            "run every native plugin rubric in worker processes, bundled ones too (by default only plugins "
            "from outside the installation are): a plugin that crashes, exits or hangs on a study gives an "
            "error finding for it, and the run goes on");
        command
            .add_flag_callback(
                "--in-process", [&setup] { setup.isolate = isolation_scope::none; },
                "run every plugin rubric in this process, outside plugins too: faster, but a plugin that "
                "crashes or hangs takes the run with it")
            ->excludes(isolate);
        command
            .add_option("--plugin-timeout", setup.plugin_timeout,
                        "seconds an isolated plugin rubric may take on one study (0: no limit)")
            ->check(CLI::Range(0.0, 86400.0))
            ->capture_default_str();
    }
}

void add_output_options(CLI::App& command, output_options& out, const std::vector<std::string>& formats) {
    command.add_option("--format", out.format, "output format")->check(CLI::IsMember(formats))->capture_default_str();
    command.add_option("-o,--output", out.output, "write to FILE (atomically) instead of stdout")->type_name("FILE");
}

void add_messages_option(CLI::App& command, std::string& messages) {
    command
        .add_option("--messages", messages,
                    "with --format json: inline writes every finding message and domain rationale where it "
                    "applies (the stable shape); catalogue writes each long text once, in a \"catalogue\" at the "
                    "first study using it, and message_ref, rationale_ref, reason_ref, overall_rationale_ref or "
                    "overall_reason_ref (its key) elsewhere: a smaller report for programs that resolve the keys "
                    "(docs/study-format.md, \"The text catalogue\")")
        ->check(CLI::IsMember({"inline", "catalogue"}))
        ->type_name("FORM")
        ->capture_default_str();
}

void add_jobs_option(CLI::App& command, unsigned& threads) {
    const std::string most = std::to_string(max_threads);
    const CLI::Validator at_most(
        [most](const std::string& text) -> std::string {
            // CLI11 converts after validating: a number it cannot read is its own error.
            if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return {};
            if (text.size() <= 12 && std::stoull(text) <= max_threads) return {};
            return "at most " + most + " threads: use -j " + most + " or fewer (0: one per core)";
        },
        "", "at most " + most);
    command.add_option("-j,--jobs", threads, "worker threads, at most " + most + " (default 0: one per core)")
        ->type_name("N")
        ->check(at_most);
}

void add_incremental_options(CLI::App& command, incremental_options& options) {
    auto* cache = command
                      .add_option("--cache", options.cache_dir,
                                  "keep each study file's results in DIR (one SQLite file) and re-read only the files "
                                  "that changed since (default: $APPRAISE_CACHE when set); the output is the same "
                                  "bytes as without it (docs/cache.md)")
                      ->type_name("DIR");
    command.add_flag("--no-cache", options.no_cache, "read every file: use no cache, not even $APPRAISE_CACHE")
        ->excludes(cache);
    const CLI::Validator shard(
        [&options](const std::string& text) -> std::string {
            const auto slash = text.find('/');
            const auto number = [](const std::string& digits, std::size_t& value) {
                if (digits.empty() || digits.size() > 7 || digits.find_first_not_of("0123456789") != std::string::npos)
                    return false;
                value = std::stoul(digits);
                return true;
            };
            std::size_t index = 0;
            std::size_t count = 0;
            if (slash == std::string::npos || !number(text.substr(0, slash), index) ||
                !number(text.substr(slash + 1), count))
                return "`" + text + "` is not I/N (e.g. --shard 1/4)";
            if (count == 0 || count > max_shards) return "N must be from 1 to " + std::to_string(max_shards);
            if (index == 0 || index > count)
                return "`" + text + "`: I must be from 1 to N (" + std::to_string(count) +
                       "); shards are numbered from 1";
            options.shard_index = index;
            options.shard_count = count;
            return {};
        },
        "I/N", "shard");
    command
        .add_option("--shard", options.shard_text,
                    "appraise only shard I of N (items k with k mod N = I-1, in corpus order) and write a shard "
                    "file for `appraise merge` instead of a report (docs/shards.md)")
        ->type_name("I/N")
        ->check(shard);
}

std::string formats_footer(const std::string& formats_help) {
    return "Formats (--format):\n" + formats_help + "\n" + exit_code_text;
}

command add_run_command(CLI::App& app) {
    auto options = std::make_shared<run_options>();
    auto* sub = app.add_subcommand("run", "appraise studies with the chosen rubrics");
    sub->add_option("paths", options->setup.corpus_paths, "study files or folders")->required();
    add_setup_options(*sub, options->setup, true);
    add_output_options(*sub, options->out, run_formats().names());
    sub->add_option("--weight", options->weight_field,
                    "study field with each study's weight (robvis Weight column, weighted HTML summary)")
        ->type_name("FIELD");
    sub->add_option("--palette", options->palette, "colours of the HTML plots")
        ->check(CLI::IsMember({"cochrane", "colourblind", "colorblind"}))
        ->capture_default_str();
    sub->add_option("--robvis-template", options->robvis_template,
                    "with --format robvis: which of the rubric's robvis templates to write (default: its first; "
                    "`appraise explain ID` lists them). Results drawn with another template are left out, "
                    "and stderr says how many")
        ->type_name("NAME");
    sub->add_option("--outcome", options->outcome,
                    "with --format robvis: only the results of this outcome id (a risk-of-bias figure is drawn per "
                    "outcome)")
        ->type_name("ID");
    sub->add_flag("--allow-unjudged", options->allow_unjudged,
                  "with --format robvis: also write results whose coding has errors (left out by default, since a "
                  "domain may then not be judged from what the reviewer meant)");
    sub->add_option("--revman-template", options->revman_template,
                    "with --format revman: RevMan Web's downloaded RoB 2 template; its header row gives the columns, "
                    "each matched to one appraise fills (exit 2 on any it cannot). Without it the column names are "
                    "appraise's own, unverified: check them against the template")
        ->type_name("FILE");
    sub->add_flag("--findings", options->finding_rows, "with --format csv: one row per finding, not per domain");
    sub->add_option("--label", options->label,
                    "how studies are named in html, markdown, robvis and text: author-year (\"Lan 2009\", the "
                    "default; \"Lan 2009a\" and \"Lan 2009b\" when two share it; the id when authors or year are "
                    "not coded), id, or title")
        ->check(CLI::IsMember({"author-year", "id", "title"}))
        ->type_name("STYLE");
    sub->add_option("--table", options->table,
                    "with --format markdown, csv or html: write only this table instead of the report (see Tables "
                    "below; the Markdown and HTML reports already include the item tables)")
        ->check(CLI::IsMember(run_tables().names()))
        ->type_name("NAME");
    add_messages_option(*sub, options->messages);
    add_jobs_option(*sub, options->threads);
    add_incremental_options(*sub, options->incremental);
    sub->add_option("--fail-on", options->fail_on, "exit 1 when a finding is at or above this severity")
        ->check(CLI::IsMember({"none", "info", "warning", "error"}))
        ->capture_default_str();
    sub->footer(formats_footer(run_formats().help() + "\nTables (--table):\n" + run_tables().help()));
    return {sub, [options, sub] {
                options->incremental.format_given = sub->count("--format") > 0;
                return run_command(*options);
            }};
}

command add_check_command(CLI::App& app) {
    auto options = std::make_shared<run_options>();
    options->setup.config_plugins = false;  // check loads no plugin a configuration names (docs/trust.md)
    auto* sub = app.add_subcommand(
        "check", "validate codings: the facts, and the answers of the rubrics the configuration names (or --rubric)");
    sub->add_option("paths", options->setup.corpus_paths, "study files or folders")->required();
    add_setup_options(*sub, options->setup, false);
    sub->add_option("-r,--rubric", options->setup.rubrics,
                    "rubric whose answers to validate (repeatable; default: the configuration's, else all)");
    add_output_options(*sub, options->out, {"text", "json"});
    add_messages_option(*sub, options->messages);
    add_jobs_option(*sub, options->threads);
    add_incremental_options(*sub, options->incremental);
    sub->footer(exit_code_text);
    return {sub, [options, sub] {
                options->incremental.format_given = sub->count("--format") > 0;
                return check_command(*options);
            }};
}

command add_audit_command(CLI::App& app) {
    auto options = std::make_shared<audit_options>();
    auto* sub = app.add_subcommand("audit", "which weaknesses, how often, in which studies");
    sub->add_option("paths", options->setup.corpus_paths, "study files or folders")->required();
    add_setup_options(*sub, options->setup, true);
    add_output_options(*sub, options->out, audit_formats().names());
    sub->add_option("--palette", options->palette, "colours of the HTML plots")
        ->check(CLI::IsMember({"cochrane", "colourblind", "colorblind"}))
        ->capture_default_str();
    add_jobs_option(*sub, options->threads);
    sub->add_option("--by", options->group_by, "study field to group by")->capture_default_str();
    sub->add_flag(
        "--all", options->all,
        "also list the rows hidden by default: checks that apply to no study, and a rubric's not-applicable finding");
    sub->add_flag("--all-ids", options->all_ids,
                  "list every study in the \"which\" lists (default: the first 10 ids, then \"and N more\")");
    add_incremental_options(*sub, options->incremental);
    sub->footer(formats_footer(audit_formats().help()));
    return {sub, [options, sub] {
                options->incremental.format_given = sub->count("--format") > 0;
                return audit_command(*options);
            }};
}

command add_list_command(CLI::App& app) {
    auto setup = std::make_shared<session_options>();
    auto out = std::make_shared<output_options>();
    auto* sub = app.add_subcommand("list", "show every rubric available, and plugins that failed to load");
    add_setup_options(*sub, *setup, false);
    add_output_options(*sub, *out, {"text", "json"});
    sub->footer(exit_code_text);
    return {sub, [setup, out] { return list_command(*setup, *out); }};
}

command add_explain_command(CLI::App& app) {
    auto setup = std::make_shared<session_options>();
    auto out = std::make_shared<output_options>();
    auto id = std::make_shared<std::string>();
    auto* sub = app.add_subcommand("explain", "show a rubric's findings, fields read, domains and options");
    sub->add_option("rubric", *id, "rubric id (see `appraise list`)")->required();
    add_setup_options(*sub, *setup, false);
    add_output_options(*sub, *out, {"text"});
    sub->footer(exit_code_text);
    return {sub, [setup, out, id] { return explain_command(*setup, *id, *out); }};
}

}  // namespace appraise::cli
