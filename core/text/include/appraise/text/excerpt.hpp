// A value from an input file quoted back in a message: whole when short, else
// its start and its length, so that a pasted paragraph (or a 7 MB key) makes
// a one-line diagnostic rather than a report the size of the input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace appraise {

inline constexpr std::size_t excerpt_chars = 64;

// `text` when it has at most `limit` characters; otherwise its first `limit`
// characters (never cutting a UTF-8 sequence), then "... (N bytes)".
[[nodiscard]] std::string excerpt(std::string_view text, std::size_t limit = excerpt_chars);

}  // namespace appraise
