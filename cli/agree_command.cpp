// `appraise agree A B`: agreement between two coders' corpora of the same
// studies (facts, answers, judgements), the disagreement list, and with
// --consensus a third corpus in which the disagreements are marked for
// resolution.
#include <iostream>

#include "appraise/agreement/agreement.hpp"
#include "appraise/agreement/agreement_formats.hpp"
#include "appraise/agreement/agreement_report.hpp"
#include "appraise/agreement/consensus.hpp"
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
    unsigned threads = 0;
};

int agree_command(const agree_options& options) {
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
        const agreement_report report = compare_corpora(a, b, rubrics);

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
    sub->add_option("a", options->a, "coder A's study files or folder")->required();
    sub->add_option("b", options->b, "coder B's study files or folder (same study ids)")->required();
    add_setup_options(*sub, options->setup, true);
    add_output_options(*sub, options->out, agreement_formats().names());
    sub->add_option("--consensus", options->consensus,
                    "write a consensus corpus to this new folder: agreed values kept, disagreements marked")
        ->type_name("OUT");
    add_jobs_option(*sub, options->threads);
    sub->footer(formats_footer(agreement_formats().help()) +
                "\nA study or value one coder has and the other lacks is listed, never dropped. Statistics and "
                "their intervals are documented in docs/agreement.md.");
    return {sub, [options] { return agree_command(*options); }};
}

}  // namespace appraise::cli
