// CSV fields as RFC 4180 writes them (quoted when they hold a comma, quote,
// line break or edge space; quotes doubled), shared by every CSV writer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace appraise {

[[nodiscard]] std::string csv_field(std::string_view text);
// Fields joined by commas, ending in "\n".
[[nodiscard]] std::string csv_line(const std::vector<std::string>& fields);

}  // namespace appraise
