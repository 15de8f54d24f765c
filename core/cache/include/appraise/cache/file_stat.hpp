// What the cache trusts instead of reading a file again, as git's index
// does: while a file's size, modification and change times (in
// nanoseconds), inode and device are what they were when its digest was
// recorded, its bytes are taken to be the ones hashed then. Any write moves
// the change time (touch -d can set the modification time back, never the
// change time), a replaced file has another inode, and a copied corpus or a
// cache moved to another machine has other inodes or devices: each only
// means the file is hashed again.
//
// The one gap is a file written within the timestamp granularity of the
// moment it was hashed ("racily clean" in git): a second write in the same
// tick leaves every field as it was. So a stat is trusted only when both
// times are more than racy_margin_ns older than the run that recorded it
// began (before it read anything); a younger file is hashed on every run
// until one records it old enough.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace appraise {

struct file_stat {
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::int64_t inode = 0;
    std::int64_t device = 0;

    friend bool operator==(const file_stat&, const file_stat&) = default;
};

// Two seconds: the coarsest common timestamp granularity (FAT), and far more
// than the kernel's coarse clock lags the one read here.
inline constexpr std::int64_t racy_margin_ns = 2'000'000'000;

// stat(2) of `file` (symlinks followed, as reading it does); nullopt when it fails.
[[nodiscard]] std::optional<file_stat> stat_file(const std::filesystem::path& file);

// The same of a stat(2) or fstat(2) already taken.
[[nodiscard]] file_stat stat_of(const struct stat& st);

// The wall clock in nanoseconds since 1970, the timestamps' clock.
[[nodiscard]] std::int64_t wall_clock_ns();

// Whether `recorded`, taken by a run that began at `run_began_ns`, may stand
// for the file's bytes: both times older than the run by more than the margin.
[[nodiscard]] bool stat_is_settled(const file_stat& recorded, std::int64_t run_began_ns);

// A fixed 40-byte form for the cache, and back (nullopt: not such bytes).
[[nodiscard]] std::string encode_stat(const file_stat& stat);
[[nodiscard]] std::optional<file_stat> decode_stat(std::string_view bytes);
inline constexpr std::size_t encoded_stat_size = 40;

}  // namespace appraise
