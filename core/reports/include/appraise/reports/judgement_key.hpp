// The key of a rubric's plots, legends, chips and tooltips: its judgement
// words in its own spelling (RoB 2 "Some concerns", ROBINS-I "Moderate" and
// "Serious", EPHPP "Strong"), best first, each drawn with the colour and
// symbol of the rung it sits on (level_of). One key per rubric, derived from
// its description's scale, so the HTML report and the standalone figures name
// and draw the same things; "Not assessed" and "Disputed" are marks of their
// own beside it, never a word of the scale.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/reports/judgement_words.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct key_mark {
    std::string word;                               // the kebab-case judgement: "moderate"
    std::string label;                              // as a reader sees it: "Moderate"
    risk_level level = risk_level::no_information;  // its rung: symbol and colour
    // 0: the rung's own colour; n > 0: the n-th later word on the same rung
    // (ROBINS-I V2's "Low except for uncontrolled confounding" after "Low"),
    // drawn in a lighter shade of it so the two can be told apart.
    int shade = 0;
};

class judgement_key {
public:
    judgement_key() = default;
    // `scale` best first; `rungs` as in rubric_description::judgement_rungs (may be empty).
    judgement_key(std::vector<std::string> scale, std::vector<std::string> rungs);
    explicit judgement_key(const sdk::rubric_description& rubric);

    // The mark of a judgement word. A word of the scale has one from the
    // start; a word outside it with a known meaning (RoB 2's "no-information"
    // for a coding error, EPHPP's "not-rated") gets one after the scale's
    // words the first time it is seen; any other word has none.
    std::optional<std::size_t> mark(std::string_view word);
    // The same without adding: a word outside the scale gets a mark made on
    // the fly (shade 0), or nullopt.
    [[nodiscard]] std::optional<key_mark> look(std::string_view word) const;
    [[nodiscard]] const std::vector<key_mark>& marks() const { return marks_; }

private:
    [[nodiscard]] std::optional<key_mark> make(std::string_view word) const;
    std::vector<std::string> scale_;
    std::vector<std::string> rungs_;
    std::vector<key_mark> marks_;
};

// What a legend lists besides the scale: the marks of their own, shown only
// when a plot has them.
struct legend_extras {
    bool not_assessed = false;  // a domain the reviewer left not assessed: the dashed ring
    bool disputed = false;      // the readings of a domain's algorithm differ: the marker beside the disc
};

// One entry of a legend, in order: every word of the scale, then the words
// outside it that the plot met, then Not assessed and Disputed when present.
struct legend_entry {
    enum class kind { mark, not_assessed, disputed };
    kind type = kind::mark;
    std::size_t mark = 0;  // index into the key's marks, for kind::mark
    std::string label;
};

[[nodiscard]] std::vector<legend_entry> legend_entries(const judgement_key& key, legend_extras extras);

// The words of the marks of their own.
inline constexpr const char* not_assessed_name = "Not assessed";
inline constexpr const char* disputed_name = "Disputed (readings differ)";

}  // namespace appraise
