// The screening mark: when the configuration names a screening rubric
// (`screening = "<id>"` in appraise.toml), a study whose overall judgement by
// that rubric sits on the top rung of the shared ladder (critical, as ROBINS-I's
// Critical and the trustworthiness screen's serious-concerns do) is marked
// excluded from synthesis pending review. Core names no rubric: the rung
// comes from the rubric's own judgement_rungs.
#pragma once

#include <optional>

#include "appraise/model/study_result.hpp"

namespace appraise {

// The mark `screening`'s appraisals of `study` give it, or nullopt.
[[nodiscard]] std::optional<screening_mark> screening_mark_of(const study_result& study,
                                                              const sdk::rubric_description& screening);

// "excluded from synthesis pending review (trustworthiness: serious-concerns)"
[[nodiscard]] std::string screening_text(const screening_mark& mark);

}  // namespace appraise
