// The ids of a FHIR export (`run --format fhir`): every resource's fullUrl is
// a name-based UUID (RFC 4122 version 5, SHA-1) of a name made of what the
// resource stands for ("urn:appraise:study:chen-2017"), so the same corpus
// gives the same ids on every run and machine, and a resource keeps its id
// when other studies are added. SHA-1 is computed here: OpenSSL is linked
// only by core/cache, above reports in the layering, and a name-based UUID
// needs no secrecy from its hash.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace appraise {

// The SHA-1 digest of `data` (FIPS 180-4).
[[nodiscard]] std::array<std::uint8_t, 20> sha1(std::string_view data);

// RFC 4122 section 4.3's name-based UUID of `name` in the namespace `ns`
// (written "6ba7b811-9dad-11d1-80b4-00c04fd430c8"), version 5, lower case.
// Throws std::invalid_argument when `ns` is not a UUID.
[[nodiscard]] std::string name_uuid(std::string_view ns, std::string_view name);

// RFC 4122's namespace for names that are URLs (or URIs): the names below are URNs.
inline constexpr std::string_view url_namespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

// "urn:uuid:" + name_uuid(url_namespace, name): the fullUrl of the resource `name` stands for.
[[nodiscard]] std::string fhir_full_url(std::string_view name);

}  // namespace appraise
