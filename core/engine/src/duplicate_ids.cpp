#include "appraise/engine/duplicate_ids.hpp"

#include <algorithm>

namespace appraise {

duplicate_ids::duplicate_ids(std::function<std::vector<std::string>()> list_files)
    : list_files_(std::move(list_files)) {}

bool duplicate_ids::check(file_result& file) {
    auto verdicts = judge(file);
    if (verdicts.empty()) return false;
    apply(std::move(verdicts), file);
    return true;
}

std::vector<duplicate_ids::verdict> duplicate_ids::judge(const file_result& file) {
    std::vector<verdict> verdicts;
    if (file.path.empty()) return verdicts;  // problems of the listing, not a file
    // A file's later parts (file_result::continued) are the same file.
    const auto ordinal =
        static_cast<std::uint32_t>(file.continued && files_seen_ > 0 ? files_seen_ - 1 : files_seen_++);
    for (std::size_t index = 0; index < file.studies.size(); ++index) {
        const auto& study = file.studies[index];
        if (study.id.empty()) continue;
        const first_place here{ordinal, static_cast<std::uint32_t>(std::max(study.id_where.line, 0)),
                               static_cast<std::uint32_t>(std::max(study.id_where.column, 0))};
        const auto first = ids_.insert(study.id, here);
        if (!first) {
            folded_.assign(study.id);
            for (char& c : folded_)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            // An id seen exactly before never reaches here, so a hit is an id
            // that differs from the first only in case.
            if (const auto same_folded = folded_ids_.insert(folded_, here))
                verdicts.push_back(
                    {index,
                     {severity::warning, "coding/id-differs-in-case",
                      "study id \"" + study.id + "\" differs only in letter case from the id at " +
                          format_location(place_of(*same_folded, ordinal, file)) +
                          "; spreadsheets, `appraise import sheet` and the file systems of Windows and macOS take "
                          "them as one id",
                      study.id_where,
                      "if both code one study, remove one; if not, make the ids differ in more than letter case"},
                     false});
            continue;
        }
        verdicts.push_back({index,
                            {severity::error, "coding/duplicate-id",
                             "duplicate study id \"" + study.id + "\": already used at " +
                                 format_location(place_of(*first, ordinal, file)),
                             study.id_where, "give each study its own id; ids are unique across the corpus"},
                            true});
    }
    return verdicts;
}

void duplicate_ids::apply(std::vector<verdict>&& verdicts, file_result& file) {
    for (auto& v : verdicts) {
        if (v.study >= file.studies.size()) continue;  // the file changed since it was judged
        auto& study = file.studies[v.study];
        study.problems.push_back(std::move(v.problem));
        if (!v.refused) continue;
        study.appraised = false;
        study.appraisals.clear();
        study.facets.clear();
        study.facts.clear();
    }
}

source_location duplicate_ids::place_of(const first_place& first, std::uint32_t ordinal, const file_result& file) {
    return {first.file == ordinal ? file.path : display_of(first.file), static_cast<int>(first.line),
            static_cast<int>(first.column)};
}

// The corpus is listed once, and only for a duplicate in another file.
std::string duplicate_ids::display_of(std::uint32_t ordinal) {
    if (!listed_) {
        files_ = list_files_ ? list_files_() : std::vector<std::string>{};
        listed_ = true;
    }
    return ordinal < files_.size() ? files_[ordinal] : std::string{};
}

}  // namespace appraise
