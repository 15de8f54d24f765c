// The EPHPP Quality Assessment Tool for Quantitative Studies, question by
// question: id (A1..H4), component, a paraphrase, the responses with the
// dictionary's codes, and the study-format field each answer derives from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ephpp {

struct response {
    int code = 0;           // the form's code; 0 = not applicable (question not reached)
    std::string_view word;  // kebab-case, as reports show it and reviewers may write it
};

struct question {
    std::string_view id;      // "A1"
    char component = 'a';     // a..h
    std::string_view prompt;  // paraphrased
    std::vector<response> responses;
    std::string_view derived_from;  // the facts read, in words
};

[[nodiscard]] const std::vector<question>& questions();
// Case-insensitive ("a1" finds A1).
[[nodiscard]] const question* find_question(std::string_view id);
// `a` and `b` equal but for ASCII case (no copy: keys are compared per question on every study).
[[nodiscard]] bool same_id(std::string_view a, std::string_view b);
[[nodiscard]] std::string_view word_of(const question& q, int code);
// A response given as its word or as its code (in text); nullopt when neither.
[[nodiscard]] std::optional<int> code_of(const question& q, std::string_view word);
[[nodiscard]] std::string responses_text(const question& q);

}  // namespace ephpp
