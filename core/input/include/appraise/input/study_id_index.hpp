// Every study id seen in a run, kept compactly (about 35 bytes a study, no
// per-id allocation) so that refusing duplicate ids does not make memory
// grow with the corpus: the id's text, the number of the file it came from
// and its line and column are kept. A duplicate is placed from the index
// alone, in the same pass: no file is read twice (reading the first file again
// for every duplicate made a corpus of duplicates quadratic, issue 12).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
    [[nodiscard]] std::size_t size() const { return records_.size(); }

private:
    struct record {
        std::uint32_t id_start;  // in ids_; the id ends where the next record's starts
        first_place place;
    };

    [[nodiscard]] std::string_view id_of(std::uint32_t index) const;
    void grow();

    std::string ids_;
    std::vector<record> records_;
    std::vector<std::uint32_t> slots_;  // open addressing: 0 empty, else record index + 1
};

}  // namespace appraise
