#include "check.hpp"

#include <cmath>
#include <stdexcept>

#include <appraise/sdk/helpers.hpp>

namespace trustworthiness {

namespace sdk = appraise::sdk;
using kind = sdk::node::kind;

check_context::check_context(const sdk::study& study, const sdk::option_values& options)
    : study_(study), options_(options) {}

std::optional<double> check_context::number(std::string_view path) const {
    const auto* n = at(path);
    return n != nullptr && n->is_number() ? std::optional<double>(n->number) : std::nullopt;
}

std::optional<std::string> check_context::text(std::string_view path) const {
    const auto* n = at(path);
    return n != nullptr && n->type == kind::string ? std::optional<std::string>(n->text) : std::nullopt;
}

std::optional<bool> check_context::boolean(std::string_view path) const {
    const auto* n = at(path);
    return n != nullptr && n->type == kind::boolean ? std::optional<bool>(n->boolean) : std::nullopt;
}

std::vector<double> check_context::numbers_of(const sdk::node* value) {
    std::vector<double> values;
    if (value == nullptr) return values;
    if (value->is_number()) return {value->number};
    if (value->type == kind::array)
        for (const auto& item : value->items)
            if (item.is_number()) values.push_back(item.number);
    return values;
}

bool check_context::controlled() const {
    const std::string type = sdk::text_at(study_, "design.type");
    if (type == "rct" || type == "cluster-rct" || type == "crossover-rct" || type == "non-randomised-controlled" ||
        type == "controlled-before-after")
        return true;
    return numbers("sample.arms").size() >= 2;
}

bool check_context::cluster_allocated() const {
    return sdk::text_at(study_, "design.unit") == "cluster" || sdk::text_at(study_, "design.type") == "cluster-rct";
}

double check_context::option_number(std::string_view name) const {
    return sdk::option_number(options_, name);
}

void check_context::flag(std::string message, const sdk::source_location& location) {
    emit(std::move(message), location);
    record(check_status::flagged, findings_.back().message);
}

void check_context::emit(std::string message, const sdk::source_location& location) {
    // Built in place: a braced temporary would be moved, string by string.
    sdk::finding& f = findings_.emplace_back();
    f.id.append(rubric_id).append("/").append(running_->row.slug);
    f.level = running_->row.level;
    f.message = std::move(message);
    f.where = location;
    f.concern = running_->row.concern;
}

void check_context::record(check_status status, std::string basis) {
    outcomes_.push_back({running_->row.slug, status, std::move(basis), running_->domain, running_->informs});
}

void check_context::run(const check& unit) {
    running_ = &unit;
    const std::size_t before = outcomes_.size();
    unit.run(*this);
    if (outcomes_.size() != before + 1)
        throw std::logic_error("trustworthiness check " + unit.row.slug + " recorded " +
                               std::to_string(outcomes_.size() - before) + " outcomes instead of one");
    running_ = nullptr;
}

std::string number_text(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
    return sdk::general_number_text(value, 6);
}

std::string list_text(const std::vector<double>& values) {
    std::string text;
    for (const double v : values) text += (text.empty() ? "" : ", ") + number_text(v);
    return text;
}

}  // namespace trustworthiness
