#include "v2_domain.hpp"

namespace robins_i_v2 {

const std::vector<question>& preliminary_questions() {
    // instruments-2.md section 3.1: sets and gates [SRC x3], the triage concept [VERIFIED].
    static const std::vector<question> all{
        {"B1", "Did the analysis make any attempt at all to deal with confounding?", binary},
        {"B2", "Is confounding so strong here that the unadjusted estimate is not worth considering at all?", binary,
         "B1 is N/PN", [](const answer_sheet& a) { return is(a, "B1", no_set); }},
        {"B3", "Was the way the outcome was measured unsuitable for this result?", binary},
        {"C4",
         "Does the analysis deal with switches between strategies or departures from the protocol during "
         "follow-up? (N: domain 1 variant A; Y: variant B)",
         code_set{code::y, code::n}},
    };
    return all;
}

const std::vector<domain_unit>& domain_units() {
    static const std::vector<domain_unit> all{confounding_a_domain(),  confounding_b_domain(), classification_domain(),
                                              selection_domain(),      missing_data_domain(),  measurement_domain(),
                                              reported_result_domain()};
    return all;
}

const domain_unit& variant_a() {
    return domain_units()[0];
}
const domain_unit& variant_b() {
    return domain_units()[1];
}

}  // namespace robins_i_v2
