#include "appraise/input/study_id_index.hpp"

#include <functional>

namespace appraise {

std::string_view study_id_index::id_of(std::uint32_t index) const {
    const std::uint32_t start = records_[index].id_start;
    const std::uint32_t end =
        index + 1 < records_.size() ? records_[index + 1].id_start : static_cast<std::uint32_t>(ids_.size());
    return std::string_view(ids_).substr(start, end - start);
}

void study_id_index::grow() {
    std::vector<std::uint32_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::uint32_t i = 0; i < records_.size(); ++i) {
        std::size_t slot = std::hash<std::string_view>{}(id_of(i)) & mask;
        while (bigger[slot] != 0) slot = (slot + 1) & mask;
        bigger[slot] = i + 1;
    }
    slots_ = std::move(bigger);
}

std::optional<first_place> study_id_index::insert(std::string_view id, first_place place) {
    // Load factor at most 2/3 keeps probes short.
    if ((records_.size() + 1) * 3 > slots_.size() * 2) grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = std::hash<std::string_view>{}(id)&mask;
    while (slots_[slot] != 0) {
        const std::uint32_t existing = slots_[slot] - 1;
        if (id_of(existing) == id) return records_[existing].place;
        slot = (slot + 1) & mask;
    }
    records_.push_back({static_cast<std::uint32_t>(ids_.size()), place});
    ids_.append(id);
    slots_[slot] = static_cast<std::uint32_t>(records_.size());
    return std::nullopt;
}

}  // namespace appraise
