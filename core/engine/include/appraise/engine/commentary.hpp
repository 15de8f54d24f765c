// Puts what the reviewer wrote beside each appraisal onto the rubric's
// results, so that no rubric has to read it: `notes`, the support and
// direction per domain (or overall), and the evidence of each coded answer.
// Checked here because only here are the rubric's domains known: support or
// direction for a domain the rubric does not have is an input error.
#pragma once

#include <vector>

#include "appraise/host/rubric_loading.hpp"
#include "appraise/input/evidence_reader.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// `appraisals` are what `rubrics` produced for `study`, in rubric order. A
// rubric's appraisal tables pair with its appraisals one to one when their
// counts match; a single table serves every appraisal of its rubric.
void attach_commentary(std::vector<sdk::appraisal>& appraisals, const sdk::study& study,
                       const study_commentary& commentary, const std::vector<rubric_instance>& rubrics,
                       diagnostics& problems);

}  // namespace appraise
