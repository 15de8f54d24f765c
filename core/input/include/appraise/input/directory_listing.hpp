// One folder's entries in sorted order, the one listing every scan uses (the
// corpus walk, plugin and rubric folders), so each walks in the same
// deterministic order whatever the file system returns.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace appraise {

struct listed_entry {
    std::filesystem::path path;
    // The file name; a folder's ends in "/", so that sorting by name and
    // walking depth first gives the order of sorting whole paths.
    std::string name;
    bool folder = false;   // a folder itself, not a link to one
    bool link = false;     // a symbolic link (perhaps broken)
    bool regular = false;  // a regular file, or a link to one
};

// The entries of `directory`, sorted by `name`. `error` is set when it cannot
// be listed, a folder that permissions hide included (never taken as empty:
// its studies would go missing from the report unseen); the entries read
// until then are returned.
[[nodiscard]] std::vector<listed_entry> list_directory(const std::filesystem::path& directory, std::error_code& error);

// The files of `directory` whose extension is `extension` (".so"), sorted,
// except those named `except`.
[[nodiscard]] std::vector<std::filesystem::path> list_files(const std::filesystem::path& directory,
                                                            const std::string& extension, std::error_code& error,
                                                            const std::string& except = "");

}  // namespace appraise
