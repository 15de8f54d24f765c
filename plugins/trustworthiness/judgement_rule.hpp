// The proposal rule from answers and flags to domain and overall
// judgements. INSPECT-SR has no mechanical rule (its answers "contribute to"
// the judgements); this is the project's, shown by `explain` and named in
// every rationale, and a reviewer confirms or changes it with an override.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trustworthiness {

inline constexpr const char* no_concerns = "no-concerns";
inline constexpr const char* some_concerns = "some-concerns";
inline constexpr const char* serious_concerns = "serious-concerns";

// What one domain's answers and flags say.
struct domain_inputs {
    std::vector<std::string> serious;     // "yes" answers that alone make the domain serious ("1.1")
    std::vector<std::string> concerns;    // INSPECT-SR checks answered or derived "yes": "4.6 (from flow-mismatch)"
    std::vector<std::string> flags;       // flags informing no INSPECT-SR check: "registered-after-enrolment"
    std::vector<std::string> unanswered;  // INSPECT-SR checks without an answer
};

struct proposal {
    std::string judgement;  // empty: not assessed
    std::string rationale;  // or, when not assessed, why
};

[[nodiscard]] proposal propose_domain(const domain_inputs& in, std::int64_t serious_concerns_at);

struct domain_judgement {
    std::string name;
    std::string judgement;  // empty: not assessed
};

[[nodiscard]] proposal propose_overall(const std::vector<domain_judgement>& domains);

// The rule in words, for explain.
[[nodiscard]] std::string rule_text();

}  // namespace trustworthiness
