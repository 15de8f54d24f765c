// Two coders' trees of one study walked in step, the one pairing that
// agreement statistics and the consensus writer share (so every disagreement
// agreement counts is a mark in the consensus, and nothing else is): tables
// by the union of their keys, arrays of tables by element label, anything
// else a leaf.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// How the values at one place of two trees are walked (a missing side is null).
enum class pair_shape {
    tables,        // plain tables (not consensus marks), or absent: walk their members
    table_arrays,  // arrays of tables, or absent: walk their elements
    leaves,        // anything else: compare as values
};
[[nodiscard]] pair_shape shape_of(const sdk::node* a, const sdk::node* b);

using pair_visitor = std::function<void(const std::string& name, const sdk::node* a, const sdk::node* b)>;

// The members of two tables (either may be null) by the union of their keys:
// A's in A's order, then those only B has.
void for_each_member_pair(const sdk::node* a, const sdk::node* b, const pair_visitor& visit);

// The elements of two arrays of tables (either may be null) matched by label
// (see label_elements): A's in order, then those only B has.
void for_each_element_pair(const sdk::node* a, const sdk::node* b, const std::string& key, const pair_visitor& visit);

// Elements of an array of tables are matched by this key ("id" for
// [[outcomes]], "outcome" for a rubric's per-result answers), else by position.
[[nodiscard]] std::string element_key(const std::vector<std::string>& array_path);
[[nodiscard]] std::string element_label(const sdk::node& element, const std::string& key, std::size_t index);

// The elements of an array of tables with their labels; a label met again
// gets "#2", "#3", ... so every element is matched once.
using labelled_elements = std::vector<std::pair<std::string, const sdk::node*>>;
[[nodiscard]] labelled_elements label_elements(const sdk::node* array, const std::string& key);
[[nodiscard]] const sdk::node* find_labelled(const labelled_elements& list, const std::string& label);

[[nodiscard]] bool is_table_array(const sdk::node& value);

}  // namespace appraise
