// Markdown tables as every Markdown writer lays them out: one row from cells
// already escaped (markdown_cell, markdown_code in escape.hpp).
#pragma once

#include <string>
#include <vector>

namespace appraise {

// "| a | b |\n".
[[nodiscard]] std::string markdown_row(const std::vector<std::string>& cells);

}  // namespace appraise
