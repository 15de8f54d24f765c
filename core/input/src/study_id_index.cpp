#include "appraise/input/study_id_index.hpp"

#include <cstring>
#include <functional>

namespace appraise {
namespace {

constexpr unsigned offset_bits = 20;
constexpr std::size_t chunk_bytes = std::size_t{1} << offset_bits;
constexpr std::size_t max_chunks = (std::size_t{1} << (32 - offset_bits)) - 1;  // chunk + 1 fits in 12 bits

std::size_t put_varint(char* out, std::uint64_t value) {
    std::size_t n = 0;
    while (value >= 0x80) {
        out[n++] = static_cast<char>((value & 0x7F) | 0x80);
        value >>= 7;
    }
    out[n++] = static_cast<char>(value);
    return n;
}

std::uint64_t get_varint(const char*& in) {
    std::uint64_t value = 0;
    for (unsigned shift = 0;; shift += 7) {
        const auto byte = static_cast<unsigned char>(*in++);
        value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) return value;
    }
}

}  // namespace

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
        const std::size_t size = std::max(chunk_bytes, needed);  // an id over 1 MiB gets a chunk of its own
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
        chunk_sizes_.push_back(size);
        used_ = 0;
    }
    char* const start = chunks_.back().get() + used_;
    char* out = start;
    out += put_varint(out, id.size());
    std::memcpy(out, id.data(), id.size());
    out += id.size();
    out += put_varint(out, place.file);
    out += put_varint(out, place.line);
    out += put_varint(out, place.column);
    const auto value = static_cast<std::uint32_t>((chunks_.size() << offset_bits) | used_);
    used_ += static_cast<std::size_t>(out - start);
    return value;
}

void study_id_index::grow() {
    std::vector<std::uint32_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (const std::uint32_t value : slots_) {
        if (value == 0) continue;
        std::size_t slot = std::hash<std::string_view>{}(decode(value).id) & mask;
        while (bigger[slot] != 0) slot = (slot + 1) & mask;
        bigger[slot] = value;
    }
    slots_ = std::move(bigger);
}

std::optional<first_place> study_id_index::insert(std::string_view id, first_place place) {
    // Load factor at most 2/3 keeps probes short.
    if ((in_slots_ + 1) * 3 > slots_.size() * 2) grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = std::hash<std::string_view>{}(id)&mask;
    while (slots_[slot] != 0) {
        const record existing = decode(slots_[slot]);
        if (existing.id == id) return existing.place;
        slot = (slot + 1) & mask;
    }
    if (!overflow_.empty()) {
        if (const auto found = overflow_.find(std::string(id)); found != overflow_.end()) return found->second;
    }
    if (const std::uint32_t value = append(id, place); value != 0) {
        slots_[slot] = value;
        ++in_slots_;
    } else {
        overflow_.emplace(std::string(id), place);
        overflow_bytes_ += id.size() + sizeof(first_place) + 64;
    }
    ++size_;
    return std::nullopt;
}

std::size_t study_id_index::bytes_held() const {
    std::size_t bytes = slots_.capacity() * sizeof(std::uint32_t) + overflow_bytes_;
    for (const std::size_t size : chunk_sizes_) bytes += size;
    return bytes;
}

}  // namespace appraise
