#include "robins_i_override.hpp"

#include <appraise/sdk/helpers.hpp>

namespace robins_i {

namespace sdk = appraise::sdk;

std::map<std::string, judgement_override, std::less<>> read_overrides(const sdk::node* table,
                                                                      std::vector<sdk::finding>& findings) {
    std::map<std::string, judgement_override, std::less<>> result;
    if (table == nullptr) return result;
    std::vector<std::string> words;
    for (const level l : all_levels()) words.emplace_back(level_word(l));
    const auto report = [&](sdk::override_problem, const std::string& message, const sdk::source_location& where) {
        findings.push_back({"robins-i/invalid-override", sdk::severity::error, message, where});
    };
    for (auto& o : sdk::read_overrides(*table, {"d1", "d2", "d3", "d4", "d5", "d6", "d7"}, words, report))
        result[o.target] = {*parse_level(o.judgement), std::move(o.reason), o.where};
    return result;
}

}  // namespace robins_i
