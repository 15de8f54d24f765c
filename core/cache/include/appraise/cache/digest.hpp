// SHA-256 (OpenSSL's libcrypto): what names a study file's bytes and a run's
// identity in the cache. A cryptographic hash because the bytes come from
// whoever wrote the corpus: two files must not be made to share a result.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace appraise {

class sha256 {
public:
    sha256();
    sha256(const sha256&) = delete;
    sha256& operator=(const sha256&) = delete;
    ~sha256();

    sha256& add(std::string_view bytes);
    // A field of a composite key: its length first, so ("ab","c") differs from ("a","bc").
    sha256& field(std::string_view bytes);
    [[nodiscard]] std::string hex();     // lower-case, 64 characters; ends the hash
    [[nodiscard]] std::string binary();  // 32 bytes; ends the hash

private:
    void* context_;
};

// The file's bytes, read whole when it is at most `limit` bytes; nullopt when
// it cannot be read or is larger.
[[nodiscard]] std::optional<std::string> read_bounded(const std::filesystem::path& file, std::size_t limit);

// The SHA-256 (32 bytes) of the file's bytes, read in pieces (never held
// whole); nullopt when it cannot be read or is larger than `limit`.
[[nodiscard]] std::optional<std::string> sha256_of_file(const std::filesystem::path& file, std::size_t limit);

}  // namespace appraise
