#include "rob2_domain.hpp"

#include <stdexcept>

namespace rob2 {

// Each defined in domains/<id>_<name>.cpp. RoB 2 has five domains (domain_count).
domain_unit randomisation_domain();
domain_unit deviations_domain();
domain_unit missing_data_domain();
domain_unit measurement_domain();
domain_unit reported_result_domain();

namespace {

std::vector<domain_unit> listed() {
    std::vector<domain_unit> all{randomisation_domain(), deviations_domain(), missing_data_domain(),
                                 measurement_domain(), reported_result_domain()};
    // The answer sheet and the reading of answers number questions "<domain>.<n>".
    if (all.size() != static_cast<std::size_t>(domain_count)) throw std::logic_error("rob2: not five domains");
    for (std::size_t i = 0; i < all.size(); ++i)
        for (const effect e : {effect::assignment, effect::adhering})
            for (const question& q : all[i].variant(e).questions)
                if (q.domain != static_cast<int>(i) + 1 || q.id.front() != static_cast<char>('1' + i))
                    throw std::logic_error("rob2: question " + std::string(q.id) + " is listed in " +
                                           std::string(all[i].id));
    return all;
}

}  // namespace

const std::vector<domain_unit>& domains() {
    static const std::vector<domain_unit> all = listed();
    return all;
}

const domain_unit& domain(int number) {
    return domains().at(static_cast<std::size_t>(number - 1));
}

std::string shown(const answer_sheet& a, std::initializer_list<std::string_view> ids) {
    std::string text;
    for (const auto id : ids) text += (text.empty() ? "" : ", ") + a.show(id);
    return text;
}

verdict make_verdict(judgement j, const std::string& read, std::string_view why) {
    return {j, std::string(to_title(j)) + ": " + read + " (" + std::string(why) + ")"};
}

std::string said(const answer_sheet& a, const std::vector<answer_words>& words,
                 std::initializer_list<std::string_view> ids) {
    std::string text;
    for (const auto id : ids) {
        std::string_view meaning = "not reached";
        const code c = a.at(id);
        for (const auto& w : words)
            if (w.id == id && c != code::na) meaning = in(c, yes_set) ? w.yes : in(c, no_set) ? w.no : w.ni;
        text += (text.empty() ? "" : ", ") + a.show(id) + " (" + std::string(meaning) + ")";
    }
    return text;
}

verdict judged(judgement j, const std::string& read, std::string_view tail) {
    return {j, std::string(to_title(j)) + ": " + read + std::string(tail)};
}

}  // namespace rob2
