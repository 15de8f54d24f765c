// Recorded judgements ([[recorded.<rubric-id>]], docs/study-format.md,
// "Recorded judgements"): judgements made elsewhere, read into the rubric's
// result by the host without calling the rubric. The rubric's description
// gives the domain ids and the judgement scale, so every key and word is
// checked against it here: an unknown domain or a word off the scale is an
// error at its value, with the nearest id or word.
#pragma once

#include <vector>

#include "appraise/host/rubric_loading.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/model/recorded_judgement.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// One recorded result, ready to join the study's appraisals.
struct recorded_result {
    sdk::appraisal appraisal;
    judgement_source source;
    sdk::source_location where;
};

// What a study records, per rubric of the run (same order as `rubrics`).
struct study_records {
    std::vector<std::vector<recorded_result>> results;
    // Per rubric: true when the study records judgements for it and answers
    // none of its questions, so the rubric is not called at all.
    std::vector<bool> recorded_only;
};

// Reads every [[recorded.<id>]] of `study` for the run's rubrics. A result
// that is both recorded and answered ([appraisal.<id>] with the same outcome
// and effect) is an error naming both places (coding/recorded-and-answered),
// and the recorded one is left out: the answers are computed as usual.
// Recorded tables of rubrics not in the run are not read.
[[nodiscard]] study_records read_recorded(const sdk::study& study, const std::vector<rubric_instance>& rubrics,
                                          diagnostics& problems);

// Puts each rubric's recorded results after its computed ones (rubric order
// kept) and notes each in `marks`.
void merge_recorded(std::vector<sdk::appraisal>& appraisals, study_records&& records,
                    const std::vector<rubric_instance>& rubrics, std::vector<recorded_mark>& marks);

}  // namespace appraise
