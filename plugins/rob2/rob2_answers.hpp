// Reading and validating a study's RoB 2 coding: [appraisal.rob2] (one result)
// or [[appraisal.rob2]] (one table per result), with the outcome, the effect of
// interest, the answers to the signalling questions and the reviewer's
// overrides. Every problem becomes a finding at the line it is about; a domain
// with a coding error is marked unusable so that no judgement is made from
// answers that contradict the tool.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <appraise/sdk/rubric_api.hpp>

#include "rob2_algorithms.hpp"
#include "rob2_questions.hpp"

namespace rob2 {

inline constexpr const char* rubric_id = "rob2";

// "rob2/<slug>"
[[nodiscard]] std::string finding_id(std::string_view slug);

struct domain_coding {
    std::string_view id;                         // "d1", "d1b", "ds" ...
    std::vector<appraise::sdk::answer> answers;  // every question of the variant, in order
    answer_sheet sheet;                          // what the algorithm reads
    bool usable = true;                          // false: a coding error here; no judgement is made
    std::vector<std::string> errors;             // why not usable: "2.3 (na-where-reached)"
    // Reached questions the reviewer left out: the domain is not assessed.
    // (Questions whose gate depends on one of them are not assessed either.)
    std::vector<std::string> not_assessed;
};

// A reviewer's override of one domain or of the overall judgement.
struct override_request {
    judgement value = judgement::high;
    std::string reason;
    appraise::sdk::source_location where;
};

struct result_coding {
    appraise::sdk::source_location header;  // the table's header line
    std::string outcome;                    // [[outcomes]] id, empty when not coded
    std::optional<effect> effect_of_interest;
    // Which RoB 2: `variant` when coded, else design.type (cluster-rct,
    // crossover-rct), else the main tool; `design_source` says which
    // ("variant = \"cluster\"", "design.type = \"cluster-rct\"").
    trial_design design = trial_design::parallel;
    std::string design_source;
    // Crossover only: the result uses first-period data, chosen after a test
    // for carry-over (biased: Cochrane Handbook 5.1 section 16.4.3).
    std::optional<bool> first_period_only_after_carryover_test;
    std::string label;                   // "depression (assignment)"; empty for a study's only, unlabelled result
    std::vector<domain_coding> domains;  // the design's domains, in order
    std::map<std::string, override_request, std::less<>> overrides;  // "d1".."d5", "d1b", "ds", "overall"
    std::vector<appraise::sdk::finding> findings;
};

struct study_coding {
    const appraise::sdk::node* node = nullptr;  // appraisal.rob2, nullptr when absent
    bool any_answer = false;                    // a question (or any other key but outcome/effect) coded
    std::vector<result_coding> results;
    std::vector<appraise::sdk::finding> findings;  // about appraisal.rob2 as a whole
};

// `crossover_encoding` ("X1", "X2" or "": option crossover_encoding) decides
// which gates and questions of a crossover trial are checked (under_encoding).
[[nodiscard]] study_coding read_coding(const appraise::sdk::study& study, std::string_view crossover_encoding = {});

}  // namespace rob2
