#include "appraise/reports/json_convert.hpp"

#include <ostream>

#include "appraise/model/version.hpp"

namespace appraise {

void write_json(json_text_writer& out, const source_location& where) {
    out.begin_object().field("file", where.file).field("line", where.line).field("column", where.column).end_object();
}

void write_json(json_text_writer& out, const diagnostic& problem) {
    out.begin_object().field("code", problem.code).field("severity", sdk::to_string(problem.level));
    out.field("message", problem.message).key("location");
    write_json(out, problem.where);
    if (!problem.hint.empty()) out.field("hint", problem.hint);
    out.end_object();
}

void write_json(json_text_writer& out, const sdk::finding& finding) {
    out.begin_object().field("id", finding.id).field("severity", sdk::to_string(finding.level));
    out.field("message", finding.message).key("location");
    write_json(out, finding.where);
    out.end_object();
}

void write_json(json_text_writer& out, const sdk::appraisal& appraisal) {
    out.begin_object().field("rubric", appraisal.rubric).field("rubric_version", appraisal.rubric_version);
    if (!appraisal.label.empty()) out.field("label", appraisal.label);
    if (appraisal.overall)
        out.field("overall", *appraisal.overall);
    else
        out.key("overall").null();
    if (!appraisal.overall_rationale.empty()) out.field("overall_rationale", appraisal.overall_rationale);
    if (!appraisal.overall_proposed.empty())
        out.field("overall_proposed", appraisal.overall_proposed)
            .field("overall_override_reason", appraisal.overall_override_reason);
    out.key("domains").begin_array();
    for (const auto& domain : appraisal.domains) {
        out.begin_object().field("id", domain.id).field("name", domain.name).field("judgement", domain.judgement);
        out.key("answers").begin_array();
        for (const auto& a : domain.answers)
            out.begin_object().field("id", a.id).field("value", a.value).field("provenance", a.provenance).end_object();
        out.end_array().field("rationale", domain.rationale);
        if (!domain.proposed.empty())
            out.field("proposed", domain.proposed).field("override_reason", domain.override_reason);
        out.end_object();
    }
    out.end_array().key("findings").begin_array();
    for (const auto& finding : appraisal.findings) write_json(out, finding);
    out.end_array().end_object();
}

void write_json(json_text_writer& out, const study_result& study) {
    out.begin_object().field("id", study.id).field("file", study.file).field("appraised", study.appraised);
    out.key("appraisals").begin_array();
    for (const auto& appraisal : study.appraisals) write_json(out, appraisal);
    out.end_array();
    for (const severity level : {severity::error, severity::warning}) {
        out.key(level == severity::error ? "errors" : "warnings").begin_array();
        for (const auto& problem : study.problems)
            if ((problem.level == severity::error) == (level == severity::error)) write_json(out, problem);
        out.end_array();
    }
    out.end_object();
}

namespace {
template <typename T>
json parsed(const T& value) {
    std::string text;
    json_text_writer out(text);
    write_json(out, value);
    return json::parse(text);
}
}  // namespace

json to_json(const source_location& where) {
    return parsed(where);
}
json to_json(const diagnostic& problem) {
    return parsed(problem);
}
json to_json(const sdk::finding& finding) {
    return parsed(finding);
}
json to_json(const sdk::appraisal& appraisal) {
    return parsed(appraisal);
}
json to_json(const study_result& study) {
    return parsed(study);
}

json tool_json() {
    return json{{"name", tool_name}, {"version", tool_version}};
}

void write_indented(std::ostream& out, const json& value, int indent, bool pad_first_line) {
    const std::string text = value.dump(2);
    std::string newline(static_cast<std::size_t>(indent) + 1, ' ');
    newline.front() = '\n';
    std::string shifted;
    shifted.reserve(text.size() + text.size() / 8);
    if (pad_first_line) shifted.append(newline, 1);
    std::size_t from = 0;
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', from)) {
        shifted.append(text, from, at - from).append(newline);
        from = at + 1;
    }
    shifted.append(text, from);
    out << shifted;
}

}  // namespace appraise
