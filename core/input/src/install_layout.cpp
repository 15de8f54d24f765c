#include "appraise/input/install_layout.hpp"

// Set by the build for this file only (cmake/appraise_layout.cmake); the
// defaults are the GNUInstallDirs defaults.
#ifndef APPRAISE_PREFIX_FROM_BIN
#define APPRAISE_PREFIX_FROM_BIN ".."
#endif
#ifndef APPRAISE_PLUGIN_DIR_FROM_BIN
#define APPRAISE_PLUGIN_DIR_FROM_BIN "../lib/appraise/plugins"
#endif
#ifndef APPRAISE_DATA_DIR_FROM_BIN
#define APPRAISE_DATA_DIR_FROM_BIN "../share/appraise"
#endif
#ifndef APPRAISE_PACKAGE_DIR_FROM_BIN
#define APPRAISE_PACKAGE_DIR_FROM_BIN "../lib/cmake/appraise"
#endif

namespace appraise {

namespace fs = std::filesystem;

namespace {

fs::path from_executable(const char* relative) {
    const fs::path dir = executable_dir();
    if (dir.empty()) return {};
    fs::path path = (dir / relative).lexically_normal();
    if (path.filename().empty()) path = path.parent_path();  // "bin/.." normalises to "prefix/"
    return path;
}

}  // namespace

fs::path executable_dir() {
    std::error_code error;
    // The link itself, not argv[0]: it is absolute and survives PATH lookup and symlinks to the binary.
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (error) return {};
    return executable.parent_path();
}

fs::path installed_prefix() {
    return from_executable(APPRAISE_PREFIX_FROM_BIN);
}
fs::path installed_plugin_dir() {
    return from_executable(APPRAISE_PLUGIN_DIR_FROM_BIN);
}
fs::path installed_data_dir() {
    return from_executable(APPRAISE_DATA_DIR_FROM_BIN);
}
fs::path installed_package_dir() {
    return from_executable(APPRAISE_PACKAGE_DIR_FROM_BIN);
}

}  // namespace appraise
