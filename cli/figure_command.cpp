// `appraise figure`: one rubric's traffic-light or summary plot as a figure
// for a paper, in SVG, PNG or PDF (core/figures). The corpus is appraised as
// `run` does; the plots are the HTML report's.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "appraise/engine/engine.hpp"
#include "appraise/figures/figure.hpp"
#include "appraise/figures/svg_raster.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/model/run_summary.hpp"
#include "appraise/model/version.hpp"
#include "appraise/reports/report_weights.hpp"
#include "appraise/reports/rubric_plots.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/text/output_file.hpp"
#include "appraise/text/report_stdout.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "progress.hpp"
#include "terminal.hpp"

namespace appraise::cli {
namespace {

struct figure_cli_options {
    session_options setup;
    unsigned threads = 0;
    std::string kind = "traffic-light";
    std::string outcome;
    std::string weight_field;
    std::string palette = "cochrane";
    std::string label = "author-year";
    std::string width = "single";
    std::size_t rows_per_panel = 0;
    bool no_stamp = false;
    double dpi = 300;
    std::string output;
    std::string format;  // svg | png | pdf; empty: from the extension of -o
};

int usage_error(const std::string& message) {
    std::cerr << "appraise: error: " << message << '\n';
    return exit_input_error;
}

// "single", "double" or a width in CSS pixels (1/96 inch).
bool parse_width(const std::string& text, double& mm) {
    if (text == "single") {
        mm = single_column_mm;
        return true;
    }
    if (text == "double") {
        mm = double_column_mm;
        return true;
    }
    int px = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), px);
    if (error != std::errc() || end != text.data() + text.size() || px < 100 || px > 4000) return false;
    mm = px / css_px_per_inch * mm_per_inch;
    return true;
}

// The file of page `k` (0-based) of `path`: the first is `path`, the next `stem-2.ext` and so on.
std::string page_path(const std::string& path, std::size_t k) {
    if (k == 0) return path;
    const std::filesystem::path p(path);
    return (p.parent_path() / (p.stem().string() + "-" + std::to_string(k + 1) + p.extension().string())).string();
}

void write_file(const std::string& path, const std::string& bytes) {
    output_file out(path);
    out.stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.commit();
}

int figure_command(const figure_cli_options& options) {
    figure_kind kind = figure_kind::traffic_light;
    if (!parse_figure_kind(options.kind, kind))
        return usage_error("unknown figure kind `" + options.kind + "`: use --kind traffic-light or --kind summary");
    std::string format = options.format;
    if (format.empty()) {
        std::string extension = std::filesystem::path(options.output).extension().string();
        for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        format = extension.empty() ? "" : extension.substr(1);
    }
    if (format != "svg" && format != "png" && format != "pdf")
        return usage_error("cannot tell the figure's format from `" + options.output +
                           "`: name the file .svg, .png or .pdf, or pass --format svg|png|pdf");
    double width_mm = 0;
    if (!parse_width(options.width, width_mm))
        return usage_error("--width `" + options.width +
                           "`: use single (85 mm), double (175 mm) or a width in pixels from 100 to 4000");
    if (options.setup.rubrics.size() != 1)
        return usage_error("a figure draws one rubric: name it with --rubric ID (`appraise list` shows them)");
    if (!options.weight_field.empty() && codebook::v1().find(options.weight_field) == nullptr &&
        options.weight_field.rfind("custom.", 0) != 0)
        return usage_error("--weight: `" + options.weight_field +
                           "` is not a field of the study format (`appraise fields` lists them; your own go under "
                           "custom.)");
    const plot_palette* palette = find_palette(options.palette);
    if (palette == nullptr)
        return usage_error("unknown palette `" + options.palette + "`: use cochrane or colourblind");

    reserve_report_stdout();  // plugins run in this process: their printf goes to stderr
    std::unique_ptr<session> s = open_session(options.setup, true);
    if (!s) return exit_input_error;
    warn_load_failures(s->registry);
    if (s->rubrics.size() != 1) return usage_error("a figure draws one rubric");
    const auto& rubric = s->rubrics.front().entry->description;
    try {
        corpus_walker corpus(options.setup.corpus_paths);
        plot_options plotting;
        plotting.weight_field = options.weight_field;
        plotting.split_weight = true;  // a study counts once, whatever its number of results
        plotting.outcome = options.outcome;
        plotting.labels = label_style_named(options.label);
        rubric_plots plots(rubric, plotting);
        study_labeller labels(plotting.labels);
        run_summary summary;
        progress_meter progress;
        engine_options engine;
        engine.threads = options.threads;
        if (!options.weight_field.empty()) {
            engine.facet_fields = {options.weight_field};
            engine.study_checks = {[field = options.weight_field](study_result& study) { check_weight(study, field); }};
        }
        // The fields study labels are made of (study_labels.hpp), after any the weight needs.
        for (const auto& field : label_fields()) engine.facet_fields.push_back(field);
        run_engine(corpus, s->rubrics, engine, [&](file_result&& file) {
            print_diagnostics(file.problems);
            for (const auto& study : file.studies) print_diagnostics(study.problems);
            summary.add(file);
            for (const auto& study : file.studies) {
                labels.add(study);
                plots.add(study);
            }
            progress.update(summary.studies, summary.files);
        });
        progress.finish();
        plots.relabel(labels);  // "Lan 2009a" and "Lan 2009b" are known only now
        if (!plots.other_outcomes().empty())
            std::cerr << "figure: left out " << plots.other_outcomes().size()
                      << (plots.other_outcomes().size() == 1 ? " result" : " results") << " of other outcomes than "
                      << options.outcome << " (--outcome)\n";

        figure_options figure;
        figure.kind = kind;
        figure.width_mm = width_mm;
        figure.rows_per_panel = options.rows_per_panel;
        figure.weighted = !options.weight_field.empty();
        const std::string date = stamp_date();
        if (!options.no_stamp)
            figure.stamp =
                std::string(tool_name) + " " + tool_version + " · " + rubric.id + " " + rubric.version + " · " + date;
        if (!options.outcome.empty()) figure.subtitle = "outcome " + options.outcome;
        if (!options.weight_field.empty())
            figure.subtitle += (figure.subtitle.empty() ? "" : "; ") + std::string("weighted by ") +
                               options.weight_field + " (a study's weight shared among its results)";
        const auto pages = make_figure(plots, *palette, figure);
        double tallest = 0;
        for (const auto& page : pages) tallest = std::max(tallest, page.height_mm);
        if (tallest > figure.max_height_mm)
            std::cerr << "figure: panels of " << options.rows_per_panel << " rows make pages up to "
                      << static_cast<int>(tallest) << " mm tall, taller than a printed page ("
                      << static_cast<int>(figure.max_height_mm) << " mm), as --rows-per-panel asked\n";
        if (format == "pdf") {
            write_file(options.output, render_pdf(pages, std::string(tool_name) + " " + tool_version, date));
        } else {
            for (std::size_t k = 0; k < pages.size(); ++k)
                write_file(page_path(options.output, k),
                           format == "svg" ? pages[k].svg : render_png(pages[k], options.dpi));
        }
        std::cerr << "figure: " << rubric.id << ' ' << options.kind << ", " << plots.light().rows.size()
                  << (plots.light().rows.size() == 1 ? " result" : " results") << ", " << std::lround(pages[0].width_mm)
                  << " mm wide; wrote " << options.output;
        if (format != "pdf" && pages.size() > 1)
            std::cerr << " and " << pages.size() - 1 << " more page" << (pages.size() > 2 ? "s" : "") << " ("
                      << page_path(options.output, 1) << (pages.size() > 2 ? ", ..." : "") << ")";
        else if (pages.size() > 1)
            std::cerr << " (" << pages.size() << " pages)";
        std::cerr << '\n';
        return summary.input_errors > 0 ? exit_input_error : exit_ok;
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
}

}  // namespace

command add_figure_command(CLI::App& app) {
    auto options = std::make_shared<figure_cli_options>();
    auto* sub = app.add_subcommand(
        "figure", "one rubric's traffic-light or summary plot as a figure for a paper (SVG, PNG, PDF)");
    sub->add_option("paths", options->setup.corpus_paths, "study files or folders")->required();
    add_setup_options(*sub, options->setup, false);
    sub->add_option("-r,--rubric", options->setup.rubrics, "the rubric to draw (exactly one)")->required();
    sub->add_option("--kind", options->kind, "traffic-light (one row per result) or summary (share per domain)")
        ->capture_default_str();
    sub->add_option("-o,--output", options->output, "the figure's file: FILE.svg, FILE.png or FILE.pdf")
        ->type_name("FILE")
        ->required();
    sub->add_option("--format", options->format, "svg, png or pdf (default: from the extension of -o)")
        ->check(CLI::IsMember({"svg", "png", "pdf"}));
    sub->add_option("--outcome", options->outcome, "only the results of this outcome id (a figure per outcome)")
        ->type_name("ID");
    sub->add_option("--weight", options->weight_field,
                    "summary: share of this study field's weight (each study's weight shared among its results)")
        ->type_name("FIELD");
    sub->add_option("--label", options->label,
                    "how rows name studies: author-year (\"Lan 2009\", the default; the id when authors or year "
                    "are not coded), id, or title")
        ->check(CLI::IsMember({"author-year", "id", "title"}))
        ->type_name("STYLE");
    sub->add_option("--palette", options->palette, "colours")
        ->check(CLI::IsMember({"cochrane", "colourblind", "colorblind"}))
        ->transform([](const std::string& name) { return name == "colorblind" ? std::string("colourblind") : name; })
        ->capture_default_str();
    sub->add_option("--width", options->width,
                    "single (a journal column, 85 mm), double (175 mm) or PX (CSS pixels, 1/96 inch)")
        ->capture_default_str();
    sub->add_option("--rows-per-panel", options->rows_per_panel,
                    "traffic light: rows per panel (default: as many as fit a page, 230 mm; a larger N may make a "
                    "figure taller than a page)")
        ->type_name("N")
        ->check(CLI::Range(1, 100000));
    sub->add_flag("--no-stamp", options->no_stamp, "leave out the stamp (appraise version, rubric version, date)");
    sub->add_option("--dpi", options->dpi, "PNG resolution in pixels per inch")
        ->check(CLI::Range(30.0, 2400.0))
        ->capture_default_str();
    add_jobs_option(*sub, options->threads);
    sub->footer(
        "The stamp's date is SOURCE_DATE_EPOCH's when set (a figure made again is the same byte for byte), "
        "else today's (UTC). A traffic light taller than a page is split into panels of rows; panels that do "
        "not fit one page go on the next: FILE-2.png and so on, or further pages of the PDF.\n" +
        std::string(exit_code_text));
    return {sub, [options] { return figure_command(*options); }};
}

}  // namespace appraise::cli
