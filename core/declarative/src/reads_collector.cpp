// The reads collector (see reads_collector.hpp).
#include "reads_collector.hpp"

#include <algorithm>
#include <cstddef>

namespace appraise::declarative {
namespace {

void add(const std::string& path, std::vector<std::string>& reads) {
    if (std::find(reads.begin(), reads.end(), path) == reads.end()) reads.push_back(path);
}

// In source order, as if each definition were written out where it is used:
// the first use of a field decides its place.
void collect(const expression& e, int i, const std::vector<definition>& definitions, std::vector<std::string>& reads) {
    if (i < 0) return;
    const auto& n = e.nodes[static_cast<std::size_t>(i)];
    if (n.kind == op::field) add(n.text, reads);
    if (n.kind == op::definition && n.target >= 0)
        for (const auto& path : definitions[static_cast<std::size_t>(n.target)].reads) add(path, reads);
    for (int a : n.args) collect(e, a, definitions, reads);
}

}  // namespace

void collect_reads(const expression& e, const std::vector<definition>& definitions, std::vector<std::string>& reads) {
    collect(e, e.root, definitions, reads);
}

}  // namespace appraise::declarative
