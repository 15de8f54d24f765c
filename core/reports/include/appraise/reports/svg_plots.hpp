// The plots of the HTML reports and figures as SVG: robvis-style traffic
// lights (a coloured disc AND a symbol per cell, so they read in grey-scale
// and for colour-blind readers), stacked summary bars per domain, and
// horizontal prevalence bars. Every word, colour and symbol comes from the
// rubric's judgement key (judgement_key.hpp), so each tool is drawn in its own
// words. Sizes follow from the data (labels measured in DejaVu Sans, row
// counts), so nothing overlaps; long tables are split into blocks that wrap.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/reports/judgement_key.hpp"

namespace appraise {

struct plot_palette {
    std::string name;
    std::array<const char*, risk_level_count> fill;    // by risk_level
    std::array<const char*, risk_level_count> symbol;  // symbol colour on that fill
};

// "cochrane" or "colourblind" (also "colorblind"); nullptr for any other name.
[[nodiscard]] const plot_palette* find_palette(std::string_view name);
// The symbol drawn for a level, as robvis draws it ("+", "−", "×", "!", "?", none).
[[nodiscard]] const char* level_symbol(risk_level level);
// The fill of a mark: its rung's colour, lighter for a later word on the same rung.
[[nodiscard]] std::string mark_fill(const key_mark& mark, const plot_palette& palette);
// The colour of the symbol on that fill.
[[nodiscard]] std::string mark_symbol_colour(const key_mark& mark, const plot_palette& palette);

// The font every plot names: DejaVu Sans, whose metrics font_metrics.hpp
// measures with, then look-alikes.
inline constexpr const char* plot_font_family = "'DejaVu Sans', Verdana, sans-serif";

// One cell of a traffic light.
struct plot_cell {
    std::optional<std::size_t> mark;  // index into the key's marks; nullopt: no judgement (blank)
    bool not_assessed = false;        // left not assessed: the dashed ring, never a colour
    bool disputed = false;            // the readings of its algorithm differ: a marker beside the disc
    std::string tooltip;              // the judgement in words, with a not-assessed reason or the readings
};

struct traffic_light {
    judgement_key key;
    std::vector<std::string> columns;           // short headers: D1..Dn, Overall
    std::vector<std::string> column_titles;     // full names, shown as tooltips and in the key
    std::vector<std::string> rows;              // study labels, in corpus order
    std::vector<std::vector<plot_cell>> cells;  // rows x columns
    bool last_column_overall = true;
};

// Whether any cell is not assessed or disputed: the legend then lists those marks.
[[nodiscard]] legend_extras extras_of(const traffic_light& plot);

// A plot's elements without the <svg> around them, and their size: the
// HTML report wraps each in an <svg>, a figure places several in one.
struct svg_body {
    std::string content;
    int width = 0;
    int height = 0;
};

// Rows [first, last) of a traffic light.
[[nodiscard]] svg_body traffic_light_body(const traffic_light& plot, const plot_palette& palette, std::size_t first,
                                          std::size_t last);
// One or more <svg> blocks of at most `rows_per_block` rows, in a wrapping container.
[[nodiscard]] std::string traffic_light_svg(const traffic_light& plot, const plot_palette& palette,
                                            std::size_t rows_per_block = 50);

struct summary_bars {
    judgement_key key;
    std::vector<std::string> rows;            // domain names, then Overall
    std::vector<std::vector<double>> totals;  // rows x key marks: weight (or count) per mark; may be short
    std::vector<double> not_assessed;         // per row, may be empty: weight not assessed, drawn after the marks
    std::vector<double> disputed;             // per row, may be empty: weight disputed (within its marks), in tooltips
};

// `bar` is the width of a whole bar (100%).
[[nodiscard]] svg_body summary_bars_body(const summary_bars& plot, const plot_palette& palette, int bar = 420);
[[nodiscard]] std::string summary_bars_svg(const summary_bars& plot, const plot_palette& palette);

struct prevalence_row {
    std::string label;  // a finding id
    std::size_t count = 0;
    std::size_t of = 0;
    int severity = 1;  // 0 info, 1 warning, 2 error
};

[[nodiscard]] std::string prevalence_svg(const std::vector<prevalence_row>& rows);

// The glyph of a legend entry centred at (cx, cy): a disc with its symbol,
// the not-assessed ring, or the disputed marker on a neutral disc.
[[nodiscard]] std::string legend_glyph_svg(const legend_entry& entry, const judgement_key& key,
                                           const plot_palette& palette, int cx, int cy, int r);

// The key of the traffic-light and summary colours as HTML: glyph and word per
// entry of legend_entries(key, extras).
[[nodiscard]] std::string key_legend_html(const judgement_key& key, const plot_palette& palette,
                                          legend_extras extras = {});

// The shared stylesheet of the HTML reports (no external resources).
[[nodiscard]] const char* report_css();

}  // namespace appraise
