#include "appraise/model/run_summary.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace appraise {

bool is_coding_error(const sdk::finding& finding) {
    if (finding.level != severity::error) return false;
    const std::string_view id = finding.id;
    const auto slash = id.find('/');
    const std::string_view slug = slash == std::string_view::npos ? id : id.substr(slash + 1);
    static constexpr std::array<std::string_view, 4> host_faults = {"rubric-failed", "rubric-crashed", "rubric-timeout",
                                                                    "rubric-invalid-result"};
    return std::find(host_faults.begin(), host_faults.end(), slug) == host_faults.end();
}

void run_summary::add(const file_result& file) {
    // An empty path carries problems of the corpus listing; a file with neither
    // studies nor problems is a rubric kept beside the studies, skipped.
    if (!file.path.empty() && !file.continued && (!file.studies.empty() || !file.problems.empty())) ++files;
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
        if (study.screened_out) screened_out.push_back(study.id);
        bool coding_error = false;
        for (std::size_t k = 0; k < study.appraisals.size(); ++k) {
            const auto& appraisal = study.appraisals[k];
            for (const auto& finding : appraisal.findings) {
                ++findings[static_cast<std::size_t>(finding.level)];
                if (is_coding_error(finding)) {
                    ++answer_errors;
                    ++input_errors;
                    coding_error = true;
                }
            }
            if (appraisal.domains.empty() && !appraisal.overall) continue;
            auto& tally = tally_at(k, appraisal.rubric);
            tally.rubric_version = appraisal.rubric_version;
            ++tally.appraisals;
            if (appraisal.overall) ++tally.overall[*appraisal.overall];
            auto& hint = hints_.by_position[k];
            for (std::size_t d = 0; d < appraisal.domains.size(); ++d) {
                const auto& domain = appraisal.domains[d];
                ++domain_at(hint, d, domain.name)[domain.judgement];
            }
        }
        if (coding_error) ++with_coding_errors;
    }
}

void slim_for_summary(file_result& file) {
    // Moved into fresh objects and swapped, so the old ones are destroyed here
    // (a move-assigned std::string keeps its own buffer).
    std::vector<study_result> kept;
    kept.reserve(file.studies.size());
    for (auto& study : file.studies) {
        study_result& slim = kept.emplace_back();
        slim.id = std::move(study.id);
        slim.id_where = std::move(study.id_where);
        slim.problems = std::move(study.problems);
        slim.appraised = study.appraised;
        slim.screened_out = std::move(study.screened_out);
        slim.appraisals.reserve(study.appraisals.size());
        for (auto& appraisal : study.appraisals) {
            sdk::appraisal& a = slim.appraisals.emplace_back();
            a.rubric = std::move(appraisal.rubric);
            a.rubric_version = std::move(appraisal.rubric_version);
            a.overall = std::move(appraisal.overall);
            a.domains.reserve(appraisal.domains.size());
            for (auto& domain : appraisal.domains) {
                sdk::domain_result& d = a.domains.emplace_back();
                d.name = std::move(domain.name);
                d.judgement = std::move(domain.judgement);
            }
            a.findings.reserve(appraisal.findings.size());
            for (auto& finding : appraisal.findings) {
                sdk::finding& f = a.findings.emplace_back();
                f.id = std::move(finding.id);
                f.level = finding.level;
            }
        }
    }
    file.studies.swap(kept);
}

judgement_tally& run_summary::tally_at(std::size_t position, const std::string& rubric) {
    auto& hints = hints_.by_position;
    if (position < hints.size() && hints[position].rubric != nullptr && *hints[position].rubric == rubric)
        return *hints[position].tally;
    if (position >= hints.size()) hints.resize(position + 1);
    auto& entry = *judgements.try_emplace(rubric).first;
    hints[position] = {&entry.first, &entry.second, {}};
    return entry.second;
}

std::map<std::string, std::size_t>& run_summary::domain_at(appraisal_hint& hint, std::size_t position,
                                                           const std::string& name) {
    auto& hints = hint.domains;
    if (position < hints.size() && hints[position].name != nullptr && *hints[position].name == name)
        return *hints[position].counts;
    if (position >= hints.size()) hints.resize(position + 1);
    auto& entry = *hint.tally->domains.try_emplace(name).first;
    hints[position] = {&entry.first, &entry.second};
    return entry.second;
}

std::optional<severity> run_summary::worst_finding() const {
    for (int level = 2; level >= 0; --level)
        if (findings[static_cast<std::size_t>(level)] > 0) return static_cast<severity>(level);
    return std::nullopt;
}

}  // namespace appraise
