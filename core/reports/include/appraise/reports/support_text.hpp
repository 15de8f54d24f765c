// The reviewer's "support for judgement" as reports for people show it
// (format 1.1): the reviewer's own text first, then each answer with its
// quote and place, then the direction of bias. One wording for Markdown,
// CSV, text and HTML; each writer escapes for its own language.
#pragma once

#include <string>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// Where the evidence is: "p. 820, full-text" (place, then source); empty when neither was written.
[[nodiscard]] std::string evidence_place(const sdk::value_evidence& evidence);

// The evidence in brackets after an answer: ("quote", p. 820, full-text),
// with a consensus resolution after it; empty when the answer has none.
[[nodiscard]] std::string evidence_brief(const sdk::value_evidence& evidence);

// One answer as a reader sees it: `1.1 = PN ("quote", p. 820)`; an answer
// that is not coded says how it came to be (`3.2 = N, derived`); a question
// the reviewer did not answer reads `3.1 not assessed`, never a code.
[[nodiscard]] std::string answer_brief(const sdk::answer& answer);

// An answer's item id, with the outcome it is for when per outcome: "q7 [reading]".
[[nodiscard]] std::string answer_name(const sdk::answer& answer);

// The parts of a support for judgement, in order, each present only when
// written: the reviewer's text, the answers ("1.1 = Y; 1.2 = PN (...)"), and
// "Direction: Favours experimental".
[[nodiscard]] std::vector<std::string> support_parts(const std::string& support,
                                                     const std::vector<sdk::answer>& answers,
                                                     const std::string& direction);

// "Not assessed" for a domain or overall that was not judged, else the judgement's words.
[[nodiscard]] std::string judgement_label(const std::string& judgement, const std::string& not_assessed);

// A rubric's not-assessed reason without its leading "not assessed: ".
[[nodiscard]] std::string not_assessed_reason(const std::string& reason);

// "Not assessed: <reason>" (or just "Not assessed" when no reason was given).
[[nodiscard]] std::string not_assessed_text(const std::string& reason);

// The words of a [coding] record field for people: a string as written, an
// array joined by ", ", a date or number as its TOML text.
[[nodiscard]] std::string coding_value_text(const sdk::node& value);

}  // namespace appraise
