// SVG to PNG and PDF through librsvg and cairo (Debian's librsvg2 2.54): the
// one place the program links them, so the rest of the core does not.
// Fonts come from fontconfig: the figures name DejaVu Sans
// (fonts-dejavu-core), which the PDF embeds as a subset.
#pragma once

#include <string>
#include <vector>

#include "appraise/figures/figure.hpp"

namespace appraise {

// A PNG of the page at `dpi` pixels per inch (its width in pixels is
// width_mm / 25.4 * dpi, rounded), with a pHYs chunk saying that resolution.
// Throws std::runtime_error when librsvg cannot read the SVG.
[[nodiscard]] std::string render_png(const figure_page& page, double dpi);

// One PDF with a page per entry, each its own size. `created` (YYYY-MM-DD)
// is written as the document's creation date, so the file is the same
// whenever it is made from the same input.
[[nodiscard]] std::string render_pdf(const std::vector<figure_page>& pages, const std::string& creator,
                                     const std::string& created);

}  // namespace appraise
