#include "appraise/text/markdown_text.hpp"

namespace appraise {

std::string markdown_row(const std::vector<std::string>& cells) {
    std::string line = "|";
    for (const auto& c : cells) line += " " + c + " |";
    return line + "\n";
}

}  // namespace appraise
