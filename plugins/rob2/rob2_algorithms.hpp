// Judging RoB 2 (guidance flowcharts of 22 August 2019): the judgement scale,
// the answer sheet an algorithm reads, the verdict it gives (a proposed
// judgement and a rationale naming the rule that fired and the answers it
// read) and the overall rule. Each domain's own algorithm is in its file
// under domains/ (rob2_domain.hpp).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "rob2_questions.hpp"

namespace rob2 {

enum class judgement { low, some_concerns, high, no_information };

// Kebab-case word for reports ("some-concerns") and title-case words for
// rationales ("Some concerns").
[[nodiscard]] std::string_view to_word(judgement j);
[[nodiscard]] std::string_view to_title(judgement j);
[[nodiscard]] std::optional<judgement> parse_word(std::string_view word);
// Worse first: high > some_concerns > low. no_information (not assessed) is not on this scale.
[[nodiscard]] int severity_rank(judgement j);

// One domain's answers as the algorithm reads them: every question of the
// variant, each with a usable code (an omitted question was already resolved to
// NI, or to NA where its gate is unmet).
class answer_sheet {
public:
    void set(std::string_view id, code value, bool missing) { entries_[slot(id)] = {value, missing, true}; }
    [[nodiscard]] code at(std::string_view id) const { return entries_[slot(id)].value; }
    // "1.2 = N", or "1.2 = NI (not coded)" for an omitted answer.
    [[nodiscard]] std::string show(std::string_view id) const;

    // Question ids are "<domain>.<number>" with one digit each: a flat table is
    // enough, and far cheaper than a map on the hot path of a large corpus.
    [[nodiscard]] static std::size_t slot(std::string_view id) {
        if (id.size() != 3 || id[0] < '1' || id[0] > '5' || id[2] < '1' || id[2] > '9') return 0;
        return static_cast<std::size_t>(id[0] - '0') * 10 + static_cast<std::size_t>(id[2] - '0');
    }
    static constexpr std::size_t slots = 60;

private:
    struct entry {
        code value = code::ni;
        bool missing = true;
        bool present = false;
    };
    std::array<entry, slots> entries_{};
};

struct algorithm_settings {
    // D4: 4.2 = NI turns every Low leaf into Some concerns (CoRATES and the
    // criteria table as recalled). false: 4.2 = NI is read like N/PN (eagent).
    bool d4_ni_caps_at_some_concerns = true;
};

struct verdict {
    judgement value = judgement::no_information;
    std::string rationale;  // "High: 1.2 = N (sequence not concealed)"
};

// `domain` is 1..5: that domain's algorithm (domain 2 follows the effect of interest).
[[nodiscard]] verdict judge_domain(int domain, effect e, const answer_sheet& answers,
                                   const algorithm_settings& settings);

// Low when every domain is Low, High when any is High, else Some concerns;
// no_information (not assessed; the rationale is then only a note on what a
// High domain implies) when a domain is not assessed.
[[nodiscard]] verdict judge_overall(const std::array<judgement, domain_count>& domains);

}  // namespace rob2
