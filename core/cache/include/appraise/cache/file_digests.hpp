// The SHA-256 of the files a run's identity names (the appraise executable,
// each plugin library, rubric and configuration file), kept between runs in
// DIR/appraise-file-digests beside the cache, under the same rule as a study
// file's stat (file_stat.hpp): a digest is reused only while the file's size,
// times, inode and device are what they were when it was hashed and both
// times were then more than two seconds older than the hashing began. A
// rebuilt executable or plugin has another change time (or inode), so it is
// always hashed again. The memo is untrusted input like the cache: bounded,
// every length checked, and anything that does not decode is ignored whole.
#pragma once

#include <cstdint>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "appraise/cache/file_stat.hpp"

namespace appraise {

inline constexpr const char* file_digests_name = "appraise-file-digests";

class file_digests {
public:
    // An empty memo that is never saved (no --cache).
    file_digests() = default;
    // Reads `memo` when it is such a file; otherwise starts empty.
    explicit file_digests(std::filesystem::path memo);

    // Lower-case hex SHA-256 of `file`'s bytes; nullopt when it cannot be read or is over `limit`.
    [[nodiscard]] std::optional<std::string> digest(const std::filesystem::path& file, std::size_t limit);
    // How many digests were reused rather than computed.
    [[nodiscard]] std::size_t reused() const { return reused_; }

    // Writes the digests used by this run when one was computed (replacing
    // the file at once); a failure only means hashing again next run.
    void save() const;

    struct entry {
        file_stat stat;
        std::int64_t hashed_at_ns = 0;  // the wall clock before the file was stat'ed and read
        std::string digest;             // 64 hex characters
    };
    // The file's form, and back (nullopt: not such bytes).
    [[nodiscard]] static std::string encode(const std::map<std::string, entry>& entries);
    [[nodiscard]] static std::optional<std::map<std::string, entry>> decode(std::string_view bytes);

private:
    std::filesystem::path memo_;
    std::map<std::string, entry> kept_;  // read from the memo
    std::map<std::string, entry> used_;  // looked up by this run
    bool changed_ = false;
    std::size_t reused_ = 0;
};

}  // namespace appraise
