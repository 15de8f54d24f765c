#include "appraise/corpus_audit.hpp"

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <range/v3/algorithm/sort.hpp>
#include <range/v3/range/conversion.hpp>
#include <range/v3/view/join.hpp>
#include <range/v3/view/map.hpp>
#include <range/v3/view/transform.hpp>

#include "appraise/json_convert.hpp"

namespace appraise {

namespace rv = ranges::views;

void corpus_audit::add(const file_result& file) {
    for (const auto& study : file.studies) {
        if (!study.appraised) continue;
        ++studies_;
        const auto facet = study.facets.find(group_field_);
        const std::vector<std::string> groups =
            facet == study.facets.end() ? std::vector<std::string>{not_reported_label} : facet->second;
        for (const auto& group : groups) ++group_sizes_[group];
        for (const auto& appraisal : study.appraisals) {
            for (const auto& finding : appraisal.findings) {
                audit_row& row = rows_[finding.id];
                row.finding_id = finding.id;
                row.level = std::max(row.level, finding.level);
                row.studies.insert(study.id);
                for (const auto& group : groups) row.by_group[group].insert(study.id);
            }
        }
    }
}

std::vector<audit_row> corpus_audit::rows() const {
    auto sorted = rows_ | rv::values | ranges::to<std::vector>();
    ranges::sort(sorted, [](const audit_row& a, const audit_row& b) {
        if (a.studies.size() != b.studies.size()) return a.studies.size() > b.studies.size();
        return a.finding_id < b.finding_id;
    });
    return sorted;
}

namespace {

std::string percent(std::size_t part, std::size_t whole) {
    if (whole == 0) return "0%";
    return std::to_string((part * 100 + whole / 2) / whole) + "%";
}

std::string joined(const std::set<std::string>& ids) {
    auto with_commas = ids  // not const: a join view cannot be iterated as const
                       | rv::transform([](const std::string& id) { return id + ", "; }) | rv::join;
    std::string text = with_commas | ranges::to<std::string>();
    if (!text.empty()) text.resize(text.size() - 2);
    return text;
}

}  // namespace

void write_audit_text(std::ostream& out, const corpus_audit& audit) {
    const auto rows = audit.rows();
    out << "Corpus audit: " << audit.studies() << " appraised studies, " << rows.size()
        << " kinds of finding\n\n";
    std::size_t width = 7;
    for (const auto& row : rows) width = std::max(width, row.finding_id.size());
    const int w = static_cast<int>(width);
    out << std::left << std::setw(w) << "finding" << "  severity  studies  share  which\n";
    for (const auto& row : rows) {
        out << std::left << std::setw(w) << row.finding_id << "  " << std::setw(8) << sdk::to_string(row.level)
            << "  " << std::right << std::setw(7) << row.studies.size() << "  " << std::setw(5)
            << percent(row.studies.size(), audit.studies()) << "  " << joined(row.studies) << '\n';
    }
    out << "\nBy " << audit.group_field() << ":\n";
    for (const auto& [group, size] : audit.group_sizes()) {
        out << "\n  " << group << " (" << size << (size == 1 ? " study" : " studies") << ")\n";
        for (const auto& row : rows) {
            const auto in_group = row.by_group.find(group);
            if (in_group == row.by_group.end()) continue;
            out << "    " << std::left << std::setw(w) << row.finding_id << "  " << std::right << std::setw(3)
                << in_group->second.size() << '/' << std::left << std::setw(3) << size << ' ' << std::right
                << std::setw(5) << percent(in_group->second.size(), size) << "  " << joined(in_group->second)
                << '\n';
        }
    }
}

void write_audit_json(std::ostream& out, const corpus_audit& audit) {
    json findings = json::array();
    for (const auto& row : audit.rows()) {
        json groups = json::object();
        for (const auto& [group, ids] : row.by_group) groups[group] = {{"count", ids.size()}, {"studies", ids}};
        findings.push_back({{"id", row.finding_id},
                            {"severity", std::string(sdk::to_string(row.level))},
                            {"count", row.studies.size()},
                            {"studies", row.studies},
                            {"by_group", std::move(groups)}});
    }
    json groups = json::object();
    for (const auto& [group, size] : audit.group_sizes()) groups[group] = size;
    json report{{"tool", tool_json()},
                {"studies", audit.studies()},
                {"group_by", audit.group_field()},
                {"groups", std::move(groups)},
                {"findings", std::move(findings)}};
    out << report.dump(2) << '\n';
}

}  // namespace appraise
