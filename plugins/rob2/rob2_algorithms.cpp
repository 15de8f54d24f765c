#include "rob2_algorithms.hpp"

#include <array>

namespace rob2 {

std::string_view to_word(judgement j) {
    switch (j) {
        case judgement::low:
            return "low";
        case judgement::some_concerns:
            return "some-concerns";
        case judgement::high:
            return "high";
        case judgement::no_information:
            return "no-information";
    }
    return "no-information";
}

std::string_view to_title(judgement j) {
    switch (j) {
        case judgement::low:
            return "Low";
        case judgement::some_concerns:
            return "Some concerns";
        case judgement::high:
            return "High";
        case judgement::no_information:
            return "No information";
    }
    return "No information";
}

std::optional<judgement> parse_word(std::string_view word) {
    for (const judgement j : {judgement::low, judgement::some_concerns, judgement::high})
        if (to_word(j) == word) return j;
    return std::nullopt;
}

int severity_rank(judgement j) {
    switch (j) {
        case judgement::low:
            return 0;
        case judgement::some_concerns:
            return 1;
        case judgement::high:
            return 2;
        case judgement::no_information:
            return -1;
    }
    return -1;
}

std::string answer_sheet::show(std::string_view id) const {
    const entry& e = entries_[slot(id)];
    return std::string(id) + " = " + std::string(to_text(e.value)) + (e.missing || !e.present ? " (not coded)" : "");
}

verdict judge_overall(const std::vector<domain_judgement>& domains) {
    const auto list = [&](judgement wanted) {
        std::string ids;
        for (const auto& d : domains)
            if (d.value == wanted) ids += (ids.empty() ? "" : ", ") + std::string(d.id);
        return ids;
    };
    const std::string high = list(judgement::high);
    const std::string unjudged = list(judgement::no_information);
    // A domain not assessed leaves the overall not assessed, even beside a
    // High one: the reviewer has not finished, and the report must say so.
    if (!unjudged.empty())
        return {judgement::no_information, high.empty()
                                               ? std::string{}
                                               : "; it will be High (high in " + high + ") once " +
                                                     (unjudged.find(',') == std::string::npos ? "it is" : "they are")};
    if (!high.empty()) return {judgement::high, "High: high in " + high};
    const std::string concerns = list(judgement::some_concerns);
    if (!concerns.empty())
        return {judgement::some_concerns, "Some concerns: some concerns in " + concerns + ", none high"};
    static constexpr std::array<std::string_view, 7> counts{"", "one", "two", "three", "four", "five", "six"};
    return {
        judgement::low,
        "Low: low in all " + std::string(domains.size() < counts.size() ? counts[domains.size()] : "the") + " domains"};
}

}  // namespace rob2
