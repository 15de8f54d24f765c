#include "appraise/input/directory_listing.hpp"

#include <algorithm>

namespace appraise {

namespace fs = std::filesystem;

std::vector<listed_entry> list_directory(const fs::path& directory, std::error_code& error) {
    std::vector<listed_entry> entries;
    for (fs::directory_iterator it(directory, fs::directory_options::none, error), end; !error && it != end; it.increment(error)) {
        listed_entry entry;
        entry.path = it->path();
        std::error_code ignored;
        entry.link = it->is_symlink(ignored);
        entry.folder = it->is_directory(ignored) && !entry.link;
        entry.regular = it->is_regular_file(ignored);
        entry.name = entry.path.filename().string() + (entry.folder ? "/" : "");
        entries.push_back(std::move(entry));
    }
    std::sort(entries.begin(), entries.end(),
              [](const listed_entry& a, const listed_entry& b) { return a.name < b.name; });
    return entries;
}

std::vector<fs::path> list_files(const fs::path& directory, const std::string& extension, std::error_code& error,
                                 const std::string& except) {
    std::vector<fs::path> files;
    for (const auto& entry : list_directory(directory, error))
        if (entry.path.extension() == extension && (except.empty() || entry.path.filename() != except))
            files.push_back(entry.path);
    return files;
}

}  // namespace appraise
