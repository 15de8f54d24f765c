// Every study id seen in a run, kept so that refusing duplicate ids costs the
// same memory however large the corpus: each id is one record of about 20
// bytes (its length, its text, the number of the file it came from, its line
// and column, as varints) in chunks of at most 1 MiB, plus an 8-byte hash
// slot, up to a memory budget; past it the records go to sorted runs on a
// temporary file (id_spill.hpp) and memory starts again from empty. Chunks,
// not one growing buffer, so the index never holds a second copy of itself
// while it grows. A duplicate is placed from the index alone, in the same
// pass: no study file is read twice (reading the first file again for every
// duplicate made a corpus of duplicates quadratic, issue 12).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace appraise {

// Where an id was first written: the file's number in corpus order, and the
// line and column in it.
struct first_place {
    std::uint32_t file = 0;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

class id_spill;

struct id_index_limits {
    // Bytes of records kept in memory before they are spilled: about 100,000
    // ids of 13 bytes. 0: never spill.
    std::size_t memory_bytes = std::size_t{2} << 20;
    // The hash of an id (a seam for tests, which force collisions); nullptr: std::hash.
    std::uint64_t (*hash)(std::string_view) = nullptr;
};

class study_id_index {
public:
    explicit study_id_index(id_index_limits limits = {});
    study_id_index(const study_id_index&) = delete;
    study_id_index& operator=(const study_id_index&) = delete;
    study_id_index(study_id_index&&) noexcept;
    study_id_index& operator=(study_id_index&&) noexcept;
    ~study_id_index();

    // Records `id` as found at `place`; when the id was seen before, records
    // nothing and returns where it was first seen.
    [[nodiscard]] std::optional<first_place> insert(std::string_view id, first_place place);
    [[nodiscard]] std::size_t size() const { return size_; }
    // Bytes of memory held for the ids (chunks, slots, overflow, the spill's
    // filter and group indexes), for the bench.
    [[nodiscard]] std::size_t bytes_held() const;
    // Ids moved to the temporary file so far, and in how many runs (for tests).
    [[nodiscard]] std::size_t spilled() const;
    [[nodiscard]] std::size_t spilled_runs() const;

private:
    struct record {
        std::string_view id;
        first_place place;
    };
    [[nodiscard]] record decode(std::uint32_t slot_value) const;
    [[nodiscard]] std::uint64_t hash_of(std::string_view id) const;
    // Appends the record; returns its slot value, or 0 when the chunks are
    // all used (the overflow map takes it then).
    std::uint32_t append(std::string_view id, first_place place);
    void grow();
    // Moves every record in memory to the spill; false (nothing moved) when
    // there is no temporary file to take them.
    bool spill();

    id_index_limits limits_;
    std::unique_ptr<id_spill> spill_;
    bool spill_failed_ = false;
    std::size_t record_bytes_ = 0;  // bytes used in the chunks

    std::vector<std::unique_ptr<char[]>> chunks_;
    std::vector<std::size_t> chunk_sizes_;  // bytes allocated for each chunk
    std::size_t used_ = 0;                  // bytes used in the last chunk
    // Open addressing: 0 empty, else the low 32 bits of the id's hash << 32 |
    // the record's place, (chunk + 1) << 20 | offset. The hash bits let a
    // probe pass a different id, and grow() rehash, without reading its
    // record (a random access into the chunks).
    std::vector<std::uint64_t> slots_;
    std::size_t in_slots_ = 0;
    // Past 4,095 chunks (4 GiB of ids, or thousands of ids over 1 MiB each)
    // the slots cannot name a record: the rest are kept here.
    std::unordered_map<std::string, first_place> overflow_;
    std::size_t overflow_bytes_ = 0;
    std::size_t size_ = 0;
};

}  // namespace appraise
