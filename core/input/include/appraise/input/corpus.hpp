// Turns the paths a user names into the coding files to read, in order:
// directories recursively, `*.toml` only, `appraise.toml` excluded, in sorted
// path order. The walker lists one directory at a time, so a corpus of any
// size costs memory for its deepest folders only, never for every path.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "appraise/model/diagnostic.hpp"

namespace appraise {

struct corpus_file {
    std::filesystem::path path;
    std::string display;  // the path as diagnostics show it
    // stat(2) of the file when the engine took it on, before any byte was
    // read (its size bounds the work in flight); the cache compares it with
    // the stat it kept instead of taking another (file_stat.hpp).
    std::optional<struct stat> taken_on = {};
};

// One step of the walk: a file to read, or problems with a path (missing,
// unreadable, a directory without studies).
struct corpus_item {
    std::optional<corpus_file> file;
    diagnostics problems;
};

inline constexpr const char* config_file_name = "appraise.toml";

class corpus_walker {
public:
    explicit corpus_walker(std::vector<std::string> paths);

    // The next item in corpus order, or nullopt at the end.
    [[nodiscard]] std::optional<corpus_item> next();
    [[nodiscard]] const std::vector<std::string>& paths() const { return paths_; }

    // Only shard `index` (0-based) of `count`: item k of the whole walk (a
    // file, or a path's problems), counted from 0 in corpus order, belongs
    // to shard k mod count (docs/shards.md). The walk itself is unchanged, so
    // the shards of one corpus partition it whatever their number.
    void set_shard(std::size_t index, std::size_t count) {
        shard_index_ = index;
        shard_count_ = count == 0 ? 1 : count;
    }

private:
    [[nodiscard]] std::optional<corpus_item> next_in_order();

    std::size_t shard_index_ = 0;
    std::size_t shard_count_ = 1;
    std::size_t items_walked_ = 0;
    struct frame {
        std::vector<std::pair<std::string, std::filesystem::path>> entries;  // sort key, path
        std::size_t position = 0;
        std::string display_prefix;  // the folder as its files' display paths begin
    };

    void open_directory(const std::filesystem::path& directory, diagnostics& problems);

    std::vector<std::string> paths_;
    std::size_t next_path_ = 0;
    std::vector<frame> stack_;
    std::string root_;  // the directory argument being walked
    bool root_has_studies_ = false;
    std::vector<std::filesystem::path> roots_seen_;  // canonical directory arguments walked so far
    std::vector<std::string> files_given_;           // file arguments, not yielded again from a directory
    std::vector<std::string> files_yielded_;         // file arguments already yielded
};

struct corpus_listing {
    std::vector<corpus_file> files;
    diagnostics problems;
};

// The whole walk at once (for small corpora and tests).
[[nodiscard]] corpus_listing list_corpus(const std::vector<std::string>& paths);

}  // namespace appraise
