#include "appraise/reports/alternatives_text.hpp"

#include <algorithm>

#include "appraise/reports/judgement_words.hpp"

namespace appraise {

bool readings_differ(const std::vector<sdk::alternative_judgement>& alternatives) {
    return std::any_of(alternatives.begin(), alternatives.end(), [&](const sdk::alternative_judgement& a) {
        return a.judgement != alternatives.front().judgement;
    });
}

std::string alternatives_text(const std::vector<sdk::alternative_judgement>& alternatives) {
    if (!readings_differ(alternatives)) return {};
    std::string text = "Readings differ: ";
    for (std::size_t i = 0; i < alternatives.size(); ++i)
        text +=
            (i == 0 ? "" : ", ") + alternatives[i].label + " " +
            (alternatives[i].judgement.empty() ? std::string("no judgement") : title_word(alternatives[i].judgement));
    return text;
}

}  // namespace appraise
