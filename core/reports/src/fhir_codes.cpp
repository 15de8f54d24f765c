#include "appraise/reports/fhir_codes.hpp"

#include <array>
#include <utility>

namespace appraise {
namespace {

template <std::size_t N>
std::optional<std::string_view> lookup(const std::array<std::pair<std::string_view, std::string_view>, N>& table,
                                       std::string_view key) {
    for (const auto& [word, code] : table)
        if (word == key) return code;
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> sevco_level(std::string_view rubric, std::string_view judgement) {
    // The levels the guide's examples use (instruments-2.md section 8); 00192
    // "undetermined" is not "No information" of ROBINS-I, so it is not used.
    // Only risk-of-bias scales are coded: EPHPP's "moderate" is a quality
    // rating, design-weakness's "critical" a weakness, and a declarative
    // rubric's "high" may mean high quality.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> levels{{
        {"low", "SEVCO:00186"},
        {"moderate", "SEVCO:00187"},
        {"high", "SEVCO:00188"},
        {"critical", "SEVCO:00190"},
    }};
    const bool rob2 = rubric == "rob2";
    const bool robins = rubric == "robins-i" || rubric == "robins-i-v2";
    if (!rob2 && !robins) return std::nullopt;
    if (rob2 && judgement != "low" && judgement != "high") return std::nullopt;
    if (robins && judgement == "high") return std::nullopt;  // not a ROBINS-I word
    return lookup(levels, judgement);
}

std::optional<std::string_view> sevco_direction(std::string_view direction) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 2> directions{{
        {"favours-experimental", "SEVCO:00201"},
        {"unpredictable", "SEVCO:00205"},
    }};
    return lookup(directions, direction);
}

std::optional<std::string_view> sevco_bias_type(std::string_view rubric, std::string_view domain) {
    if (rubric != "rob2") return std::nullopt;
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> types{{
        {"d1", "SEVCO:00032"},
        {"d2", "SEVCO:00037"},
        {"d3", "SEVCO:00386"},
        {"d4", "SEVCO:00059"},
        {"d5", "SEVCO:00023"},
    }};
    return lookup(types, domain);
}

std::optional<std::string_view> rating_system_code(std::string_view rubric) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> systems{{
        {"rob2", "CochraneRoB2"},
        {"robins-i", "ROBINSI"},
        {"robins-i-v2", "ROBINSI"},
        {"casp-qual", "CASP"},
    }};
    return lookup(systems, rubric);
}

}  // namespace appraise
