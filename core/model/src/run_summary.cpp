#include "appraise/model/run_summary.hpp"

namespace appraise {

void run_summary::add(const file_result& file) {
    if (!file.path.empty()) ++files;  // an empty path carries problems of the corpus listing
    const auto count = [&](const diagnostics& list) {
        for (const auto& d : list) {
            if (d.level == severity::error)
                ++input_errors;
            else if (d.level == severity::warning)
                ++input_warnings;
        }
    };
    count(file.problems);
    for (const auto& study : file.studies) {
        ++studies;
        count(study.problems);
        if (!study.appraised) {
            ++skipped;
            continue;
        }
        ++appraised;
        for (const auto& appraisal : study.appraisals) {
            for (const auto& finding : appraisal.findings) ++findings[static_cast<std::size_t>(finding.level)];
            if (appraisal.domains.empty() && !appraisal.overall) continue;
            auto& tally = judgements[appraisal.rubric];
            tally.rubric_version = appraisal.rubric_version;
            ++tally.appraisals;
            if (appraisal.overall) ++tally.overall[*appraisal.overall];
            for (const auto& domain : appraisal.domains) ++tally.domains[domain.name][domain.judgement];
        }
    }
}

std::optional<severity> run_summary::worst_finding() const {
    for (int level = 2; level >= 0; --level)
        if (findings[static_cast<std::size_t>(level)] > 0) return static_cast<severity>(level);
    return std::nullopt;
}

}  // namespace appraise
