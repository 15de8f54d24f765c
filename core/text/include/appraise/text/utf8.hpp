// UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing
// above U+10FFFF): the one validator the loader, the terminal escaper and the
// plugin-result checks share, so all three agree on what is text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace appraise {

// Length (1-4) of the valid UTF-8 sequence that starts at text[at], or 0 when
// the bytes there are not one. `at` must be inside `text`.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

[[nodiscard]] bool valid_utf8(std::string_view text);

// `text` with each byte that is not part of a valid sequence replaced by
// U+FFFD, so that it can go into any UTF-8 document.
[[nodiscard]] std::string repair_utf8(std::string_view text);

}  // namespace appraise
