#include "appraise/json_convert.hpp"

#include <ostream>

#include "appraise/version.hpp"

namespace appraise {

json to_json(const source_location& where) {
    return json{{"file", where.file}, {"line", where.line}, {"column", where.column}};
}

json to_json(const diagnostic& problem) {
    json out{{"code", problem.code},
             {"severity", std::string(sdk::to_string(problem.level))},
             {"message", problem.message},
             {"location", to_json(problem.where)}};
    if (!problem.hint.empty()) out["hint"] = problem.hint;
    return out;
}

json to_json(const sdk::finding& finding) {
    return json{{"id", finding.id},
                {"severity", std::string(sdk::to_string(finding.level))},
                {"message", finding.message},
                {"location", to_json(finding.where)}};
}

json to_json(const sdk::appraisal& appraisal) {
    json out{{"rubric", appraisal.rubric}, {"rubric_version", appraisal.rubric_version}};
    if (!appraisal.label.empty()) out["label"] = appraisal.label;
    out["overall"] = appraisal.overall ? json(*appraisal.overall) : json(nullptr);
    json domains = json::array();
    for (const auto& domain : appraisal.domains) {
        json answers = json::array();
        for (const auto& a : domain.answers)
            answers.push_back({{"id", a.id}, {"value", a.value}, {"provenance", a.provenance}});
        domains.push_back({{"id", domain.id},
                           {"name", domain.name},
                           {"judgement", domain.judgement},
                           {"answers", std::move(answers)},
                           {"rationale", domain.rationale}});
    }
    out["domains"] = std::move(domains);
    json findings = json::array();
    for (const auto& finding : appraisal.findings) findings.push_back(to_json(finding));
    out["findings"] = std::move(findings);
    return out;
}

json to_json(const study_result& study) {
    json out{{"id", study.id}, {"file", study.file}, {"appraised", study.appraised}};
    json appraisals = json::array();
    for (const auto& appraisal : study.appraisals) appraisals.push_back(to_json(appraisal));
    out["appraisals"] = std::move(appraisals);
    json errors = json::array();
    json warnings = json::array();
    for (const auto& problem : study.problems)
        (problem.level == severity::error ? errors : warnings).push_back(to_json(problem));
    out["errors"] = std::move(errors);
    out["warnings"] = std::move(warnings);
    return out;
}

json tool_json() { return json{{"name", tool_name}, {"version", tool_version}}; }

void write_indented(std::ostream& out, const json& value, int indent, bool pad_first_line) {
    const std::string text = value.dump(2);
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    if (pad_first_line) out << pad;
    for (const char c : text) {
        out << c;
        if (c == '\n') out << pad;
    }
}

}  // namespace appraise
