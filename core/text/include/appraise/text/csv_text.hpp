// CSV records as RFC 4180 writes them, shared by every CSV writer; each
// field is quoted by csv_field (escape.hpp).
#pragma once

#include <string>
#include <vector>

#include "appraise/text/escape.hpp"

namespace appraise {

// Fields joined by commas, ending in "\n".
[[nodiscard]] std::string csv_line(const std::vector<std::string>& fields);

}  // namespace appraise
