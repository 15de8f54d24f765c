#include "appraise/model/rubric_registry.hpp"

#include <algorithm>

namespace appraise {

std::string_view to_string(rubric_kind kind) {
    return kind == rubric_kind::plugin ? "plugin" : "declarative";
}

void rubric_registry::add(rubric_entry entry) {
    if (const rubric_entry* existing = find(entry.description.id)) {
        fail(entry.origin, "rubric id `" + entry.description.id + "` is already provided by " + existing->origin +
                               "; the first one found is used");
        return;
    }
    entries_.push_back(std::move(entry));
}

void rubric_registry::fail(std::string origin, std::string reason) {
    failures_.push_back({std::move(origin), std::move(reason)});
}

const rubric_entry* rubric_registry::find(std::string_view id) const {
    const auto it =
        std::find_if(entries_.begin(), entries_.end(), [&](const rubric_entry& e) { return e.description.id == id; });
    return it == entries_.end() ? nullptr : &*it;
}

std::vector<std::string> rubric_registry::ids() const {
    std::vector<std::string> ids;
    for (const auto* entry : entries()) ids.push_back(entry->description.id);
    return ids;
}

std::vector<const rubric_entry*> rubric_registry::entries() const {
    std::vector<const rubric_entry*> sorted;
    for (const auto& entry : entries_) sorted.push_back(&entry);
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* a, const auto* b) { return a->description.id < b->description.id; });
    return sorted;
}

}  // namespace appraise
