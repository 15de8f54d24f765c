// `run --cache DIR`: each study file's results from earlier runs, in one
// SQLite file (DIR/appraise-cache.sqlite), keyed by the run's identity
// (run_identity.hpp) and the file's name, and checked against the SHA-256 of
// its bytes, or, while the file's stat is what it was when they were hashed
// and settled (file_stat.hpp), taken without reading it. A large file read
// one study at a time is kept as a head row and one row per part.
//
// Why SQLite: one file however large the corpus (not a million small ones),
// a whole run's writes in one transaction (a run that dies leaves the cache
// as it was), a second run on the same cache waits or goes on without it
// instead of corrupting it, and lookups by key without reading the rest.
//
// The file is untrusted input: a file that is not such a cache, of another
// schema or another version of appraise, or that SQLite finds damaged is
// replaced by an empty one, with a note; each entry is decoded with every
// length checked (result_codec.hpp), and one that does not decode is a miss.
// Nothing in it is ever executed or used as a path.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/cache/entry_packing.hpp"
#include "appraise/engine/file_memo.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/model/symbol_table.hpp"

namespace appraise {

inline constexpr const char* cache_file_name = "appraise-cache.sqlite";

// How many runs' identities (sets of rubrics, options, configuration) a cache
// keeps results for; the least recently used beyond it are dropped.
inline constexpr int cache_identities_kept = 4;

class result_cache final : public file_memo {
public:
    // Opens DIR's cache, creating DIR and the file when missing. A file that
    // cannot be trusted is replaced (a `cache/rebuilt` warning in `notes`).
    // Throws cache_error when DIR cannot hold a cache (not a folder, cannot
    // be created or written).
    result_cache(const std::filesystem::path& dir, std::string identity, diagnostics& notes);
    result_cache(const result_cache&) = delete;
    result_cache& operator=(const result_cache&) = delete;
    result_cache(result_cache&&) = delete;
    result_cache& operator=(result_cache&&) = delete;
    ~result_cache() override;

    [[nodiscard]] std::optional<file_result> recall(const corpus_file& file, std::string& ticket) override;
    void remember(const std::string& ticket, const file_result& result) override;
    [[nodiscard]] std::optional<std::size_t> recall_parts(const corpus_file& file, std::string& ticket) override;
    [[nodiscard]] std::optional<file_result> recall_part(const corpus_file& file, std::size_t part) override;
    bool remember_part(const corpus_file& file, std::size_t part, const file_result& result) override;
    void remember_parts(const std::string& ticket, const corpus_file& file, std::size_t count) override;

    // Writes the run's results and, unless told otherwise (a shard sees part
    // of the corpus), forgets files of this identity the run did not see
    // (removed from the corpus). Without it nothing is written. Notes from the
    // run (entries refused, a damaged file replaced) go to `notes`.
    void commit(diagnostics& notes);
    void set_forget_unseen(bool forget) { forget_unseen_ = forget; }
    // What of each result is kept (the audit's audit_view): a command that
    // reads only part of a result keeps only that part, under a run identity
    // of its own (its purpose names the command). Empty: the whole result.
    // Called on workers: must be thread-safe.
    void set_kept_view(std::function<file_result(const file_result&)> view);
    // The same, for a kept form of its own: `encode` makes an entry's bytes
    // of a result (on workers: thread-safe), `decode` takes them back
    // (untrusted: throws cache_error on bytes it does not take).
    struct kept_form {
        std::function<std::string(const file_result&)> encode;
        std::function<file_result(std::string_view)> decode;
    };
    void set_kept_form(kept_form form) { kept_form_ = std::move(form); }
    // The symbols a kept form names by number (audit digests): the cache's
    // own are loaded into `symbols`, which must be empty, and those it does
    // not hold yet are kept at commit. A table of symbols that cannot be
    // trusted has the cache rebuilt (a note in `notes`). Call before any recall.
    void keep_symbols(std::shared_ptr<symbol_table> symbols, diagnostics& notes);

    [[nodiscard]] std::size_t hits() const { return hits_; }
    [[nodiscard]] std::size_t misses() const { return misses_; }
    // Of the hits, the files not read at all (their stat was trusted).
    [[nodiscard]] std::size_t unread() const { return unread_; }

private:
    struct database;
    struct kept_row;

    // The head row kept for `file` when its bytes are the ones it was kept
    // for (streamed: a head of parts, else a whole result); sets `ticket`.
    std::optional<kept_row> match(const corpus_file& file, std::string& ticket, bool streamed);
    std::optional<file_result> decode_kept(const corpus_file& file, const std::string& blob);

    void open_fresh(diagnostics& notes, const std::string& why);
    void note_damage(const std::string& why);
    // One row of the entries table: a whole file's result (part 0, parts 0),
    // a streamed file's part (part k + 1), or its head (part 0, parts = how many).
    struct entry_row {
        std::string_view path;
        std::int64_t part = 0;
        std::string_view digest;
        std::string_view stat;
        std::int64_t recorded_at_ns = 0;
        std::int64_t parts = 0;
        std::string_view blob;
    };
    bool insert_entry(const entry_row& row);
    // The entry kept for `result`: encoded and packed (nullopt: not kept).
    std::optional<std::string> pack(const file_result& result);

    std::filesystem::path file_;
    std::string identity_;
    std::mutex mutex_;
    std::unique_ptr<database> db_;
    entry_packer packer_;
    std::vector<std::int64_t> seen_;  // rows this run used or wrote
    diagnostics pending_notes_;       // from workers, handed over at commit
    bool usable_ = true;
    bool forget_unseen_ = true;
    kept_form kept_form_;
    std::shared_ptr<symbol_table> symbols_;
    std::size_t symbols_kept_ = 0;  // of symbols_, how many the file holds
    std::atomic<std::size_t> hits_{0};
    std::atomic<std::size_t> misses_{0};
    std::atomic<std::size_t> unread_{0};
    std::int64_t run_began_ns_ = 0;  // before any file was read: what a stat is settled against
};

// `appraise cache clear DIR`: removes DIR's cache file and its file digests
// (file_digests.hpp), nothing else in DIR.
// Returns whether there was one; throws cache_error when it cannot be removed.
bool clear_cache(const std::filesystem::path& dir);

}  // namespace appraise
