#include "appraise/reports/svg_plots.hpp"

#include <algorithm>
#include <cmath>

#include "appraise/text/escape.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

// robvis's colours (../shared/reference/robvis.md), in risk_level order; "not
// applicable" is always light grey. Symbols are dark on light discs.
const plot_palette cochrane{"cochrane",
                            {"#02C100", "#E2DF07", "#BF0000", "#820000", "#4EA1F7", "#cccccc"},
                            {"#000000", "#000000", "#ffffff", "#ffffff", "#000000", "#000000"}};
const plot_palette colourblind{"colourblind",
                               {"#fed98e", "#fe9929", "#d95f0e", "#993404", "#ffffff", "#cccccc"},
                               {"#000000", "#000000", "#000000", "#ffffff", "#000000", "#000000"}};

constexpr int cell = 24;  // traffic-light cell size
constexpr int radius = 9;
constexpr int pad = 8;

// Not assessed: white, a dashed ring, no symbol; distinct from every level in
// colour, in grey-scale and for colour-blind readers (NI has "?", NA is grey).
constexpr const char* not_assessed_fill = "#ffffff";
constexpr const char* not_assessed_stroke = "stroke=\"#555\" stroke-width=\"1.2\" stroke-dasharray=\"2.5 2\"";

std::string not_assessed_ring(int cx, int cy, int r) {
    return "<circle class=\"not-assessed\" cx=\"" + std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\" r=\"" +
           std::to_string(r) + "\" fill=\"" + not_assessed_fill + "\" " + not_assessed_stroke + "/>";
}

std::string num(double v) {
    return format_trimmed(v, 1);
}

std::size_t level_index(risk_level level) {
    return static_cast<std::size_t>(level);
}

}  // namespace

const plot_palette* find_palette(std::string_view name) {
    if (name == "cochrane") return &cochrane;
    if (name == "colourblind" || name == "colorblind") return &colourblind;
    return nullptr;
}

const char* level_symbol(risk_level level) {
    switch (level) {
        case risk_level::low:
            return "+";
        case risk_level::concerns:
            return "−";
        case risk_level::high:
            return "×";
        case risk_level::critical:
            return "!";
        case risk_level::no_information:
            return "?";
        case risk_level::not_applicable:
            return "";
    }
    return "";
}

int text_width(std::string_view text) {
    int width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            width += (c >= 'A' && c <= 'Z') || c == 'm' || c == 'w' ? 9 : 7;
            ++i;
        } else if (c >= 0xE0) {
            width += 13;  // CJK and other wide characters are three-byte sequences
            i += c >= 0xF0 ? 4 : 3;
        } else {
            width += 8;
            i += 2;
        }
    }
    return width;
}

std::string traffic_light_svg(const traffic_light& plot, const plot_palette& palette, std::size_t rows_per_block) {
    int label_width = 60;
    for (const auto& row : plot.rows) label_width = std::max(label_width, text_width(row));
    const int columns = static_cast<int>(plot.columns.size());
    // A column is as wide as its header ("Overall" is wider than a disc), so headers never meet.
    std::vector<int> column_x;
    int x_end = label_width + pad * 2;
    for (const auto& column : plot.columns) {
        column_x.push_back(x_end);
        x_end += std::max(cell, text_width(column) + 6);
    }
    column_x.push_back(x_end);
    const auto column_width = [&](int c) {
        return column_x[static_cast<std::size_t>(c) + 1] - column_x[static_cast<std::size_t>(c)];
    };
    const auto column_mid = [&](int c) { return column_x[static_cast<std::size_t>(c)] + column_width(c) / 2; };
    const int width = x_end + pad;
    const int header = 28;
    std::string out = "<div class=\"plot-wrap\">";
    rows_per_block = std::max<std::size_t>(rows_per_block, 1);
    for (std::size_t first = 0; first < plot.rows.size() || first == 0; first += rows_per_block) {
        const std::size_t last = std::min(plot.rows.size(), first + rows_per_block);
        const int rows = static_cast<int>(last - first);
        const int height = header + rows * cell + pad;
        out += "<svg class=\"traffic-light\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
               "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
               std::to_string(height) + "\" role=\"img\" aria-label=\"traffic-light plot, studies " +
               std::to_string(first + 1) + " to " + std::to_string(last) + "\">";
        const int x0 = label_width + pad * 2;
        if (plot.last_column_overall && columns > 0)
            out += "<rect x=\"" + std::to_string(column_x[static_cast<std::size_t>(columns - 1)]) +
                   "\" y=\"0\" width=\"" + std::to_string(column_width(columns - 1)) + "\" height=\"" +
                   std::to_string(height) + "\" fill=\"#e6e6e6\"/>";
        for (int c = 0; c < columns; ++c) {
            const auto ci = static_cast<std::size_t>(c);
            out += "<text class=\"col\" x=\"" + std::to_string(column_mid(c)) + "\" y=\"" + std::to_string(header - 8) +
                   "\" text-anchor=\"middle\"><title>" +
                   xml_escape(ci < plot.column_titles.size() ? plot.column_titles[ci] : plot.columns[ci]) + "</title>" +
                   xml_escape(plot.columns[ci]) + "</text>";
        }
        for (std::size_t r = first; r < last; ++r) {
            const int y = header + static_cast<int>(r - first) * cell;
            const int cy = y + cell / 2;
            if ((r - first) % 2 == 1)
                out += "<rect x=\"0\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(x0 - pad / 2) +
                       "\" height=\"" + std::to_string(cell) + "\" fill=\"#f4f4f4\"/>";
            out += "<text class=\"row\" x=\"" + std::to_string(label_width + pad) + "\" y=\"" + std::to_string(cy + 4) +
                   "\" text-anchor=\"end\"><title>" + xml_escape(plot.rows[r]) + "</title>" + xml_escape(plot.rows[r]) +
                   "</text>";
            for (int c = 0; c < columns; ++c) {
                const auto ci = static_cast<std::size_t>(c);
                const auto& level = plot.cells[r][ci];
                const std::string word = r < plot.words.size() && ci < plot.words[r].size() ? plot.words[r][ci] : "";
                if (r < plot.not_assessed.size() && ci < plot.not_assessed[r].size() && plot.not_assessed[r][ci]) {
                    out += "<g><title>" +
                           xml_escape(plot.rows[r] + ", " + plot.columns[ci] + ": " +
                                      (word.empty() ? std::string(not_assessed_name) : word)) +
                           "</title>" + not_assessed_ring(column_mid(c), cy, radius) + "</g>";
                    continue;
                }
                if (!level) continue;
                const int cx = column_mid(c);
                const auto li = level_index(*level);
                out += "<g><title>" +
                       xml_escape(plot.rows[r] + ", " + plot.columns[ci] + ": " +
                                  (word.empty() ? level_name(*level) : word)) +
                       "</title><circle cx=\"" + std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\" r=\"" +
                       std::to_string(radius) + "\" fill=\"" + palette.fill[li] +
                       "\" stroke=\"#555\" stroke-width=\"0.6\"/>";
                const std::string symbol = level_symbol(*level);
                if (!symbol.empty())
                    out += "<text class=\"sym\" x=\"" + std::to_string(cx) + "\" y=\"" + std::to_string(cy + 5) +
                           "\" text-anchor=\"middle\" fill=\"" + palette.symbol[li] + "\">" + symbol + "</text>";
                out += "</g>";
            }
        }
        out += "</svg>";
        if (plot.rows.empty()) break;
    }
    out += "</div>";
    return out;
}

std::string summary_bars_svg(const summary_bars& plot, const plot_palette& palette) {
    int label_width = 60;
    for (const auto& row : plot.rows) label_width = std::max(label_width, text_width(row));
    const int bar = 420;
    const int row_height = 26;
    const int x0 = label_width + pad * 2;
    const int width = x0 + bar + pad * 2;
    const int axis = 22;
    const int height = static_cast<int>(plot.rows.size()) * row_height + axis + pad;
    std::string out = "<svg class=\"summary-bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                      std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(height) +
                      "\" role=\"img\" aria-label=\"summary plot: share of judgements per domain\">";
    for (std::size_t r = 0; r < plot.rows.size(); ++r) {
        const int y = static_cast<int>(r) * row_height + 4;
        out += "<text class=\"row\" x=\"" + std::to_string(label_width + pad) + "\" y=\"" +
               std::to_string(y + row_height / 2 + 2) + "\" text-anchor=\"end\"><title>" + xml_escape(plot.rows[r]) +
               "</title>" + xml_escape(plot.rows[r]) + "</text>";
        double total = 0;
        for (const double v : plot.totals[r]) total += v;
        const double unassessed = r < plot.not_assessed.size() ? plot.not_assessed[r] : 0;
        total += unassessed;
        double x = x0;
        for (std::size_t l = 0; l < static_cast<std::size_t>(risk_level_count); ++l) {
            const double v = plot.totals[r][l];
            if (v <= 0 || total <= 0) continue;
            const double w = bar * v / total;
            const std::string percent = num(100.0 * v / total) + "%";
            out += "<g><title>" + xml_escape(plot.rows[r]) + ": " + level_name(static_cast<risk_level>(l)) + " " +
                   percent + "</title><rect x=\"" + num(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" + num(w) +
                   "\" height=\"" + std::to_string(row_height - 6) + "\" fill=\"" + palette.fill[l] +
                   "\" stroke=\"#555\" stroke-width=\"0.5\"/>";
            if (w >= 34)
                out += "<text class=\"pct\" x=\"" + num(x + w / 2) + "\" y=\"" +
                       std::to_string(y + row_height / 2 + 1) + "\" text-anchor=\"middle\" fill=\"" +
                       palette.symbol[l] + "\">" + level_symbol(static_cast<risk_level>(l)) + " " +
                       num(std::round(100.0 * v / total)) + "%</text>";
            out += "</g>";
            x += w;
        }
        if (unassessed > 0 && total > 0) {
            // Part of the whole (a share of results), but no level: its own look and word.
            const double w = bar * unassessed / total;
            const std::string percent = num(100.0 * unassessed / total) + "%";
            out += "<g><title>" + xml_escape(plot.rows[r]) + ": " + not_assessed_name + " " + percent +
                   "</title><rect class=\"not-assessed\" x=\"" + num(x) + "\" y=\"" + std::to_string(y) +
                   "\" width=\"" + num(w) + "\" height=\"" + std::to_string(row_height - 6) + "\" fill=\"" +
                   not_assessed_fill + "\" " + not_assessed_stroke + "/>";
            if (w >= 34)
                out += "<text class=\"pct\" x=\"" + num(x + w / 2) + "\" y=\"" +
                       std::to_string(y + row_height / 2 + 1) + "\" text-anchor=\"middle\" fill=\"#222\">" +
                       num(std::round(100.0 * unassessed / total)) + "%</text>";
            out += "</g>";
        }
    }
    const int axis_y = static_cast<int>(plot.rows.size()) * row_height + 6;
    for (int tick = 0; tick <= 100; tick += 25) {
        const int x = x0 + bar * tick / 100;
        out += "<line x1=\"" + std::to_string(x) + "\" y1=\"" + std::to_string(axis_y) + "\" x2=\"" +
               std::to_string(x) + "\" y2=\"" + std::to_string(axis_y + 4) +
               "\" stroke=\"#555\"/><text class=\"tick\" x=\"" + std::to_string(x) + "\" y=\"" +
               std::to_string(axis_y + 15) + "\" text-anchor=\"middle\">" + std::to_string(tick) + "%</text>";
    }
    out += "</svg>";
    return out;
}

std::string prevalence_svg(const std::vector<prevalence_row>& rows) {
    static constexpr std::array<const char*, 3> severity_fill{"#6baed6", "#fd8d3c", "#cb181d"};
    int label_width = 80;
    for (const auto& row : rows) label_width = std::max(label_width, text_width(row.label));
    const int bar = 300;
    const int row_height = 20;
    const int x0 = label_width + pad * 2;
    const int width = x0 + bar + 110;
    const int height = static_cast<int>(rows.size()) * row_height + pad * 2;
    std::string out = "<svg class=\"prevalence\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                      std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(height) +
                      "\" role=\"img\" aria-label=\"share of studies with each finding\">";
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto& row = rows[r];
        const int y = static_cast<int>(r) * row_height + pad;
        const double share = row.of == 0 ? 0 : static_cast<double>(row.count) / static_cast<double>(row.of);
        const auto fill = severity_fill[static_cast<std::size_t>(std::clamp(row.severity, 0, 2))];
        out += "<text class=\"row\" x=\"" + std::to_string(label_width + pad) + "\" y=\"" + std::to_string(y + 14) +
               "\" text-anchor=\"end\"><title>" + xml_escape(row.label) + "</title>" + xml_escape(row.label) +
               "</text><rect x=\"" + std::to_string(x0) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" +
               std::to_string(bar) + "\" height=\"" + std::to_string(row_height - 6) +
               "\" fill=\"#f0f0f0\"/><rect x=\"" + std::to_string(x0) + "\" y=\"" + std::to_string(y + 3) +
               "\" width=\"" + num(bar * share) + "\" height=\"" + std::to_string(row_height - 6) + "\" fill=\"" +
               fill + "\"><title>" + xml_escape(row.label) + ": " + std::to_string(row.count) + " of " +
               std::to_string(row.of) + "</title></rect><text class=\"tick\" x=\"" + std::to_string(x0 + bar + 6) +
               "\" y=\"" + std::to_string(y + 14) + "\">" + std::to_string(row.count) + "/" + std::to_string(row.of) +
               " (" + format_percent(row.count, row.of) + ")</text>";
    }
    out += "</svg>";
    return out;
}

std::string level_legend_html(const plot_palette& palette, bool not_assessed) {
    std::string out = "<ul class=\"legend\">";
    for (int l = 0; l < risk_level_count; ++l) {
        const auto level = static_cast<risk_level>(l);
        const auto li = static_cast<std::size_t>(l);
        out += std::string(
                   "<li><svg width=\"20\" height=\"20\" viewBox=\"0 0 20 20\" aria-hidden=\"true\"><circle cx=\"10\" "
                   "cy=\"10\" r=\"9\" fill=\"") +
               palette.fill[li] +
               "\" stroke=\"#555\" stroke-width=\"0.6\"/><text class=\"sym\" x=\"10\" y=\"15\" "
               "text-anchor=\"middle\" fill=\"" +
               palette.symbol[li] + "\">" + level_symbol(level) + "</text></svg> " + level_name(level) + "</li>";
    }
    if (not_assessed)
        out +=
            "<li class=\"not-assessed\"><svg width=\"20\" height=\"20\" viewBox=\"0 0 20 20\" aria-hidden=\"true\">" +
            not_assessed_ring(10, 10, 9) + "</svg> " + not_assessed_name + "</li>";
    return out + "</ul>";
}

const char* report_css() {
    return R"(body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0 auto;max-width:1200px;padding:1em 1.5em;color:#222;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.stamp{color:#666;font-size:.9em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
.plot-wrap{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start;max-height:80vh;overflow:auto;border:1px solid #eee;padding:.5em}
.plot-block{overflow-x:auto}
svg text{font-family:system-ui,sans-serif;font-size:12px}svg text:not([fill]){fill:#222}svg text.sym{font-size:15px;font-weight:bold}
svg text.col{font-weight:bold}svg text.pct{font-size:11px}svg text.tick{font-size:11px}svg text.tick:not([fill]){fill:#444}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1em}ul.legend li{display:flex;align-items:center;gap:.3em}
ul.legend li svg text.sym{font-size:14px}
dl.key{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}dl.key dt{font-weight:bold}dl.key dd{margin:0}
.chip{display:inline-block;border-radius:.8em;padding:0 .5em;border:1px solid #777;white-space:nowrap}
.prov{font-size:.8em;border-radius:.3em;padding:0 .3em;background:#eee}.prov-coded{background:#dbeafe}.prov-derived{background:#e5f5e0}.prov-proposed{background:#fff3cd}.prov-missing{background:#fde2e2}.prov-not-assessed{background:#fff;border:1px dashed #777}
.chip.not-assessed{background:#fff;border:1px dashed #555}.na-reason{color:#444;font-size:.9em}
q.quote{font-style:italic}.evidence{color:#333}.at,.src{color:#555;font-size:.9em}
.support{margin:.3em 0 0;font-size:.95em}.direction{margin:.2em 0 0;font-size:.9em;color:#333}p.notes{margin:.3em 0}
dl.coding{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em;margin:.3em 0}dl.coding dt{font-weight:bold}dl.coding dd{margin:0}
.sev-error{color:#b00;font-weight:bold}.sev-warning{color:#a55a00;font-weight:bold}.sev-info{color:#1f5f99;font-weight:bold}
ul.findings{padding-left:1.2em}ul.findings li{margin:.3em 0}
code.line{display:block;background:#f6f6f6;border-left:3px solid #ccc;padding:.1em .5em;white-space:pre-wrap;overflow-wrap:anywhere}
.loc{color:#555;font-family:ui-monospace,monospace;font-size:.9em}
section.study{border-top:1px solid #ddd;padding-top:.3em}details{margin:.4em 0}summary{cursor:pointer}
td.answers{min-width:20em}td.answers ul{margin:0;padding-left:1em}.override,.readings{color:#7a3e00}
td,th,li{overflow-wrap:anywhere}
svg{max-width:100%;height:auto})";
}

}  // namespace appraise
