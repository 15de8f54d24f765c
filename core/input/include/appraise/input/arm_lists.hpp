// Lists coded one value per arm (sample.arms_analysed, design.clusters_per_arm,
// ...) must line up with sample.arms: a list one short or one long makes every
// per-arm figure a rubric computes from it (completion, attrition gaps, the
// single-cluster confound) refer to the wrong arm, so the loader refuses it
// rather than let a rubric guess.
#pragma once

#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// Adds coding/arm-count-mismatch for each per-arm list whose length is not the
// number of arms in sample.arms. An outcome's means are left alone: a report
// may give them for some arms only, paired with outcomes.n. Values of the wrong type are left to the type
// checks. Totals that do not add up (arms against sample.enrolled) can be the
// report's own inconsistency, so they are the trustworthiness rubric's
// findings, not coding errors.
void check_arm_lists(const sdk::node& study, diagnostics& out);

}  // namespace appraise
