#include "appraise/reports/judgement_key.hpp"

#include <algorithm>

namespace appraise {

judgement_key::judgement_key(std::vector<std::string> scale, std::vector<std::string> rungs)
    : scale_(std::move(scale)), rungs_(std::move(rungs)) {
    for (const auto& word : scale_) mark(word);
}

judgement_key::judgement_key(const sdk::rubric_description& rubric)
    : judgement_key(rubric.judgement_scale, rubric.judgement_rungs) {}

std::optional<key_mark> judgement_key::make(std::string_view word) const {
    const auto level = level_of(word, scale_, rungs_);
    if (!level) return std::nullopt;
    key_mark made{std::string(word), title_word(word), *level, 0};
    made.shade = static_cast<int>(
        std::count_if(marks_.begin(), marks_.end(), [&](const key_mark& m) { return m.level == *level; }));
    return made;
}

std::optional<std::size_t> judgement_key::mark(std::string_view word) {
    const auto at = std::find_if(marks_.begin(), marks_.end(), [&](const key_mark& m) { return m.word == word; });
    if (at != marks_.end()) return static_cast<std::size_t>(at - marks_.begin());
    auto made = make(word);
    if (!made) return std::nullopt;
    marks_.push_back(std::move(*made));
    return marks_.size() - 1;
}

std::optional<key_mark> judgement_key::look(std::string_view word) const {
    const auto at = std::find_if(marks_.begin(), marks_.end(), [&](const key_mark& m) { return m.word == word; });
    if (at != marks_.end()) return *at;
    auto made = make(word);
    if (made) made->shade = 0;
    return made;
}

std::vector<legend_entry> legend_entries(const judgement_key& key, legend_extras extras) {
    std::vector<legend_entry> entries;
    for (std::size_t i = 0; i < key.marks().size(); ++i)
        entries.push_back({legend_entry::kind::mark, i, key.marks()[i].label});
    if (extras.not_assessed) entries.push_back({legend_entry::kind::not_assessed, 0, not_assessed_name});
    if (extras.disputed) entries.push_back({legend_entry::kind::disputed, 0, disputed_name});
    return entries;
}

}  // namespace appraise
