// What a run produces for each coding file and each study in it: the loader's
// diagnostics and every rubric's appraisal. The parsed document is not kept,
// and neither is anything of a report (the engine carries rendered text
// beside a result, engine.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

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
};

struct file_result {
    std::string path;      // empty for problems of the corpus listing (a missing path, an empty folder)
    diagnostics problems;  // problems of the file as a whole
    std::vector<study_result> studies;
};

// Label for a study value that was not reported, in audit groups.
inline constexpr const char* not_reported_label = "(not reported)";

}  // namespace appraise
