#include "appraise/reports/rubric_plots.hpp"

#include <algorithm>

#include "appraise/reports/alternatives_text.hpp"
#include "appraise/reports/report_weights.hpp"
#include "appraise/reports/support_text.hpp"

namespace appraise {

bool result_of_outcome(const std::string& label, const std::string& id) {
    return label == id || label.rfind(id + " (", 0) == 0;
}

rubric_plots::rubric_plots(const sdk::rubric_description& rubric, plot_options options)
    : rubric_(rubric), options_(std::move(options)) {
    light_.key = judgement_key(rubric_);
    for (std::size_t i = 0; i < rubric_.domains.size(); ++i) {
        light_.columns.push_back("D" + std::to_string(i + 1));
        light_.column_titles.push_back(rubric_.domains[i].name);
        bars_.rows.push_back(rubric_.domains[i].name);
    }
    light_.columns.emplace_back("Overall");
    light_.column_titles.emplace_back("Overall");
    bars_.rows.emplace_back("Overall");
    bars_.totals.assign(bars_.rows.size(), {});
    bars_.not_assessed.assign(bars_.rows.size(), 0);
    bars_.disputed.assign(bars_.rows.size(), 0);
    unrated_.assign(rubric_.domains.size(), 0);
}

void rubric_plots::add(const study_result& study) {
    if (!study.appraised) return;
    double weight = 1;
    if (!options_.weight_field.empty()) {
        const auto value = weight_value(study, options_.weight_field);
        if (!value) return;  // an input error already
        weight = *value;
    }
    const auto labels = labelled_results(study, options_.labels);
    // The results drawn: of this rubric, assessed, of the chosen outcome.
    std::vector<std::size_t> drawn;
    bool looked = false;
    std::map<std::string, int> found;
    for (std::size_t k = 0; k < study.appraisals.size(); ++k) {
        const auto& a = study.appraisals[k];
        if (a.rubric != rubric_.id) continue;
        looked = true;
        for (const auto& f : a.findings) {
            auto& worst = found[f.id];
            worst = std::max(worst, static_cast<int>(f.level));
        }
        if (a.domains.empty() && !a.overall && a.overall_not_assessed.empty()) continue;
        if (!options_.outcome.empty() && !a.label.empty() && !result_of_outcome(a.label, options_.outcome)) {
            other_outcomes_.push_back(labels[k]);
            continue;
        }
        drawn.push_back(k);
    }
    if (options_.split_weight && !drawn.empty()) weight /= static_cast<double>(drawn.size());
    const auto add_to = [&](std::size_t row, const std::optional<std::size_t>& mark) {
        auto& totals = bars_.totals[row];
        if (totals.size() <= *mark) totals.resize(*mark + 1, 0);
        totals[*mark] += weight;
    };
    for (const std::size_t k : drawn) {
        const auto& a = study.appraisals[k];
        std::vector<plot_cell> cells;
        for (std::size_t d = 0; d < rubric_.domains.size(); ++d) {
            const auto domain = std::find_if(a.domains.begin(), a.domains.end(), [&](const sdk::domain_result& x) {
                return x.id == rubric_.domains[d].id;
            });
            plot_cell at;
            if (domain == a.domains.end()) ++unrated_[d];
            if (domain != a.domains.end()) {
                if (!domain->not_assessed.empty()) {
                    at.not_assessed = true;
                    at.tooltip = not_assessed_text(domain->not_assessed);
                    bars_.not_assessed[d] += weight;
                } else {
                    at.mark = light_.key.mark(domain->judgement);
                    at.tooltip = title_word(domain->judgement);
                    if (at.mark) add_to(d, at.mark);
                    at.disputed = readings_differ(domain->alternatives);
                    if (at.disputed) {
                        at.tooltip += "; " + alternatives_text(domain->alternatives);
                        bars_.disputed[d] += weight;
                    }
                }
            }
            cells.push_back(std::move(at));
        }
        plot_cell overall;
        if (!a.overall_not_assessed.empty()) {
            overall.not_assessed = true;
            overall.tooltip = not_assessed_text(a.overall_not_assessed);
            bars_.not_assessed.back() += weight;
        } else if (a.overall) {
            overall.mark = light_.key.mark(*a.overall);
            overall.tooltip = title_word(*a.overall);
            if (overall.mark) add_to(bars_.rows.size() - 1, overall.mark);
        } else {
            ++no_overall_;
        }
        cells.push_back(std::move(overall));
        // A recorded judgement says so in every tooltip of its row: it was not computed here.
        if (const auto* recorded = recorded_of(study, k))
            for (auto& cell : cells)
                if (!cell.tooltip.empty()) cell.tooltip += " (" + recorded_rationale(recorded->source) + ")";
        light_.rows.push_back(labels[k]);
        light_.cells.push_back(std::move(cells));
    }
    bars_.key = light_.key;  // with any word outside the scale these results brought
    if (looked) ++appraised_with_;
    if (!drawn.empty()) ++studies_;
    for (const auto& [id, worst] : found) {
        auto& row = findings_[id];
        ++row.first;
        row.second = std::max(row.second, worst);
    }
}

void rubric_plots::relabel(const study_labeller& labels) {
    for (auto& row : light_.rows) row = with_labels(row, labels);
    for (auto& label : other_outcomes_) label = with_labels(label, labels);
}

}  // namespace appraise
