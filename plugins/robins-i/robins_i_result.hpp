// Appraising one result with ROBINS-I: reading the reviewer's answers table
// (one [appraisal.robins-i] table or one [[appraisal.robins-i]] element),
// validating answers and gates, recording the reviewer's domain judgements
// with any suggestion, applying overrides and the overall rule.
#pragma once

#include <string>

#include <appraise/sdk/rubric_api.hpp>

namespace robins_i {

struct settings {
    bool suggest = true;        // show suggested levels where the criteria are unambiguous
    bool allow_ni_1_1 = false;  // accept NI for question 1.1

    [[nodiscard]] static settings from(const appraise::sdk::option_values& options);
};

// `answers` is the result's table; `label` names the result in reports (empty
// when the study has one result).
[[nodiscard]] appraise::sdk::appraisal appraise_result(const appraise::sdk::study& study,
                                                       const appraise::sdk::node& answers, const settings& config,
                                                       std::string label);

}  // namespace robins_i
