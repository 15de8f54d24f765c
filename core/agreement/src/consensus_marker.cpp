#include "appraise/agreement/consensus_marker.hpp"

#include <algorithm>

#include "appraise/input/toml_writer.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

sdk::node text_node(const std::string& text, const source_location& where) {
    sdk::node n;
    n.type = kind::string;
    n.text = text;
    n.where = where;
    return n;
}

// Every position inside the mark is the mark's own, so the writer keeps it on one line.
void place(sdk::node& value, const source_location& where) {
    value.where = where;
    for (auto& [key, member] : value.members) place(member, where);
    for (auto& item : value.items) place(item, where);
}

std::string side(const sdk::node& marker, const char* value_key, const char* from_key) {
    const sdk::node* value = marker.get(value_key);
    const sdk::node* from = marker.get(from_key);
    const std::string origin = from != nullptr && from->type == kind::string ? from->text : "?";
    if (value == nullptr) return "did not code it";
    return toml_inline_value(*value) + " (" + origin + ")";
}

}  // namespace

std::filesystem::path consensus_root(const std::filesystem::path& path) {
    std::error_code error;
    std::filesystem::path at = std::filesystem::absolute(path, error).lexically_normal();
    if (error) return {};
    if (!std::filesystem::is_directory(at, error)) at = at.parent_path();
    for (int depth = 0; depth < 64 && !at.empty(); ++depth) {
        if (std::filesystem::is_regular_file(at / consensus_marker_file, error)) return at;
        if (at == at.root_path() || at.parent_path() == at) break;
        at = at.parent_path();
    }
    return {};
}

bool is_consensus_corpus(const std::vector<std::string>& paths) {
    return !paths.empty() && std::all_of(paths.begin(), paths.end(),
                                         [](const std::string& path) { return !consensus_root(path).empty(); });
}

bool is_unresolved_marker(const sdk::node& value) {
    if (value.type != kind::table) return false;
    const sdk::node* flag = value.get("unresolved");
    return flag != nullptr && flag->type == kind::boolean && flag->boolean;
}

sdk::node make_unresolved_marker(const sdk::node* a, const std::string& a_from, const sdk::node* b,
                                 const std::string& b_from, const source_location& where) {
    sdk::node marker;
    marker.type = kind::table;
    sdk::node flag;
    flag.type = kind::boolean;
    flag.boolean = true;
    marker.members.emplace_back("unresolved", flag);
    if (a != nullptr) marker.members.emplace_back("a", *a);
    marker.members.emplace_back("a_from", text_node(a != nullptr ? a_from : not_coded_origin, where));
    if (b != nullptr) marker.members.emplace_back("b", *b);
    marker.members.emplace_back("b_from", text_node(b != nullptr ? b_from : not_coded_origin, where));
    place(marker, where);
    return marker;
}

namespace {
// `here` is the table's dotted path, extended for each key and given back as
// it was: one buffer for the whole study, not a string per key.
void report_unresolved_under(const sdk::node& table, std::string& here, diagnostics& out) {
    const std::size_t stem = here.size();
    for (const auto& [key, value] : table.members) {
        if (stem != 0) here += '.';
        here += key;
        if (is_unresolved_marker(value)) {
            out.push_back({severity::error, "coding/unresolved-disagreement",
                           "unresolved disagreement at `" + here + "`: coder A " + side(value, "a", "a_from") +
                               ", coder B " + side(value, "b", "b_from"),
                           value.where,
                           "replace the { unresolved = true, ... } table with the agreed value, or delete the "
                           "line to leave it not reported"});
        } else if (value.type == kind::table) {
            report_unresolved_under(value, here, out);
        } else if (value.type == kind::array) {
            for (const auto& item : value.items)
                if (item.type == kind::table) report_unresolved_under(item, here, out);
        }
        here.resize(stem);
    }
}
}  // namespace

void report_unresolved(const sdk::node& table, const std::string& path, diagnostics& out) {
    std::string here = path;
    report_unresolved_under(table, here, out);
}

value_screen consensus_screen() {
    return {is_unresolved_marker, [](const sdk::node& study, diagnostics& out) { report_unresolved(study, "", out); }};
}

}  // namespace appraise
