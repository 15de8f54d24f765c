#include "commands.hpp"

#include <iostream>

#include "appraise/codebook.hpp"
#include "appraise/corpus_audit.hpp"
#include "appraise/engine.hpp"
#include "appraise/output_file.hpp"
#include "appraise/report_writer.hpp"
#include "appraise/suggest.hpp"
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

int appraise_corpus(const run_options& options, bool check_only) {
    std::unique_ptr<session> s = open_session(options.setup, !check_only);
    if (!s) return exit_input_error;
    if (!check_only) warn_load_failures(s->registry);
    corpus_walker corpus(options.setup.corpus_paths);
    try {
        output_file out(options.out.output);
        report_context context;
        context.rubrics = descriptions(*s);
        context.check_only = check_only;
        const bool to_terminal = options.out.output.empty() || options.out.output == "-";
        context.colour = options.out.format == "text" && to_terminal && use_colour(stdout);
        const bool echo = !(options.out.format == "text" && to_terminal);
        auto writer = options.out.format == "json" ? make_json_report(out.stream(), context)
                                                   : make_text_report(out.stream(), context);
        run_summary summary;
        const auto take = [&](file_result&& file) {
            echo_problems(file, echo);
            summary.add(file);
            writer->add(file);
        };
        engine_options engine;
        engine.threads = options.threads;
        engine.on_worker = [&writer](file_result& file) { writer->render(file); };
        run_engine(corpus, s->rubrics, engine, take);
        writer->finish(summary);
        out.commit();
        return exit_status(summary, options.fail_on);
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
}

}  // namespace

int run_command(const run_options& options) { return appraise_corpus(options, false); }

int check_command(const run_options& options) { return appraise_corpus(options, true); }

int audit_command(const audit_options& options) {
    if (codebook::v1().find(options.group_by) == nullptr) {
        std::vector<std::string> paths;
        for (const auto& field : codebook::v1().fields()) paths.push_back(field.path);
        std::string message = "`" + options.group_by + "` is not a field of the study format";
        if (auto near = nearest(options.group_by, paths)) message += "; did you mean `" + *near + "`?";
        print_diagnostics({{severity::error, "usage/unknown-field", message, {"--by", 0, 0},
                            "use a dotted path such as design.type, year or tags"}});
        return exit_input_error;
    }
    std::unique_ptr<session> s = open_session(options.setup, true);
    if (!s) return exit_input_error;
    warn_load_failures(s->registry);
    corpus_walker corpus(options.setup.corpus_paths);
    try {
        output_file out(options.out.output);
        corpus_audit audit(options.group_by);
        run_summary summary;
        const auto take = [&](file_result&& file) {
            echo_problems(file, true);
            summary.add(file);
            audit.add(file);
        };
        engine_options engine;
        engine.threads = options.threads;
        engine.facet_fields = {options.group_by};
        run_engine(corpus, s->rubrics, engine, take);
        if (options.out.format == "json") write_audit_json(out.stream(), audit);
        else write_audit_text(out.stream(), audit);
        out.commit();
        return exit_status(summary, "none");
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
}

}  // namespace appraise::cli
