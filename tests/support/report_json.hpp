// Reading a JSON report in tests: a study by id, and the finding ids of a study.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace appraise::test {

inline const nlohmann::json* study_named(const nlohmann::json& report, const std::string& id) {
    for (const auto& study : report.at("studies"))
        if (study.at("id") == id) return &study;
    return nullptr;
}

inline std::set<std::string> finding_ids(const nlohmann::json& study) {
    std::set<std::string> ids;
    for (const auto& appraisal : study.at("appraisals"))
        for (const auto& finding : appraisal.at("findings")) ids.insert(finding.at("id").get<std::string>());
    return ids;
}

}  // namespace appraise::test
