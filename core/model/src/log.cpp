#include "appraise/model/log.hpp"

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <map>
#include <memory>
#include <mutex>

namespace appraise {
namespace {
std::mutex creation;
spdlog::level::level_enum default_level = spdlog::level::warn;
bool coloured = false;

spdlog::level::level_enum spdlog_level(log_level level) {
    switch (level) {
        case log_level::debug:
            return spdlog::level::debug;
        case log_level::info:
            return spdlog::level::info;
        case log_level::warn:
            return spdlog::level::warn;
        case log_level::error:
            return spdlog::level::err;
    }
    return spdlog::level::err;
}

spdlog::logger& spdlog_logger(std::string_view component) {
    const std::string name = "appraise." + std::string(component);
    std::lock_guard lock(creation);
    if (auto existing = spdlog::get(name)) return *existing;
    std::shared_ptr<spdlog::logger> created =
        coloured ? spdlog::stderr_color_mt(name, spdlog::color_mode::always) : spdlog::stderr_logger_mt(name);
    created->set_pattern("%n: %l: %v");
    created->set_level(default_level);
    spdlog::cfg::load_env_levels();
    return *created;
}

}  // namespace

bool log_enabled(std::string_view component, log_level level) {
    return spdlog_logger(component).should_log(spdlog_level(level));
}

void log_message(std::string_view component, log_level level, std::string_view message) {
    spdlog_logger(component).log(spdlog::source_loc{}, spdlog_level(level),
                                 spdlog::string_view_t(message.data(), message.size()));
}

const component_log& logger(std::string_view component) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<component_log>, std::less<>> logs;
    std::lock_guard lock(mutex);
    auto found = logs.find(component);
    if (found == logs.end())
        found = logs.emplace(std::string(component), std::make_unique<component_log>(std::string(component))).first;
    return *found->second;
}

void configure_logging(bool verbose, bool colour) {
    default_level = verbose ? spdlog::level::info : spdlog::level::warn;
    coloured = colour;
    spdlog::set_level(default_level);
    spdlog::cfg::load_env_levels();
}

}  // namespace appraise
