#include "appraise/corpus.hpp"

#include <algorithm>
#include <set>
#include <system_error>

namespace appraise {

namespace fs = std::filesystem;

corpus_listing list_corpus(const std::vector<std::string>& paths) {
    corpus_listing listing;
    std::set<std::string> seen;
    const auto add = [&](const fs::path& file) {
        const std::string display = file.lexically_normal().generic_string();
        if (seen.insert(display).second) listing.files.push_back({file, display});
    };
    for (const auto& given : paths) {
        const fs::path path(given);
        std::error_code error;
        const auto status = fs::status(path, error);
        if (error || !fs::exists(status)) {
            listing.problems.push_back({severity::error, "coding/path-not-found",
                                        "no such file or directory: " + given, {given, 0, 0},
                                        "check the path; a directory means every *.toml below it"});
            continue;
        }
        if (!fs::is_directory(status)) {
            add(path);
            continue;
        }
        std::vector<fs::path> found;
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
        for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
            const auto& entry = *it;
            if (entry.path().extension() == ".toml" && entry.path().filename() != config_file_name &&
                entry.is_regular_file(error))
                found.push_back(entry.path());
        }
        if (error) {
            listing.problems.push_back({severity::error, "coding/unreadable-directory",
                                        "cannot list the directory: " + error.message(), {given, 0, 0},
                                        "check that you may read it"});
        }
        if (found.empty()) {
            listing.problems.push_back({severity::error, "coding/no-studies",
                                        "the directory holds no coded studies (*.toml)", {given, 0, 0},
                                        "point at the folder with the study files, or add some"});
        }
        std::sort(found.begin(), found.end(),
                  [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
        for (const auto& file : found) add(file);
    }
    return listing;
}

}  // namespace appraise
