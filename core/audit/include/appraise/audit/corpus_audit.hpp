// The corpus audit: which weaknesses, how often, in which studies — over the
// whole corpus and per group of a study field (design.type by default).
#pragma once

#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "appraise/model/study_result.hpp"

namespace appraise {

struct audit_row {
    std::string finding_id;
    severity level = severity::info;
    sdk::finding_concern concern = sdk::finding_concern::bias;  // of the finding id (one per catalogue row)
    std::set<std::string> studies;                              // study ids with the finding
    std::map<std::string, std::set<std::string>> by_group;      // group value -> study ids
};

// The category a domain (or overall) the reviewer did not assess is counted
// under: its own column, after the scale, never merged into a judgement.
inline constexpr const char* not_assessed_word = "not-assessed";

// The row of studies the configuration's screening rubric marked excluded
// from synthesis pending review (study_result::screened_out).
inline constexpr const char* screening_row_id = "screening/excluded-pending-review";

// How often each judgement was reached in one domain (or "Overall") of one
// rubric, over the corpus and per group; counted per appraisal (per result).
struct judgement_row {
    std::string domain;                                                  // domain name, or "Overall"
    std::map<std::string, std::size_t> counts;                           // judgement -> appraisals
    std::map<std::string, std::map<std::string, std::size_t>> by_group;  // group -> judgement -> appraisals
};

struct rubric_judgements {
    std::string rubric;
    std::string version;
    std::vector<std::string> scale;       // judgement words in column order (scale first, then others seen)
    std::vector<judgement_row> rows;      // the rubric's domains in order, then Overall
    std::vector<std::string> rungs = {};  // the rubric's judgement_rungs (parallel to the start of scale)
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

    // The run's rubrics, so judgement tables follow each rubric's domain order
    // and scale (without them: order of first appearance, then by name).
    void set_rubrics(std::vector<sdk::rubric_description> rubrics) { rubrics_ = std::move(rubrics); }
    // Judgement distributions per rubric, in run order (rubrics that judged nothing are left out).
    [[nodiscard]] std::vector<rubric_judgements> judgements() const;

private:
    void count_judgements(const sdk::appraisal& appraisal, const std::vector<std::string>& groups);

    std::string group_field_;
    std::size_t studies_ = 0;
    std::map<std::string, std::size_t> group_sizes_;
    std::map<std::string, audit_row> rows_;
    std::vector<sdk::rubric_description> rubrics_;
    // rubric -> (version, domains in order of first appearance, domain -> group -> judgement -> count)
    struct tally {
        std::string version;
        std::vector<std::string> domain_order;
        std::map<std::string, std::map<std::string, std::map<std::string, std::size_t>>> counts;
        std::map<std::string, std::map<std::string, std::size_t>> totals;  // a study in two groups counts once here
        std::vector<std::string> seen_words;
    };
    std::map<std::string, tally> tallies_;
    std::vector<std::string> rubric_order_;  // rubric ids in order of first appearance
};

// ---- one group's part of the rows, shared by every audit format

// The study ids of a finding in `group`; nullptr when no study there has it.
[[nodiscard]] const std::set<std::string>* studies_in(const audit_row& row, const std::string& group);
// The judgement counts of a domain in `group` (nullptr: the whole corpus);
// nullptr when no study of that group was judged there.
[[nodiscard]] const std::map<std::string, std::size_t>* counts_in(const judgement_row& row, const std::string* group);
// Whether any domain of the rubric was judged in `group`.
[[nodiscard]] bool judged_in(const rubric_judgements& rubric, const std::string& group);
// "rct (1 study)", "cluster-rct (3 studies)".
[[nodiscard]] std::string group_title(const std::string& group, std::size_t size);

void write_audit_text(std::ostream& out, const corpus_audit& audit);
void write_audit_json(std::ostream& out, const corpus_audit& audit);

}  // namespace appraise
