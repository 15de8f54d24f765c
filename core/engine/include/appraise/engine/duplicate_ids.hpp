// Study ids are unique across the corpus: the later of two is refused, and
// the message names where the first was written. Two ids that differ only in
// letter case (`Lan-2009`, `lan-2009`) are a warning at the later one:
// spreadsheets, `appraise import sheet` and the file systems of Windows and
// macOS take them as one id. Run on results in corpus order (the engine's
// sink, or `merge` replaying shards), never per shard.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "appraise/input/study_id_index.hpp"
#include "appraise/model/study_result.hpp"

namespace appraise {

class duplicate_ids {
public:
    // `list_files` gives the displayed name of every file of the corpus in
    // order; it is called only when a duplicate names another file (rare).
    explicit duplicate_ids(std::function<std::vector<std::string>()> list_files);

    // What the check says of one study of a file: its problem, and whether
    // the study is refused (a duplicate) or only warned about (letter case).
    struct verdict {
        std::size_t study = 0;  // index in file_result::studies
        diagnostic problem;
        bool refused = false;
    };

    // Marks each study whose id an earlier one used; returns whether the
    // file's results changed.
    bool check(file_result& file);
    // The same in two steps: records the file's ids and says what to change
    // (judge), then changes a result of the same file (apply), which may be
    // the whole result made again when the one judged was slimmed.
    [[nodiscard]] std::vector<verdict> judge(const file_result& file);
    static void apply(std::vector<verdict>&& verdicts, file_result& file);

private:
    std::string display_of(std::uint32_t ordinal);
    source_location place_of(const first_place& first, std::uint32_t ordinal, const file_result& file);

    std::function<std::vector<std::string>()> list_files_;
    std::size_t files_seen_ = 0;
    study_id_index ids_;
    study_id_index folded_ids_;  // each id in ASCII lower case: where it was first seen
    std::string folded_;         // reused for each id
    std::vector<std::string> files_;
    bool listed_ = false;
};

}  // namespace appraise
