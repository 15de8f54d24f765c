// `appraise agree --consensus OUT`: a third corpus, in coder A's file layout,
// where every value both coders gave alike is kept and every disagreement is
// an unresolved-disagreement mark (consensus_marker.hpp) holding both values
// and where each was written. Reconciliation happens in a text editor; the
// result is appraised like any corpus, and `appraise check` lists the marks
// still left.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "appraise/agreement/agreement.hpp"
#include "appraise/model/diagnostic.hpp"

namespace appraise {

// Marks per level: facts, answers, judgements (an override under
// [appraisal.<id>.override] settles a judgement).
using marks_per_level = std::array<std::size_t, 3>;

struct consensus_summary {
    std::vector<std::string> files;  // written, relative to OUT, in order
    std::size_t studies = 0;
    std::size_t marks = 0;        // disagreements left to resolve
    marks_per_level marked = {};  // the same per level, as the marker file records them
};

// One study merged: A's tree with every disagreement with `b` marked; a null
// `b` (a study coder B does not have) marks only the study's `id`. Values
// keep their evidence; write_consensus also puts back each appraisal's
// notes, support and direction, with coder B's differing texts as comments.
[[nodiscard]] sdk::node merge_study(const sdk::node& a, const sdk::node* b, std::size_t& marks);

// Writes the consensus corpus below `out`, which must not exist or be an
// empty folder. `config` (A's appraise.toml, if any) is copied beside the
// studies with its plugin and rubric folders made absolute, so OUT is
// appraised with the same rubrics. Problems (an occupied OUT, a file that
// cannot be written) are appended to `problems`; nothing is half-written.
[[nodiscard]] consensus_summary write_consensus(const coded_corpus& a, const coded_corpus& b,
                                                const std::filesystem::path& out,
                                                const std::optional<std::filesystem::path>& config,
                                                diagnostics& problems);

}  // namespace appraise
