// Loads native rubric plugins (shared libraries) through Boost.DLL into the
// registry. Every Boost.DLL call of the project lives behind this header.
// A plugin that cannot be loaded becomes a load_failure naming the file and
// the reason; the others load regardless.
#pragma once

#include <filesystem>
#include <vector>

#include "appraise/model/diagnostic.hpp"
#include "appraise/model/rubric_registry.hpp"

namespace appraise {

// Loads one plugin file.
void load_plugin(const std::filesystem::path& file, rubric_registry& registry);

// Loads every `*.so` in a directory, in sorted order.
void load_plugin_directory(const std::filesystem::path& directory, rubric_registry& registry);

}  // namespace appraise
