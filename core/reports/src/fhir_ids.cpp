#include "appraise/reports/fhir_ids.hpp"

#include <stdexcept>
#include <vector>

namespace appraise {
namespace {

constexpr std::uint32_t rotl(std::uint32_t x, int n) {
    return (x << n) | (x >> (32 - n));
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::array<std::uint8_t, 20> sha1(std::string_view data) {
    std::array<std::uint32_t, 5> h{0x67452301U, 0xEFCDAB89U, 0x98BADCFEU, 0x10325476U, 0xC3D2E1F0U};
    // The message, a 1 bit, zeros to 56 mod 64 bytes, then its length in bits, big-endian.
    std::vector<std::uint8_t> message(data.begin(), data.end());
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8U;
    message.push_back(0x80U);
    while (message.size() % 64 != 56) message.push_back(0);
    for (int shift = 56; shift >= 0; shift -= 8) message.push_back(static_cast<std::uint8_t>(bits >> shift));

    std::array<std::uint32_t, 80> w{};
    for (std::size_t block = 0; block < message.size(); block += 64) {
        for (std::size_t t = 0; t < 16; ++t) {
            const std::size_t i = block + 4 * t;
            w[t] = static_cast<std::uint32_t>(message[i]) << 24U | static_cast<std::uint32_t>(message[i + 1]) << 16U |
                   static_cast<std::uint32_t>(message[i + 2]) << 8U | static_cast<std::uint32_t>(message[i + 3]);
        }
        for (std::size_t t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        std::uint32_t a = h[0];
        std::uint32_t b = h[1];
        std::uint32_t c = h[2];
        std::uint32_t d = h[3];
        std::uint32_t e = h[4];
        for (std::size_t t = 0; t < 80; ++t) {
            std::uint32_t f = 0;
            std::uint32_t k = 0;
            if (t < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999U;
            } else if (t < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1U;
            } else if (t < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDCU;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6U;
            }
            const std::uint32_t next = rotl(a, 5) + f + e + k + w[t];
            e = d;
            d = c;
            c = rotl(b, 30);
            b = a;
            a = next;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }
    std::array<std::uint8_t, 20> digest{};
    for (std::size_t i = 0; i < 20; ++i) digest[i] = static_cast<std::uint8_t>(h[i / 4] >> (24 - 8 * (i % 4)));
    return digest;
}

std::string name_uuid(std::string_view ns, std::string_view name) {
    // The namespace's 16 bytes in network order, then the name; the hash's first 16 bytes.
    std::string input;
    for (std::size_t i = 0; i < ns.size(); ++i) {
        if (ns[i] == '-') continue;
        const int high = hex_digit(ns[i]);
        const int low = i + 1 < ns.size() ? hex_digit(ns[i + 1]) : -1;
        if (high < 0 || low < 0) throw std::invalid_argument("not a UUID: " + std::string(ns));
        input.push_back(static_cast<char>(high * 16 + low));
        ++i;
    }
    if (input.size() != 16) throw std::invalid_argument("not a UUID: " + std::string(ns));
    input.append(name);
    auto bytes = sha1(input);
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0FU) | 0x50U);  // version 5
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3FU) | 0x80U);  // the RFC 4122 variant
    static constexpr std::string_view digits = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
        text.push_back(digits[bytes[i] >> 4U]);
        text.push_back(digits[bytes[i] & 0x0FU]);
    }
    return text;
}

std::string fhir_full_url(std::string_view name) {
    return "urn:uuid:" + name_uuid(url_namespace, name);
}

}  // namespace appraise
