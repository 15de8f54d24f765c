// The reads collector (see reads_collector.hpp).
#include "reads_collector.hpp"

#include <algorithm>
#include <cstddef>

namespace appraise::declarative {
namespace {

void collect(const expression& e, int i, const std::vector<expression>& definitions, std::vector<std::string>& reads,
             int depth) {
    if (i < 0 || depth > 64) return;
    const auto& n = e.nodes[static_cast<std::size_t>(i)];
    if (n.kind == op::field && std::find(reads.begin(), reads.end(), n.text) == reads.end()) reads.push_back(n.text);
    if (n.kind == op::definition && n.target >= 0) {
        const auto& def = definitions[static_cast<std::size_t>(n.target)];
        collect(def, def.root, definitions, reads, depth + 1);
    }
    for (int a : n.args) collect(e, a, definitions, reads, depth);
}

}  // namespace

void collect_reads(const expression& e, const std::vector<expression>& definitions, std::vector<std::string>& reads) {
    collect(e, e.root, definitions, reads, 0);
}

}  // namespace appraise::declarative
