// `appraise agree A B`: agreement between two coders' corpora of the same
// studies (facts, answers, judgements), the disagreement list, and with
// --consensus a third corpus in which the disagreements are marked for
// resolution.
#include <algorithm>
#include <iostream>

#include "appraise/agreement/agreement.hpp"
#include "appraise/agreement/agreement_formats.hpp"
#include "appraise/agreement/agreement_report.hpp"
#include "appraise/agreement/consensus.hpp"
#include "appraise/agreement/resolutions.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/output_file.hpp"
#include "appraise/text/report_stdout.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"

namespace appraise::cli {
namespace {

struct agree_options {
    session_options setup;
    output_options out;
    std::string a;
    std::string b;
    std::string consensus;
    std::string resolutions;
    bool include_metadata = false;
    unsigned threads = 0;
};

// --resolutions: how the disagreements of a consensus corpus were settled.
int resolutions_command(const agree_options& options) {
    const std::string& format = options.out.format.empty() ? std::string("text") : options.out.format;
    const auto names = resolution_formats().names();
    if (std::find(names.begin(), names.end(), format) == names.end()) {
        std::cerr << "appraise: error: --resolutions writes text, json or markdown, not " << terminal_text(format)
                  << '\n';
        return exit_input_error;
    }
    diagnostics problems;
    const resolution_report report = count_resolutions(options.resolutions, problems);
    print_diagnostics(problems);
    if (!report.consensus) return exit_input_error;
    output_file out(options.out.output);
    resolution_formats().writer(format)(out.stream(), report);
    out.commit();
    return exit_ok;
}

int agree_command(const agree_options& options) {
    if (!options.resolutions.empty()) return resolutions_command(options);
    if (options.a.empty() || options.b.empty()) {
        std::cerr << "appraise: error: agree needs coder A's and coder B's corpora (or --resolutions CONSENSUS)\n";
        return exit_input_error;
    }
    session_options setup = options.setup;
    setup.corpus_paths = {options.a};  // the configuration is coder A's
    reserve_report_stdout();           // plugins run in this process: their printf goes to stderr
    std::unique_ptr<session> s = open_session(setup, true);
    if (!s) return exit_input_error;
    warn_load_failures(s->registry);
    try {
        // The same rubric instances appraise both corpora.
        const coded_corpus a = load_coded_corpus({options.a}, s->rubrics, options.threads);
        const coded_corpus b = load_coded_corpus({options.b}, s->rubrics, options.threads);
        print_diagnostics(a.problems);
        print_diagnostics(b.problems);
        std::vector<sdk::rubric_description> rubrics;
        for (const auto& instance : s->rubrics) rubrics.push_back(instance.entry->description);
        compare_options compare;
        compare.include_metadata = options.include_metadata;
        const agreement_report report = compare_corpora(a, b, rubrics, compare);

        output_file out(options.out.output);
        agreement_formats().writer(options.out.format)(out.stream(), report);
        out.commit();

        if (!options.consensus.empty()) {
            diagnostics problems;
            const consensus_summary summary = write_consensus(a, b, options.consensus, s->config.file, problems);
            print_diagnostics(problems);
            if (has_errors(problems)) return exit_input_error;
            std::cerr << "appraise: consensus corpus written to " << options.consensus << ": " << summary.files.size()
                      << (summary.files.size() == 1 ? " file, " : " files, ") << summary.studies
                      << (summary.studies == 1 ? " study, " : " studies, ") << summary.marks
                      << (summary.marks == 1 ? " disagreement" : " disagreements") << " to resolve";
            if (summary.marks > 0) std::cerr << " (`appraise check " << options.consensus << "` lists them)";
            std::cerr << '\n';
        }
        return has_errors(a.problems) || has_errors(b.problems) ? exit_input_error : exit_ok;
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
}

}  // namespace

command add_agree_command(CLI::App& app) {
    auto options = std::make_shared<agree_options>();
    auto* sub = app.add_subcommand(
        "agree", "agreement between two coders' corpora of the same studies: statistics and disagreements");
    sub->add_option("a", options->a, "coder A's study files or folder");
    sub->add_option("b", options->b, "coder B's study files or folder (same study ids)");
    add_setup_options(*sub, options->setup, true);
    add_output_options(*sub, options->out, agreement_formats().names());
    sub->add_option("--consensus", options->consensus,
                    "write a consensus corpus to this new folder: agreed values kept, disagreements marked")
        ->type_name("OUT");
    sub->add_flag("--include-metadata", options->include_metadata,
                  "count title, authors, coding.* and custom.* in the statistics (they are always listed)");
    sub->add_option("--resolutions", options->resolutions,
                    "instead of comparing: how the disagreements of this consensus corpus were settled "
                    "(--format text, json or markdown)")
        ->type_name("CONSENSUS");
    add_jobs_option(*sub, options->threads);
    sub->footer(formats_footer(agreement_formats().help()) +
                "\nA study or value one coder has and the other lacks is listed, never dropped. A different support "
                "for the same value is listed apart, not counted as a disagreement. Statistics and "
                "their intervals are documented in docs/agreement.md.");
    return {sub, [options] { return agree_command(*options); }};
}

}  // namespace appraise::cli
