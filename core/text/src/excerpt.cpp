#include "appraise/text/excerpt.hpp"

#include "appraise/text/utf8.hpp"

namespace appraise {

std::string excerpt(std::string_view text, std::size_t limit) {
    std::size_t end = 0;
    for (std::size_t chars = 0; end < text.size() && chars < limit; ++chars) {
        const std::size_t length = utf8_sequence_length(text, end);
        end += length == 0 ? 1 : length;
    }
    if (end >= text.size()) return std::string(text);
    return std::string(text.substr(0, end)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace appraise
