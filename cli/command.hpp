// How a subcommand plugs into the CLI: each `add_*_command` declares its
// options on the CLI11 app and returns what to run when it was chosen. Adding
// a subcommand is one new file and one line in main.cpp.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"

namespace appraise::cli {

struct command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

inline constexpr const char* exit_code_text =
    "Exit codes: 0 ok; 1 a finding at or above --fail-on; 2 usage, configuration or input error "
    "(every other study is still appraised and reported).";

// Options every corpus command shares.
void add_setup_options(CLI::App& command, session_options& setup, bool with_rubrics);
void add_output_options(CLI::App& command, output_options& out, const std::vector<std::string>& formats);
// The footer of a command with a format registry: its formats (format_registry::help()), then the exit codes.
[[nodiscard]] std::string formats_footer(const std::string& formats_help);
// --messages inline|catalogue (run, check, merge): how --format json writes long repeated texts.
void add_messages_option(CLI::App& command, std::string& messages);
// -j,--jobs: 0 (one per core) to max_threads (engine.hpp); above it is a usage error.
void add_jobs_option(CLI::App& command, unsigned& threads);
// --cache DIR, --no-cache, --shard I/N (run, check, audit).
inline constexpr std::size_t max_shards = 100000;
void add_incremental_options(CLI::App& command, incremental_options& options);

command add_run_command(CLI::App& app);
command add_check_command(CLI::App& app);
command add_audit_command(CLI::App& app);
command add_list_command(CLI::App& app);
command add_explain_command(CLI::App& app);
command add_agree_command(CLI::App& app);       // agree_command.cpp
command add_new_plugin_command(CLI::App& app);  // new_plugin_command.cpp
command add_fields_command(CLI::App& app);      // fields_command.cpp
command add_template_command(CLI::App& app);    // template_command.cpp
command add_figure_command(CLI::App& app);      // figure_command.cpp
command add_grade_command(CLI::App& app);       // grade_command.cpp
command add_merge_command(CLI::App& app);       // merge_command.cpp
command add_cache_command(CLI::App& app);       // cache_command.cpp
command add_serve_command(CLI::App& app);       // serve_command.cpp
// `appraise import` (import_command.cpp): the parent, then its subcommands under it.
CLI::App* add_import_command(CLI::App& app);
command add_import_sheet_command(CLI::App& import);
// import_judgements_command.cpp: `import robvis`, `import revman` and
// `import covidence` under the `import` parent; the chosen one is run by
// run_import_judgement_command (nullopt: none of them was chosen).
void add_import_judgement_commands(CLI::App& import);
[[nodiscard]] std::optional<int> run_import_judgement_command(const CLI::App& import);

}  // namespace appraise::cli
