#include "ephpp_questions.hpp"

#include <cctype>

namespace ephpp {

namespace {

const std::vector<response> yes_no_cannot{{1, "yes"}, {2, "no"}, {3, "cannot-tell"}};
const std::vector<response> percent_bands{{1, "80-100"}, {2, "60-79"}, {3, "below-60"}, {4, "cannot-tell"}};
const std::vector<response> units{{1, "community"},  {2, "organisation"}, {3, "practice"},
                                  {4, "individual"}, {5, "cluster"},      {6, "cannot-tell"}};

std::string lower(std::string_view text) {
    std::string out;
    for (const char ch : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

}  // namespace

const std::vector<question>& questions() {
    static const std::vector<question> all{
        {"A1",
         'a',
         "How likely are the participants to represent the target population?",
         {{1, "very-likely"}, {2, "somewhat-likely"}, {3, "not-likely"}, {4, "cannot-tell"}},
         "sample.representative (very-likely/somewhat-likely/not-likely/cannot-tell); omitted: cannot-tell"},
        {"A2",
         'a',
         "What share of those selected agreed to take part?",
         {{1, "80-100"}, {2, "60-79"}, {3, "below-60"}, {4, "not-applicable"}, {5, "cannot-tell"}},
         "sample.participation (fraction: >= 0.8, >= 0.6, below); omitted: cannot-tell; not-applicable only when "
         "coded"},
        {"B1",
         'b',
         "Which design was used?",
         {{1, "rct"},
          {2, "cct"},
          {3, "cohort-analytic"},
          {4, "case-control"},
          {5, "cohort"},
          {6, "interrupted-time-series"},
          {7, "other"},
          {8, "cannot-tell"}},
         "design.type: rct/cluster-rct/crossover-rct = rct; non-randomised-controlled = cct (always when "
         "design.allocation = quasi-random, else by option nonrandom_controlled_as_cct, default true; false: "
         "cohort-analytic); "
         "controlled-before-after and cohort = cohort-analytic; case-control; pre-post = cohort (one group "
         "before and after); interrupted-time-series; cross-sectional, case-series, mixed-methods = other; "
         "omitted: cannot-tell"},
        {"B2",
         'b',
         "Was the study described as randomised?",
         {{1, "yes"}, {2, "no"}, {3, "cannot-tell"}},
         "design.type randomised or design.allocation = random; omitted both: cannot-tell"},
        {"B3",
         'b',
         "If so, was the method of randomisation described?",
         {{0, "not-applicable"}, {1, "yes"}, {2, "no"}},
         "design.allocation_method present (omitted = not described); not-applicable unless B2 = yes"},
        {"B4",
         'b',
         "If so, was that method appropriate?",
         {{0, "not-applicable"}, {1, "yes"}, {2, "no"}, {3, "cannot-tell"}},
         "no study-format field: code it; cannot-tell until coded; not-applicable unless B2 and B3 = yes"},
        {"C1", 'c', "Did the groups differ in important ways before the intervention?", yes_no_cannot,
         "baseline.equivalent (true = no differences, false = yes); omitted: cannot-tell"},
        {"C2",
         'c',
         "What share of the relevant confounders was controlled, in design or analysis?",
         {{0, "not-applicable"}, {1, "80-100"}, {2, "60-79"}, {3, "below-60"}, {4, "cannot-tell"}},
         "baseline.confounders_controlled (fraction); omitted: not-applicable when C1 = no, else cannot-tell"},
        {"D1", 'd', "Did outcome assessors know the participants' intervention status?", yes_no_cannot,
         "blinding.assessors (true = blind, so no); omitted: cannot-tell"},
        {"D2", 'd', "Did participants know the research question?", yes_no_cannot,
         "blinding.participants_know_question; omitted: cannot-tell"},
        {"E1", 'e', "Were the data collection tools shown to be valid?", yes_no_cannot,
         "outcomes[].validated over every outcome (only primary ones with option primary_outcomes_only): all "
         "true = yes, any false = no, else cannot-tell"},
        {"E2", 'e', "Were the data collection tools shown to be reliable?", yes_no_cannot,
         "outcomes[].reliable, aggregated as for E1"},
        {"F1",
         'f',
         "Were withdrawals and drop-outs reported by group, in numbers and/or reasons?",
         {{1, "yes"}, {2, "no"}, {3, "cannot-tell"}, {4, "not-applicable"}},
         "attrition.reasons_reported; omitted: cannot-tell; not-applicable only when coded"},
        {"F2",
         'f',
         "What share of participants completed the study (lowest group)?",
         {{1, "80-100"}, {2, "60-79"}, {3, "below-60"}, {4, "cannot-tell"}, {5, "not-applicable"}},
         "attrition.completion (lowest arm when per arm); omitted: cannot-tell; not-applicable only when coded"},
        {"G1", 'g', "What share of participants received the allocated intervention?", percent_bands,
         "intervention.received (fraction); omitted: cannot-tell"},
        {"G2", 'g', "Was the consistency of the intervention measured?", yes_no_cannot,
         "intervention.fidelity_assessed present = yes; omitted: cannot-tell"},
        {"G3", 'g', "Were contamination or co-intervention likely to have influenced the results?", yes_no_cannot,
         "no study-format field: code it; cannot-tell until coded"},
        {"H1", 'h', "What was the unit of allocation?", units,
         "design.unit (individual, or cluster when the level is not coded); omitted: cannot-tell"},
        {"H2", 'h', "What was the unit of analysis?", units, "analysis.unit; omitted: cannot-tell"},
        {"H3", 'h', "Were the statistical methods appropriate for the design?", yes_no_cannot,
         "analysis.methods_appropriate; omitted: cannot-tell"},
        {"H4", 'h', "Was the analysis by allocated group (intention to treat)?", yes_no_cannot,
         "attrition.analysis: itt or modified-itt = yes; per-protocol, completers or as-treated = no; omitted: "
         "cannot-tell"},
    };
    return all;
}

bool same_id(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

const question* find_question(std::string_view id) {
    for (const auto& q : questions())
        if (same_id(q.id, id)) return &q;
    return nullptr;
}

std::string_view word_of(const question& q, int code) {
    for (const auto& r : q.responses)
        if (r.code == code) return r.word;
    return "cannot-tell";
}

std::optional<int> code_of(const question& q, std::string_view word) {
    const std::string wanted = lower(word);
    for (const auto& r : q.responses)
        if (r.word == wanted || (r.code != 0 && std::to_string(r.code) == wanted)) return r.code;
    return std::nullopt;
}

std::string responses_text(const question& q) {
    std::string text;
    for (const auto& r : q.responses)
        text += (text.empty() ? "" : ", ") +
                (r.code == 0 ? std::string(r.word) : std::to_string(r.code) + " " + std::string(r.word));
    return text;
}

}  // namespace ephpp
