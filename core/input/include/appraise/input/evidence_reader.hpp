// Format 1.1's evidence, read out of a study's table before anything else
// sees it (docs/study-format.md, "Evidence"):
//  - a value written as a wrapper, `{ value = ..., support = "...", at = "...",
//    source = "..." }`, becomes the plain value with the evidence attached
//    (sdk::node::evidence), so the codebook checks and every rubric read it
//    exactly as the plain form;
//  - `notes`, `[appraisal.<id>.support]` and `[appraisal.<id>.direction]` are
//    taken out of each appraisal table (or element of an array of them), so
//    no rubric has to know them; the engine puts them on its results.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// One entry of [appraisal.<id>.support] or [appraisal.<id>.direction]: a
// domain id (or `overall`) and its text.
struct commentary_entry {
    std::string key;
    std::string text;
    sdk::source_location where;
};

// What a reviewer wrote beside one appraisal (one table, or one element of
// [[appraisal.<id>]]).
struct appraisal_commentary {
    std::string notes;
    sdk::source_location notes_where;
    std::vector<commentary_entry> support;
    std::vector<commentary_entry> direction;  // words of bias_directions(), checked here
    // `weight`: this result's weight in the synthesis (a meta-analysis weight,
    // or its size), used by `appraise grade` before the review's weight source.
    std::optional<double> weight;
    sdk::source_location weight_where;
    [[nodiscard]] bool empty() const { return notes.empty() && support.empty() && direction.empty() && !weight; }
};

// Per rubric id, one entry per appraisal table in the order written.
using study_commentary = std::map<std::string, std::vector<appraisal_commentary>, std::less<>>;

// Removes notes, support, direction and weight from every [appraisal.<id>] table of
// `study` and returns them. Problems (not a string, a direction off the list)
// are added to `problems`.
[[nodiscard]] study_commentary take_commentary(sdk::node& study, diagnostics& problems);

// Replaces every wrapper below `study` (outside [custom], which is never
// checked) by its value and evidence. `consensus_corpus`: whether `resolved`
// belongs here (outside a consensus corpus it is a warning). Returns how many
// values were unwrapped: none, and no value of the study carries evidence.
std::size_t unwrap_evidence(sdk::node& study, diagnostics& problems, bool consensus_corpus);

}  // namespace appraise
