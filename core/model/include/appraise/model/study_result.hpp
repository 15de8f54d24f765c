// What a run produces for each coding file and each study in it: the loader's
// diagnostics and every rubric's appraisal. The parsed document is not kept,
// and neither is anything of a report (the engine carries rendered text
// beside a result, engine.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "appraise/model/diagnostic.hpp"
#include "appraise/model/recorded_judgement.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// The mark a study carries when the configuration names a screening rubric
// (`screening` in appraise.toml) and that rubric's overall judgement of the
// study sits on the top rung of the shared ladder (critical): it is excluded
// from synthesis pending review, as Cochrane's policy on problematic studies
// asks. Every report and the audit show it.
struct screening_mark {
    std::string rubric;     // the screening rubric's id
    std::string judgement;  // its overall word for this study
};

// The words every report writes beside a marked study.
inline constexpr const char* screening_mark_words = "excluded from synthesis pending review";

struct study_result {
    std::string id;
    std::string file;
    sdk::source_location id_where;
    diagnostics problems;    // loader warnings and errors, duplicate id
    bool appraised = false;  // false: skipped because of errors in its coding
    std::vector<sdk::appraisal> appraisals;
    // Values of the fields an audit groups by ("design.type" -> {"rct"}); a field
    // with several values (tags) puts the study in several groups.
    std::map<std::string, std::vector<std::string>> facets;
    std::optional<sdk::node> coding;  // the [coding] record (format 1.1), when written
    // The values of the fields a table shows (`run --table characteristics`),
    // by codebook path, as written (arrays in their order); a field not coded
    // has no entry. Only the fields the run asked for (engine_options::fact_fields).
    std::vector<std::pair<std::string, sdk::node>> facts;
    // The evidence of every value written in a wrapper, by the value's place
    // (where a finding about it points), in document order: the document is
    // not kept, and the findings CSV shows what a finding rests on.
    std::vector<std::pair<sdk::source_location, sdk::value_evidence>> evidence;
    std::optional<screening_mark> screened_out;  // set by the run when the screening rubric puts it on top
    // The appraisals that are recorded judgements ([[recorded.<id>]]), by
    // index, in index order; every other appraisal was computed by its rubric.
    std::vector<recorded_mark> recorded;
};

// The mark of appraisal `index` of `study` when it is a recorded judgement, else nullptr.
[[nodiscard]] inline const recorded_mark* recorded_of(const study_result& study, std::size_t index) {
    for (const auto& mark : study.recorded)
        if (mark.appraisal == index) return &mark;
    return nullptr;
}

// The same for an appraisal held in study.appraisals (by its address).
[[nodiscard]] inline const recorded_mark* recorded_of(const study_result& study, const sdk::appraisal& appraisal) {
    if (study.appraisals.empty() || &appraisal < study.appraisals.data() ||
        &appraisal >= study.appraisals.data() + study.appraisals.size())
        return nullptr;
    return recorded_of(study, static_cast<std::size_t>(&appraisal - study.appraisals.data()));
}

// The evidence of the value a finding at `where` points at (the value's place
// or its wrapper's), or nullptr.
[[nodiscard]] inline const sdk::value_evidence* evidence_at(const study_result& study,
                                                            const sdk::source_location& where) {
    const auto same = [&](const sdk::source_location& a) {
        return a.line == where.line && a.column == where.column && a.file == where.file;
    };
    for (const auto& [place, evidence] : study.evidence)
        if (same(place) || same(evidence.where)) return &evidence;
    return nullptr;
}

struct file_result {
    std::string path;      // empty for problems of the corpus listing (a missing path, an empty folder)
    diagnostics problems;  // problems of the file as a whole
    std::vector<study_result> studies;
    // More studies of the file named just before: a large [[study]] file
    // reaches the sink in parts, in order (file problems come with the first).
    bool continued = false;
    // What an audit reads of the studies' appraisals, groups and screening
    // marks, as numbers (audit/audit_digest.hpp), when a worker or an
    // audit's cache made it; the studies then hold only their heads (id,
    // file, places, problems, whether appraised), which the engine and the
    // run's counts read.
    std::optional<std::string> audit_digest;
};

// Label for a study value that was not reported, in audit groups.
inline constexpr const char* not_reported_label = "(not reported)";

}  // namespace appraise
