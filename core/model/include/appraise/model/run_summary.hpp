// Counts over a whole run, gathered as results stream past: studies appraised
// and skipped, input problems, findings by severity, and how often each
// judgement was reached per rubric and domain. Drives the text summary and the
// process exit code.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "appraise/model/study_result.hpp"

namespace appraise {

// A rubric's error finding is a mistake in the coding (an answer code it does
// not allow, an answer its gates forbid, an NA on a reached question), an input
// error like a wrong type; only the host's own faults of a rubric (it failed,
// crashed, timed out or returned an invalid result) are not.
[[nodiscard]] bool is_coding_error(const sdk::finding& finding);

struct judgement_tally {
    std::string rubric_version;
    std::map<std::string, std::size_t> overall;                         // judgement -> count
    std::map<std::string, std::map<std::string, std::size_t>> domains;  // domain name -> judgement -> count
    std::size_t appraisals = 0;
};

class run_summary {
public:
    void add(const file_result& file);

    std::size_t files = 0;
    std::size_t studies = 0;
    std::size_t appraised = 0;
    std::size_t skipped = 0;
    std::size_t with_coding_errors = 0;                 // appraised, but a rubric found a coding error in it
    std::size_t input_errors = 0;                       // error diagnostics (files and studies), answer_errors too
    std::size_t answer_errors = 0;                      // rubric findings that are coding errors (is_coding_error)
    std::size_t input_warnings = 0;                     // warning diagnostics
    std::array<std::size_t, 3> findings{};              // by sdk::severity
    std::map<std::string, judgement_tally> judgements;  // by rubric id
    std::vector<std::string> screened_out;              // ids of studies excluded pending review, in corpus order

    [[nodiscard]] std::size_t total_findings() const { return findings[0] + findings[1] + findings[2]; }
    // The most severe finding of the run, if any.
    [[nodiscard]] std::optional<severity> worst_finding() const;

private:
    // Where the last study's k-th appraisal and its domains were counted:
    // studies come with the same rubrics and domains in the same order, so
    // one compare usually finds the counts a map lookup per domain would
    // (two string-keyed lookups a domain, about 50 domains a study). The maps
    // stay the record; a hint only points into them, and a copy starts with none.
    struct domain_hint {
        const std::string* name = nullptr;
        std::map<std::string, std::size_t>* counts = nullptr;
    };
    struct appraisal_hint {
        const std::string* rubric = nullptr;
        judgement_tally* tally = nullptr;
        std::vector<domain_hint> domains;
    };
    class hints {
    public:
        hints() = default;
        hints(const hints&) {}
        hints(hints&&) noexcept = default;  // std::map's nodes move with it
        hints& operator=(const hints&) {
            by_position.clear();
            return *this;
        }
        hints& operator=(hints&&) noexcept = default;
        ~hints() = default;
        std::vector<appraisal_hint> by_position;
    };
    judgement_tally& tally_at(std::size_t position, const std::string& rubric);
    static std::map<std::string, std::size_t>& domain_at(appraisal_hint& hint, std::size_t position,
                                                         const std::string& name);
    hints hints_;
};

// Keeps of `file` only what run_summary::add reads, and its problems and
// study ids whole (a report echoes the problems; the duplicate-id check reads
// the ids and where they are written), and frees the rest: answers,
// rationales, messages, evidence, facets, facts. A worker slims a result
// once its part of the report is rendered, so the results waiting for the
// sink hold a few strings each rather than the whole appraisal. Whoever
// changes add() to read more keeps it here too; the engine's tests compare
// a summary of slimmed results with one of whole results.
void slim_for_summary(file_result& file);

}  // namespace appraise
