// The key that names a text in the JSON report's text catalogue
// (`--messages catalogue`, json_catalogue.hpp): the first 128 bits of the
// text's SHA-256 in base64url, 22 characters. A content hash, so a key does
// not depend on which worker thread rendered the text or in what order; a
// cryptographic one because report texts carry coded values (outcome ids,
// numbers) from whoever wrote the corpus, and two texts must not be made to
// share a key (128 bits: 2^64 work for a chosen pair). SHA-256 is OpenSSL's
// libcrypto, which the cache already uses.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace appraise {

// The SHA-256 digest of `data` (FIPS 180-4).
[[nodiscard]] std::array<std::uint8_t, 32> sha256_digest(std::string_view data);

// The key's 16 bytes: the digest's first 16.
using content_key = std::array<std::uint8_t, 16>;
[[nodiscard]] content_key content_key_of(std::string_view text);

// base64url (RFC 4648 section 5) of the 16 bytes, without padding: 22 characters.
inline constexpr std::size_t content_key_chars = 22;
[[nodiscard]] std::string content_key_text(const content_key& key);

}  // namespace appraise
