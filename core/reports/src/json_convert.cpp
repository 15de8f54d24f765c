#include "appraise/reports/json_convert.hpp"

#include "appraise/model/version.hpp"
#include "appraise/reports/json_catalogue.hpp"
#include "appraise/text/node_text.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

// The evidence of one value (format 1.1), as fields of the object it belongs to.
void write_evidence(json_text_writer& out, const sdk::value_evidence& evidence) {
    if (!evidence.support.empty()) out.field("support", evidence.support);
    if (!evidence.at.empty()) out.field("at", evidence.at);
    if (!evidence.source.empty()) out.field("source", evidence.source);
    if (!evidence.resolved.empty()) out.field("resolved", evidence.resolved);
    if (!evidence.reason.empty()) out.field("resolution_reason", evidence.reason);
}

// A coded table (the [coding] record) as an object; a decimal as its text.
void write_node(json_text_writer& out, const sdk::node& value) {
    using kind = sdk::node::kind;
    switch (value.type) {
        case kind::table:
            out.begin_object();
            for (const auto& [key, member] : value.members) {
                out.key(key);
                write_node(out, member);
            }
            out.end_object();
            return;
        case kind::array:
            out.begin_array();
            for (const auto& item : value.items) write_node(out, item);
            out.end_array();
            return;
        case kind::string:
            out.value(value.text);
            return;
        case kind::integer:
            out.value(value.integer);
            return;
        case kind::number:
            out.value(node_text(value));
            return;
        case kind::boolean:
            out.value(value.boolean);
            return;
    }
}

// A text the catalogue form names by key (json_catalogue.hpp); inline without `refs`.
// `name` and `ref_name` are member names of the report, which need no escaping.
void write_text(json_text_writer& out, std::string_view name, std::string_view ref_name, std::string_view text,
                text_refs* refs) {
    if (refs == nullptr)
        out.plain_key(name).value(text);
    else
        refs->field(out, name, ref_name, text);
}

void write_finding(json_text_writer& out, const sdk::finding& finding, text_refs* refs) {
    out.begin_object().field("id", finding.id).field("severity", sdk::to_string(finding.level));
    out.field("concern", sdk::to_string(finding.concern));
    write_text(out, "message", "message_ref", finding.message, refs);
    out.key("location");
    write_json(out, finding.where);
    out.end_object();
}

void write_appraisal(json_text_writer& out, const sdk::appraisal& appraisal, const recorded_mark* recorded,
                     text_refs* refs);

}  // namespace

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
    write_finding(out, finding, nullptr);
}

void write_json(json_text_writer& out, const sdk::appraisal& appraisal) {
    write_json(out, appraisal, nullptr);
}

void write_json(json_text_writer& out, const sdk::appraisal& appraisal, const recorded_mark* recorded) {
    write_appraisal(out, appraisal, recorded, nullptr);
}

namespace {

void write_appraisal(json_text_writer& out, const sdk::appraisal& appraisal, const recorded_mark* recorded,
                     text_refs* refs) {
    out.begin_object().field("rubric", appraisal.rubric).field("rubric_version", appraisal.rubric_version);
    if (!appraisal.label.empty()) out.field("label", appraisal.label);
    if (recorded != nullptr) {
        out.field("provenance", recorded_provenance).key("source").begin_object();
        if (!recorded->source.file.empty()) out.field("file", recorded->source.file);
        if (recorded->source.row > 0) out.field("row", recorded->source.row);
        if (!recorded->source.tool.empty()) out.field("tool", recorded->source.tool);
        out.key("location");
        write_json(out, recorded->where);
        out.end_object();
    }
    if (appraisal.overall && appraisal.overall_not_assessed.empty())
        out.field("overall", *appraisal.overall);
    else
        out.key("overall").null();
    if (!appraisal.overall_not_assessed.empty())
        write_text(out, "overall_reason", "overall_reason_ref", appraisal.overall_not_assessed, refs);
    if (!appraisal.overall_rationale.empty())
        write_text(out, "overall_rationale", "overall_rationale_ref", appraisal.overall_rationale, refs);
    if (!appraisal.overall_support.empty()) out.field("overall_support", appraisal.overall_support);
    if (!appraisal.overall_direction.empty()) out.field("overall_direction", appraisal.overall_direction);
    if (!appraisal.notes.empty()) out.field("notes", appraisal.notes);
    if (appraisal.weight) out.field("weight", format_number(*appraisal.weight));  // a string, as grade writes numbers
    if (!appraisal.overall_proposed.empty()) out.field("overall_proposed", appraisal.overall_proposed);
    if (!appraisal.overall_override_reason.empty())
        out.field("overall_override_reason", appraisal.overall_override_reason);
    out.key("domains").begin_array();
    for (const auto& domain : appraisal.domains) {
        out.begin_object().field("id", domain.id).field("name", domain.name);
        if (domain.not_assessed.empty())
            out.field("judgement", domain.judgement);
        else
            write_text(out.key("judgement").null(), "reason", "reason_ref", domain.not_assessed, refs);
        if (recorded != nullptr) out.field("provenance", recorded_provenance);
        out.key("answers").begin_array();
        for (const auto& a : domain.answers) {
            out.begin_object().field("id", a.id).field("value", a.value).field("provenance", a.provenance);
            if (!a.outcome.empty()) out.field("outcome", a.outcome);
            write_evidence(out, a.evidence);
            out.end_object();
        }
        write_text(out.end_array(), "rationale", "rationale_ref", domain.rationale, refs);
        if (!domain.proposed.empty()) out.field("proposed", domain.proposed);
        if (!domain.override_reason.empty()) out.field("override_reason", domain.override_reason);
        if (!domain.support.empty()) out.field("support", domain.support);
        if (!domain.direction.empty()) out.field("direction", domain.direction);
        // Each reading of the domain's algorithm (plugin API 6); null: that reading gives no judgement.
        if (!domain.alternatives.empty()) {
            out.key("alternatives").begin_array();
            for (const auto& alternative : domain.alternatives) {
                out.begin_object().field("label", alternative.label);
                if (alternative.judgement.empty())
                    out.key("judgement").null();
                else
                    out.field("judgement", alternative.judgement);
                out.end_object();
            }
            out.end_array();
        }
        out.end_object();
    }
    out.end_array().key("findings").begin_array();
    for (const auto& finding : appraisal.findings) write_finding(out, finding, refs);
    out.end_array().end_object();
}

}  // namespace

void write_json(json_text_writer& out, const study_result& study) {
    write_json(out, study, nullptr);
}

void write_json(json_text_writer& out, const study_result& study, text_refs* refs) {
    out.begin_object().field("id", study.id).field("file", study.file).field("appraised", study.appraised);
    if (study.coding) {
        out.key("coding");
        write_node(out, *study.coding);
    }
    if (study.screened_out)
        out.key("screening")
            .begin_object()
            .field("rubric", study.screened_out->rubric)
            .field("judgement", study.screened_out->judgement)
            .field("mark", screening_mark_words)
            .end_object();
    out.key("appraisals").begin_array();
    for (std::size_t k = 0; k < study.appraisals.size(); ++k)
        write_appraisal(out, study.appraisals[k], recorded_of(study, k), refs);
    out.end_array();
    for (const severity level : {severity::error, severity::warning}) {
        out.key(level == severity::error ? "errors" : "warnings").begin_array();
        for (const auto& problem : study.problems)
            if ((problem.level == severity::error) == (level == severity::error)) write_json(out, problem);
        out.end_array();
    }
    out.end_object();
}

void write_tool_json(json_text_writer& out) {
    out.begin_object().field("name", tool_name).field("version", tool_version).end_object();
}

std::string tool_json_text() {
    std::string text;
    json_text_writer out(text, 0, json_text_writer::layout::compact);
    write_tool_json(out);
    return text;
}

}  // namespace appraise
