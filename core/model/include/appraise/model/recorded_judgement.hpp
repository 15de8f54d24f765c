// A recorded judgement: one made elsewhere (a published review, robvis,
// RevMan, Covidence) and written into a study file under
// [[recorded.<rubric-id>]], not computed from answers. The run turns it into
// the rubric's result without calling the rubric (engine/recorded_judgements),
// and keeps here where it came from, so that every report can say so: a
// recorded judgement is never shown as computed.
#pragma once

#include <cstddef>
#include <string>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// Where a recorded judgement was taken from; each part may be unknown.
struct judgement_source {
    std::string file;  // the table it was imported from: "robvis.csv"; empty: not said
    int row = 0;       // its record there (1-based, the header is record 1); 0: not said
    std::string tool;  // "robvis", "revman", "covidence", "published", ...; empty: not said
};

// One appraisal of a study that is a recorded judgement.
struct recorded_mark {
    std::size_t appraisal = 0;   // its index in study_result::appraisals
    judgement_source source;     // from `source = { file, row, tool }`
    sdk::source_location where;  // the [[recorded.<id>]] element in the study file
};

// The provenance JSON writes on a recorded appraisal and its domains.
inline constexpr const char* recorded_provenance = "imported";
// The word reports for people write beside a recorded judgement.
inline constexpr const char* recorded_marker = "recorded";

// "robvis.csv row 4 (robvis)", "robvis.csv", "a table (revman)", "the study file".
[[nodiscard]] inline std::string recorded_origin(const judgement_source& source) {
    std::string text = source.file.empty() ? std::string() : source.file;
    if (source.row > 0) text += (text.empty() ? "row " : " row ") + std::to_string(source.row);
    if (!source.tool.empty()) text += text.empty() ? source.tool : " (" + source.tool + ")";
    return text.empty() ? std::string("the study file") : text;
}

// What the rationale of every judgement of a recorded appraisal says.
[[nodiscard]] inline std::string recorded_rationale(const judgement_source& source) {
    return "recorded judgement imported from " + recorded_origin(source) + "; not computed from answers";
}

}  // namespace appraise
