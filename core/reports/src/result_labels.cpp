#include "appraise/reports/result_labels.hpp"

#include <map>
#include <utility>

namespace appraise {

std::vector<std::string> result_labels(const study_result& study) {
    std::vector<std::string> labels;
    std::map<std::pair<std::string, std::string>, int> seen;  // (rubric, label) -> times
    for (const auto& a : study.appraisals) {
        std::string label = a.label.empty() ? study.id : study.id + " (" + a.label + ")";
        const int n = ++seen[{a.rubric, label}];
        if (n > 1) label += " #" + std::to_string(n);
        labels.push_back(std::move(label));
    }
    return labels;
}

}  // namespace appraise
