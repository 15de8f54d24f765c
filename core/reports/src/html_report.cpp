// The HTML report: one self-contained page (inline CSS and SVG, no scripts,
// no network). Studies are formatted on the workers and spooled; the plots
// need the whole run, so a compact row per assessed result is kept.
#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <stdexcept>

#include "appraise/model/version.hpp"
#include "appraise/reports/alternatives_text.hpp"
#include "appraise/reports/item_table.hpp"
#include "appraise/reports/judgement_words.hpp"
#include "appraise/reports/print_layout.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/reports/report_weights.hpp"
#include "appraise/reports/rubric_plots.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/reports/support_text.hpp"
#include "appraise/reports/svg_plots.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/section_spool.hpp"

namespace appraise {
namespace {

using line_cache = std::map<std::string, std::vector<std::string>>;

const std::string* coding_line(line_cache& cache, const source_location& where) {
    if (where.file.empty() || where.line <= 0) return nullptr;
    auto found = cache.find(where.file);
    if (found == cache.end()) {
        std::vector<std::string> lines;
        std::ifstream in(where.file, std::ios::binary);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            lines.push_back(std::move(line));
        }
        found = cache.emplace(where.file, std::move(lines)).first;
    }
    const auto index = static_cast<std::size_t>(where.line - 1);
    return index < found->second.size() ? &found->second[index] : nullptr;
}

// Messages are written for the terminal and Markdown, with `commands` in backticks; HTML shows them as code, not
// as stray backticks. An unpaired backtick is kept as written.
std::string message_html(std::string_view message) {
    std::string out;
    std::size_t at = 0;
    while (at < message.size()) {
        const std::size_t open = message.find('`', at);
        const std::size_t close = open == std::string_view::npos ? open : message.find('`', open + 1);
        if (close == std::string_view::npos) {
            out += xml_escape(message.substr(at));
            break;
        }
        out += xml_escape(message.substr(at, open - at)) + "<code>" +
               xml_escape(message.substr(open + 1, close - open - 1)) + "</code>";
        at = close + 1;
    }
    return out;
}

std::string chip(const std::string& judgement, const judgement_key* key, const plot_palette& palette) {
    const auto mark = key != nullptr ? key->look(judgement) : judgement_key().look(judgement);
    if (!mark) return "<span class=\"chip\">" + xml_escape(title_word(judgement)) + "</span>";
    const std::string symbol = level_symbol(mark->level);
    return "<span class=\"chip\" style=\"background:" + mark_fill(*mark, palette) +
           ";color:" + mark_symbol_colour(*mark, palette) + "\">" + (symbol.empty() ? "" : symbol + " ") +
           xml_escape(mark->label) + "</span>";
}

// A judgement the reviewer left not assessed: its own chip (no risk colour) and the reason.
std::string not_assessed_chip(const std::string& reason) {
    return std::string("<span class=\"chip not-assessed\">") + not_assessed_name + "</span>" +
           (reason.empty() ? "" : "<br><span class=\"na-reason\">" + xml_escape(reason) + "</span>");
}

// One answer with its evidence beside it: code, provenance, quote, place, source.
std::string answer_item(const sdk::answer& ans) {
    std::string out = "<li><code>" + xml_escape(ans.id) + "</code>" +
                      (ans.outcome.empty() ? "" : " <span class=\"outcome\">[" + xml_escape(ans.outcome) + "]</span>") +
                      " = ";
    if (ans.provenance == "not-assessed")
        out += "<em>not assessed</em>";
    else
        out += ans.value.empty() ? "<em>none</em>" : xml_escape(ans.value);
    out += " <span class=\"prov prov-" + xml_escape(ans.provenance) + "\">" + xml_escape(ans.provenance) + "</span>";
    const sdk::value_evidence& e = ans.evidence;
    if (!e.support.empty() || !e.at.empty() || !e.source.empty()) {
        out += " <span class=\"evidence\">";
        if (!e.support.empty()) out += "<q class=\"quote\">" + xml_escape(e.support) + "</q>";
        if (!e.at.empty())
            out += (e.support.empty() ? "" : ", ") + std::string("<span class=\"at\">") + xml_escape(e.at) + "</span>";
        if (!e.source.empty())
            out += (e.support.empty() && e.at.empty() ? "" : ", ") + std::string("<span class=\"src\">") +
                   xml_escape(e.source) + "</span>";
        out += "</span>";
    }
    if (!e.resolved.empty())
        out += " <span class=\"resolved\">resolved: " + xml_escape(e.resolved) +
               (e.reason.empty() ? "" : ", " + xml_escape(e.reason)) + "</span>";
    return out + "</li>";
}

// The reviewer's support text and direction of bias, under a domain's name.
std::string support_block(const std::string& support, const std::string& direction) {
    std::string out;
    if (!support.empty()) out += "<p class=\"support\"><strong>Support:</strong> " + xml_escape(support) + "</p>";
    if (!direction.empty())
        out +=
            "<p class=\"direction\"><strong>Direction of bias:</strong> " + xml_escape(title_word(direction)) + "</p>";
    return out;
}

// The [coding] record: who coded the study, when, from what.
std::string coding_record(const sdk::node& coding) {
    if (coding.type != sdk::node::kind::table || coding.members.empty()) return "";
    std::string out = "<dl class=\"coding\">";
    for (const auto& [key, value] : coding.members)
        out += "<dt>" + xml_escape(title_word(key)) + "</dt><dd>" + xml_escape(coding_value_text(value)) + "</dd>";
    return out + "</dl>\n";
}

class html_report final : public report_writer {
public:
    html_report(std::ostream& out, report_context context)
        : out_(out),
          context_(std::move(context)),
          spool_(1),
          items_(context_.rubrics, label_style_named(context_.label)),
          labels_(label_style_named(context_.label)) {
        palette_ = find_palette(context_.palette);
        if (palette_ == nullptr)
            throw std::invalid_argument("unknown palette \"" + context_.palette + "\": use cochrane or colourblind");
        for (const auto& rubric : context_.rubrics) {
            plot_options options;
            options.weight_field = context_.weight_field;
            options.split_weight = !context_.weight_field.empty();  // weighted: a study counts once, as in robvis
            options.labels = labels_.style();
            plots_.emplace_back(rubric, options);
            keys_.push_back(plots_.back().light().key);
        }
    }

    std::string render(const file_result& file) const override {
        line_cache lines;
        std::string out;
        for (const auto& problem : file.problems)
            out += "<p class=\"sev-" + std::string(sdk::to_string(problem.level)) + "\">" +
                   xml_escape(format_location(problem.where) + ": ") + message_html(problem.message) + "</p>";
        for (const auto& study : file.studies) render_study(out, study, lines);
        return without_separator(out);
    }

    void add(const file_result& file, std::string_view rendered) override {
        spool_.add(rendered);
        items_.add(file);
        for (const auto& study : file.studies) {
            labels_.add(study);
            contents_.push_back({"study-" + study.id, study.id.empty() ? "?" : label_token(study.id)});
            if (!study.appraised) continue;
            for (auto& plots : plots_) plots.add(study);
        }
    }

    void finish(const run_summary& summary) override {
        const std::string stamp = std::string(tool_name) + " " + tool_version;
        out_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                "'unsafe-inline'; img-src data:\">\n"
             << "<meta name=\"generator\" content=\"" << stamp << "\">\n<title>Appraisal report</title>\n<style>\n"
             << report_css() << item_table_css() << '\n'
             << print_css() << "\n</style>\n</head>\n<body>\n<header><h1>Appraisal report</h1>\n<p class=\"stamp\">"
             << "Made by " << stamp << " with ";
        for (std::size_t i = 0; i < context_.rubrics.size(); ++i)
            out_ << (i == 0 ? "" : ", ") << xml_escape(context_.rubrics[i].id) << ' '
                 << xml_escape(context_.rubrics[i].version);
        out_ << (context_.rubrics.empty() ? "no rubrics" : "") << "; palette " << palette_->name << ".</p></header>\n";
        write_contents();
        write_summary(summary);
        if (context_.extra_section) out_ << context_.extra_section();
        for (std::size_t r = 0; r < context_.rubrics.size(); ++r) write_rubric(r);
        write_prevalence();
        out_ << "<section id=\"studies\">\n<h2>Studies</h2>\n";
        label_filter filter(out_, labels_, xml_escape);
        std::ostream studies(&filter);
        spool_.copy(0, studies);
        studies.flush();
        out_ << "</section>\n<footer><p class=\"stamp\">" << stamp << "</p></footer>\n</body>\n</html>\n";
        out_.flush();
    }

private:
    void render_study(std::string& out, const study_result& study, line_cache& lines) const {
        // The study's label (its letter is known only at the end: a token) and its id.
        const bool labelled = base_label(study, labels_.style()) != study.id;
        out += "<section class=\"study\" id=\"study-" + xml_escape(study.id) + "\">\n<h3>" +
               (labelled ? label_token(study.id) + " <span class=\"study-id\">" + xml_escape(study.id) + "</span>"
                         : xml_escape(study.id.empty() ? "?" : study.id)) +
               "</h3>\n<p class=\"loc\">" + xml_escape(format_location(study.id_where)) +
               (study.appraised ? "" : " (skipped: its coding has errors)") + "</p>\n";
        if (study.coding) out += coding_record(*study.coding);
        if (!study.problems.empty()) {
            out += "<ul class=\"findings\">";
            for (const auto& p : study.problems)
                out += "<li><span class=\"sev-" + std::string(sdk::to_string(p.level)) + "\">" +
                       std::string(sdk::to_string(p.level)) + "</span> " + message_html(p.message) + " <code>[" +
                       xml_escape(p.code) + "]</code><br><span class=\"loc\">" + xml_escape(format_location(p.where)) +
                       "</span>" + (p.hint.empty() ? "" : "<br>hint: " + xml_escape(p.hint)) + "</li>";
            out += "</ul>\n";
        }
        if (study.appraised)
            for (std::size_t k = 0; k < study.appraisals.size(); ++k)
                render_appraisal(out, study.appraisals[k], recorded_of(study, k), lines);
        out += "</section>\n";
    }

    void render_appraisal(std::string& out, const sdk::appraisal& a, const recorded_mark* recorded,
                          line_cache& lines) const {
        const auto* key = find_key(a.rubric);
        // A recorded judgement is marked beside every chip, its origin in the tooltip.
        const std::string mark = recorded == nullptr ? std::string()
                                                     : " <span class=\"recorded\" title=\"" +
                                                           xml_escape(recorded_rationale(recorded->source)) + "\">" +
                                                           recorded_marker + "</span>";
        out += "<details open><summary><strong>" + xml_escape(a.rubric) + "</strong> " + xml_escape(a.rubric_version) +
               (a.label.empty() ? "" : " — " + xml_escape(a.label));
        const bool overall_open = !a.overall_not_assessed.empty();
        if (overall_open)
            out += std::string(" — overall <span class=\"chip not-assessed\">") + not_assessed_name + "</span>";
        else if (a.overall)
            out += " — overall " + chip(*a.overall, key, *palette_);
        out += mark + "</summary>\n";
        if (!a.domains.empty() || a.overall || overall_open) {
            out +=
                "<table class=\"domains\"><thead><tr><th>Domain</th><th>Judgement</th><th>Answers and their "
                "support</th><th>Rationale</th></tr></thead>";
            for (const auto& d : a.domains) {
                out +=
                    "<tr><td>" + xml_escape(d.name) + support_block(d.support, d.direction) + "</td><td>" +
                    (d.not_assessed.empty() ? chip(d.judgement, key, *palette_) : not_assessed_chip(d.not_assessed)) +
                    mark + override_note(d.proposed, d.override_reason) + readings_note(d.alternatives) +
                    "</td><td class=\"answers\">";
                if (!d.answers.empty()) {
                    out += "<ul>";
                    for (const auto& ans : d.answers) out += answer_item(ans);
                    out += "</ul>";
                }
                out += "</td><td>" + xml_escape(d.rationale) + "</td></tr>";
            }
            if (a.overall || overall_open)
                out += "<tr><th>Overall" + support_block(a.overall_support, a.overall_direction) + "</th><td>" +
                       (overall_open ? not_assessed_chip(a.overall_not_assessed) : chip(*a.overall, key, *palette_)) +
                       mark + override_note(a.overall_proposed, a.overall_override_reason) + "</td><td></td><td>" +
                       xml_escape(a.overall_rationale) + "</td></tr>";
            out += "</table>\n";
        }
        if (!a.notes.empty()) out += "<p class=\"notes\"><strong>Notes:</strong> " + xml_escape(a.notes) + "</p>\n";
        if (!a.findings.empty()) {
            out += "<ul class=\"findings\">";
            for (const auto& f : a.findings) {
                const std::string level(sdk::to_string(f.level));
                out += "<li><span class=\"sev-" + level + "\">" + level + "</span> <span class=\"concern\">" +
                       std::string(sdk::to_string(f.concern)) + "</span> " + message_html(f.message) + " <code>[" +
                       xml_escape(f.id) + "]</code><br><span class=\"loc\">" + xml_escape(format_location(f.where)) +
                       "</span>";
                if (const std::string* line = coding_line(lines, f.where))
                    out +=
                        "<code class=\"line\">" + std::to_string(f.where.line) + " | " + xml_escape(*line) + "</code>";
                out += "</li>";
            }
            out += "</ul>\n";
        }
        out += "</details>\n";
    }

    // A disputed domain: what each reading of its algorithm gives.
    static std::string readings_note(const std::vector<sdk::alternative_judgement>& alternatives) {
        const std::string text = alternatives_text(alternatives);
        return text.empty() ? "" : "<br><span class=\"readings\">" + xml_escape(text) + "</span>";
    }

    static std::string override_note(const std::string& proposed, const std::string& reason) {
        // No proposal but a reason: the reviewer judged what the tool could not (not assessed).
        if (proposed.empty())
            return reason.empty()
                       ? ""
                       : "<br><span class=\"override\">judged by the reviewer: " + xml_escape(reason) + "</span>";
        return "<br><span class=\"override\">overridden; the algorithm gave " + xml_escape(title_word(proposed)) +
               (reason.empty() ? "" : ": " + xml_escape(reason)) + "</span>";
    }

    const judgement_key* find_key(const std::string& id) const {
        for (std::size_t r = 0; r < context_.rubrics.size(); ++r)
            if (context_.rubrics[r].id == id) return &keys_[r];
        return nullptr;
    }

    // The plot with each study's final label in place of its token.
    traffic_light labelled(traffic_light plot) const {
        for (auto& row : plot.rows) row = with_labels(row, labels_);
        return plot;
    }

    // Sections per rubric, the corpus's findings, and every study.
    void write_contents() {
        std::vector<toc_entry> entries{{"summary", "Corpus"}};
        for (const auto& rubric : context_.rubrics)
            entries.push_back(
                {"rubric-" + rubric.id, (rubric.name.empty() ? rubric.id : rubric.name) + " (" + rubric.id + ")"});
        entries.push_back({"findings", "Findings across the corpus"});
        std::vector<toc_entry> studies = contents_;
        for (auto& entry : studies) entry.text = with_labels(entry.text, labels_);
        entries.push_back({"studies", "Studies", std::move(studies)});
        out_ << table_of_contents_html(entries);
    }

    // Why a traffic-light cell is empty when it is empty on purpose.
    static std::string empty_cells_note(const sdk::rubric_description& rubric, const rubric_plots& data) {
        std::string columns;
        for (std::size_t d = 0; d < data.unrated().size(); ++d)
            if (data.unrated()[d] > 0) columns += (columns.empty() ? "D" : ", D") + std::to_string(d + 1);
        std::string out;
        if (!columns.empty())
            out += "<p class=\"plot-note\">An empty cell in " + columns +
                   " is a domain the rubric left out for that result because it does not apply there (a "
                   "category of another design, an item that applies only if something happened); the study's "
                   "section lists the domains it rated.</p>\n";
        const std::string name = xml_escape(rubric.name.empty() ? rubric.id : rubric.name);
        if (data.no_overall() == data.light().rows.size())
            out += "<p class=\"plot-note\">" + name +
                   " gives no overall judgement, so the Overall column and the Overall bar are empty.</p>\n";
        else if (data.no_overall() > 0)
            out += "<p class=\"plot-note\">" + std::to_string(data.no_overall()) +
                   (data.no_overall() == 1 ? " result has" : " results have") +
                   " no overall judgement: its Overall cell is empty.</p>\n";
        return out;
    }

    void write_summary(const run_summary& s) {
        out_ << "<section id=\"summary\">\n<h2>Corpus</h2>\n<table>"
             << "<tr><th>coding files</th><td class=\"n\">" << s.files << "</td></tr>"
             << "<tr><th>studies</th><td class=\"n\">" << s.studies << "</td></tr>"
             << "<tr><th>appraised</th><td class=\"n\">" << s.appraised << "</td></tr>"
             << "<tr><th>skipped (coding errors)</th><td class=\"n\">" << s.skipped << "</td></tr>"
             << "<tr><th>input errors / warnings</th><td class=\"n\">" << s.input_errors << " / " << s.input_warnings
             << "</td></tr><tr><th>findings (error / warning / info)</th><td class=\"n\">" << s.findings[2] << " / "
             << s.findings[1] << " / " << s.findings[0] << "</td></tr>";
        if (!s.screened_out.empty()) {
            out_ << "<tr><th>" << screening_mark_words << "</th><td>";
            for (std::size_t i = 0; i < s.screened_out.size(); ++i)
                out_ << (i == 0 ? "" : ", ") << xml_escape(s.screened_out[i]);
            out_ << "</td></tr>";
        }
        out_ << "</table>\n";
        if (!context_.rubrics.empty()) {
            out_ << "<table><tr><th>rubric</th><th>version</th><th>studies assessed</th><th>results</th></tr>";
            for (std::size_t r = 0; r < context_.rubrics.size(); ++r)
                out_ << "<tr><td><a href=\"#rubric-" << xml_escape(context_.rubrics[r].id) << "\">"
                     << xml_escape(context_.rubrics[r].name.empty() ? context_.rubrics[r].id : context_.rubrics[r].name)
                     << "</a> (" << xml_escape(context_.rubrics[r].id) << ")</td><td>"
                     << xml_escape(context_.rubrics[r].version) << "</td><td class=\"n\">" << plots_[r].studies()
                     << "</td><td class=\"n\">" << plots_[r].light().rows.size() << "</td></tr>";
            out_ << "</table>\n";
        }
        out_ << "</section>\n";
    }

    void write_rubric(std::size_t r) {
        const auto& rubric = context_.rubrics[r];
        const auto& data = plots_[r];
        out_ << "<section class=\"rubric\" id=\"rubric-" << xml_escape(rubric.id) << "\">\n<h2>"
             << xml_escape(rubric.name.empty() ? rubric.id : rubric.name) << " (" << xml_escape(rubric.id) << ' '
             << xml_escape(rubric.version) << ")</h2>\n";
        if (data.light().rows.empty()) {
            out_ << "<p>No study was assessed with this rubric.</p>\n</section>\n";
            return;
        }
        out_ << "<p>" << data.light().rows.size() << (data.light().rows.size() == 1 ? " result" : " results") << " of "
             << data.studies() << (data.studies() == 1 ? " study" : " studies")
             << ".</p>\n<h3>Traffic-light plot</h3>\n"
             << key_legend_html(data.light().key, *palette_, data.extras())
             << traffic_light_svg(labelled(data.light()), *palette_, rows_per_page_panel) << '\n'
             << empty_cells_note(rubric, data) << "<dl class=\"key\">";
        for (std::size_t i = 0; i < rubric.domains.size(); ++i)
            out_ << "<dt>D" << i + 1 << "</dt><dd>" << xml_escape(rubric.domains[i].name) << "</dd>";
        out_ << "</dl>\n<h3>Summary plot</h3>\n<p>Share of "
             << (context_.weight_field.empty() ? "results"
                                               : "weight (`" + xml_escape(context_.weight_field) +
                                                     "`; a study with several results gives each its share)")
             << " with each judgement, per domain.</p>\n<div class=\"plot-block\">"
             << summary_bars_svg(data.bars(), *palette_) << "</div>\n";
        items_.write_html(out_, r, 3);  // a checklist's answers, item by item
        out_ << "</section>\n";
    }

    void write_prevalence() {
        out_ << "<section id=\"findings\">\n<h2>Findings across the corpus</h2>\n";
        bool any = false;
        for (std::size_t r = 0; r < context_.rubrics.size(); ++r) {
            const auto& data = plots_[r];
            if (data.findings().empty()) continue;
            any = true;
            std::vector<prevalence_row> rows;
            for (const auto& [id, row] : data.findings())
                rows.push_back({id, row.first, data.appraised_with(), row.second});
            std::stable_sort(rows.begin(), rows.end(),
                             [](const prevalence_row& a, const prevalence_row& b) { return a.count > b.count; });
            out_ << "<h3>" << xml_escape(context_.rubrics[r].id) << ": share of " << data.appraised_with()
                 << " appraised studies with each finding</h3>\n<div class=\"plot-block\">" << prevalence_svg(rows)
                 << "</div>\n";
        }
        if (!any) out_ << "<p>No findings.</p>\n";
        out_ << "</section>\n";
    }

    std::ostream& out_;
    report_context context_;
    const plot_palette* palette_ = nullptr;
    section_spool spool_;
    item_tables items_;
    std::vector<rubric_plots> plots_;
    std::vector<judgement_key> keys_;  // per rubric, for the chips (built before any study)
    std::vector<toc_entry> contents_;  // one per study, in corpus order
    study_labeller labels_;
};

}  // namespace

std::unique_ptr<report_writer> make_html_report(std::ostream& out, report_context context) {
    return std::make_unique<html_report>(out, std::move(context));
}

}  // namespace appraise
