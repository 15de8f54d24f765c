// The ephpp rubric's options, read once from [options.ephpp] (validated by the
// host for type; the word-valued ones are checked here).
#pragma once

#include <string>

#include <appraise/sdk/rubric_api.hpp>

namespace ephpp {

struct settings {
    std::string unrated_default = "moderate";                  // strong | moderate | weak
    std::string completion_not_applicable = "not-applicable";  // F when F2 = not-applicable
    std::string valid_unreliable = "weak";                     // E when E1 = valid and E2 = shown unreliable
    bool primary_outcomes_only = false;                        // E reads primary outcomes only (when any are marked)
    bool nonrandom_controlled_as_cct = true;                   // B1 for trials the investigators allocated

    // Throws std::invalid_argument naming the option and its allowed values.
    [[nodiscard]] static settings from(const appraise::sdk::option_values& options);
};

}  // namespace ephpp
