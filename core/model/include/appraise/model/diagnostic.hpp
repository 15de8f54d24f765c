// A problem with the input (a coding, the configuration, a plugin), reported
// like a compiler diagnostic: what, where, and what to do about it.
#pragma once

#include <string>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

using sdk::severity;
using sdk::source_location;

struct diagnostic {
    severity level = severity::error;
    std::string code;  // stable id, e.g. "coding/unknown-key"; catalogued in docs/diagnostics.md
    std::string message;
    source_location where;
    std::string hint;  // what to do, may be empty
};

using diagnostics = std::vector<diagnostic>;

[[nodiscard]] bool has_errors(const diagnostics& list);

// "file:line:column" (omitting the parts that are unknown).
[[nodiscard]] std::string format_location(const source_location& where);

}  // namespace appraise
