#include "appraise/agreement/tree_pairing.hpp"

#include <algorithm>
#include <map>

#include "appraise/agreement/consensus_marker.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

bool plain_table(const sdk::node* n) {
    return n != nullptr && n->type == kind::table && !is_unresolved_marker(*n);
}
bool table_array(const sdk::node* n) {
    return n != nullptr && is_table_array(*n);
}

}  // namespace

pair_shape shape_of(const sdk::node* a, const sdk::node* b) {
    if ((plain_table(a) || a == nullptr) && (plain_table(b) || b == nullptr) && (plain_table(a) || plain_table(b)))
        return pair_shape::tables;
    if ((table_array(a) || a == nullptr) && (table_array(b) || b == nullptr) && (table_array(a) || table_array(b)))
        return pair_shape::table_arrays;
    return pair_shape::leaves;
}

void for_each_member_pair(const sdk::node* a, const sdk::node* b, const pair_visitor& visit) {
    if (a != nullptr)
        for (const auto& [key, value] : a->members) visit(key, &value, b != nullptr ? b->get(key) : nullptr);
    if (b != nullptr)
        for (const auto& [key, value] : b->members)
            if (a == nullptr || a->get(key) == nullptr) visit(key, nullptr, &value);
}

void for_each_element_pair(const sdk::node* a, const sdk::node* b, const std::string& key, const pair_visitor& visit) {
    const auto in_a = label_elements(a, key);
    const auto in_b = label_elements(b, key);
    for (const auto& [label, element] : in_a) visit(label, element, find_labelled(in_b, label));
    for (const auto& [label, element] : in_b)
        if (find_labelled(in_a, label) == nullptr) visit(label, nullptr, element);
}

bool is_table_array(const sdk::node& value) {
    return value.type == kind::array && !value.items.empty() &&
           std::all_of(value.items.begin(), value.items.end(),
                       [](const sdk::node& item) { return item.type == kind::table && !is_unresolved_marker(item); });
}

std::string element_key(const std::vector<std::string>& array_path) {
    if (array_path.size() == 1 && array_path.front() == "outcomes") return "id";
    if (array_path.size() == 2 && array_path.front() == "appraisal") return "outcome";
    return {};
}

std::string element_label(const sdk::node& element, const std::string& key, std::size_t index) {
    if (!key.empty())
        if (const sdk::node* value = element.get(key); value != nullptr && value->type == kind::string)
            return value->text;
    return "#" + std::to_string(index + 1);
}

labelled_elements label_elements(const sdk::node* array, const std::string& key) {
    labelled_elements list;
    if (array == nullptr) return list;
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < array->items.size(); ++i) {
        std::string label = element_label(array->items[i], key, i);
        if (const int count = ++seen[label]; count > 1) label += "#" + std::to_string(count);
        list.emplace_back(std::move(label), &array->items[i]);
    }
    return list;
}

const sdk::node* find_labelled(const labelled_elements& list, const std::string& label) {
    for (const auto& [l, n] : list)
        if (l == label) return n;
    return nullptr;
}

}  // namespace appraise
