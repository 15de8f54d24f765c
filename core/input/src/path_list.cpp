#include "appraise/input/path_list.hpp"

#include <cstdlib>

namespace appraise {

std::vector<std::filesystem::path> split_path_list(std::string_view list) {
    std::vector<std::filesystem::path> parts;
    while (!list.empty()) {
        const auto colon = list.find(':');
        if (const auto part = list.substr(0, colon); !part.empty()) parts.emplace_back(part);
        list = colon == std::string_view::npos ? std::string_view{} : list.substr(colon + 1);
    }
    return parts;
}

std::vector<std::filesystem::path> path_list_from_env(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? std::vector<std::filesystem::path>{} : split_path_list(value);
}

}  // namespace appraise
