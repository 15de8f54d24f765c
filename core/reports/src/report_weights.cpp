#include "appraise/reports/report_weights.hpp"

#include <algorithm>
#include <regex>

namespace appraise {
namespace {

constexpr const char* missing_code = "report/weight-missing";
constexpr const char* invalid_code = "report/weight-invalid";

// robvis accepts what its regex accepts in R's text form: no exponent, no sign
// we would want (a negative weight means nothing in a summary).
bool plain_number(const std::string& text) {
    static const std::regex plain("[0-9]+(\\.[0-9]+)?");
    return std::regex_match(text, plain);
}

}  // namespace

std::optional<std::string> weight_text(const study_result& study, const std::string& field) {
    const auto facet = study.facets.find(field);
    if (facet == study.facets.end() || facet->second.size() != 1) return std::nullopt;
    const std::string& text = facet->second.front();
    if (!plain_number(text)) return std::nullopt;
    return text;
}

void check_weight(study_result& study, const std::string& field) {
    if (field.empty() || !study.appraised || weight_text(study, field)) return;
    const bool already = std::any_of(study.problems.begin(), study.problems.end(), [](const diagnostic& d) {
        return d.code == missing_code || d.code == invalid_code;
    });
    if (already) return;
    const auto facet = study.facets.find(field);
    const bool missing = facet == study.facets.end() || facet->second.empty() ||
                         (facet->second.size() == 1 && facet->second.front() == not_reported_label);
    std::string value;
    if (!missing)
        for (const auto& part : facet->second) value += (value.empty() ? "" : ", ") + part;
    study.problems.push_back(
        missing ? diagnostic{severity::error, missing_code,
                             "study \"" + study.id + "\" has no `" + field +
                                 "`, which --weight names: a weighted summary needs a weight for every study",
                             study.id_where, "add `" + field + "` to the study, or run without --weight"}
                : diagnostic{severity::error, invalid_code,
                             "study \"" + study.id + "\": `" + field + "` = " + value +
                                 " is not a weight: it must be one plain number of zero or more",
                             study.id_where, "write the weight as a number, e.g. 120 or 35.2"});
    study.appraised = false;
}

}  // namespace appraise
