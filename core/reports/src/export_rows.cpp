#include "appraise/reports/export_rows.hpp"

#include <utility>

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

void noted_items::push_back(std::string item) {
    if (first_.size() < listed) first_.push_back(std::move(item));
    ++count_;
}

std::string noted_items::text() const {
    std::string text = joined(first_);
    if (count_ > first_.size()) text += " and " + std::to_string(count_ - first_.size()) + " more";
    return text;
}

std::string noted_lines(const noted_items& lines) {
    std::string text;
    for (const auto& line : lines.first_items()) text += "  " + line + '\n';
    if (lines.size() > lines.first_items().size())
        text += "  and " + std::to_string(lines.size() - lines.first_items().size()) +
                " more (the text or JSON report lists every one)\n";
    return text;
}

}  // namespace appraise
