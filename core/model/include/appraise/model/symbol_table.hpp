// Texts numbered once each: the rubric ids, finding ids, domain names and
// judgement words an audit meets in every study, so that it compares and
// looks up 4-byte numbers instead of strings (audit_digest.hpp), and an
// audit's cache keeps each text once for the whole cache, not once a file
// (result_cache::keep_symbols).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace appraise {

using symbol = std::uint32_t;

class symbol_table {
public:
    // The most symbols and bytes of text a table read from a cache may hold
    // (it is untrusted: more is refused, never loaded). A table made by a
    // run has no bound but memory: a group value is any text of the study.
    static constexpr std::size_t max_loaded_symbols = std::size_t{1} << 26;
    static constexpr std::size_t max_loaded_bytes = std::size_t{1} << 30;

    symbol_table() = default;
    symbol_table(const symbol_table&) = delete;
    symbol_table& operator=(const symbol_table&) = delete;
    symbol_table(symbol_table&&) = delete;
    symbol_table& operator=(symbol_table&&) = delete;
    ~symbol_table() = default;

    // The text's number, given a new one (the next) the first time. Thread-safe.
    symbol intern(std::string_view text);
    // Interns under one lock for as long as it lives: a file's few hundred
    // texts cost one lock, not one each.
    class batch {
    public:
        explicit batch(symbol_table& table) : table_(table), lock_(table.mutex_) {}
        symbol intern(std::string_view text) { return table_.intern_locked(text); }

    private:
        symbol_table& table_;
        std::lock_guard<std::mutex> lock_;
    };
    // The text of a number this table gave (a reference that stays valid). Thread-safe.
    [[nodiscard]] const std::string& text(symbol id) const;
    [[nodiscard]] std::size_t size() const;
    // Texts from `first` on, in number order (what a cache has not kept yet).
    [[nodiscard]] std::vector<std::string> texts_from(std::size_t first) const;

private:
    symbol intern_locked(std::string_view text);
    mutable std::mutex mutex_;
    std::deque<std::string> texts_;                         // a deque: references stay put as it grows
    std::unordered_map<std::string_view, symbol> numbers_;  // views of texts_
    // texts_.size(), read without the lock: the sink and the cache's checks
    // ask it once a file, while a worker holds the lock for a whole file's
    // texts (batch), so asking under it had the sink wait on the workers.
    std::atomic<std::size_t> size_{0};
};

}  // namespace appraise
