// LEB128 varints, as the id index and its spill file store numbers: seven
// bits a byte, low first. Private to core/input.
#pragma once

#include <cstddef>
#include <cstdint>

namespace appraise::varint {

// Writes `value` at `out` (at most 10 bytes); returns how many were written.
inline std::size_t put(char* out, std::uint64_t value) {
    std::size_t n = 0;
    while (value >= 0x80) {
        out[n++] = static_cast<char>((value & 0x7F) | 0x80);
        value >>= 7;
    }
    out[n++] = static_cast<char>(value);
    return n;
}

// Reads a varint from [in, end); false when it runs past the end.
inline bool get(const char*& in, const char* end, std::uint64_t& value) {
    value = 0;
    for (unsigned shift = 0; shift < 64 && in < end; shift += 7) {
        const auto byte = static_cast<unsigned char>(*in++);
        value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) return true;
    }
    return false;
}

}  // namespace appraise::varint
