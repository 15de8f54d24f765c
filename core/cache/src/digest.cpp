#include "appraise/cache/digest.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <stdexcept>

namespace appraise {

namespace {
EVP_MD_CTX* context_of(void* context) {
    return static_cast<EVP_MD_CTX*>(context);
}
}  // namespace

sha256::sha256() : context_(EVP_MD_CTX_new()) {
    if (context_ == nullptr || EVP_DigestInit_ex(context_of(context_), EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(context_of(context_));
        throw std::runtime_error("SHA-256 is not available from libcrypto");
    }
}

sha256::~sha256() {
    EVP_MD_CTX_free(context_of(context_));
}

sha256& sha256::add(std::string_view bytes) {
    EVP_DigestUpdate(context_of(context_), bytes.data(), bytes.size());
    return *this;
}

sha256& sha256::field(std::string_view bytes) {
    const std::uint64_t size = bytes.size();
    std::array<char, sizeof size> length{};
    for (std::size_t i = 0; i < sizeof size; ++i) length[i] = static_cast<char>((size >> (8 * i)) & 0xFFU);
    add({length.data(), length.size()});
    return add(bytes);
}

std::string sha256::binary() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_DigestFinal_ex(context_of(context_), digest.data(), &size);
    return {reinterpret_cast<const char*>(digest.data()), size};
}

std::string sha256::hex() {
    static constexpr std::string_view digits = "0123456789abcdef";
    std::string text;
    for (const char byte : binary()) {
        const auto value = static_cast<unsigned char>(byte);
        text += digits[value >> 4U];
        text += digits[value & 0xFU];
    }
    return text;
}

std::optional<std::string> read_bounded(const std::filesystem::path& file, std::size_t limit) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string bytes;
    // Not zeroed: read() fills what is hashed (zeroing 64 KiB a file was
    // more instructions than hashing a study file).
    std::array<char, 65536> buffer;  // NOLINT(cppcoreguidelines-pro-type-member-init)
    while (in) {
        in.read(buffer.data(), buffer.size());
        const auto got = static_cast<std::size_t>(in.gcount());
        if (bytes.size() + got > limit) return std::nullopt;
        bytes.append(buffer.data(), got);
    }
    if (in.bad()) return std::nullopt;
    return bytes;
}

std::optional<std::string> sha256_of_file(const std::filesystem::path& file, std::size_t limit) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    sha256 hash;
    std::size_t total = 0;
    // Not zeroed: read() fills what is hashed (zeroing 64 KiB a file was
    // more instructions than hashing a study file).
    std::array<char, 65536> buffer;  // NOLINT(cppcoreguidelines-pro-type-member-init)
    while (in) {
        in.read(buffer.data(), buffer.size());
        const auto got = static_cast<std::size_t>(in.gcount());
        total += got;
        if (total > limit) return std::nullopt;
        hash.add({buffer.data(), got});
    }
    if (in.bad()) return std::nullopt;
    return hash.binary();
}

}  // namespace appraise
