#include "v2_levels.hpp"

#include <algorithm>

namespace robins_i_v2 {

std::string_view level_word(level l) {
    switch (l) {
        case level::low:
            return "low";
        case level::low_except:
            return "low-except-uncontrolled-confounding";
        case level::moderate:
            return "moderate";
        case level::serious:
            return "serious";
        case level::critical:
            return "critical";
    }
    return "critical";
}

std::string_view level_title(level l) {
    switch (l) {
        case level::low:
            return "Low";
        case level::low_except:
            return "Low except for concerns about uncontrolled confounding";
        case level::moderate:
            return "Moderate";
        case level::serious:
            return "Serious";
        case level::critical:
            return "Critical";
    }
    return "Critical";
}

const std::vector<level>& all_levels() {
    static const std::vector<level> levels{level::low, level::low_except, level::moderate, level::serious,
                                           level::critical};
    return levels;
}

std::optional<level> parse_level(std::string_view word) {
    for (const level l : all_levels())
        if (level_word(l) == word) return l;
    return std::nullopt;
}

int rank(level l) {
    return static_cast<int>(l);
}

level from_steps(int steps) {
    switch (std::clamp(steps, 0, 3)) {
        case 0:
            return level::low;
        case 1:
            return level::moderate;
        case 2:
            return level::serious;
        default:
            return level::critical;
    }
}

std::string_view encoding_name(encoding e) {
    switch (e) {
        case encoding::e1:
            return "E1";
        case encoding::e2:
            return "E2";
        case encoding::e3:
            return "E3";
    }
    return "E1";
}

std::optional<encoding> parse_encoding(std::string_view text) {
    for (const encoding e : all_encodings)
        if (encoding_name(e) == text) return e;
    return std::nullopt;
}

}  // namespace robins_i_v2
