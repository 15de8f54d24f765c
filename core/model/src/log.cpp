#include "appraise/model/log.hpp"

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

namespace appraise {
namespace {
std::mutex creation;
spdlog::level::level_enum default_level = spdlog::level::warn;
bool coloured = false;
}  // namespace

spdlog::logger& logger(std::string_view component) {
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

void configure_logging(bool verbose, bool colour) {
    default_level = verbose ? spdlog::level::info : spdlog::level::warn;
    coloured = colour;
    spdlog::set_level(default_level);
    spdlog::cfg::load_env_levels();
}

}  // namespace appraise
