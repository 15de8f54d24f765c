// "Did you mean ...?": the nearest known word to a misspelt one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace appraise {

// Optimal-string-alignment edit distance (adjacent transpositions count 1).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a distance that scales with the word's length,
// or nullopt when nothing is close enough to be a plausible typo.
[[nodiscard]] std::optional<std::string> nearest(std::string_view word,
                                                 const std::vector<std::string>& candidates);

}  // namespace appraise
