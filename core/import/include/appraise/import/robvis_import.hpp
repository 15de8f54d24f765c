// `appraise import robvis FILE.csv --tool T`: robvis's CSV (Study, one column
// per domain, Overall, an optional Weight; ../shared/reference/robvis.md) as
// recorded judgements of a rubric. The domain columns are the rubric's robvis
// layout for that template, by position as robvis reads them (Generic: by
// header, the domain's name or id). A Study cell the robvis export wrote
// ("Zhou 2019, loneliness (assignment)") gives the study (author, year) and
// the result (outcome, effect); rows of one study become its results.
#pragma once

#include <string>
#include <string_view>

#include "appraise/import/judgement_import.hpp"

namespace appraise {

// robvis's tool names as `--tool` takes them ("ROB1": robvis's old alias of Generic).
[[nodiscard]] const std::vector<std::string>& robvis_tool_names();
// The rubric a tool's judgements are for unless --rubric says: ROB2 and
// ROB2-Cluster rob2, ROBINS-I robins-i; empty for the others (--rubric needed).
[[nodiscard]] std::string default_rubric_for(std::string_view tool);

// `text` is the file's content, `display` how diagnostics name it, `source`
// the name `source.file` records.
[[nodiscard]] import_result import_robvis(std::string_view text, const std::string& display, const std::string& source,
                                          std::string_view tool, const sdk::rubric_description& rubric);

// Splits a robvis Study cell: "Zhou 2019, loneliness (assignment) #2" ->
// study "Zhou 2019", outcome "loneliness", effect "assignment";
// "chen-2017 (depression (assignment))" (the id form) the same way.
struct result_name {
    std::string study;
    std::string outcome;
    std::string effect;
};
[[nodiscard]] result_name parse_result_name(std::string_view cell);

}  // namespace appraise
