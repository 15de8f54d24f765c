// JSON forms of the result types, shared by every JSON writer (run, audit,
// agree, explain), so one value is always spelled one way. The `write_json`
// functions are the single definition of each shape (fast, streaming).
// Code that composes a document with a JSON library of its own parses
// `json_text(value)`; no library type crosses this header.
#pragma once

#include <string>

#include "appraise/model/diagnostic.hpp"
#include "appraise/model/study_result.hpp"
#include "appraise/text/json_text_writer.hpp"

namespace appraise {

class text_refs;

void write_json(json_text_writer& out, const source_location& where);
void write_json(json_text_writer& out, const diagnostic& problem);
void write_json(json_text_writer& out, const sdk::finding& finding);
void write_json(json_text_writer& out, const sdk::appraisal& appraisal);
// A recorded judgement (`recorded` not null) also says so: "provenance":
// "imported" and its "source" on the appraisal, "provenance" on each domain.
void write_json(json_text_writer& out, const sdk::appraisal& appraisal, const recorded_mark* recorded);
void write_json(json_text_writer& out, const study_result& study);
// `--messages catalogue` (json_catalogue.hpp): the long texts named through
// `refs` (`message_ref`, `rationale_ref`, ...); `refs` null: inline, as above.
void write_json(json_text_writer& out, const study_result& study, text_refs* refs);
// {"name": "appraise", "version": ...}: which tool wrote a document.
void write_tool_json(json_text_writer& out);

// One value's JSON, compact, as text.
template <typename T>
[[nodiscard]] std::string json_text(const T& value) {
    std::string text;
    json_text_writer out(text, 0, json_text_writer::layout::compact);
    write_json(out, value);
    return text;
}
[[nodiscard]] std::string tool_json_text();

}  // namespace appraise
