// Operator logs (stderr), one named spdlog logger per component. Findings are
// the product and go to reports; logs only say what the program is doing.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace appraise {

// The logger for a component ("host", "engine", ...), created on first use.
[[nodiscard]] spdlog::logger& logger(std::string_view component);

// Default level (warn, or info with verbose), then SPDLOG_LEVEL from the environment.
void configure_logging(bool verbose, bool colour);

}  // namespace appraise
