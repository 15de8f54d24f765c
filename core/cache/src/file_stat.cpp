#include "appraise/cache/file_stat.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <ctime>

namespace appraise {

namespace {
constexpr std::int64_t ns_per_second = 1'000'000'000;

std::int64_t ns_of(const timespec& at) {
    return static_cast<std::int64_t>(at.tv_sec) * ns_per_second + static_cast<std::int64_t>(at.tv_nsec);
}
}  // namespace

std::optional<file_stat> stat_file(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return std::nullopt;
    return stat_of(st);
}

file_stat stat_of(const struct stat& st) {
    file_stat out;
    out.size = static_cast<std::int64_t>(st.st_size);
    out.mtime_ns = ns_of(st.st_mtim);
    out.ctime_ns = ns_of(st.st_ctim);
    out.inode = static_cast<std::int64_t>(st.st_ino);
    out.device = static_cast<std::int64_t>(st.st_dev);
    return out;
}

std::int64_t wall_clock_ns() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return ns_of(now);
}

bool stat_is_settled(const file_stat& recorded, std::int64_t run_began_ns) {
    return std::max(recorded.mtime_ns, recorded.ctime_ns) < run_began_ns - racy_margin_ns;
}

// Into a buffer, then one string: a push_back a byte was 800 instructions a
// file of a warm run (its ticket encodes the stat of every file).
std::string encode_stat(const file_stat& stat) {
    std::array<char, encoded_stat_size> out{};
    std::size_t at = 0;
    for (const std::int64_t field : {stat.size, stat.mtime_ns, stat.ctime_ns, stat.inode, stat.device}) {
        const auto value = static_cast<std::uint64_t>(field);
        for (int i = 0; i < 8; ++i) out[at++] = static_cast<char>((value >> (8 * i)) & 0xFFU);
    }
    return {out.data(), out.size()};
}

std::optional<file_stat> decode_stat(std::string_view bytes) {
    if (bytes.size() != encoded_stat_size) return std::nullopt;
    std::array<std::int64_t, 5> fields{};
    for (std::size_t f = 0; f < fields.size(); ++f) {
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < 8; ++i)
            value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[f * 8 + i])) << (8 * i);
        fields[f] = static_cast<std::int64_t>(value);
    }
    return file_stat{fields[0], fields[1], fields[2], fields[3], fields[4]};
}

}  // namespace appraise
