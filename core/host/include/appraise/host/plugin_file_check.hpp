// What the host can tell about a plugin file before it maps it, and about
// memory a plugin points at before it reads it. dlopen of a truncated file
// raises SIGBUS and calling data as code raises SIGSEGV, so both are checked
// from the file's ELF headers first; pointers in the info record are read
// through the kernel (a pipe), which answers EFAULT instead of crashing.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace appraise {

struct plugin_file_report {
    std::optional<std::string> refusal;  // why the file must not be loaded (not ELF, truncated, ...)
    bool exports_info = false;           // a defined `appraise_plugin_info` in .dynsym
    bool exports_register = false;       // a defined `appraise_register_rubrics`
    bool info_is_function = false;       // ... and it is code (STT_FUNC), not data
};

// Reads the ELF header, the program and section headers and the dynamic
// symbol table of `file`: the file must be a 64-bit shared library of this
// host's byte order whose every header, segment and section lies inside it.
[[nodiscard]] plugin_file_report check_plugin_file(const std::filesystem::path& file);

// Copies `size` bytes at `address` into `out` if all of them are readable.
[[nodiscard]] bool read_memory(const void* address, void* out, std::size_t size);

// The NUL-terminated string at `address`, if readable and at most `limit` bytes.
[[nodiscard]] std::optional<std::string> read_c_string(const char* address, std::size_t limit = 4096);

}  // namespace appraise
