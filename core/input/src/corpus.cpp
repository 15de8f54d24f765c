#include "appraise/input/corpus.hpp"

#include <algorithm>
#include <system_error>

#include "appraise/input/directory_listing.hpp"
#include "appraise/text/escape.hpp"

namespace appraise {

namespace fs = std::filesystem;

namespace {

// A file name is bytes: one that is not UTF-8 or holds a newline or an escape
// sequence is shown escaped (\xNN), the same in every report format, so it
// can neither break a JSON report nor forge a diagnostic line.
std::string display_of(const fs::path& path) {
    return terminal_text(path.lexically_normal().generic_string());
}

// What display_of gives every file of `directory` before its name: the
// folder's normal form, once a folder rather than once a file (normalising
// each file's whole path was 4,200 instructions a file of a warm audit).
std::string display_prefix_of(const fs::path& directory) {
    std::string prefix = directory.lexically_normal().generic_string();
    if (prefix == ".") return {};
    if (!prefix.empty() && prefix.back() != '/') prefix += '/';
    return prefix;
}

// A file name path::extension() calls ".toml" ("a.toml", not ".toml" alone).
bool is_toml_name(std::string_view name) {
    constexpr std::string_view extension = ".toml";
    return name.size() > extension.size() && name.substr(name.size() - extension.size()) == extension;
}

bool is_within(const fs::path& inner, const fs::path& outer) {
    auto i = inner.begin();
    for (auto o = outer.begin(); o != outer.end(); ++o, ++i)
        if (i == inner.end() || *i != *o) return false;
    return true;
}

}  // namespace

corpus_walker::corpus_walker(std::vector<std::string> paths) : paths_(std::move(paths)) {
    for (const auto& given : paths_) {
        std::error_code error;
        if (fs::is_regular_file(given, error)) files_given_.push_back(display_of(given));
    }
}

// Lists one directory. Sorting each folder by name, with "/" appended to
// folder names, and walking depth first yields exactly the order of sorting
// every full path as a string.
void corpus_walker::open_directory(const fs::path& directory, diagnostics& problems) {
    frame level;
    level.display_prefix = display_prefix_of(directory);
    std::error_code error;
    for (auto& entry : list_directory(directory, error)) {
        if (entry.folder) {
            // A folder walked already as an earlier argument is not walked again.
            std::error_code ignored;
            const fs::path canonical = fs::weakly_canonical(entry.path, ignored);
            if (std::find(roots_seen_.begin(), roots_seen_.end(), canonical) == roots_seen_.end())
                level.entries.emplace_back(std::move(entry.name), std::move(entry.path));
        } else if (is_toml_name(entry.name) && entry.name != config_file_name && (entry.regular || entry.link)) {
            // Links are listed even when broken, so reading reports why; FIFOs and
            // devices are never listed (opening one would block the run).
            level.entries.emplace_back(std::move(entry.name), std::move(entry.path));
        }
    }
    if (error) {
        problems.push_back({severity::error,
                            "coding/unreadable-directory",
                            "cannot list the directory: " + error.message() + "; the studies in it are not appraised",
                            {display_of(directory), 0, 0},
                            "make it readable (chmod u+rx), or leave it out of the paths you name"});
    }
    stack_.push_back(std::move(level));
}

std::optional<corpus_item> corpus_walker::next() {
    for (;;) {
        auto item = next_in_order();
        if (!item) return item;
        if (items_walked_++ % shard_count_ == shard_index_) return item;
    }
}

std::optional<corpus_item> corpus_walker::next_in_order() {
    for (;;) {
        if (!stack_.empty()) {
            frame& top = stack_.back();
            if (top.position == top.entries.size()) {
                stack_.pop_back();
                if (stack_.empty() && !root_has_studies_) {
                    return corpus_item{std::nullopt,
                                       {{severity::error,
                                         "coding/no-studies",
                                         "the directory holds no coded studies (*.toml)",
                                         {root_, 0, 0},
                                         "point at the folder with the study files, or add some"}}};
                }
                continue;
            }
            const auto& [key, path] = top.entries[top.position++];
            corpus_item item;
            if (key.back() == '/') {
                open_directory(path, item.problems);
                if (!item.problems.empty()) return item;
                continue;
            }
            root_has_studies_ = true;
            std::string display = terminal_text(top.display_prefix + key);
            if (std::find(files_given_.begin(), files_given_.end(), display) != files_given_.end()) continue;
            item.file = corpus_file{path, std::move(display)};
            return item;
        }
        if (next_path_ == paths_.size()) return std::nullopt;
        const std::string& given = paths_[next_path_++];
        const fs::path path(given);
        std::error_code error;
        const auto status = fs::status(path, error);
        if (!fs::exists(status)) {
            // A dangling symlink or similar still gets read, to report why it cannot be.
            if (fs::is_symlink(fs::symlink_status(path, error)))
                return corpus_item{corpus_file{path, display_of(path)}, {}};
            return corpus_item{std::nullopt,
                               {{severity::error,
                                 "coding/path-not-found",
                                 "no such file or directory: " + display_of(given),
                                 {display_of(given), 0, 0},
                                 "check the path; a directory means every *.toml below it"}}};
        }
        if (!fs::is_directory(status)) {
            std::string display = display_of(path);
            // A file named twice is read once.
            if (std::find(files_yielded_.begin(), files_yielded_.end(), display) != files_yielded_.end()) continue;
            files_yielded_.push_back(display);
            return corpus_item{corpus_file{path, std::move(display)}, {}};
        }
        const fs::path canonical = fs::weakly_canonical(path, error);
        // A folder already walked, itself or inside an earlier argument, is not
        // walked again (and open_directory skips earlier arguments inside later ones).
        if (std::any_of(roots_seen_.begin(), roots_seen_.end(),
                        [&](const fs::path& seen) { return is_within(canonical, seen); }))
            continue;
        roots_seen_.push_back(canonical);
        root_ = display_of(path);
        root_has_studies_ = false;
        corpus_item item;
        open_directory(path, item.problems);
        if (!item.problems.empty()) {
            stack_.clear();
            return item;
        }
    }
}

corpus_listing list_corpus(const std::vector<std::string>& paths) {
    corpus_listing listing;
    corpus_walker walker(paths);
    while (auto item = walker.next()) {
        if (item->file) listing.files.push_back(std::move(*item->file));
        listing.problems.insert(listing.problems.end(), item->problems.begin(), item->problems.end());
    }
    return listing;
}

}  // namespace appraise
