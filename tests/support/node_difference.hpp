// The first difference between two study trees (keys, order, types, values
// bit for bit, every location), or "" when they are identical. Shared by the
// fast-path differential test and fuzz harness.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise::testing {

inline std::string where_text(const sdk::source_location& where) {
    return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

inline bool same_location(const sdk::source_location& a, const sdk::source_location& b) {
    return a.file == b.file && a.line == b.line && a.column == b.column;
}

inline bool same_bits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

inline std::string node_difference(const sdk::node& a, const sdk::node& b, const std::string& path = "") {
    const std::string at =
        (path.empty() ? std::string("root") : path) + " (" + where_text(a.where) + " / " + where_text(b.where) + "): ";
    if (!same_location(a.where, b.where)) return at + "location";
    if (a.type != b.type) return at + "type";
    if (a.text != b.text) return at + "text \"" + a.text + "\" / \"" + b.text + "\"";
    if (a.integer != b.integer) return at + "integer";
    if (!same_bits(a.number, b.number)) return at + "number";
    if (a.boolean != b.boolean) return at + "boolean";
    if (!a.evidence.empty() || !b.evidence.empty()) return at + "evidence";
    if (a.members.size() != b.members.size()) return at + "member count";
    for (std::size_t i = 0; i < a.members.size(); ++i) {
        if (a.members[i].first != b.members[i].first)
            return at + "key \"" + a.members[i].first + "\" / \"" + b.members[i].first + "\"";
        auto inner = node_difference(a.members[i].second, b.members[i].second, path + "." + a.members[i].first);
        if (!inner.empty()) return inner;
    }
    if (a.items.size() != b.items.size()) return at + "item count";
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        auto inner = node_difference(a.items[i], b.items[i], path + "[" + std::to_string(i) + "]");
        if (!inner.empty()) return inner;
    }
    return "";
}

inline std::string dates_difference(const std::vector<sdk::source_location>& a,
                                    const std::vector<sdk::source_location>& b) {
    if (a.size() != b.size()) return "date count " + std::to_string(a.size()) + " / " + std::to_string(b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_location(a[i], b[i])) return "date " + where_text(a[i]) + " / " + where_text(b[i]);
    return "";
}

}  // namespace appraise::testing
