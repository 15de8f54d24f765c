#include "appraise/input/study_id_index.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <functional>

#include "appraise/input/id_spill.hpp"
#include "appraise/model/log.hpp"
#include "varint.hpp"

namespace appraise {
namespace {

constexpr unsigned offset_bits = 20;
constexpr std::size_t chunk_bytes = std::size_t{1} << offset_bits;
constexpr std::size_t max_chunks = (std::size_t{1} << (32 - offset_bits)) - 1;  // chunk + 1 fits in 12 bits

// Records are written by this index itself, so they always hold whole varints.
std::uint64_t get_varint(const char*& in) {
    std::uint64_t value = 0;
    varint::get(in, in + 10, value);
    return value;
}

// A slot holds the hash's low 32 bits above the record's place; a slot is
// found from the low bits, so they are also all grow() needs (at most 2^32
// slots, as the places are 32 bits).
std::uint64_t slot_of(std::uint64_t hash, std::uint32_t place) {
    return (hash << 32) | place;
}
std::uint32_t place_of(std::uint64_t slot) {
    return static_cast<std::uint32_t>(slot);
}
std::uint64_t hash_bits_of(std::uint64_t slot) {
    return slot >> 32;
}

}  // namespace

study_id_index::study_id_index(id_index_limits limits) : limits_(limits) {}
study_id_index::study_id_index(study_id_index&&) noexcept = default;
study_id_index& study_id_index::operator=(study_id_index&&) noexcept = default;
study_id_index::~study_id_index() = default;

std::uint64_t study_id_index::hash_of(std::string_view id) const {
    return limits_.hash != nullptr ? limits_.hash(id) : std::hash<std::string_view>{}(id);
}

study_id_index::record study_id_index::decode(std::uint32_t slot_value) const {
    const std::size_t chunk = (slot_value >> offset_bits) - 1;
    const char* in = chunks_[chunk].get() + (slot_value & (chunk_bytes - 1));
    const auto length = static_cast<std::size_t>(get_varint(in));
    const std::string_view id(in, length);
    in += length;
    first_place place;
    place.file = static_cast<std::uint32_t>(get_varint(in));
    place.line = static_cast<std::uint32_t>(get_varint(in));
    place.column = static_cast<std::uint32_t>(get_varint(in));
    return {id, place};
}

std::uint32_t study_id_index::append(std::string_view id, first_place place) {
    const std::size_t needed = id.size() + std::size_t{40};  // four varints of at most 10 bytes
    // A record starts below 1 MiB in its chunk, so its offset fits in 20 bits.
    if (chunks_.empty() || used_ + needed > chunk_sizes_.back() || used_ >= chunk_bytes) {
        if (chunks_.size() == max_chunks) return 0;
        // An id over a chunk gets a chunk of its own.
        const std::size_t chunk = limits_.memory_bytes != 0 ? std::min(chunk_bytes, limits_.memory_bytes) : chunk_bytes;
        const std::size_t size = std::max(chunk, needed);
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
        chunk_sizes_.push_back(size);
        used_ = 0;
    }
    char* const start = chunks_.back().get() + used_;
    char* out = start;
    out += varint::put(out, id.size());
    std::memcpy(out, id.data(), id.size());
    out += id.size();
    out += varint::put(out, place.file);
    out += varint::put(out, place.line);
    out += varint::put(out, place.column);
    const auto value = static_cast<std::uint32_t>((chunks_.size() << offset_bits) | used_);
    used_ += static_cast<std::size_t>(out - start);
    record_bytes_ += static_cast<std::size_t>(out - start);
    return value;
}

void study_id_index::grow() {
    std::vector<std::uint64_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (const std::uint64_t value : slots_) {
        if (value == 0) continue;
        std::size_t slot = hash_bits_of(value) & mask;
        while (bigger[slot] != 0) slot = (slot + 1) & mask;
        bigger[slot] = value;
    }
    slots_ = std::move(bigger);
}

std::optional<first_place> study_id_index::insert(std::string_view id, first_place place) {
    const std::uint64_t hash = hash_of(id);
    if (!slots_.empty()) {
        const std::size_t mask = slots_.size() - 1;
        const std::uint64_t bits = hash & 0xffff'ffffU;
        for (std::size_t slot = hash & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
            if (hash_bits_of(slots_[slot]) != bits) continue;
            const record existing = decode(place_of(slots_[slot]));
            if (existing.id == id) return existing.place;
        }
    }
    if (!overflow_.empty()) {
        if (const auto found = overflow_.find(std::string(id)); found != overflow_.end()) return found->second;
    }
    if (spill_) {
        if (const auto found = spill_->find(hash, id)) return found;
    }
    const std::size_t needed = id.size() + std::size_t{40};
    if (limits_.memory_bytes != 0 && !spill_failed_ && in_slots_ > 0 && record_bytes_ + needed > limits_.memory_bytes)
        spill();
    // Load factor at most 2/3 keeps probes short.
    if ((in_slots_ + 1) * 3 > slots_.size() * 2) grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = hash & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    if (const std::uint32_t value = append(id, place); value != 0) {
        slots_[slot] = slot_of(hash, value);
        ++in_slots_;
    } else {
        overflow_.emplace(std::string(id), place);
        overflow_bytes_ += id.size() + sizeof(first_place) + 64;
    }
    ++size_;
    return std::nullopt;
}

bool study_id_index::spill() {
    if (!spill_) {
        spill_ = id_spill::open();
        if (!spill_) {
            spill_failed_ = true;
            logger("input").warn("no temporary file for the run's study ids; they are kept in memory");
            return false;
        }
    }
    // The slots in order of (hash, id): 12 bytes an id while the run is written.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
    order.reserve(in_slots_);
    for (const std::uint64_t value : slots_)
        if (value != 0) order.emplace_back(hash_of(decode(place_of(value)).id), place_of(value));
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : decode(a.second).id < decode(b.second).id;
    });
    try {
        spill_->add_run(order.size(), [&](std::size_t i) {
            const record r = decode(order[i].second);
            return spilled_id{order[i].first, r.id, r.place};
        });
    } catch (const std::exception& error) {
        spill_failed_ = true;
        logger("input").warn("could not write the run's study ids to a temporary file ({}); they are kept in memory",
                             error.what());
        return false;
    }
    chunks_.clear();
    chunk_sizes_.clear();
    used_ = 0;
    record_bytes_ = 0;
    slots_ = {};
    in_slots_ = 0;
    return true;
}

std::size_t study_id_index::spilled() const {
    return spill_ ? spill_->size() : 0;
}
std::size_t study_id_index::spilled_runs() const {
    return spill_ ? spill_->runs() : 0;
}

std::size_t study_id_index::bytes_held() const {
    std::size_t bytes = slots_.capacity() * sizeof(std::uint64_t) + overflow_bytes_;
    for (const std::size_t size : chunk_sizes_) bytes += size;
    if (spill_) bytes += spill_->bytes_held();
    return bytes;
}

}  // namespace appraise
