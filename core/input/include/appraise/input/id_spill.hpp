// The part of the run-wide id index that no longer fits its memory budget
// (study_id_index.hpp): sorted runs of ids on an unnamed temporary file, a
// fixed-size Bloom filter in front of them, and a sparse index of each run
// (one entry per group of ids). Memory stays the same however many ids are
// spilled, so a run's peak does not grow with the corpus; a lookup reads a
// group from the file only when the filter says the id may be there (rare
// below ten million ids). Ids are still compared in full: the filter and the
// hashes only decide where to look.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/input/study_id_index.hpp"

namespace appraise {

// One id handed to the spill: its hash (the index's), its text, where it was first seen.
struct spilled_id {
    std::uint64_t hash = 0;
    std::string_view id;
    first_place place;
};

// The i-th id of a run being written, in order of (hash, id).
using spilled_id_at = std::function<spilled_id(std::size_t)>;

class id_spill {
public:
    // nullptr when no temporary file can be made (the index then keeps its
    // ids in memory, as before).
    [[nodiscard]] static std::unique_ptr<id_spill> open();

    // Writes `count` ids (unique, none already spilled, given in order of
    // hash then id by `id_at`) as one run; the views need not outlive each
    // call. Throws when the file cannot be written, and then holds none of
    // them. Runs are merged when there are too many, so a lookup reads a
    // few groups, not one per spill.
    void add_run(std::size_t count, const spilled_id_at& id_at);
    // Where `id` was first seen, if it was spilled.
    [[nodiscard]] std::optional<first_place> find(std::uint64_t hash, std::string_view id) const;

    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::size_t runs() const { return runs_.size(); }
    // Bytes of memory held (the filter and the runs' group indexes), for the bench.
    [[nodiscard]] std::size_t bytes_held() const;

    id_spill(const id_spill&) = delete;
    id_spill& operator=(const id_spill&) = delete;
    ~id_spill();

private:
    struct file_closer {
        void operator()(std::FILE* file) const;
    };
    using temp_file = std::unique_ptr<std::FILE, file_closer>;
    // A group of consecutive records of a run: the hash of its first and
    // where it lies in the file.
    struct group {
        std::uint64_t first_hash = 0;
        std::uint64_t offset = 0;
        std::uint32_t bytes = 0;
    };
    struct run {
        std::uint64_t offset = 0;
        std::uint64_t bytes = 0;
        std::vector<group> groups;
    };
    class run_writer;
    class run_reader;

    explicit id_spill(temp_file file);
    void remember_hash(std::uint64_t hash);
    [[nodiscard]] bool may_hold(std::uint64_t hash) const;
    void merge_runs();

    temp_file file_;
    std::uint64_t file_end_ = 0;
    std::vector<run> runs_;
    std::vector<std::uint64_t> filter_;  // the Bloom filter's bits
    std::size_t size_ = 0;
};

}  // namespace appraise
