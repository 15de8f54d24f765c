#include "ephpp_override.hpp"

#include <appraise/sdk/helpers.hpp>

namespace ephpp {

namespace sdk = appraise::sdk;

std::map<std::string, rating_override, std::less<>> read_overrides(const sdk::node* table,
                                                                   std::vector<sdk::finding>& findings) {
    std::map<std::string, rating_override, std::less<>> result;
    if (table == nullptr) return result;
    const auto report = [&](sdk::override_problem, const std::string& message, const sdk::source_location& where) {
        findings.push_back({"ephpp/invalid-override", sdk::severity::error, message, where});
    };
    for (auto& o : sdk::read_overrides(*table, {"a", "b", "c", "d", "e", "f"}, {"strong", "moderate", "weak"}, report))
        result[o.target] = {std::move(o.judgement), std::move(o.reason), o.where};
    return result;
}

}  // namespace ephpp
