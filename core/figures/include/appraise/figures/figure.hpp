// A standalone figure for a paper (`appraise figure`): one rubric's traffic
// light or summary plot as a self-contained SVG with its title, the legend in
// the tool's own words, the domain key (D1 = full name), study labels and a
// small stamp, sized for a journal column. The plot itself is the HTML
// report's (rubric_plots, svg_plots); text is DejaVu Sans, measured with its
// own metrics. A traffic light too tall for a page is split into panels of
// rows, and panels that do not fit one page go on the next.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "appraise/reports/rubric_plots.hpp"

namespace appraise {

enum class figure_kind { traffic_light, summary };

inline constexpr double mm_per_inch = 25.4;
inline constexpr double css_px_per_inch = 96;
inline constexpr double single_column_mm = 85;   // a journal's single column
inline constexpr double double_column_mm = 175;  // its full width
inline constexpr double page_height_mm = 230;    // the tallest figure a printed page takes

struct figure_options {
    figure_kind kind = figure_kind::traffic_light;
    double width_mm = single_column_mm;
    // Rows of a traffic-light panel; 0: as many as fit the page height.
    std::size_t rows_per_panel = 0;
    double max_height_mm = page_height_mm;
    // The stamp's text ("appraise 0.1.0 · rob2 1.0.0 · 2026-12-02"); empty: no stamp.
    std::string stamp;
    std::string subtitle;   // under the title, e.g. the outcome or the weight; may be empty
    bool weighted = false;  // the summary's shares are of weight, not of results
};

struct figure_page {
    std::string svg;
    double width_mm = 0;
    double height_mm = 0;
};

// The pages of the figure, at least one. Throws std::invalid_argument when the
// plots have no result to draw.
[[nodiscard]] std::vector<figure_page> make_figure(const rubric_plots& plots, const plot_palette& palette,
                                                   const figure_options& options);

// "figure kind name" -> kind: "traffic-light" or "summary".
[[nodiscard]] bool parse_figure_kind(const std::string& name, figure_kind& kind);

// The date for a stamp, YYYY-MM-DD in UTC: from SOURCE_DATE_EPOCH when it is
// set (reproducible builds' convention, so a figure can be made byte for
// byte again), else today.
[[nodiscard]] std::string stamp_date();

}  // namespace appraise
