// The ROBINS-I (2016) signalling questions: id, domain, a paraphrase (never the
// official wording), which effect of interest asks it, the answers allowed and
// the gate that decides whether it is reached (else its answer is NA).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "robins_i_answers.hpp"

namespace robins_i {

enum class effect { assignment, adhering };
enum class asked_for { both, assignment, adhering };

// The answers a gate reads: each question's effective answer so far
// (NA when gated out, NI when left out or invalid).
class answer_sheet {
public:
    void set(std::string_view id, answer_code code) { codes_[std::string(id)] = code; }
    [[nodiscard]] answer_code at(std::string_view id) const {
        const auto found = codes_.find(id);
        return found == codes_.end() ? answer_code::na : found->second;
    }

private:
    std::map<std::string, answer_code, std::less<>> codes_;
};

struct question {
    std::string_view id;      // "1.1"
    int domain = 0;           // 1..7
    std::string_view prompt;  // paraphrased
    asked_for asked = asked_for::both;
    bool no_ni = false;                           // NI not offered (1.1, unless the option allows it)
    std::string_view gate_text;                   // in words; empty when always asked
    bool (*gate)(const answer_sheet&) = nullptr;  // nullptr: always asked
};

// All 34 questions in order.
[[nodiscard]] const std::vector<question>& questions();
[[nodiscard]] const question* find_question(std::string_view id);

[[nodiscard]] bool asked_under(const question& q, effect e);

}  // namespace robins_i
