// `appraise import robvis|revman|covidence`: judgement tables into coded
// studies whose appraisals are recorded judgements (docs/import.md). They
// hang under the `import` parent, which import_command.cpp (`import sheet`)
// creates; run_import_judgement_command() runs the chosen one.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <tuple>

#include "appraise/import/covidence_import.hpp"
#include "appraise/import/revman_import.hpp"
#include "appraise/import/robvis_import.hpp"
#include "appraise/model/suggest.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "session.hpp"
#include "terminal.hpp"

namespace appraise::cli {
namespace {

enum class table_kind { robvis, revman, covidence };

struct import_options {
    session_options setup;
    std::string file;
    std::string output;
    std::string tool;    // robvis only
    std::string rubric;  // empty: the table's default
    bool keep_going = false;
};

// The chosen subcommand's run, by its CLI11 app (filled when the commands are declared).
std::vector<std::pair<const CLI::App*, std::function<int()>>>& runs() {
    static std::vector<std::pair<const CLI::App*, std::function<int()>>> all;
    return all;
}

const char* kind_name(table_kind kind) {
    switch (kind) {
        case table_kind::robvis:
            return "robvis";
        case table_kind::revman:
            return "revman";
        case table_kind::covidence:
            return "covidence";
    }
    return "robvis";
}

int import_command(table_kind kind, const import_options& options) {
    std::unique_ptr<session> s = open_session(options.setup, false);
    if (!s) return exit_input_error;
    std::string rubric_id = options.rubric;
    if (rubric_id.empty()) rubric_id = kind == table_kind::robvis ? default_rubric_for(options.tool) : "rob2";
    if (rubric_id.empty()) {
        print_diagnostics({{severity::error,
                            "usage/unknown-rubric",
                            "robvis's " + options.tool +
                                " template is drawn for many tools: say which rubric the "
                                "judgements are for",
                            {"--rubric", 0, 0},
                            "add --rubric ID (`appraise list` shows the rubrics)"}});
        return exit_input_error;
    }
    const rubric_entry* entry = s->registry.find(rubric_id);
    if (entry == nullptr) {
        std::string message = "unknown rubric `" + rubric_id + "`";
        if (auto near = nearest(rubric_id, s->registry.ids())) message += "; did you mean `" + *near + "`?";
        print_diagnostics({{severity::error,
                            "usage/unknown-rubric",
                            message,
                            {"--rubric", 0, 0},
                            "`appraise list` shows the available rubrics"}});
        return exit_input_error;
    }
    // Untrusted input: read only up to the bound, never more.
    std::string text;
    {
        std::error_code ec;
        const auto size = std::filesystem::file_size(options.file, ec);
        std::ifstream in(options.file, std::ios::binary);
        if (ec || !in) {
            print_diagnostics({{severity::error,
                                "import/unreadable-file",
                                "the table cannot be opened or read",
                                {options.file, 0, 0},
                                "check the path and its permissions"}});
            return exit_input_error;
        }
        if (size > max_import_bytes) {
            print_diagnostics({{severity::error,
                                "import/unreadable-file",
                                "the table is larger than " + std::to_string(max_import_bytes >> 20U) +
                                    " MiB, more than any review's judgements",
                                {options.file, 0, 0},
                                "split it, or check that it is the right file"}});
            return exit_input_error;
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text = buffer.str();
    }
    const std::string source = std::filesystem::path(options.file).filename().string();
    const auto& rubric = entry->description;
    import_result imported;
    switch (kind) {
        case table_kind::robvis:
            imported = import_robvis(text, options.file, source, options.tool, rubric);
            break;
        case table_kind::revman:
            imported = import_revman(text, options.file, source, rubric);
            break;
        case table_kind::covidence:
            imported = import_covidence(text, options.file, source, rubric);
            break;
    }
    diagnostics problems = std::move(imported.problems);
    // In the table's order, whatever order the reader found them in.
    std::stable_sort(problems.begin(), problems.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    const bool bad = has_errors(problems);
    std::size_t results = 0;
    for (const auto& study : imported.studies) results += study.results.size();
    if (bad && !options.keep_going) {
        problems.push_back({severity::error,
                            "import/not-written",
                            "nothing was written: the import is all or nothing, and " +
                                (imported.skipped == 0 ? std::string("the table has errors")
                                                       : std::to_string(imported.skipped) + " of " +
                                                             std::to_string(imported.rows) + " rows have errors"),
                            {options.output, 0, 0},
                            "fix the rows above, or pass --keep-going to write the studies of the good rows"});
        print_diagnostics(problems);
        return exit_input_error;
    }
    if (imported.studies.empty()) {
        problems.push_back({severity::error,
                            "import/not-written",
                            "nothing was written: the table holds no judgement to import",
                            {options.output, 0, 0},
                            "check that it is the right file and the right --tool or --rubric"});
        print_diagnostics(problems);
        return exit_input_error;
    }
    if (!write_import(imported, options.output, problems)) {
        print_diagnostics(problems);
        return exit_input_error;
    }
    print_diagnostics(problems);
    std::cerr << "import " << kind_name(kind) << ": " << imported.studies.size()
              << (imported.studies.size() == 1 ? " study" : " studies") << " (" << results
              << (results == 1 ? " result" : " results") << " of " << rubric.id << ", recorded judgements) from "
              << options.file << " into " << options.output;
    if (imported.skipped > 0) std::cerr << "; " << imported.skipped << " rows skipped (--keep-going)";
    std::cerr << '\n';
    return bad ? exit_input_error : exit_ok;
}

CLI::App* add_table_command(CLI::App& parent, table_kind kind, const std::string& what) {
    auto options = std::make_shared<import_options>();
    auto* sub = parent.add_subcommand(kind_name(kind), what);
    add_setup_options(*sub, options->setup, false);
    sub->add_option("file", options->file, "the table (CSV)")->required()->type_name("FILE.csv");
    sub->add_option("-o,--output", options->output, "the folder to write one study file per study into (new, or empty)")
        ->required()
        ->type_name("DIR");
    if (kind == table_kind::robvis)
        sub->add_option("--tool", options->tool, "the robvis template the file is for")
            ->required()
            ->check(CLI::IsMember(robvis_tool_names()));
    sub->add_option("-r,--rubric", options->rubric,
                    kind == table_kind::robvis
                        ? "the rubric the judgements are for (default: rob2 for ROB2 and ROB2-Cluster, robins-i "
                          "for ROBINS-I; required for the others)"
                        : "the rubric the judgements are for (default: rob2)")
        ->type_name("ID");
    sub->add_flag("--keep-going", options->keep_going,
                  "write the studies of the good rows even when some rows have errors (exit 2 all the same)");
    sub->footer(exit_code_text);
    runs().emplace_back(sub, [kind, options] { return import_command(kind, *options); });
    return sub;
}

}  // namespace

void add_import_judgement_commands(CLI::App& import) {
    add_table_command(import, table_kind::robvis,
                      "robvis's CSV (Study, the domains, Overall) into studies with recorded judgements");
    add_table_command(import, table_kind::revman,
                      "RevMan Web's RoB 2 table (one row per result, as `run --format revman` writes it) into "
                      "studies with recorded judgements");
    add_table_command(import, table_kind::covidence,
                      "Covidence's quality-assessment export (its RevMan Web \"Risk of bias\" CSV, or its "
                      "extraction CSV) into studies with recorded judgements and support");
}

std::optional<int> run_import_judgement_command(const CLI::App& import) {
    for (const auto& [app, run] : runs())
        if (app->get_parent() == &import && app->parsed()) return run();
    return std::nullopt;
}

}  // namespace appraise::cli
