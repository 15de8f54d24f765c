// Numbers as every message, report and cell writes them: one formatter (on
// fmt), locale-independent. format_number is the shortest text that reads
// back as the same double, with no decimal point for a whole number (85.0
// reads "85") and no sign on zero; the others round for display.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace appraise {

// 85.0 -> "85", 0.85 -> "0.85", 1e-7 -> "1e-07", -0.0 -> "0", NaN -> "nan".
[[nodiscard]] std::string format_number(double value);
[[nodiscard]] std::string format_number(std::int64_t value);

// Exactly `decimals` decimals, rounded to nearest: (0.5, 3) -> "0.500"; never "-0.000".
[[nodiscard]] std::string format_fixed(double value, int decimals);

// At most `decimals` decimals, trailing zeros dropped: (12.50, 1) -> "12.5", (12.0, 1) -> "12".
[[nodiscard]] std::string format_trimmed(double value, int decimals);

// Whole numbers (below 1e15) in full, others to `digits` significant digits
// as printf's %g writes them: (3, 3) -> "3", (1.0 / 3, 3) -> "0.333", (12345.6, 3) -> "1.23e+04".
[[nodiscard]] std::string format_significant(double value, int digits);

// `part` of `whole` in whole percent, rounded half up: (2, 3) -> "67%"; "0%" of nothing.
[[nodiscard]] std::string format_percent(std::size_t part, std::size_t whole);

}  // namespace appraise
