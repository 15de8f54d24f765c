#include "check.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <appraise/sdk/helpers.hpp>

namespace design_weakness {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

std::string_view to_string(grade g) {
    switch (g) {
        case grade::minor:
            return "minor";
        case grade::major:
            return "major";
        case grade::critical:
            return "critical";
    }
    return "major";
}

check_context::check_context(const sdk::study& study, const sdk::option_values& options, bool flag_not_reported)
    : study_(study),
      options_(options),
      flag_not_reported_(flag_not_reported),
      attrition_(attrition_rule_option(options)),
      design_(profile_of(study)) {}

attrition_rule attrition_rule_option(const sdk::option_values& options) {
    const std::string& word = sdk::option_string(options, "attrition_rule");
    const auto rule = attrition_rule_of(word);
    if (!rule)
        throw std::invalid_argument(
            "option attrition_rule must be \"wwc-cautious\", \"wwc-optimistic\" or "
            "\"cut-offs\", not \"" +
            word + "\"");
    return *rule;
}

std::optional<bool> check_context::high_attrition() const {
    const auto completion = overall_completion();
    if (!completion) return std::nullopt;
    const auto per_arm = arm_completion();
    const auto [lowest, highest] = std::minmax_element(per_arm.begin(), per_arm.end());
    const std::optional<double> gap = per_arm.size() >= 2 ? std::optional<double>(*highest - *lowest) : std::nullopt;
    if (attrition_ == attrition_rule::cut_offs) {
        if (*completion < option_number("min_completion")) return true;
        if (!gap) return std::nullopt;
        return *gap > option_number("max_attrition_gap") + 1e-9;
    }
    const double overall_percent = (1 - *completion) * 100;
    if (!wwc_max_differential(attrition_, overall_percent)) return true;
    if (!gap) {  // no pair for the boundary: min_completion judges the overall figure (high-attrition)
        if (*completion < option_number("min_completion")) return true;
        return std::nullopt;
    }
    return !wwc_low_attrition(attrition_, overall_percent, *gap * 100);
}

std::optional<bool> check_context::flag(std::string_view path) const {
    const auto* n = at(path);
    return n != nullptr && n->type == kind::boolean ? std::optional<bool>(n->boolean) : std::nullopt;
}

std::optional<std::string> check_context::text(std::string_view path) const {
    const auto* n = at(path);
    return n != nullptr && n->type == kind::string ? std::optional<std::string>(n->text) : std::nullopt;
}

std::optional<double> check_context::number(std::string_view path) const {
    const auto* n = at(path);
    return n != nullptr && n->is_number() ? std::optional<double>(n->number) : std::nullopt;
}

std::vector<double> check_context::arm_sizes() const {
    return numbers("sample.arms");
}

std::vector<double> check_context::numbers(std::string_view path) const {
    std::vector<double> values;
    if (const auto* list = at(path); list != nullptr && list->type == kind::array)
        for (const auto& item : list->items) values.push_back(item.number);
    return values;
}

std::optional<double> check_context::overall_completion() const {
    const auto* completion = at("attrition.completion");
    if (completion != nullptr && completion->is_number()) return completion->number;
    if (completion != nullptr && completion->type == kind::array && !completion->items.empty()) {
        const auto arms = arm_sizes();
        double total = 0;
        double weight = 0;
        for (std::size_t i = 0; i < completion->items.size(); ++i) {
            const double w = arms.size() == completion->items.size() ? arms[i] : 1.0;
            total += completion->items[i].number * w;
            weight += w;
        }
        return weight > 0 ? std::optional<double>(total / weight) : std::nullopt;
    }
    if (const auto per_arm = arm_completion(); !per_arm.empty()) {
        const auto arms = arm_sizes();
        double randomised = 0;
        double analysed = 0;
        for (std::size_t i = 0; i < per_arm.size(); ++i) {
            randomised += arms[i];
            analysed += per_arm[i] * arms[i];
        }
        if (randomised > 0) return analysed / randomised;
    }
    const auto analysed = number("attrition.analysed");
    const auto enrolled = number("sample.enrolled");
    if (analysed && enrolled && *enrolled > 0) return std::min(1.0, *analysed / *enrolled);
    return std::nullopt;
}

std::vector<double> check_context::arm_completion() const {
    if (const auto* completion = at("attrition.completion"); completion != nullptr && completion->type == kind::array)
        return numbers("attrition.completion");
    const auto arms = arm_sizes();
    const auto analysed = numbers("sample.arms_analysed");
    if (arms.empty() || analysed.size() != arms.size()) return {};
    std::vector<double> completion;
    for (std::size_t i = 0; i < arms.size(); ++i) {
        if (arms[i] <= 0) return {};
        completion.push_back(std::min(1.0, analysed[i] / arms[i]));
    }
    return completion;
}

const char* check_context::arm_completion_path() const {
    const auto* completion = at("attrition.completion");
    return completion != nullptr && completion->type == kind::array ? "attrition.completion" : "sample.arms_analysed";
}

std::int64_t check_context::option_integer(std::string_view name) const {
    return sdk::option_integer(options_, name);
}

double check_context::option_number(std::string_view name) const {
    return sdk::option_number(options_, name);
}

void check_context::weakness(std::string message, const sdk::source_location& location) {
    record(check_status::reported_weakness);
    emit(std::move(message), location);
}

void check_context::unreported(std::string message, const sdk::source_location& location) {
    if (!flag_not_reported_) {
        record(check_status::passed);  // not reported, and not flagged
        return;
    }
    record(check_status::unreported);
    emit(std::move(message), location);
}

void check_context::emit(std::string message, const sdk::source_location& location) {
    // Built in place: a braced temporary would be moved, string by string.
    sdk::finding& f = results_.findings.emplace_back();
    f.id.append(rubric_id).append("/").append(running_->row.slug);
    f.level = running_->row.level;
    f.message = std::move(message);
    f.where = location;
    f.concern = running_->row.concern;
}

void check_context::record(check_status status) {
    results_.outcomes.push_back(
        {running_->row.slug, status, running_->row.level, running_->domain, running_->row.concern, running_->weight});
}

void check_context::run(const check& unit) {
    running_ = &unit;
    const std::size_t before = results_.outcomes.size();
    unit.run(*this);
    if (results_.outcomes.size() != before + 1)
        throw std::logic_error("design-weakness check " + unit.row.slug + " recorded " +
                               std::to_string(results_.outcomes.size() - before) + " outcomes instead of one");
    running_ = nullptr;
}

std::string number_text(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
    return sdk::general_number_text(value, 3);
}

std::string percent_text(double fraction) {
    return number_text(std::round(fraction * 1000) / 10) + "%";
}

}  // namespace design_weakness
