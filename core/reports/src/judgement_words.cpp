#include "appraise/reports/judgement_words.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace appraise {
namespace {

// Words whose meaning is known whatever the rubric.
constexpr std::array<std::pair<std::string_view, risk_level>, 20> known_words{{
    {"low", risk_level::low},
    // ROBINS-I V2: the best level domain 1 and the overall can reach, given
    // when every domain is at its best (instruments-2.md 3.2, 3.3 "Overall"),
    // so it sits with low, not concerns: a study the tool rates best must not
    // be drawn as worse than one it rates Low.
    {"low-except-uncontrolled-confounding", risk_level::low},
    {"strong", risk_level::low},
    {"some-concerns", risk_level::concerns},
    {"moderate", risk_level::concerns},
    {"unclear", risk_level::concerns},
    {"high", risk_level::high},
    {"serious", risk_level::high},
    {"weak", risk_level::high},
    {"critical", risk_level::critical},
    {"very-high", risk_level::critical},
    {"no-information", risk_level::no_information},
    {"not-applicable", risk_level::not_applicable},
    {"not-rated", risk_level::not_applicable},
    {"include", risk_level::low},
    {"exclude", risk_level::high},
    // Checklist item answers (JBI, CASP, MMAT): not written best first, so placed by meaning.
    {"yes", risk_level::low},
    {"no", risk_level::high},
    {"cant-tell", risk_level::concerns},
    {"cannot-tell", risk_level::concerns},
}};

std::optional<risk_level> rung_level(std::string_view rung) {
    constexpr std::array<std::pair<std::string_view, risk_level>, risk_level_count> rungs{{
        {"low", risk_level::low},
        {"concerns", risk_level::concerns},
        {"high", risk_level::high},
        {"critical", risk_level::critical},
        {"no-information", risk_level::no_information},
        {"not-applicable", risk_level::not_applicable},
    }};
    for (const auto& [name, level] : rungs)
        if (name == rung) return level;
    return std::nullopt;
}

bool unrated(std::string_view word) {
    const auto level =
        std::find_if(known_words.begin(), known_words.end(), [&](const auto& known) { return known.first == word; });
    return level != known_words.end() &&
           (level->second == risk_level::no_information || level->second == risk_level::not_applicable);
}

}  // namespace

std::string title_word(std::string_view kebab) {
    // Whole judgements whose words a kebab id cannot spell.
    constexpr std::array<std::pair<std::string_view, std::string_view>, 1> phrases{{
        {"low-except-uncontrolled-confounding", "Low except for uncontrolled confounding"},
    }};
    for (const auto& [id, spelt] : phrases)
        if (kebab == id) return std::string(spelt);
    // Kebab ids cannot hold an apostrophe ("some-cant-tell"); the words a reader sees must.
    constexpr std::array<std::pair<std::string_view, std::string_view>, 4> contractions{{
        {"cant", "can't"},
        {"dont", "don't"},
        {"doesnt", "doesn't"},
        {"isnt", "isn't"},
    }};
    std::string text;
    std::size_t start = 0;
    while (start <= kebab.size()) {
        const std::size_t end = std::min(kebab.find('-', start), kebab.size());
        std::string_view word = kebab.substr(start, end - start);
        for (const auto& [bare, spelt] : contractions)
            if (word == bare) word = spelt;
        if (start > 0) text += ' ';
        text += word;
        start = end + 1;
    }
    if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

std::optional<risk_level> level_of(std::string_view kebab, const std::vector<std::string>& scale,
                                   const std::vector<std::string>& rungs) {
    for (std::size_t i = 0; i < scale.size() && i < rungs.size(); ++i)
        if (scale[i] == kebab) return rung_level(rungs[i]);
    for (const auto& [word, level] : known_words)
        if (word == kebab) return level;
    // A scale of the rubric's own: best maps to low, worst to high, the rest to
    // the middle; words such as "no-information" were caught above.
    std::vector<std::string_view> rated;
    for (const auto& word : scale)
        if (!unrated(word)) rated.push_back(word);
    const auto at = std::find(rated.begin(), rated.end(), kebab);
    if (at == rated.end()) return std::nullopt;
    if (at == rated.begin()) return risk_level::low;
    if (at + 1 == rated.end()) return risk_level::high;
    return risk_level::concerns;
}

std::optional<std::string> robvis_word(const robvis_template_info& tool, std::string_view kebab,
                                       const std::vector<std::string>& scale, const std::vector<std::string>& rungs) {
    if (!tool.words.empty()) {
        // A named template: robvis reads only the first letter of each word, so
        // only the template's own words are safe.
        if (std::find(tool.words.begin(), tool.words.end(), kebab) != tool.words.end()) return title_word(kebab);
        return std::nullopt;
    }
    // Generic: robvis has one word per level; "Serious" would read as "Some
    // concerns" (first letter), so every word goes through the level ladder.
    const auto level = level_of(kebab, scale, rungs);
    if (!level) return std::nullopt;
    switch (*level) {
        case risk_level::low:
            return "Low";
        case risk_level::concerns:
            return kebab == "moderate" ? "Moderate" : "Some concerns";
        case risk_level::high:
            return "High";
        case risk_level::critical:
            return "Critical";
        case risk_level::no_information:
            return "No information";
        case risk_level::not_applicable:
            return "Not applicable";
    }
    return std::nullopt;
}

}  // namespace appraise
