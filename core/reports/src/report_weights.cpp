#include "appraise/reports/report_weights.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace appraise {
namespace {

constexpr const char* missing_code = "report/weight-missing";
constexpr const char* invalid_code = "report/weight-invalid";

// robvis reads a weight as digits with an optional fraction: no exponent, no
// sign (a negative weight means nothing in a summary). A plain loop, not
// std::regex: its matcher recurses per character and overflowed the stack on a
// 50,000-digit field (issue 12).
bool plain_number(const std::string& text) {
    const auto digits = [&](std::size_t from) {
        std::size_t to = from;
        while (to < text.size() && text[to] >= '0' && text[to] <= '9') ++to;
        return to;
    };
    const std::size_t whole = digits(0);
    if (whole == 0) return false;
    if (whole == text.size()) return true;
    if (text[whole] != '.') return false;
    const std::size_t fraction = digits(whole + 1);
    return fraction > whole + 1 && fraction == text.size();
}

// The value, when it is a plain number that a double holds finitely.
std::optional<double> finite_value(const std::string& text) {
    if (!plain_number(text)) return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace

std::optional<std::string> weight_text(const study_result& study, const std::string& field) {
    const auto facet = study.facets.find(field);
    if (facet == study.facets.end() || facet->second.size() != 1) return std::nullopt;
    const std::string& text = facet->second.front();
    if (!finite_value(text)) return std::nullopt;
    return text;
}

std::optional<double> weight_value(const study_result& study, const std::string& field) {
    const auto text = weight_text(study, field);
    if (!text) return std::nullopt;
    return finite_value(*text);
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
                                 " is not a weight: it must be one plain number of zero or more, such as a sample size",
                             study.id_where, "write the weight as a number, e.g. 120 or 35.2"});
    study.appraised = false;
}

}  // namespace appraise
