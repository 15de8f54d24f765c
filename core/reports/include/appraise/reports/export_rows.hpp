// What the per-result exports for other tools (robvis, RevMan Web) share:
// when a result's row would carry a judgement the reviewer did not make, and
// how its outcome is read from its label. Neither tool has a "not assessed"
// level, so such a row stays out and the notes say where and why.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// The domains (and overall) not assessed, with why: "Missing outcome data:
// question 3.1 is not answered; Overall: ..."; empty when all were judged.
[[nodiscard]] std::string unassessed_text(const sdk::appraisal& appraisal);

// The appraisal's error findings (a coding error: an answer not of the
// scale, an unknown key), located: "file:line:col: message [id]; ...";
// empty when there are none.
[[nodiscard]] std::string coding_error_text(const sdk::appraisal& appraisal);

// A result of outcome `id`: its label is the id, or starts "id (" (rob2,
// ROBINS-I: "reading (assignment)"). Outcome ids hold no blank or bracket.
[[nodiscard]] bool of_outcome(const std::string& label, const std::string& id);
// The outcome id a label starts with: "reading (assignment)" -> "reading".
[[nodiscard]] std::string outcome_of(const std::string& label);

// Items joined by ", ".
[[nodiscard]] std::string joined(const std::vector<std::string>& items);

// What a note on stderr lists (studies left out, rows not written): the
// first `listed` items and how many there were, as the audit's "which"
// column does. A note on a corpus of a million studies stays one readable
// line, and the export holds ten strings per note, not a million.
class noted_items {
public:
    static constexpr std::size_t listed = 10;

    void push_back(std::string item);
    [[nodiscard]] std::size_t size() const { return count_; }
    [[nodiscard]] bool empty() const { return count_ == 0; }
    // "a, b, c", or "a, b, ..., j and 990 more".
    [[nodiscard]] std::string text() const;
    [[nodiscard]] const std::vector<std::string>& first_items() const { return first_; }

private:
    std::vector<std::string> first_;
    std::size_t count_ = 0;
};

// Lines of a note, one per item, each indented by two blanks: the first
// noted_items::listed, then "  and N more" (the text or JSON report has
// them all).
[[nodiscard]] std::string noted_lines(const noted_items& lines);

}  // namespace appraise
