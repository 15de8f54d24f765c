// The plots of the HTML reports as inline SVG: robvis-style traffic lights
// (a coloured disc AND a symbol per cell, so they read in grey-scale and for
// colour-blind readers), stacked summary bars per domain, and horizontal
// prevalence bars. Sizes follow from the data (label widths, row counts), so
// nothing overlaps; long tables are split into blocks that wrap.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/reports/judgement_words.hpp"

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

// Display width of text in pixels at the plots' 12px font (an estimate; wide
// East Asian characters count double).
[[nodiscard]] int text_width(std::string_view text);

struct traffic_light {
    std::vector<std::string> columns;                           // short headers: D1..Dn, Overall
    std::vector<std::string> column_titles;                     // full names, shown as tooltips and in the key
    std::vector<std::string> rows;                              // study labels, in corpus order
    std::vector<std::vector<std::optional<risk_level>>> cells;  // rows x columns; nullopt: no judgement
    std::vector<std::vector<std::string>> words;  // rows x columns: the judgement as written, for tooltips
    // rows x columns, may be empty: true where the reviewer left the domain (or
    // overall) not assessed; drawn with its own glyph, never a risk colour.
    std::vector<std::vector<bool>> not_assessed;
    bool last_column_overall = true;
};

// One or more <svg> blocks of at most `rows_per_block` rows, in a wrapping container.
[[nodiscard]] std::string traffic_light_svg(const traffic_light& plot, const plot_palette& palette,
                                            std::size_t rows_per_block = 50);

struct summary_bars {
    std::vector<std::string> rows;                             // domain names, then Overall
    std::vector<std::array<double, risk_level_count>> totals;  // weight (or count) per level
    std::vector<double> not_assessed;  // per row, may be empty: weight not assessed, drawn after the levels
};

[[nodiscard]] std::string summary_bars_svg(const summary_bars& plot, const plot_palette& palette);

struct prevalence_row {
    std::string label;  // a finding id
    std::size_t count = 0;
    std::size_t of = 0;
    int severity = 1;  // 0 info, 1 warning, 2 error
};

[[nodiscard]] std::string prevalence_svg(const std::vector<prevalence_row>& rows);

// The words and look of a domain the reviewer did not assess: a dashed
// ring on white with no symbol, outside the risk ladder and its colours.
inline constexpr const char* not_assessed_name = "Not assessed";

// The key of the traffic-light and summary colours: disc, symbol, word; with
// `not_assessed`, the not-assessed ring as its own entry.
[[nodiscard]] std::string level_legend_html(const plot_palette& palette, bool not_assessed = false);

// The shared stylesheet of the HTML reports (no external resources).
[[nodiscard]] const char* report_css();

}  // namespace appraise
