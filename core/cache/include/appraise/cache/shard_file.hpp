// `run --shard I/N` writes one shard file; `appraise merge` reads the N of
// them back and replays their results in corpus order, so the report is the
// one a single run writes (docs/shards.md). A shard file is JSON Lines: a
// header object (the tool, the run's identity, I and N, and how the run was
// set up), one object per corpus item in the shard's order with the item's
// results in result_codec's form, packed as a cache entry is (one zstd frame,
// entry_packing.hpp) and in base64, and an end object with the count, so a
// truncated file is refused. After the 128th item a line holds the dictionary
// trained on the first 128, with which every later item is packed. The results are private to the build that
// wrote them: merge checks the identity before it decodes any.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "appraise/cache/entry_packing.hpp"
#include "appraise/model/study_result.hpp"

namespace appraise {

inline constexpr const char* shard_format = "appraise-shard";
// 2: items packed (1: the encoded results in base64).
inline constexpr int shard_format_version = 2;

struct shard_header {
    std::string identity;   // run_identity() of the run
    std::size_t index = 1;  // 1-based
    std::size_t count = 1;
    std::string command;       // run | check | audit
    std::string purpose;       // what run_identity() was given
    std::string weight_field;  // run --weight
    std::string group_by;      // audit --by
    // How the session was set up, so that merge opens the same one.
    std::vector<std::string> corpus_paths;
    std::string config_file;
    std::vector<std::string> plugin_dirs;
    std::vector<std::string> rubric_dirs;
    std::vector<std::string> rubrics;
};

class shard_writer {
public:
    shard_writer(std::ostream& out, const shard_header& header);
    void add(const file_result& item);
    void finish();

private:
    std::ostream& out_;
    entry_packer packer_;
    std::size_t items_ = 0;
};

// Reads one shard file; every error is a cache_error naming the file and line.
class shard_reader {
public:
    explicit shard_reader(const std::filesystem::path& file);
    [[nodiscard]] const shard_header& header() const { return header_; }
    // The next item, or nullopt after the last (the end line checked).
    [[nodiscard]] std::optional<file_result> next();
    [[nodiscard]] const std::filesystem::path& file() const { return file_; }

private:
    [[nodiscard]] std::string line();
    [[noreturn]] void fail(const std::string& why) const;

    std::filesystem::path file_;
    std::ifstream in_;
    entry_packer packer_;
    shard_header header_;
    std::size_t line_ = 0;
    std::size_t items_ = 0;
    bool ended_ = false;
};

}  // namespace appraise
