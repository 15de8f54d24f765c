#include "ephpp_settings.hpp"

#include <stdexcept>
#include <variant>
#include <vector>

#include <appraise/sdk/helpers.hpp>

namespace ephpp {

namespace sdk = appraise::sdk;

namespace {

std::string word_option(const sdk::option_values& options, const char* name, const std::vector<std::string>& allowed) {
    const auto& value = options.find(name)->second;
    std::string text = std::get<std::string>(value);
    for (const auto& word : allowed)
        if (word == text) return text;
    std::string list;
    for (const auto& word : allowed) list += (list.empty() ? "" : ", ") + word;
    throw std::invalid_argument("option " + std::string(name) + " = \"" + text + "\" is not one of: " + list);
}

}  // namespace

settings settings::from(const sdk::option_values& options) {
    settings s;
    s.unrated_default = word_option(options, "unrated_default", {"strong", "moderate", "weak"});
    s.completion_not_applicable =
        word_option(options, "completion_not_applicable", {"not-applicable", "strong", "moderate", "weak"});
    s.valid_unreliable = word_option(options, "valid_unreliable", {"strong", "moderate", "weak"});
    s.primary_outcomes_only = sdk::option_bool(options, "primary_outcomes_only");
    s.nonrandom_controlled_as_cct = sdk::option_bool(options, "nonrandom_controlled_as_cct");
    return s;
}

}  // namespace ephpp
