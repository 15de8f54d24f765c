#include "appraise/reports/export_rows.hpp"

#include "appraise/model/diagnostic.hpp"

namespace appraise {

std::string unassessed_text(const sdk::appraisal& appraisal) {
    std::string open;
    for (const auto& d : appraisal.domains)
        if (!d.not_assessed.empty()) open += (open.empty() ? "" : "; ") + d.name + ": " + d.not_assessed;
    if (!appraisal.overall_not_assessed.empty())
        open += (open.empty() ? "" : "; ") + std::string("Overall: ") + appraisal.overall_not_assessed;
    return open;
}

std::string coding_error_text(const sdk::appraisal& appraisal) {
    std::string errors;
    for (const auto& f : appraisal.findings)
        if (f.level == sdk::severity::error)
            errors += (errors.empty() ? "" : "; ") + format_location(f.where) + ": " + f.message + " [" + f.id + "]";
    return errors;
}

bool of_outcome(const std::string& label, const std::string& id) {
    return label == id || label.rfind(id + " (", 0) == 0;
}

std::string outcome_of(const std::string& label) {
    return label.substr(0, label.find(" ("));
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

}  // namespace appraise
