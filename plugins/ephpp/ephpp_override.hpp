// Reviewer overrides under [appraisal.ephpp.override]: `overall` or a
// component id (a..f) = { judgement = "strong|moderate|weak", reason = "..." }.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <appraise/sdk/rubric_api.hpp>

namespace ephpp {

struct rating_override {
    std::string judgement;
    std::string reason;
    appraise::sdk::source_location where;
};

// Malformed entries become ephpp/invalid-override error findings and are left out.
[[nodiscard]] std::map<std::string, rating_override, std::less<>> read_overrides(
    const appraise::sdk::node* table, std::vector<appraise::sdk::finding>& findings);

}  // namespace ephpp
