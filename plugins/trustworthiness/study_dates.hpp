// Calendar dates of a coded study (TOML local dates, kept as "2018-03-01"
// text by the loader) as day numbers, for the checks that compare them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace trustworthiness {

// Days since 1970-01-01 of a "YYYY-MM-DD" date; nullopt for any other text.
[[nodiscard]] std::optional<std::int64_t> day_number(std::string_view date);

// Average length of a month in days (365.25 / 12), for rates per month.
inline constexpr double days_per_month = 30.4375;

}  // namespace trustworthiness
