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
#include <vector>

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
    // Written by the reviewer (not derived, not left out).
    [[nodiscard]] bool answered(std::string_view id) const {
        const entry& e = entries_[slot(id)];
        return e.present && !e.missing;
    }
    // "1.2 = N", or "1.2 = NI (not coded)" for an omitted answer.
    [[nodiscard]] std::string show(std::string_view id) const;

    // Question ids are "<domain>[a|b].<number>[a|b]" with one digit each
    // ("1.1", "1b.2", "2.1a", "S.3"; domain S is crossover's): a flat table is
    // enough, and far cheaper than a map on the hot path of a large corpus.
    [[nodiscard]] static std::size_t slot(std::string_view id) {
        std::size_t at = 0;
        const auto letter = [&]() -> std::size_t {
            if (at < id.size() && (id[at] == 'a' || id[at] == 'b')) return id[at++] == 'a' ? 1 : 2;
            return 0;
        };
        if (id.empty()) return 0;
        const std::size_t domain = id[0] == 'S' ? 6 : id[0] >= '1' && id[0] <= '5' ? std::size_t(id[0] - '0') : 0;
        if (domain == 0) return 0;
        ++at;
        const std::size_t part = letter();
        if (at >= id.size() || id[at] != '.') return 0;
        ++at;
        if (at >= id.size() || id[at] < '1' || id[at] > '9') return 0;
        const auto number = static_cast<std::size_t>(id[at++] - '0');
        const std::size_t sub = letter();
        if (at != id.size()) return 0;
        return ((domain * 3 + part) * 10 + number) * 3 + sub;
    }
    static constexpr std::size_t slots = 630;

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
    // The cluster variant's D4 floor follows the same setting.
    bool d4_ni_caps_at_some_concerns = true;
    // Cluster D2, effect of assignment, 2.3 Y/PY then 2.4 N/PN: Some concerns
    // as in the main tool (verified there; the 2021 cluster version made D2
    // consistent with it), or Low as the CRT-T transcription has it
    // (instruments-2.md section 1, "disputed leaf").
    bool cluster_d2_2_4_no_gives_low = false;
    // The cluster variant's D1b, D3 and D4 algorithms are transcribed from one
    // anonymous cribsheet copy (CRT-T, unverified): false leaves that domain's
    // judgement to the reviewer (an override with a reason).
    bool cluster_d1b_algorithm = true;
    bool cluster_d3_algorithm = true;
    bool cluster_d4_algorithm = true;
    // Crossover domain S: which of the two unverified question encodings the
    // reviewer's answers follow ("X1" or "X2"; empty: not chosen). Named in
    // the rationale; no algorithm reads it (instruments-2.md section 2).
    std::string crossover_encoding;
};

struct verdict {
    // no_information: the domain is not judged; the rationale then says why
    // ("not assessed: ..."), e.g. a domain whose judgement is the reviewer's.
    judgement value = judgement::no_information;
    std::string rationale;  // "High: 1.2 = N (sequence not concealed)"
};

// One domain's judgement as the overall rule reads it.
struct domain_judgement {
    std::string_view id;  // "d1", "d1b", "ds" ...
    judgement value = judgement::no_information;
};

// Low when every domain is Low, High when any is High, else Some concerns;
// no_information (not assessed; the rationale is then only a note on what a
// High domain implies) when a domain is not assessed.
[[nodiscard]] verdict judge_overall(const std::vector<domain_judgement>& domains);

}  // namespace rob2
