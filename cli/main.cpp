// The `appraise` executable: parses arguments and hands over to a subcommand.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

#include "appraise/log.hpp"
#include "appraise/suggest.hpp"
#include "appraise/version.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"

namespace {

constexpr const char* exit_code_text =
    "Exit codes: 0 ok; 1 a finding at or above --fail-on; 2 usage, configuration or input error "
    "(every other study is still appraised and reported).";

void add_setup_options(CLI::App& command, appraise::cli::session_options& setup, bool with_rubrics) {
    command.add_option("--config", setup.config_file,
                       "configuration file (default: appraise.toml in the corpus folder or above)");
    command.add_option("--plugin-dir", setup.plugin_dirs, "extra folder of rubric plugins (repeatable)");
    if (with_rubrics)
        command.add_option("-r,--rubric", setup.rubrics,
                           "rubric to run (repeatable; default: the configuration's, else all)");
}

void add_output_options(CLI::App& command, appraise::cli::output_options& out, std::vector<std::string> formats) {
    command.add_option("--format", out.format, "output format")->check(CLI::IsMember(formats))->capture_default_str();
    command.add_option("-o,--output", out.output, "write to FILE (atomically) instead of stdout")
        ->type_name("FILE");
}

}  // namespace

int main(int argc, char** argv) {
    namespace cli = appraise::cli;
    CLI::App app{"appraise: quality appraisal of coded studies for evidence synthesis.\n" +
                 std::string(exit_code_text)};
    app.set_version_flag("--version", std::string(appraise::tool_name) + " " + appraise::tool_version);
    app.require_subcommand(1);
    bool verbose = false;
    app.add_flag("-v,--verbose", verbose, "log what the program does on stderr (SPDLOG_LEVEL also works)");

    cli::run_options run;
    auto* run_cmd = app.add_subcommand("run", "appraise studies with the chosen rubrics");
    run_cmd->add_option("paths", run.setup.corpus_paths, "study files or folders")->required();
    add_setup_options(*run_cmd, run.setup, true);
    add_output_options(*run_cmd, run.out, {"text", "json"});
    run_cmd->add_option("-j,--jobs", run.threads, "threads (default: one per core)");
    run_cmd->add_option("--fail-on", run.fail_on, "exit 1 when a finding is at or above this severity")
        ->check(CLI::IsMember({"none", "info", "warning", "error"}))
        ->capture_default_str();
    run_cmd->footer(exit_code_text);

    cli::run_options check;
    auto* check_cmd = app.add_subcommand("check", "validate codings only (no rubrics run)");
    check_cmd->add_option("paths", check.setup.corpus_paths, "study files or folders")->required();
    add_output_options(*check_cmd, check.out, {"text", "json"});
    check_cmd->add_option("-j,--jobs", check.threads, "threads (default: one per core)");
    check_cmd->footer(exit_code_text);

    cli::audit_options audit;
    auto* audit_cmd = app.add_subcommand("audit", "which weaknesses, how often, in which studies");
    audit_cmd->add_option("paths", audit.setup.corpus_paths, "study files or folders")->required();
    add_setup_options(*audit_cmd, audit.setup, true);
    add_output_options(*audit_cmd, audit.out, {"text", "json"});
    audit_cmd->add_option("-j,--jobs", audit.threads, "threads (default: one per core)");
    audit_cmd->add_option("--by", audit.group_by, "study field to group by")->capture_default_str();
    audit_cmd->footer(exit_code_text);

    cli::session_options list_setup;
    cli::output_options list_out;
    auto* list_cmd = app.add_subcommand("list", "show every rubric available, and plugins that failed to load");
    add_setup_options(*list_cmd, list_setup, false);
    add_output_options(*list_cmd, list_out, {"text", "json"});
    list_cmd->footer(exit_code_text);

    cli::session_options explain_setup;
    cli::output_options explain_out;
    std::string explain_id;
    auto* explain_cmd = app.add_subcommand("explain", "show a rubric's findings, fields read, domains and options");
    explain_cmd->add_option("rubric", explain_id, "rubric id (see `appraise list`)")->required();
    add_setup_options(*explain_cmd, explain_setup, false);
    add_output_options(*explain_cmd, explain_out, {"text"});
    explain_cmd->footer(exit_code_text);

    // CLI11 reports a missing subcommand before an unknown one: name it ourselves.
    if (argc > 1 && argv[1][0] != '-') {
        std::vector<std::string> names;
        for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
        if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
            std::cerr << "appraise: error: unknown subcommand `" << argv[1] << "`";
            if (auto near = appraise::nearest(argv[1], names)) std::cerr << "; did you mean `" << *near << "`?";
            std::cerr << "\n    hint: `appraise --help` lists the subcommands\n";
            return cli::exit_input_error;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);  // prints help, version or the error
        return code == 0 ? cli::exit_ok : cli::exit_input_error;
    }
    appraise::configure_logging(verbose, cli::use_colour(stderr));

    if (*run_cmd) return cli::run_command(run);
    if (*check_cmd) return cli::check_command(check);
    if (*audit_cmd) return cli::audit_command(audit);
    if (*list_cmd) return cli::list_command(list_setup, list_out);
    if (*explain_cmd) return cli::explain_command(explain_setup, explain_id, explain_out);
    return cli::exit_input_error;
}
