// The tool's version, shown by --version and written into every report.
#pragma once

namespace appraise {
inline constexpr const char* tool_name = "appraise";
inline constexpr const char* tool_version = "0.1.0";
}  // namespace appraise
