// Every study id seen in a run, kept compactly (about 30 bytes a study, no
// per-id allocation) so that refusing duplicate ids does not make memory
// grow with the corpus: only the id's text and the number of the file it came
// from are kept. Where exactly the first one was written is looked up again,
// from the file, only when a duplicate turns up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace appraise {

class study_id_index {
public:
    // Records `id` as found in the file numbered `file` (in corpus order);
    // when the id was seen before, records nothing and returns the number of
    // the file it was first seen in.
    [[nodiscard]] std::optional<std::uint32_t> insert(std::string_view id, std::uint32_t file);
    [[nodiscard]] std::size_t size() const { return records_.size(); }

private:
    struct record {
        std::uint32_t id_start;  // in ids_; the id ends where the next record's starts
        std::uint32_t file;
    };

    [[nodiscard]] std::string_view id_of(std::uint32_t index) const;
    void grow();

    std::string ids_;
    std::vector<record> records_;
    std::vector<std::uint32_t> slots_;  // open addressing: 0 empty, else record index + 1
};

}  // namespace appraise
