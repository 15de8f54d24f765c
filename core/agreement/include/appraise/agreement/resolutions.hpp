// `appraise agree --resolutions CONSENSUS`: how the disagreements marked in a
// consensus corpus were settled, per level, counted from the `resolved` key
// of each settled wrapper against the marks the consensus writer recorded in
// its marker file (consensus_marker.hpp). For the methods section of a review:
// a PRISMA-style sentence and a table.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "appraise/model/diagnostic.hpp"
#include "appraise/reports/format_registry.hpp"

namespace appraise {

// Ways in the order of resolution_ways(): discussion, third-reviewer, a, b.
struct level_resolutions {
    std::array<std::size_t, 4> by_way = {};
    std::size_t unresolved = 0;         // marks still in the files
    std::optional<std::size_t> marked;  // from the marker file; absent when it has no count
    [[nodiscard]] std::size_t settled() const { return by_way[0] + by_way[1] + by_way[2] + by_way[3]; }
};

struct resolution_report {
    std::string path;
    bool consensus = false;  // the marker file was found
    std::size_t studies = 0;
    std::array<level_resolutions, 3> levels;  // facts, answers, judgements
};

// Reads the consensus corpus at `path`. Problems (no marker file, unreadable
// files) are appended to `problems`.
[[nodiscard]] resolution_report count_resolutions(const std::string& path, diagnostics& problems);

// "Of 14 disagreements marked, 12 were settled: ..."
[[nodiscard]] std::string resolution_sentence(const resolution_report& report);

using resolution_writer = std::function<void(std::ostream& out, const resolution_report& report)>;
[[nodiscard]] const format_registry<resolution_writer>& resolution_formats();

}  // namespace appraise
