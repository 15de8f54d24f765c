// Reviewer overrides under [appraisal.robins-i.override]: `overall` or a
// domain id (d1..d7) = { judgement = "...", reason = "..." }. A judgement the
// reviewer replaces is kept as the proposed one, and the reason goes into
// every report.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <appraise/sdk/rubric_api.hpp>

#include "robins_i_levels.hpp"

namespace robins_i {

struct judgement_override {
    level judgement = level::low;
    std::string reason;
    appraise::sdk::source_location where;
};

// Keyed by "overall", "d1".."d7". Malformed entries become error findings
// (robins-i/invalid-override) and are left out.
[[nodiscard]] std::map<std::string, judgement_override, std::less<>> read_overrides(
    const appraise::sdk::node* table, std::vector<appraise::sdk::finding>& findings);

}  // namespace robins_i
