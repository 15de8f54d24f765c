// Where the running appraise's installation keeps its parts: the bundled
// plugins, the data folder (declarative rubrics, `new-plugin` templates) and
// the prefix, all found relative to the executable. The relative paths are
// fixed by the build (cmake/appraise_layout.cmake, from GNUInstallDirs), so
// an install and the build tree (which mirrors it) agree with themselves.
#pragma once

#include <filesystem>

namespace appraise {

// The folder holding the running executable; empty when it cannot be known.
[[nodiscard]] std::filesystem::path executable_dir();

// <prefix>, e.g. /usr/local for /usr/local/bin/appraise; empty when unknown.
[[nodiscard]] std::filesystem::path installed_prefix();

// <prefix>/lib/appraise/plugins (or the LIBDIR the build chose); empty when unknown.
[[nodiscard]] std::filesystem::path installed_plugin_dir();

// <prefix>/share/appraise; empty when unknown.
[[nodiscard]] std::filesystem::path installed_data_dir();

// <prefix>/lib/cmake/appraise, where appraiseConfig.cmake is in an install
// (a build tree has none); empty when unknown.
[[nodiscard]] std::filesystem::path installed_package_dir();

}  // namespace appraise
