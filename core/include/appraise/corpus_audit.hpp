// The corpus audit: which weaknesses, how often, in which studies — over the
// whole corpus and per group of a study field (design.type by default).
#pragma once

#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "appraise/study_result.hpp"

namespace appraise {

struct audit_row {
    std::string finding_id;
    severity level = severity::info;
    std::set<std::string> studies;                         // study ids with the finding
    std::map<std::string, std::set<std::string>> by_group;  // group value -> study ids
};

class corpus_audit {
public:
    explicit corpus_audit(std::string group_field) : group_field_(std::move(group_field)) {}

    void add(const file_result& file);

    [[nodiscard]] const std::string& group_field() const { return group_field_; }
    [[nodiscard]] std::size_t studies() const { return studies_; }
    [[nodiscard]] const std::map<std::string, std::size_t>& group_sizes() const { return group_sizes_; }
    // Most widespread first, then by id.
    [[nodiscard]] std::vector<audit_row> rows() const;

private:
    std::string group_field_;
    std::size_t studies_ = 0;
    std::map<std::string, std::size_t> group_sizes_;
    std::map<std::string, audit_row> rows_;
};

void write_audit_text(std::ostream& out, const corpus_audit& audit);
void write_audit_json(std::ostream& out, const corpus_audit& audit);

}  // namespace appraise
