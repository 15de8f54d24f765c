#include "ephpp_ratings.hpp"

namespace ephpp {

namespace {

component_rating rated(const char* rating, std::string rule) {
    return {std::string(rating), std::move(rule)};
}
component_rating unrated(std::string rule) {
    return {std::nullopt, std::move(rule)};
}

component_rating selection(int q1, int q2) {
    if (q1 == 1 && q2 == 1) return rated("strong", "A1 = 1 and A2 = 1: very likely representative, 80-100% agreed");
    if (q1 == 3) return rated("weak", "A1 = 3: not likely representative");
    if (q2 == 3) return rated("weak", "A2 = 3: fewer than 60% agreed");
    if (q1 == 4 && q2 == 5) return rated("weak", "A1 = 4 and A2 = 5: neither selection nor participation described");
    if ((q1 == 1 || q1 == 2) && q2 == 2) return rated("moderate", "A1 = 1 or 2 and A2 = 2: 60-79% agreed");
    if ((q1 == 1 || q1 == 2) && q2 == 5)
        return rated("moderate", "A1 = 1 or 2 and A2 = 5: representative, participation not described");
    return unrated("A1 = " + std::to_string(q1) + ", A2 = " + std::to_string(q2) + " is not rated by the dictionary");
}

component_rating design(int b1) {
    if (b1 == 1 || b1 == 2) return rated("strong", "B1 = " + std::to_string(b1) + ": RCT or CCT");
    if (b1 >= 3 && b1 <= 6)
        return rated("moderate", "B1 = " + std::to_string(b1) + ": cohort analytic, case-control, cohort or ITS");
    return rated("weak", "B1 = " + std::to_string(b1) + ": other design or design not stated");
}

component_rating confounders(int q1, int q2) {
    if (q1 == 2) return rated("strong", "C1 = 2: no important baseline differences");
    if (q2 == 1) return rated("strong", "C2 = 1: 80-100% of confounders controlled");
    if (q1 == 1 && q2 == 2) return rated("moderate", "C1 = 1 and C2 = 2: 60-79% of confounders controlled");
    if (q2 == 3) return rated("weak", "C2 = 3: fewer than 60% of confounders controlled");
    if (q1 == 3 && q2 == 4) return rated("weak", "C1 = 3 and C2 = 4: confounding not described");
    return unrated("C1 = " + std::to_string(q1) + ", C2 = " + std::to_string(q2) + " is not rated by the dictionary");
}

component_rating blinding(int q1, int q2) {
    if (q1 == 2 && q2 == 2)
        return rated("strong", "D1 = 2 and D2 = 2: assessors blind, participants unaware of the question");
    if (q1 == 1 && q2 == 1)
        return rated("weak", "D1 = 1 and D2 = 1: assessors aware, participants aware of the question");
    if ((q1 == 2) != (q2 == 2)) return rated("moderate", "exactly one of D1, D2 = 2 (no)");
    if (q1 == 3 && q2 == 3) return rated("moderate", "D1 = 3 and D2 = 3: both can't tell");
    return unrated("D1 = " + std::to_string(q1) + ", D2 = " + std::to_string(q2) + " is not rated by the dictionary");
}

component_rating data_collection(int q1, int q2, const std::string& valid_unreliable) {
    if (q1 == 1 && q2 == 1) return rated("strong", "E1 = 1 and E2 = 1: tools valid and reliable");
    if (q1 == 1 && q2 == 3) return rated("moderate", "E1 = 1 and E2 = 3: valid, reliability not described");
    // The dictionary rates neither this cell nor any other with E2 = no
    // (instruments.md section 3: unrated combinations need a configurable
    // default); the option names the choice so `explain` shows it.
    if (q1 == 1 && q2 == 2)
        return {valid_unreliable, "E1 = 1 and E2 = 2: valid but shown unreliable (rated " + valid_unreliable +
                                      " by option valid_unreliable)"};
    if (q1 == 2 || q1 == 3)
        return rated("weak", "E1 = " + std::to_string(q1) + ": validity not shown or not described");
    return unrated("E1 = " + std::to_string(q1) + ", E2 = " + std::to_string(q2) + " is not rated by the dictionary");
}

component_rating withdrawals(int q1, int q2, const std::string& completion_not_applicable) {
    // Withdrawals not described is Weak whatever the completion rate
    // (instruments.md section 3, component F: "<60%, or not described").
    if (q1 == 2) return rated("weak", "F1 = 2: withdrawals and drop-outs not described");
    if (q2 == 1) return rated("strong", "F2 = 1: 80-100% completed");
    if (q2 == 2) return rated("moderate", "F2 = 2: 60-79% completed");
    if (q2 == 3) return rated("weak", "F2 = 3: fewer than 60% completed");
    if (q2 == 4) return rated("weak", "F2 = 4: completion not described");
    if (q2 == 5)
        return {completion_not_applicable,
                "F2 = 5: not applicable (rated " + completion_not_applicable + " by option completion_not_applicable)"};
    return unrated("F2 = " + std::to_string(q2) + " is not rated by the dictionary");
}

int at(const std::vector<int>& codes, std::size_t i) {
    return i < codes.size() ? codes[i] : 0;
}

}  // namespace

component_rating rate_component(char component, const std::vector<int>& codes, const settings& config) {
    switch (component) {
        case 'a':
            return selection(at(codes, 0), at(codes, 1));
        case 'b':
            return design(at(codes, 0));
        case 'c':
            return confounders(at(codes, 0), at(codes, 1));
        case 'd':
            return blinding(at(codes, 0), at(codes, 1));
        case 'e':
            return data_collection(at(codes, 0), at(codes, 1), config.valid_unreliable);
        case 'f':
            return withdrawals(at(codes, 0), at(codes, 1), config.completion_not_applicable);
        default:
            return unrated("component is not rated");
    }
}

global_rating rate_global(const std::vector<std::string>& components) {
    std::string weak;
    std::size_t count = 0;
    for (std::size_t i = 0; i < components.size(); ++i)
        if (components[i] == "weak") {
            ++count;
            weak += (weak.empty() ? "" : ", ") + std::string(1, static_cast<char>('A' + i));
        }
    if (count == 0) return {"strong", "Strong: no component rated weak"};
    if (count == 1) return {"moderate", "Moderate: one component rated weak (" + weak + ")"};
    return {"weak", "Weak: " + std::to_string(count) + " components rated weak (" + weak + ")"};
}

std::string rating_rules_text() {
    return "Component ratings (the dictionary's rules, checked in this order; codes as listed above):\n"
           "  A  strong: A1 = 1 and A2 = 1.  weak: A1 = 3, or A2 = 3, or (A1 = 4 and A2 = 5).\n"
           "     moderate: A1 = 1 or 2, and A2 = 2 or 5.  Anything else (e.g. A1 = 2 with A2 = 1, any A2 = 4) is "
           "unrated.\n"
           "  B  strong: B1 = 1 or 2.  moderate: B1 = 3 to 6.  weak: B1 = 7 or 8.  (B2-B4 are recorded, not rated.)\n"
           "  C  strong: C1 = 2 or C2 = 1.  moderate: C1 = 1 and C2 = 2.  weak: C2 = 3, or (C1 = 3 and C2 = 4).\n"
           "     Unrated: C1 = 1 with C2 = 4, C1 = 3 with C2 = 2.\n"
           "  D  strong: D1 = 2 and D2 = 2.  weak: D1 = 1 and D2 = 1.  moderate: exactly one of them is 2, or\n"
           "     both are 3.  Unrated: 1 with 3 either way.\n"
           "  E  strong: E1 = 1 and E2 = 1.  moderate: E1 = 1 and E2 = 3.  weak: E1 = 2 or 3.\n"
           "     E1 = 1 with E2 = 2 (valid, shown unreliable): option valid_unreliable.\n"
           "  F  weak: F1 = 2 (withdrawals not described), whatever F2.  Otherwise strong: F2 = 1.\n"
           "     moderate: F2 = 2.  weak: F2 = 3 or 4.  F2 = 5 (not applicable): option completion_not_applicable.\n"
           "  G, H  recorded, not rated (judgement not-rated).\n"
           "An unrated combination gets option unrated_default, and the component's rationale says so (with\n"
           "an info finding ephpp/unrated-combination).\n"
           "\n"
           "Global rating over A-F: strong = no weak component; moderate = exactly one; weak = two or more.\n"
           "A not-applicable component adds no weak.";
}

}  // namespace ephpp
