// The width of text as DejaVu Sans draws it: the plots and figures name that
// font (a generic family with fixed metrics, Debian's fonts-dejavu-core), so
// labels are measured, not guessed, and nothing overlaps or is cut.
#pragma once

#include <string_view>

namespace appraise {

// Width in pixels of UTF-8 `text` at `font_size` pixels, regular or bold.
// Kerning is not applied (DejaVu's kerning only narrows text).
[[nodiscard]] double text_width(std::string_view text, double font_size, bool bold = false);

}  // namespace appraise
