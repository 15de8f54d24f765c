// Whether reported summary statistics are possible for integer data of the
// reported size: GRIM for means (Brown & Heathers 2017), GRIMMER for standard
// deviations (Anaya 2016), and the same granularity test for percentages (a
// percentage is the mean of 0/1 data). Rounding intervals are closed, so a
// value on a rounding boundary passes whichever way it was rounded.
#pragma once

#include <cstdint>

namespace trustworthiness {

enum class granularity { consistent, inconsistent, not_informative };

// Decimal places of a value as written, without trailing zeros (3.50 gives
// 1): used when outcomes.decimals is not coded; fewer decimals only widen the
// rounding interval, so it never makes a value look impossible.
[[nodiscard]] int written_decimals(double value);

// GRIM: a mean printed with `decimals` places, of `n` participants each
// scored as the mean of `items` integer items, needs an integer total within
// the rounding interval times n * items. Not informative when n * items is at
// least 10^decimals (every printed mean is then possible).
[[nodiscard]] granularity grim(double mean, int decimals, std::int64_t n, std::int64_t items);

// GRIMMER: for some GRIM-consistent total S, an integer sum of squares
// Q = (n - 1) * SD^2 + S^2 / n (SD of the participants' integer totals, the
// sample SD) inside the interval the rounded SD allows, with Q and S of the
// same parity. Needs n >= 2; inconsistent when the mean already fails GRIM.
[[nodiscard]] granularity grimmer(double mean, double sd, int decimals, std::int64_t n, std::int64_t items);

// Some count k of 0..n gives 100 k / n that rounds to `percent` at `decimals`.
[[nodiscard]] granularity percent_possible(double percent, int decimals, std::int64_t n);

}  // namespace trustworthiness
