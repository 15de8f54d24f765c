#include "robins_i_levels.hpp"

#include <cctype>

namespace robins_i {

namespace {

std::string normalised(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        out += (ch == ' ' || ch == '_') ? '-' : static_cast<char>(std::tolower(c));
    }
    return out;
}

std::string domain_list(const std::vector<level>& domains, level wanted) {
    std::string text;
    for (std::size_t i = 0; i < domains.size(); ++i)
        if (domains[i] == wanted) text += (text.empty() ? "d" : ", d") + std::to_string(i + 1);
    return text;
}

}  // namespace

std::string_view level_word(level l) {
    switch (l) {
        case level::low:
            return "low";
        case level::moderate:
            return "moderate";
        case level::serious:
            return "serious";
        case level::critical:
            return "critical";
        case level::no_information:
            return "no-information";
    }
    return "no-information";
}

std::string_view level_title(level l) {
    switch (l) {
        case level::low:
            return "Low";
        case level::moderate:
            return "Moderate";
        case level::serious:
            return "Serious";
        case level::critical:
            return "Critical";
        case level::no_information:
            return "No information";
    }
    return "No information";
}

const std::vector<level>& all_levels() {
    static const std::vector<level> levels{level::low, level::moderate, level::serious, level::critical,
                                           level::no_information};
    return levels;
}

std::optional<level> parse_level(std::string_view text) {
    const std::string word = normalised(text);
    for (const level l : all_levels())
        if (level_word(l) == word) return l;
    return std::nullopt;
}

overall_result overall_of(const std::vector<level>& domains) {
    const auto any = [&](level l) { return !domain_list(domains, l).empty(); };
    if (any(level::critical))
        return {level::critical,
                "Critical: Critical in at least one domain (" + domain_list(domains, level::critical) + ")"};
    if (any(level::serious))
        return {level::serious, "Serious: Serious in at least one domain (" + domain_list(domains, level::serious) +
                                    "), Critical in none"};
    if (any(level::no_information))
        return {level::no_information,
                "No information: no domain is Serious or Critical, but information is lacking in " +
                    domain_list(domains, level::no_information)};
    if (any(level::moderate))
        return {level::moderate, "Moderate: Low or Moderate in every domain (Moderate in " +
                                     domain_list(domains, level::moderate) + ")"};
    return {level::low, "Low: Low in every domain"};
}

}  // namespace robins_i
