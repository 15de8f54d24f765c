// `appraise import sheet --template`: a MAP with one column per field of
// the codebook (its header the field's path, with the type and allowed
// values in a comment) and the matching empty CSV sheet, so a review team
// can start a coding sheet that imports as it is.
#pragma once

#include <string>

namespace appraise {

// The MAP's text (TOML).
[[nodiscard]] std::string sheet_template_map();
// The sheet's header row (CSV, comma-separated, CRLF as RFC 4180 writes it).
[[nodiscard]] std::string sheet_template_csv();

}  // namespace appraise
