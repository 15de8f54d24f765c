#include "appraise/reports/screening.hpp"

#include "appraise/reports/judgement_words.hpp"

namespace appraise {

std::optional<screening_mark> screening_mark_of(const study_result& study, const sdk::rubric_description& screening) {
    for (const auto& a : study.appraisals) {
        if (a.rubric != screening.id || !a.overall || a.overall->empty()) continue;
        if (level_of(*a.overall, screening.judgement_scale, screening.judgement_rungs) == risk_level::critical)
            return screening_mark{a.rubric, *a.overall};
    }
    return std::nullopt;
}

std::string screening_text(const screening_mark& mark) {
    return std::string(screening_mark_words) + " (" + mark.rubric + ": " + mark.judgement + ")";
}

}  // namespace appraise
