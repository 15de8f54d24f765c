// Operator logs (stderr), one named logger per component. Findings are the
// product and go to reports; logs only say what the program is doing.
// spdlog stays behind this interface (log.cpp): callers format with fmt,
// the project's formatting library, and no spdlog type is in a public header.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>

namespace appraise {

enum class log_level { debug, info, warn, error };

// Whether `component`'s logger writes messages of `level` (so callers can skip formatting).
[[nodiscard]] bool log_enabled(std::string_view component, log_level level);
// Writes an already formatted message.
void log_message(std::string_view component, log_level level, std::string_view message);

// A component's logger: logger("host").warn("cannot read {}", path).
class component_log {
public:
    explicit component_log(std::string component) : component_(std::move(component)) {}

    template <class... Args>
    void debug(fmt::format_string<Args...> format, Args&&... args) const {
        write(log_level::debug, format, std::forward<Args>(args)...);
    }
    template <class... Args>
    void info(fmt::format_string<Args...> format, Args&&... args) const {
        write(log_level::info, format, std::forward<Args>(args)...);
    }
    template <class... Args>
    void warn(fmt::format_string<Args...> format, Args&&... args) const {
        write(log_level::warn, format, std::forward<Args>(args)...);
    }
    template <class... Args>
    void error(fmt::format_string<Args...> format, Args&&... args) const {
        write(log_level::error, format, std::forward<Args>(args)...);
    }

private:
    template <class... Args>
    void write(log_level level, fmt::format_string<Args...> format, Args&&... args) const {
        if (log_enabled(component_, level))
            log_message(component_, level, fmt::format(format, std::forward<Args>(args)...));
    }

    std::string component_;
};

// The logger for a component ("host", "engine", ...), created on first use; lives for the whole run.
[[nodiscard]] const component_log& logger(std::string_view component);

// Default level (warn, or info with verbose), then SPDLOG_LEVEL from the environment.
void configure_logging(bool verbose, bool colour);

}  // namespace appraise
