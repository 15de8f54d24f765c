#include "appraise/input/arm_lists.hpp"

#include <array>
#include <string>
#include <string_view>

namespace appraise {
namespace {

using kind = sdk::node::kind;

// A list of plain numbers, or nullptr (omitted, a single number, or a type error).
const sdk::node* number_list(const sdk::node* value) {
    if (value == nullptr || value->type != kind::array) return nullptr;
    for (const auto& item : value->items)
        if (!item.is_number()) return nullptr;
    return value;
}

std::string values_text(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " value" : " values");
}
std::string arms_text(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " arm" : " arms");
}

void compare(const sdk::node* list, std::string_view path, std::size_t arms, diagnostics& out) {
    if (list == nullptr || list->items.size() == arms) return;
    out.push_back({severity::error, "coding/arm-count-mismatch",
                   std::string(path) + " has " + values_text(list->items.size()) + " but sample.arms has " +
                       arms_text(arms) + ": each value belongs to the arm at the same place in sample.arms",
                   list->where, "write one value per arm, in the order of sample.arms (intervention first)"});
}

}  // namespace

void check_arm_lists(const sdk::node& study, diagnostics& out) {
    const sdk::node* arms = number_list(study.find("sample.arms"));
    if (arms == nullptr) return;
    const std::size_t count = arms->items.size();
    constexpr std::array<std::string_view, 4> per_arm{"sample.arms_analysed", "sample.arms_lost",
                                                      "design.clusters_per_arm", "attrition.completion"};
    for (const auto path : per_arm) compare(number_list(study.find(path)), path, count, out);
}

}  // namespace appraise
