// Every study id seen in a run, kept compactly so that refusing duplicate ids
// costs little memory however large the corpus: each id is one record of
// about 20 bytes (its length, its text, the number of the file it came from,
// its line and column, as varints) in 1 MiB chunks, plus a 4-byte hash slot.
// Chunks, not one growing buffer, so the index never holds a second copy of
// itself while it grows. A duplicate is placed from the index alone, in the
// same pass: no file is read twice (reading the first file again for every
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

class study_id_index {
public:
    // Records `id` as found at `place`; when the id was seen before, records
    // nothing and returns where it was first seen.
    [[nodiscard]] std::optional<first_place> insert(std::string_view id, first_place place);
    [[nodiscard]] std::size_t size() const { return size_; }
    // Bytes held for the ids (chunks, slots, overflow), for the bench.
    [[nodiscard]] std::size_t bytes_held() const;

private:
    struct record {
        std::string_view id;
        first_place place;
    };
    [[nodiscard]] record decode(std::uint32_t slot_value) const;
    // Appends the record; returns its slot value, or 0 when the chunks are
    // all used (the overflow map takes it then).
    std::uint32_t append(std::string_view id, first_place place);
    void grow();

    std::vector<std::unique_ptr<char[]>> chunks_;
    std::vector<std::size_t> chunk_sizes_;  // bytes allocated for each chunk
    std::size_t used_ = 0;                  // bytes used in the last chunk
    std::vector<std::uint32_t> slots_;      // open addressing: 0 empty, else (chunk + 1) << 20 | offset
    std::size_t in_slots_ = 0;
    // Past 4,095 chunks (4 GiB of ids, or thousands of ids over 1 MiB each)
    // the slots cannot name a record: the rest are kept here.
    std::unordered_map<std::string, first_place> overflow_;
    std::size_t overflow_bytes_ = 0;
    std::size_t size_ = 0;
};

}  // namespace appraise
