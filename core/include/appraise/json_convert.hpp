// JSON forms of the result types, shared by every JSON writer (run, audit),
// so one value is always spelled one way.
#pragma once

#include <nlohmann/json.hpp>

#include "appraise/diagnostic.hpp"
#include "appraise/study_result.hpp"

namespace appraise {

using json = nlohmann::ordered_json;

[[nodiscard]] json to_json(const source_location& where);
[[nodiscard]] json to_json(const diagnostic& problem);
[[nodiscard]] json to_json(const sdk::finding& finding);
[[nodiscard]] json to_json(const sdk::appraisal& appraisal);
[[nodiscard]] json to_json(const study_result& study);
[[nodiscard]] json tool_json();

// Writes `value` indented by `indent` spaces on every line (for streaming).
void write_indented(std::ostream& out, const json& value, int indent, bool pad_first_line = true);

}  // namespace appraise
