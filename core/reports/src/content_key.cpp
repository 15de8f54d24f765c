#include "appraise/reports/content_key.hpp"

#include <openssl/sha.h>

#include <cstring>

namespace appraise {

std::array<std::uint8_t, 32> sha256_digest(std::string_view data) {
    std::array<std::uint8_t, 32> digest{};
    static_assert(sizeof digest == SHA256_DIGEST_LENGTH);
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
    return digest;
}

content_key content_key_of(std::string_view text) {
    const auto digest = sha256_digest(text);
    content_key key{};
    std::memcpy(key.data(), digest.data(), key.size());
    return key;
}

std::string content_key_text(const content_key& key) {
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string text;
    text.reserve(content_key_chars);
    std::uint32_t bits = 0;
    int held = 0;
    for (const std::uint8_t byte : key) {
        bits = (bits << 8U) | byte;
        held += 8;
        while (held >= 6) {
            held -= 6;
            text += alphabet[(bits >> static_cast<unsigned>(held)) & 0x3FU];
        }
    }
    if (held > 0) text += alphabet[(bits << static_cast<unsigned>(6 - held)) & 0x3FU];
    return text;
}

}  // namespace appraise
