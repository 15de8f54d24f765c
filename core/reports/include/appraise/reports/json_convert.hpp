// JSON forms of the result types, shared by every JSON writer (run, audit),
// so one value is always spelled one way. The `write_json` functions are the
// single definition of each shape (fast, streaming); `to_json` gives the same
// shape as an nlohmann value for code that composes documents.
#pragma once

#include <nlohmann/json.hpp>

#include "appraise/model/diagnostic.hpp"
#include "appraise/model/study_result.hpp"
#include "appraise/text/json_text_writer.hpp"

namespace appraise {

using json = nlohmann::ordered_json;

void write_json(json_text_writer& out, const source_location& where);
void write_json(json_text_writer& out, const diagnostic& problem);
void write_json(json_text_writer& out, const sdk::finding& finding);
void write_json(json_text_writer& out, const sdk::appraisal& appraisal);
void write_json(json_text_writer& out, const study_result& study);

[[nodiscard]] json to_json(const source_location& where);
[[nodiscard]] json to_json(const diagnostic& problem);
[[nodiscard]] json to_json(const sdk::finding& finding);
[[nodiscard]] json to_json(const sdk::appraisal& appraisal);
[[nodiscard]] json to_json(const study_result& study);
[[nodiscard]] json tool_json();

// Writes `value` indented by `indent` spaces on every line (for streaming).
void write_indented(std::ostream& out, const json& value, int indent, bool pad_first_line = true);

}  // namespace appraise
