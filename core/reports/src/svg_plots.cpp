#include "appraise/reports/svg_plots.hpp"

#include <algorithm>
#include <cmath>

#include "appraise/reports/font_metrics.hpp"
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

// Width of a label at the plots' 12px, whole pixels up.
int label_width_of(std::string_view text, bool bold = false) {
    return static_cast<int>(std::ceil(text_width(text, 12, bold)));
}

// A disputed judgement: a small dark diamond on the disc's upper right, with a
// white edge so it reads on every fill (and in grey-scale).
std::string disputed_marker(int cx, int cy, int r) {
    const int x = cx + r - 1;
    const int y = cy - r + 1;
    return "<path class=\"disputed\" d=\"M" + std::to_string(x) + " " + std::to_string(y - 4) +
           "l4 4-4 4-4-4z\" "
           "fill=\"#222\" stroke=\"#fff\" stroke-width=\"1\"/>";
}

std::string disc(int cx, int cy, int r, const std::string& fill) {
    return "<circle cx=\"" + std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\" r=\"" + std::to_string(r) +
           "\" fill=\"" + fill + "\" stroke=\"#555\" stroke-width=\"0.6\"/>";
}

std::string symbol_text(int cx, int cy, const std::string& symbol, const std::string& colour, int size) {
    if (symbol.empty()) return {};
    return "<text class=\"sym\" x=\"" + std::to_string(cx) + "\" y=\"" + std::to_string(cy + size / 3) +
           "\" text-anchor=\"middle\" font-size=\"" + std::to_string(size) + "\" font-weight=\"bold\" fill=\"" +
           colour + "\">" + symbol + "</text>";
}

// A mark's disc and symbol.
std::string mark_glyph(const key_mark& mark, const plot_palette& palette, int cx, int cy, int r) {
    return disc(cx, cy, r, mark_fill(mark, palette)) +
           symbol_text(cx, cy, level_symbol(mark.level), mark_symbol_colour(mark, palette), r * 15 / 9);
}

// "#RRGGBB" mixed with white: `amount` 0 keeps it, 1 is white.
std::string lighter(std::string_view hex, double amount) {
    if (hex.size() != 7 || hex[0] != '#') return std::string(hex);
    std::string out = "#";
    static constexpr const char* digits = "0123456789abcdef";
    for (std::size_t i = 1; i < 7; i += 2) {
        const int value = std::stoi(std::string(hex.substr(i, 2)), nullptr, 16);
        const int mixed = static_cast<int>(std::lround(value + (255 - value) * amount));
        out += digits[mixed / 16];
        out += digits[mixed % 16];
    }
    return out;
}

std::string svg_open(const char* css_class, int width, int height, const std::string& label) {
    return std::string("<svg class=\"") + css_class + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
           std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
           std::to_string(width) + " " + std::to_string(height) + "\" font-family=\"" + plot_font_family +
           "\" font-size=\"12\" role=\"img\" aria-label=\"" + xml_escape(label) + "\">";
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

std::string mark_fill(const key_mark& mark, const plot_palette& palette) {
    const char* fill = palette.fill[level_index(mark.level)];
    return mark.shade == 0 ? fill : lighter(fill, std::min(0.8, 0.45 * mark.shade));
}

std::string mark_symbol_colour(const key_mark& mark, const plot_palette& palette) {
    // A lighter shade is light whatever the rung: a dark symbol keeps its contrast.
    return mark.shade == 0 ? palette.symbol[level_index(mark.level)] : "#000000";
}

legend_extras extras_of(const traffic_light& plot) {
    legend_extras extras;
    for (const auto& row : plot.cells)
        for (const auto& c : row) {
            extras.not_assessed = extras.not_assessed || c.not_assessed;
            extras.disputed = extras.disputed || c.disputed;
        }
    return extras;
}

svg_body traffic_light_body(const traffic_light& plot, const plot_palette& palette, std::size_t first,
                            std::size_t last) {
    int label_width = 60;
    for (const auto& row : plot.rows) label_width = std::max(label_width, label_width_of(row));
    const int columns = static_cast<int>(plot.columns.size());
    // A column is as wide as its header ("Overall" is wider than a disc), so headers never meet.
    std::vector<int> column_x;
    int x_end = label_width + pad * 2;
    for (const auto& column : plot.columns) {
        column_x.push_back(x_end);
        x_end += std::max(cell, label_width_of(column, true) + 6);
    }
    column_x.push_back(x_end);
    const auto column_width = [&](int c) {
        return column_x[static_cast<std::size_t>(c) + 1] - column_x[static_cast<std::size_t>(c)];
    };
    const auto column_mid = [&](int c) { return column_x[static_cast<std::size_t>(c)] + column_width(c) / 2; };
    const int header = 28;
    last = std::min(last, plot.rows.size());
    first = std::min(first, last);
    svg_body body;
    body.width = x_end + pad;
    body.height = header + static_cast<int>(last - first) * cell + pad;
    std::string& out = body.content;
    const int x0 = label_width + pad * 2;
    if (plot.last_column_overall && columns > 0)
        out += "<rect x=\"" + std::to_string(column_x[static_cast<std::size_t>(columns - 1)]) + "\" y=\"0\" width=\"" +
               std::to_string(column_width(columns - 1)) + "\" height=\"" + std::to_string(body.height) +
               "\" fill=\"#e6e6e6\"/>";
    for (int c = 0; c < columns; ++c) {
        const auto ci = static_cast<std::size_t>(c);
        out += "<text class=\"col\" x=\"" + std::to_string(column_mid(c)) + "\" y=\"" + std::to_string(header - 8) +
               "\" text-anchor=\"middle\" font-weight=\"bold\"><title>" +
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
            if (r >= plot.cells.size() || ci >= plot.cells[r].size()) continue;
            const auto& at = plot.cells[r][ci];
            const int cx = column_mid(c);
            const std::string title = "<title>" + xml_escape(plot.rows[r] + ", " + plot.columns[ci] + ": ");
            if (at.not_assessed) {
                out += "<g>" + title + xml_escape(at.tooltip.empty() ? std::string(not_assessed_name) : at.tooltip) +
                       "</title>" + not_assessed_ring(cx, cy, radius) + "</g>";
                continue;
            }
            if (!at.mark || *at.mark >= plot.key.marks().size()) continue;
            const auto& mark = plot.key.marks()[*at.mark];
            out += "<g>" + title + xml_escape(at.tooltip.empty() ? mark.label : at.tooltip) + "</title>" +
                   mark_glyph(mark, palette, cx, cy, radius) +
                   (at.disputed ? disputed_marker(cx, cy, radius) : std::string()) + "</g>";
        }
    }
    return body;
}

std::string traffic_light_svg(const traffic_light& plot, const plot_palette& palette, std::size_t rows_per_block) {
    std::string out = "<div class=\"plot-wrap\">";
    rows_per_block = std::max<std::size_t>(rows_per_block, 1);
    for (std::size_t first = 0; first < plot.rows.size() || first == 0; first += rows_per_block) {
        const std::size_t last = std::min(plot.rows.size(), first + rows_per_block);
        const auto body = traffic_light_body(plot, palette, first, last);
        out += svg_open("traffic-light", body.width, body.height,
                        "traffic-light plot, studies " + std::to_string(first + 1) + " to " + std::to_string(last)) +
               body.content + "</svg>";
        if (plot.rows.empty()) break;
    }
    out += "</div>";
    return out;
}

svg_body summary_bars_body(const summary_bars& plot, const plot_palette& palette, int bar) {
    int label_width = 60;
    for (const auto& row : plot.rows) label_width = std::max(label_width, label_width_of(row));
    const int row_height = 26;
    const int x0 = label_width + pad * 2;
    const int axis = 22;
    svg_body body;
    body.width = x0 + bar + pad * 2;
    body.height = static_cast<int>(plot.rows.size()) * row_height + axis + pad;
    std::string& out = body.content;
    const auto& marks = plot.key.marks();
    for (std::size_t r = 0; r < plot.rows.size(); ++r) {
        const int y = static_cast<int>(r) * row_height + 4;
        out += "<text class=\"row\" x=\"" + std::to_string(label_width + pad) + "\" y=\"" +
               std::to_string(y + row_height / 2 + 2) + "\" text-anchor=\"end\"><title>" + xml_escape(plot.rows[r]) +
               "</title>" + xml_escape(plot.rows[r]) + "</text>";
        const std::vector<double> none;
        const auto& totals = r < plot.totals.size() ? plot.totals[r] : none;
        double total = 0;
        for (const double v : totals) total += v;
        const double unassessed = r < plot.not_assessed.size() ? plot.not_assessed[r] : 0;
        const double disputed = r < plot.disputed.size() ? plot.disputed[r] : 0;
        total += unassessed;
        // A disputed share is named in every tooltip of the row: it lies within the marks.
        const std::string disputed_note =
            disputed > 0 && total > 0 ? "; " + num(100.0 * disputed / total) + "% disputed (readings differ)" : "";
        double x = x0;
        for (std::size_t m = 0; m < totals.size() && m < marks.size(); ++m) {
            const double v = totals[m];
            if (v <= 0 || total <= 0) continue;
            const double w = bar * v / total;
            const std::string percent = num(100.0 * v / total) + "%";
            out += "<g><title>" + xml_escape(plot.rows[r]) + ": " + xml_escape(marks[m].label) + " " + percent +
                   disputed_note + "</title><rect x=\"" + num(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
                   num(w) + "\" height=\"" + std::to_string(row_height - 6) + "\" fill=\"" +
                   mark_fill(marks[m], palette) + "\" stroke=\"#555\" stroke-width=\"0.5\"/>";
            if (w >= 34)
                out += "<text class=\"pct\" x=\"" + num(x + w / 2) + "\" y=\"" +
                       std::to_string(y + row_height / 2 + 1) + "\" text-anchor=\"middle\" font-size=\"11\" fill=\"" +
                       mark_symbol_colour(marks[m], palette) + "\">" + level_symbol(marks[m].level) + " " +
                       num(std::round(100.0 * v / total)) + "%</text>";
            out += "</g>";
            x += w;
        }
        if (unassessed > 0 && total > 0) {
            // Part of the whole (a share of results), but no level: its own look and word.
            const double w = bar * unassessed / total;
            const std::string percent = num(100.0 * unassessed / total) + "%";
            out += "<g><title>" + xml_escape(plot.rows[r]) + ": " + not_assessed_name + " " + percent + disputed_note +
                   "</title><rect class=\"not-assessed\" x=\"" + num(x) + "\" y=\"" + std::to_string(y) +
                   "\" width=\"" + num(w) + "\" height=\"" + std::to_string(row_height - 6) + "\" fill=\"" +
                   not_assessed_fill + "\" " + not_assessed_stroke + "/>";
            if (w >= 34)
                out += "<text class=\"pct\" x=\"" + num(x + w / 2) + "\" y=\"" +
                       std::to_string(y + row_height / 2 + 1) + "\" text-anchor=\"middle\" font-size=\"11\" " +
                       "fill=\"#222\">" + num(std::round(100.0 * unassessed / total)) + "%</text>";
            out += "</g>";
        }
    }
    const int axis_y = static_cast<int>(plot.rows.size()) * row_height + 6;
    for (int tick = 0; tick <= 100; tick += 25) {
        const int x = x0 + bar * tick / 100;
        out += "<line x1=\"" + std::to_string(x) + "\" y1=\"" + std::to_string(axis_y) + "\" x2=\"" +
               std::to_string(x) + "\" y2=\"" + std::to_string(axis_y + 4) +
               "\" stroke=\"#555\"/><text class=\"tick\" x=\"" + std::to_string(x) + "\" y=\"" +
               std::to_string(axis_y + 15) + "\" text-anchor=\"middle\" font-size=\"11\">" + std::to_string(tick) +
               "%</text>";
    }
    return body;
}

std::string summary_bars_svg(const summary_bars& plot, const plot_palette& palette) {
    const auto body = summary_bars_body(plot, palette);
    return svg_open("summary-bars", body.width, body.height, "summary plot: share of judgements per domain") +
           body.content + "</svg>";
}

std::string prevalence_svg(const std::vector<prevalence_row>& rows) {
    static constexpr std::array<const char*, 3> severity_fill{"#6baed6", "#fd8d3c", "#cb181d"};
    int label_width = 80;
    for (const auto& row : rows) label_width = std::max(label_width, label_width_of(row.label));
    const int bar = 300;
    const int row_height = 20;
    const int x0 = label_width + pad * 2;
    const int width = x0 + bar + 110;
    const int height = static_cast<int>(rows.size()) * row_height + pad * 2;
    std::string out = svg_open("prevalence", width, height, "share of studies with each finding");
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

std::string legend_glyph_svg(const legend_entry& entry, const judgement_key& key, const plot_palette& palette, int cx,
                             int cy, int r) {
    switch (entry.type) {
        case legend_entry::kind::mark:
            return entry.mark < key.marks().size() ? mark_glyph(key.marks()[entry.mark], palette, cx, cy, r) : "";
        case legend_entry::kind::not_assessed:
            return not_assessed_ring(cx, cy, r);
        case legend_entry::kind::disputed:
            return disc(cx, cy, r, "#e6e6e6") + disputed_marker(cx, cy, r);
    }
    return "";
}

std::string key_legend_html(const judgement_key& key, const plot_palette& palette, legend_extras extras) {
    std::string out = "<ul class=\"legend\">";
    for (const auto& entry : legend_entries(key, extras)) {
        const char* css_class = entry.type == legend_entry::kind::not_assessed ? " class=\"not-assessed\""
                                : entry.type == legend_entry::kind::disputed   ? " class=\"disputed\""
                                                                               : "";
        out += std::string("<li") + css_class +
               "><svg width=\"22\" height=\"22\" viewBox=\"0 0 22 22\" aria-hidden=\"true\" font-family=\"" +
               plot_font_family + "\">" + legend_glyph_svg(entry, key, palette, 10, 12, 9) + "</svg> " +
               xml_escape(entry.label) + "</li>";
    }
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
svg text{font-family:'DejaVu Sans',Verdana,sans-serif;font-size:12px}svg text:not([fill]){fill:#222}svg text.sym{font-size:15px;font-weight:bold}
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
.recorded{font-size:.85em;border:1px dashed #777;border-radius:3px;padding:0 .3em;color:#333;cursor:help}
td,th,li{overflow-wrap:anywhere}
svg{max-width:100%;height:auto})";
}

}  // namespace appraise
