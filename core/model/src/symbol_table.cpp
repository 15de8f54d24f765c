#include "appraise/model/symbol_table.hpp"

namespace appraise {

symbol symbol_table::intern(std::string_view text) {
    std::lock_guard lock(mutex_);
    return intern_locked(text);
}

symbol symbol_table::intern_locked(std::string_view text) {
    if (const auto known = numbers_.find(text); known != numbers_.end()) return known->second;
    const auto id = static_cast<symbol>(texts_.size());
    const std::string& kept = texts_.emplace_back(text);
    numbers_.emplace(kept, id);
    size_.store(texts_.size(), std::memory_order_release);  // counted once its text is there
    return id;
}

const std::string& symbol_table::text(symbol id) const {
    std::lock_guard lock(mutex_);
    return texts_.at(id);
}

std::size_t symbol_table::size() const {
    return size_.load(std::memory_order_acquire);
}

std::vector<std::string> symbol_table::texts_from(std::size_t first) const {
    std::lock_guard lock(mutex_);
    if (first >= texts_.size()) return {};
    return {texts_.begin() + static_cast<std::ptrdiff_t>(first), texts_.end()};
}

}  // namespace appraise
