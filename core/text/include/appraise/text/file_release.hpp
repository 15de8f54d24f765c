// Removing a large file without waiting for its blocks to be freed. On ext4
// the last reference to a file frees its page-cache pages and extents inside
// that call: 55-125 ms for a 540 MB report here (strace -T), paid at the end
// of every re-run to the same report, a serial pause the size of the report.
#pragma once

#include <cstdint>
#include <filesystem>

namespace appraise {

// Reports this size and larger are freed by a helper (output_file's old report).
inline constexpr std::uintmax_t release_elsewhere_from = std::uintmax_t{16} << 20;

// Removes `file`'s name before returning, as unlink does (the folder is as it
// will stay). A regular file of at least `elsewhere_from` bytes is first held
// open by a short-lived helper process, so this process's unlink drops only
// the name; the helper lets go, and the blocks are freed there, once this
// process has removed the name. Falls back to a plain unlink when the helper
// cannot be started. Returns whether the name was removed.
bool remove_without_waiting(const std::filesystem::path& file, std::uintmax_t elsewhere_from = release_elsewhere_from);

}  // namespace appraise
