// Judgement words for people and for robvis: every rubric writes kebab-case
// words of its own scale ("some-concerns", "strong"); reports meant for people
// spell them out ("Some concerns"), and plots place each word on one shared
// ladder of risk so that colours and symbols mean the same thing for every
// rubric (robvis's Generic levels).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/robvis_templates.hpp"

namespace appraise {

// The rungs robvis colours: best to worst, then the two that are not ratings.
enum class risk_level { low, concerns, high, critical, no_information, not_applicable };
inline constexpr int risk_level_count = 6;

// "some-concerns" -> "Some concerns" (first letter upper case, hyphens as
// spaces, "cant" as "can't"); a few whole judgements are spelt out
// ("low-except-uncontrolled-confounding" -> "Low except for uncontrolled confounding").
[[nodiscard]] std::string title_word(std::string_view kebab);

// Where a judgement sits on the ladder. A word the rubric placed itself
// (`rungs`, parallel to the start of `scale`: "low", "concerns", ...) sits
// there; known words map by meaning; any other word of `scale` (best first) by
// its position among the rated words; a word outside the scale gives nullopt.
[[nodiscard]] std::optional<risk_level> level_of(std::string_view kebab, const std::vector<std::string>& scale,
                                                 const std::vector<std::string>& rungs);

// The word robvis reads for a judgement under `tool`: its own canonical,
// full, title-case spelling; nullopt when the template has no such word (the
// caller must not write a guess: robvis silently mis-maps unknown words).
[[nodiscard]] std::optional<std::string> robvis_word(const robvis_template_info& tool, std::string_view kebab,
                                                     const std::vector<std::string>& scale,
                                                     const std::vector<std::string>& rungs);

}  // namespace appraise
