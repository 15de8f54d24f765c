#include "appraise/figures/figure.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include "appraise/reports/font_metrics.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

constexpr double margin = 8;
constexpr double gap = 16;  // between panels, and between the parts of a page
constexpr double title_size = 14;
constexpr double subtitle_size = 11;
constexpr double legend_size = 11;
constexpr double key_size = 10;
constexpr double stamp_size = 8;
constexpr int legend_radius = 6;
// Rows of a traffic-light panel: its body is 28 (header) + 24 per row + 8.
constexpr double panel_header = 36;
constexpr double row_height = 24;

std::string num(double v) {
    return format_trimmed(v, 2);
}

double px_of_mm(double mm) {
    return mm / mm_per_inch * css_px_per_inch;
}

// Words of `text` in lines no wider than `width` (a word wider than that keeps a line of its own).
std::vector<std::string> wrap(const std::string& text, double size, bool bold, double width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find(' ', at), text.size());
        const std::string word = text.substr(at, end - at);
        at = end + 1;
        if (word.empty()) continue;
        const std::string longer = line.empty() ? word : line + " " + word;
        if (!line.empty() && text_width(longer, size, bold) > width) {
            lines.push_back(line);
            line = word;
        } else {
            line = longer;
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

std::string text_line(double x, double y, double size, const std::string& text, const char* extra = "") {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(size) + "\"" + extra + ">" +
           xml_escape(text) + "</text>";
}

// The parts above and below the plot, laid out for a width.
struct frame {
    std::string top;  // title, subtitle, legend
    double top_height = 0;
    std::vector<std::string> key_lines;  // "D1 = Randomisation process", wrapped
    double bottom_height = 0;            // key and stamp
};

frame make_frame(const std::string& title, const std::string& subtitle, const std::vector<legend_entry>& legend,
                 const judgement_key& key, const plot_palette& palette, const std::vector<std::string>& domain_key,
                 const std::string& stamp, double width) {
    frame f;
    const double inner = width - 2 * margin;
    double y = margin;
    for (const auto& line : wrap(title, title_size, true, inner)) {
        y += title_size + 3;
        f.top += text_line(margin, y, title_size, line, " font-weight=\"bold\"");
    }
    for (const auto& line : wrap(subtitle, subtitle_size, false, inner)) {
        y += subtitle_size + 3;
        f.top += text_line(margin, y, subtitle_size, line, " fill=\"#333\"");
    }
    // The legend: glyph and word per entry, in lines that wrap.
    y += 8;
    double x = margin;
    double line_top = y;
    const double line_height = 2.0 * legend_radius + 6;
    for (const auto& entry : legend) {
        const double entry_width = 2.0 * legend_radius + 5 + text_width(entry.label, legend_size) + 14;
        if (x > margin && x + entry_width - 14 > width - margin) {
            x = margin;
            line_top += line_height;
        }
        const int cx = static_cast<int>(std::lround(x + legend_radius));
        const int cy = static_cast<int>(std::lround(line_top + legend_radius + 1));
        f.top += legend_glyph_svg(entry, key, palette, cx, cy, legend_radius) +
                 text_line(x + 2.0 * legend_radius + 5, line_top + legend_radius + 1 + legend_size / 3, legend_size,
                           entry.label);
        x += entry_width;
    }
    f.top_height = line_top + line_height + 6;
    for (const auto& entry : domain_key)
        for (const auto& line : wrap(entry, key_size, false, inner)) f.key_lines.push_back(line);
    f.bottom_height = static_cast<double>(f.key_lines.size()) * (key_size + 3) + (f.key_lines.empty() ? 0 : 6) +
                      (stamp.empty() ? 0 : stamp_size + 8) + margin;
    return f;
}

std::string bottom(const frame& f, const std::string& stamp, double y, double width) {
    std::string out;
    for (const auto& line : f.key_lines) {
        y += key_size + 3;
        out += text_line(margin, y, key_size, line, " fill=\"#222\"");
    }
    if (!stamp.empty()) {
        y += (f.key_lines.empty() ? 0 : 6) + stamp_size + 6;
        out += text_line(width - margin, y, stamp_size, stamp, " fill=\"#666\" text-anchor=\"end\"");
    }
    return out;
}

figure_page page_svg(double width, double height, double scale, const std::string& aria, const std::string& content) {
    figure_page page;
    page.width_mm = width * scale / css_px_per_inch * mm_per_inch;
    page.height_mm = height * scale / css_px_per_inch * mm_per_inch;
    page.svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
               num(page.width_mm) + "mm\" height=\"" + num(page.height_mm) + "mm\" viewBox=\"0 0 " + num(width) + " " +
               num(height) + "\" font-family=\"" + plot_font_family + "\" font-size=\"12\" role=\"img\" aria-label=\"" +
               xml_escape(aria) + "\">\n<rect width=\"" + num(width) + "\" height=\"" + num(height) +
               "\" fill=\"#ffffff\"/>\n" + content + "\n</svg>\n";
    return page;
}

std::string placed(const svg_body& body, double x, double y) {
    return "<g transform=\"translate(" + num(x) + " " + num(y) + ")\">" + body.content + "</g>\n";
}

// The key: "D1 = name" for each domain drawn, then one line naming those left
// out because no result has a judgement there (a variant's domain, say).
std::vector<std::string> domain_key_of(const sdk::rubric_description& rubric, const std::vector<bool>& drawn) {
    std::vector<std::string> key;
    std::string left_out;
    for (std::size_t i = 0; i < rubric.domains.size(); ++i) {
        const std::string code = "D" + std::to_string(i + 1);
        if (i < drawn.size() && !drawn[i])
            left_out += (left_out.empty() ? "" : "; ") + code + " " + rubric.domains[i].name;
        else
            key.push_back(code + " = " + rubric.domains[i].name);
    }
    if (!left_out.empty()) key.push_back("Not drawn, no result judged there: " + left_out + ".");
    return key;
}

// Which columns of the traffic light have a cell to draw (domains, then Overall).
std::vector<bool> columns_with_cells(const traffic_light& light) {
    std::vector<bool> drawn(light.columns.size(), false);
    for (const auto& row : light.cells)
        for (std::size_t c = 0; c < row.size() && c < drawn.size(); ++c)
            if (row[c].mark || row[c].not_assessed) drawn[c] = true;
    return drawn;
}

// The traffic light without its empty columns: a figure has no unexplained blanks.
traffic_light without_empty_columns(const traffic_light& light, const std::vector<bool>& drawn) {
    traffic_light kept = light;
    kept.columns.clear();
    kept.column_titles.clear();
    for (auto& row : kept.cells) row.clear();
    for (std::size_t c = 0; c < light.columns.size(); ++c) {
        if (!drawn[c]) continue;
        kept.columns.push_back(light.columns[c]);
        kept.column_titles.push_back(c < light.column_titles.size() ? light.column_titles[c] : light.columns[c]);
        for (std::size_t r = 0; r < light.cells.size(); ++r)
            if (c < light.cells[r].size()) kept.cells[r].push_back(light.cells[r][c]);
    }
    kept.last_column_overall = light.last_column_overall && !drawn.empty() && drawn.back();
    return kept;
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::vector<figure_page> traffic_light_pages(const rubric_plots& plots, const plot_palette& palette,
                                             const figure_options& options) {
    const auto drawn = columns_with_cells(plots.light());
    const auto light = without_empty_columns(plots.light(), drawn);
    const auto& rubric = plots.rubric();
    const double target = px_of_mm(options.width_mm);
    const auto whole = traffic_light_body(light, palette, 0, light.rows.size());
    const double panel_width = whole.width;
    const double width = std::max(target, panel_width + 2 * margin);
    const double scale = target / width;
    const auto columns = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::floor((width - 2 * margin + gap) / (panel_width + gap))));
    const std::string subtitle = "Traffic-light plot: " + plural(light.rows.size(), "result", "results") + " of " +
                                 plural(plots.studies(), "study", "studies") +
                                 (options.subtitle.empty() ? "" : "; " + options.subtitle);
    const auto legend = legend_entries(light.key, plots.extras());
    const std::string title = rubric.name.empty() ? rubric.id : rubric.name;
    auto key = domain_key_of(rubric, drawn);
    // A blank cell in a drawn column is a domain the rubric leaves out for that
    // result (RoB 2's cluster domain for an individually randomised trial).
    std::string blanks;
    for (std::size_t d = 0; d < plots.unrated().size(); ++d)
        if (plots.unrated()[d] > 0 && d < drawn.size() && drawn[d])
            blanks += (blanks.empty() ? "D" : ", D") + std::to_string(d + 1);
    if (!blanks.empty()) key.push_back("A blank cell (" + blanks + "): the domain does not apply to that result.");
    const auto f = make_frame(title, subtitle, legend, light.key, palette, key, options.stamp, width);
    const double room = px_of_mm(options.max_height_mm) / scale - f.top_height - f.bottom_height;
    const std::size_t rows = light.rows.size();
    // Rows per panel: as asked, else as many as the page has room for (at least one).
    std::size_t per_panel = options.rows_per_panel;
    if (per_panel == 0) {
        per_panel = static_cast<std::size_t>(std::max(1.0, std::floor((room - panel_header) / row_height)));
        const std::size_t panels = (rows + per_panel - 1) / per_panel;
        if (panels > 1 && panels <= columns) per_panel = (rows + panels - 1) / panels;  // balanced, one page
    }
    const double panel_height = panel_header + static_cast<double>(per_panel) * row_height;
    const auto stacked =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::floor((room + gap) / (panel_height + gap))));
    const std::size_t panels = std::max<std::size_t>(1, (rows + per_panel - 1) / per_panel);
    const std::size_t per_page = columns * stacked;
    const std::size_t pages = (panels + per_page - 1) / per_page;
    std::vector<figure_page> out;
    for (std::size_t p = 0; p < pages; ++p) {
        std::string content = f.top;
        double tallest_stack = 0;
        const std::size_t first_panel = p * per_page;
        const std::size_t last_panel = std::min(panels, first_panel + per_page);
        for (std::size_t k = first_panel; k < last_panel; ++k) {
            const std::size_t slot = k - first_panel;
            const std::size_t column = slot / stacked;  // fill a column, then the next
            const std::size_t level = slot % stacked;
            const std::size_t first = k * per_panel;
            const std::size_t last = std::min(rows, first + per_panel);
            const auto body = traffic_light_body(light, palette, first, last);
            const double y = f.top_height + static_cast<double>(level) * (panel_height + gap);
            content += placed(body, margin + static_cast<double>(column) * (panel_width + gap), y);
            tallest_stack = std::max(tallest_stack, y + body.height - f.top_height);
        }
        const double height = f.top_height + tallest_stack + f.bottom_height;
        content += bottom(f, options.stamp, f.top_height + tallest_stack, width);
        out.push_back(page_svg(
            width, height, scale,
            title + ", traffic-light plot" +
                (pages > 1 ? ", page " + std::to_string(p + 1) + " of " + std::to_string(pages) : std::string()),
            content));
    }
    return out;
}

std::vector<figure_page> summary_pages(const rubric_plots& plots, const plot_palette& palette,
                                       const figure_options& options) {
    const auto& rubric = plots.rubric();
    const double target = px_of_mm(options.width_mm);
    // Rows with nothing in them (a category no study is in, an overall the rubric does not give) are left out.
    const summary_bars& all = plots.bars();
    summary_bars bars;
    bars.key = all.key;
    std::vector<bool> drawn;
    for (std::size_t r = 0; r < all.rows.size(); ++r) {
        double total = r < all.not_assessed.size() ? all.not_assessed[r] : 0;
        if (r < all.totals.size())
            for (const double v : all.totals[r]) total += v;
        drawn.push_back(total > 0);
        if (total <= 0) continue;
        bars.rows.push_back(all.rows[r]);
        bars.totals.push_back(r < all.totals.size() ? all.totals[r] : std::vector<double>{});
        bars.not_assessed.push_back(r < all.not_assessed.size() ? all.not_assessed[r] : 0);
        bars.disputed.push_back(r < all.disputed.size() ? all.disputed[r] : 0);
    }
    std::vector<std::size_t> domain_of;  // per drawn row: its domain's index (the last one Overall)
    for (std::size_t r = 0; r < drawn.size(); ++r)
        if (drawn[r]) domain_of.push_back(r);
    // Full domain names when they leave a bar of at least 160px; else D1..Dn and the key below.
    double label = 60;
    for (const auto& row : bars.rows) label = std::max(label, std::ceil(text_width(row, 12)));
    constexpr double least_bar = 160;
    const bool coded = label + 32 + least_bar > target - 2 * margin;
    if (coded) {
        for (std::size_t i = 0; i < bars.rows.size(); ++i)
            if (domain_of[i] + 1 < all.rows.size()) bars.rows[i] = "D" + std::to_string(domain_of[i] + 1);
        label = 60;
        for (const auto& row : bars.rows) label = std::max(label, std::ceil(text_width(row, 12)));
    }
    const int bar = static_cast<int>(std::clamp(target - 2 * margin - label - 32, least_bar, 420.0));
    const auto body = summary_bars_body(bars, palette, bar);
    const double width = std::max(target, body.width + 2 * margin);
    const double scale = target / width;
    const std::string what = "Summary plot: share of " + std::string(options.weighted ? "weight" : "results") +
                             " with each judgement, per domain (" +
                             plural(plots.light().rows.size(), "result", "results") + " of " +
                             plural(plots.studies(), "study", "studies") + ")";
    const std::string subtitle = what + (options.subtitle.empty() ? "" : "; " + options.subtitle);
    legend_extras extras = plots.extras();
    extras.disputed = false;  // the summary names disputed shares in tooltips, not with a mark
    const auto legend = legend_entries(bars.key, extras);
    const std::string title = rubric.name.empty() ? rubric.id : rubric.name;
    const auto f = make_frame(title, subtitle, legend, bars.key, palette,
                              coded ? domain_key_of(rubric, drawn) : std::vector<std::string>{}, options.stamp, width);
    std::string content = f.top + placed(body, margin, f.top_height);
    const double height = f.top_height + body.height + f.bottom_height;
    content += bottom(f, options.stamp, f.top_height + body.height, width);
    return {page_svg(width, height, scale, title + ", summary plot", content)};
}

}  // namespace

std::vector<figure_page> make_figure(const rubric_plots& plots, const plot_palette& palette,
                                     const figure_options& options) {
    if (plots.light().rows.empty())
        throw std::invalid_argument("no result of " + plots.rubric().id + " to draw: no study was assessed with it" +
                                    (plots.other_outcomes().empty() ? "" : " for this outcome"));
    if (options.width_mm <= 0) throw std::invalid_argument("the figure's width must be positive");
    return options.kind == figure_kind::traffic_light ? traffic_light_pages(plots, palette, options)
                                                      : summary_pages(plots, palette, options);
}

bool parse_figure_kind(const std::string& name, figure_kind& kind) {
    if (name == "traffic-light") {
        kind = figure_kind::traffic_light;
        return true;
    }
    if (name == "summary") {
        kind = figure_kind::summary;
        return true;
    }
    return false;
}

std::string stamp_date() {
    std::time_t when = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
        char* end = nullptr;
        const long long seconds = std::strtoll(epoch, &end, 10);
        if (end != nullptr && *end == '\0' && seconds >= 0) when = static_cast<std::time_t>(seconds);
    }
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
    return text;
}

}  // namespace appraise
