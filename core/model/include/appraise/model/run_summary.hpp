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
};

}  // namespace appraise
