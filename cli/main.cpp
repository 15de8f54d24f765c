// The `appraise` executable: declares the subcommands, parses arguments and
// hands over to the chosen one, whose return value is the exit code.
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

#include "appraise/model/log.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/model/version.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"

namespace {

int run_main(int argc, char** argv) {
    namespace cli = appraise::cli;
    CLI::App app{"appraise: quality appraisal of coded studies for evidence synthesis.\n" +
                 std::string(cli::exit_code_text)};
    app.set_version_flag("--version", std::string(appraise::tool_name) + " " + appraise::tool_version);
    app.require_subcommand(1);
    bool verbose = false;
    app.add_flag("-v,--verbose", verbose, "log what the program does on stderr (SPDLOG_LEVEL also works)");

    std::vector<cli::command> commands = {
        cli::add_run_command(app),        cli::add_check_command(app),   cli::add_audit_command(app),
        cli::add_list_command(app),       cli::add_explain_command(app), cli::add_agree_command(app),
        cli::add_new_plugin_command(app), cli::add_fields_command(app),  cli::add_template_command(app),
        cli::add_figure_command(app),     cli::add_grade_command(app),   cli::add_merge_command(app),
        cli::add_cache_command(app),      cli::add_serve_command(app),
    };
    // `appraise import`: coding sheets (import_command.cpp) and judgement tables (import_judgements_command.cpp).
    CLI::App* import = cli::add_import_command(app);
    commands.push_back(cli::add_import_sheet_command(*import));
    cli::add_import_judgement_commands(*import);

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
    appraise::configure_logging(verbose, cli::use_colour(STDERR_FILENO));
    for (const auto& c : commands)
        if (*c.app) return c.run();
    if (*import)
        if (const auto code = cli::run_import_judgement_command(*import)) return *code;
    return cli::exit_input_error;
}

}  // namespace

// Every command maps its own errors to exit codes; anything that still escapes
// (out of memory, a bug) is reported, never a terminate.
int main(int argc, char** argv) {
    try {
        return run_main(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << "appraise: internal error: " << error.what() << "\n    hint: please report this as a bug\n";
    } catch (...) {
        std::cerr << "appraise: internal error\n    hint: please report this as a bug\n";
    }
    return appraise::cli::exit_input_error;
}
