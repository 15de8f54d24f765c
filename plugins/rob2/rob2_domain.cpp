#include "rob2_domain.hpp"

#include <array>
#include <stdexcept>

namespace rob2 {

// Each defined in domains/<id>_<name>.cpp.
domain_unit randomisation_domain();
domain_unit recruitment_domain();
domain_unit period_carryover_domain();
domain_unit deviations_domain();
domain_unit missing_data_domain();
domain_unit measurement_domain();
domain_unit reported_result_domain();

namespace {

// A question's id starts with its domain's: "1" (and "1a") for d1, "1b" for
// d1b, "S" for ds, "2" for d2 ... The answer sheet depends on it.
bool belongs(const question& q, const domain_unit& d) {
    if (q.domain != d.id) return false;
    if (d.id == "ds") return q.id.front() == 'S';
    if (d.id == "d1b") return q.id.substr(0, 3) == "1b.";
    if (q.id.front() != d.id[1]) return false;
    return d.id != "d1" || q.id.substr(0, 2) != "1b";
}

std::vector<domain_unit> listed() {
    std::vector<domain_unit> all{randomisation_domain(),  recruitment_domain(),  period_carryover_domain(),
                                 deviations_domain(),     missing_data_domain(), measurement_domain(),
                                 reported_result_domain()};
    for (const auto& d : all)
        for (const trial_design t : all_designs)
            for (const effect e : {effect::assignment, effect::adhering})
                for (const question& q : d.variant(e, t).questions)
                    if (!belongs(q, d) || answer_sheet::slot(q.id) == 0)
                        throw std::logic_error("rob2: question " + std::string(q.id) + " is listed in " +
                                               std::string(d.id));
    return all;
}

std::vector<const domain_unit*> of_design(trial_design t) {
    std::vector<const domain_unit*> chosen;
    for (const auto& d : domains()) {
        if (d.id == "d1b" && t != trial_design::cluster) continue;
        if (d.id == "ds" && t != trial_design::crossover) continue;
        chosen.push_back(&d);
    }
    return chosen;
}

}  // namespace

const std::vector<domain_unit>& domains() {
    static const std::vector<domain_unit> all = listed();
    return all;
}

const std::vector<const domain_unit*>& domains(trial_design t) {
    static const std::array<std::vector<const domain_unit*>, 3> all{
        of_design(trial_design::parallel), of_design(trial_design::cluster), of_design(trial_design::crossover)};
    return all[static_cast<std::size_t>(t)];
}

const domain_unit* find_domain(std::string_view id) {
    for (const auto& d : domains())
        if (d.id == id) return &d;
    return nullptr;
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
