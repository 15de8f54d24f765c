#include "appraise/audit/audit_formats.hpp"

#include <algorithm>
#include <ostream>
#include <stdexcept>

#include "appraise/model/version.hpp"
#include "appraise/reports/print_layout.hpp"
#include "appraise/reports/svg_plots.hpp"
#include "appraise/text/csv_text.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/markdown_text.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

constexpr const char* all_label = "(all)";

// A share of the whole with three decimals ("0.333"), for spreadsheets.
std::string share(std::size_t part, std::size_t whole) {
    if (whole == 0) return "0";
    return format_fixed(static_cast<double>(part) / static_cast<double>(whole), 3);
}

std::size_t total(const std::map<std::string, std::size_t>& counts) {
    std::size_t n = 0;
    for (const auto& [word, count] : counts) n += count;
    return n;
}

std::size_t count_of(const std::map<std::string, std::size_t>& counts, const std::string& word) {
    const auto n = counts.find(word);
    return n == counts.end() ? 0 : n->second;
}

std::string rubric_of(const std::string& finding_id) {
    return finding_id.substr(0, finding_id.find('/'));
}

}  // namespace

const format_registry<audit_writer>& audit_formats() {
    // Only html has colours: the others take the palette and ignore it.
    static const format_registry<audit_writer> formats(
        "audit",
        {
            {"text", "finding prevalence and judgements per group, for the terminal",
             [](std::ostream& out, const corpus_audit& audit, const std::string&) { write_audit_text(out, audit); }},
            {"json", "the same as one JSON document",
             [](std::ostream& out, const corpus_audit& audit, const std::string&) { write_audit_json(out, audit); }},
            {"markdown", "tables per group for a review's appendix",
             [](std::ostream& out, const corpus_audit& audit, const std::string&) {
                 write_audit_markdown(out, audit);
             }},
            {"csv", "long CSV, one row per group and finding, and per group, rubric, domain and judgement",
             [](std::ostream& out, const corpus_audit& audit, const std::string&) { write_audit_csv(out, audit); }},
            {"html", "one self-contained page with prevalence charts and judgement distributions per group",
             write_audit_html},
        });
    return formats;
}

void write_audit(const std::string& format, std::ostream& out, const corpus_audit& audit, const std::string& palette) {
    audit_formats().writer(format)(out, audit, palette);
}

void write_audit_markdown(std::ostream& out, const corpus_audit& audit) {
    const auto& rows = audit.rows();
    const auto& groups = audit.group_sizes();
    out << "# Corpus audit\n\n"
        << audit.studies() << " appraised studies, " << rows.size() << " kinds of finding, grouped by "
        << markdown_code(audit.group_field()) << ". Made by " << tool_name << ' ' << tool_version
        << ".\n\n## Groups\n\n"
        << markdown_row({markdown_code(audit.group_field()), "Studies"}) << markdown_row({"---", "---:"});
    for (const auto& [group, size] : groups) out << markdown_row({markdown_cell(group), std::to_string(size)});
    out << "\n## Findings\n\n";
    if (rows.empty()) {
        out << "No findings.\n";
    } else {
        out << "Counts and shares are of the studies where each check applies. Where a rubric does not say per "
               "study how a check came out, it applies where the rubric appraised, and weakness, not reported and "
               "fine are \"-\". Group columns: studies with the finding of those in the group where it applies.\n\n"
            << audit_legend_text << '\n';
        if (const std::size_t hidden = audit.hidden_rows(); hidden != 0)
            out << hidden_rows_text(hidden) << ": `--all` shows them.\n\n";
        std::vector<std::string> header{"Finding", "Id",       "Severity",     "Concern", "Applies",
                                        "Found",   "Weakness", "Not reported", "Fine"};
        std::vector<std::string> rule{"---", "---", "---", "---", "---:", "---:", "---:", "---:", "---:"};
        for (const auto& [group, size] : groups) {
            header.push_back(markdown_cell(group) + " (n=" + std::to_string(size) + ")");
            rule.emplace_back("---:");
        }
        header.emplace_back("Which studies");
        rule.emplace_back("---");
        out << markdown_row(header) << markdown_row(rule);
        for (const auto& row : rows) {
            const check_counts& c = row.checks;
            const auto part = [&](const study_ids& ids) {
                return row.per_study ? count_share(ids.size(), c.applies.size()) : std::string("-");
            };
            std::vector<std::string> cells{markdown_cell(audit.finding_title(row.finding_id)),
                                           markdown_code(row.finding_id),
                                           std::string(sdk::to_string(row.level)),
                                           std::string(sdk::to_string(row.concern)),
                                           std::to_string(c.applies.size()),
                                           count_share(row.studies.size(), c.applies.size()),
                                           part(c.weakness),
                                           part(c.not_reported),
                                           part(c.fine)};
            for (const auto& [group, size] : groups) {
                const auto* in = studies_in(row, group);
                const std::size_t n = in == nullptr ? 0 : in->size();
                const std::size_t applies = checks_in(row, group).applies.size();
                cells.push_back(applies == 0 ? std::string("-")
                                             : std::to_string(n) + "/" + std::to_string(applies) + " (" +
                                                   format_percent(n, applies) + ")");
            }
            cells.push_back(markdown_cell(which_text(row.studies, ", ", audit.all_ids())));
            out << markdown_row(cells);
        }
    }
    for (const auto& r : audit.judgements()) {
        out << "\n## Judgements: " << markdown_cell(audit.rubric_title(r.rubric)) << " (" << markdown_code(r.rubric)
            << ") " << markdown_cell(r.version) << "\n\nCounted per appraised result.\n";
        const auto table = [&](const std::string& title, const std::string* group) {
            out << "\n### " << title << "\n\n";
            std::vector<std::string> header{"Domain"};
            std::vector<std::string> rule{"---"};
            for (const auto& word : r.scale) {
                header.push_back(markdown_cell(word));
                rule.emplace_back("---:");
            }
            out << markdown_row(header) << markdown_row(rule);
            for (const auto& row : r.rows) {
                const auto* counts = counts_in(row, group);
                if (counts == nullptr) continue;
                std::vector<std::string> cells{markdown_cell(row.domain)};
                for (const auto& word : r.scale) cells.push_back(std::to_string(count_of(*counts, word)));
                out << markdown_row(cells);
            }
        };
        table("All studies", nullptr);
        for (const auto& [group, size] : groups)
            if (judged_in(r, group)) table(markdown_cell(group_title(group, size)), &group);
    }
}

void write_audit_csv(std::ostream& out, const corpus_audit& audit) {
    const std::string stamp = std::string(tool_name) + " " + tool_version;
    const std::string& by = audit.group_field();
    out << csv_line({"kind", "group_by", "group", "group_studies", "rubric", "item", "value", "count", "share",
                     "studies", "tool",
                     // API 5, after the columns that were there: a finding's concern, empty for judgements
                     "concern",
                     // then where the check applies and how it came out there (empty: the rubric does
                     // not say per study, or a judgement row); `share` is of `applies` for findings
                     "applies", "weakness", "not_reported", "fine",
                     // then for people: the finding's title, or the rubric's name on judgement rows
                     "title"});
    const auto& rows = audit.rows();
    const auto finding_line = [&](const audit_row& row, const std::string& group, std::size_t group_size,
                                  const study_ids& found, const check_counts& c) {
        const auto part = [&](const study_ids& ids) {
            return row.per_study ? std::to_string(ids.size()) : std::string();
        };
        out << csv_line({"finding", by, group, std::to_string(group_size), rubric_of(row.finding_id), row.finding_id,
                         std::string(sdk::to_string(row.level)), std::to_string(found.size()),
                         share(found.size(), c.applies.size()), which_text(found, "; ", audit.all_ids()), stamp,
                         std::string(sdk::to_string(row.concern)), std::to_string(c.applies.size()), part(c.weakness),
                         part(c.not_reported), part(c.fine), audit.finding_title(row.finding_id)});
    };
    for (const auto& row : rows) finding_line(row, all_label, audit.studies(), row.studies, row.checks);
    for (const auto& [group, size] : audit.group_sizes())
        for (const auto& row : rows) {
            const auto* in = studies_in(row, group);
            if (in == nullptr) continue;
            finding_line(row, group, size, *in, checks_in(row, group));
        }
    for (const auto& r : audit.judgements()) {
        for (const auto& row : r.rows) {
            const auto emit = [&](const std::string& group, const std::string& group_size,
                                  const std::map<std::string, std::size_t>& counts) {
                const std::size_t whole = total(counts);
                for (const auto& word : r.scale) {
                    const std::size_t n = count_of(counts, word);
                    out << csv_line({"judgement", by, group, group_size, r.rubric, row.domain, word, std::to_string(n),
                                     share(n, whole), "", stamp, "", "", "", "", "", audit.rubric_title(r.rubric)});
                }
            };
            emit(all_label, std::to_string(audit.studies()), row.counts);
            for (const auto& [group, counts] : row.by_group)
                emit(group, std::to_string(audit.group_sizes().at(group)), counts);
        }
    }
}

void write_audit_html(std::ostream& out, const corpus_audit& audit, const std::string& palette_name) {
    const plot_palette* palette = find_palette(palette_name);
    if (palette == nullptr)
        throw std::invalid_argument("unknown palette \"" + palette_name + "\": use cochrane or colourblind");
    const std::string stamp = std::string(tool_name) + " " + tool_version;
    const auto& rows = audit.rows();
    const auto& groups = audit.group_sizes();
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "img-src data:\">\n<meta name=\"generator\" content=\""
        << stamp << "\">\n<title>Corpus audit</title>\n<style>\n"
        << report_css() << '\n'
        << print_css() << "\n</style>\n</head>\n<body>\n<header><h1>Corpus audit</h1>\n<p class=\"stamp\">"
        << audit.studies() << " appraised studies, grouped by <code>" << xml_escape(audit.group_field())
        << "</code>. Made by " << stamp << ".</p></header>\n<section id=\"groups\"><h2>Groups</h2>\n<table><tr><th>"
        << xml_escape(audit.group_field()) << "</th><th>studies</th></tr>";
    for (const auto& [group, size] : groups)
        out << "<tr><td>" << xml_escape(group) << "</td><td class=\"n\">" << size << "</td></tr>";
    out << "</table></section>\n<section id=\"findings\"><h2>Findings across the corpus</h2>\n";
    if (rows.empty()) {
        out << "<p>No findings.</p>\n";
    } else {
        std::vector<prevalence_row> bars;
        for (const auto& row : rows)
            bars.push_back({audit.finding_title(row.finding_id), row.studies.size(), row.checks.applies.size(),
                            static_cast<int>(row.level)});
        out << "<p>Shares are of the studies where each check applies; where a rubric does not say per study how a "
               "check came out, of the studies it appraised (weakness, not reported and fine are then shown as "
               "-).</p>\n<p class=\"legend\">"
            << xml_escape(audit_legend_text) << "</p>\n"
            << (audit.hidden_rows() == 0
                    ? std::string()
                    : "<p>" + hidden_rows_text(audit.hidden_rows()) + ": <code>--all</code> shows them.</p>\n")
            << "<div class=\"plot-block\">" << prevalence_svg(bars)
            << "</div>\n<h3>Where each check applies</h3>\n<div "
               "class=\"plot-block\"><table><tr><th>finding</th><th>id</th>"
               "<th>applies</th><th>found</th><th>weakness</th><th>not reported</th><th>fine</th></tr>";
        for (const auto& row : rows) {
            const check_counts& c = row.checks;
            const auto cell = [&](const study_ids& ids, bool known) {
                out << "<td class=\"n\" title=\"" << xml_escape(known ? which_text(ids, ", ", audit.all_ids()) : "")
                    << "\">" << (known ? count_share(ids.size(), c.applies.size()) : "-") << "</td>";
            };
            out << "<tr><td>" << xml_escape(audit.finding_title(row.finding_id)) << "</td><td><code>"
                << xml_escape(row.finding_id) << "</code></td><td class=\"n\">" << c.applies.size() << "</td>";
            cell(row.studies, true);
            cell(c.weakness, row.per_study);
            cell(c.not_reported, row.per_study);
            cell(c.fine, row.per_study);
            out << "</tr>";
        }
        out << "</table></div>\n<h3>By " << xml_escape(audit.group_field())
            << "</h3>\n<div class=\"plot-block\"><table><tr><th>finding</th>";
        for (const auto& [group, size] : groups) out << "<th>" << xml_escape(group) << " (n=" << size << ")</th>";
        out << "</tr>";
        for (const auto& row : rows) {
            out << "<tr><td title=\"" << xml_escape(row.finding_id) << "\">"
                << xml_escape(audit.finding_title(row.finding_id)) << "</td>";
            for (const auto& [group, size] : groups) {
                const auto* in = studies_in(row, group);
                const std::size_t n = in == nullptr ? 0 : in->size();
                const std::size_t applies = checks_in(row, group).applies.size();
                out << "<td class=\"n\" title=\""
                    << xml_escape(in == nullptr ? "" : which_text(*in, ", ", audit.all_ids())) << "\">";
                if (applies == 0)
                    out << "-";
                else
                    out << n << '/' << applies << " (" << format_percent(n, applies) << ")";
                out << "</td>";
            }
            out << "</tr>";
        }
        out << "</table></div>\n";
    }
    out << "</section>\n";
    for (const auto& r : audit.judgements()) {
        out << "<section class=\"rubric\"><h2>Judgements: " << xml_escape(audit.rubric_title(r.rubric)) << " (<code>"
            << xml_escape(r.rubric) << "</code>) " << xml_escape(r.version)
            << "</h2>\n<p>Share of appraised results with each judgement, per domain.</p>\n";
        // The scale holds every word seen; not assessed is a mark of its own, never a word of the key.
        std::vector<std::string> words = r.scale;
        const bool open_cells = std::erase(words, std::string(not_assessed_word)) > 0;
        const judgement_key key(words, r.rungs);
        out << key_legend_html(key, *palette, {open_cells, false});
        const auto plot = [&](const std::string& title, const std::string* group) {
            summary_bars bars;
            bars.key = key;
            for (const auto& row : r.rows) {
                const auto* counts = counts_in(row, group);
                if (counts == nullptr) continue;
                std::vector<double> totals;
                double open = 0;
                for (const auto& [word, n] : *counts) {
                    if (word == not_assessed_word) {  // its own bar part, never a rung of the scale
                        open += static_cast<double>(n);
                    } else if (const auto mark = bars.key.mark(word)) {
                        if (totals.size() <= *mark) totals.resize(*mark + 1, 0);
                        totals[*mark] += static_cast<double>(n);
                    }
                }
                bars.rows.push_back(row.domain);
                bars.totals.push_back(totals);
                bars.not_assessed.push_back(open);
            }
            if (bars.rows.empty()) return;
            out << "<h3>" << xml_escape(title) << "</h3>\n<div class=\"plot-block\">"
                << summary_bars_svg(bars, *palette) << "</div>\n";
        };
        plot("All studies", nullptr);
        for (const auto& [group, size] : groups) plot(group_title(group, size), &group);
        out << "</section>\n";
    }
    out << "<footer><p class=\"stamp\">" << stamp << "</p></footer>\n</body>\n</html>\n";
}

}  // namespace appraise
