// One design-weakness check as one unit: its catalogue row (what
// `appraise explain` shows), the domain it counts towards, the options only it
// reads, and the function that runs it. Each check is one file under checks/;
// check_list.cpp registers them. The context is what a check runs against:
// the study's facts, and the outcome and findings of the check running now.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <appraise/sdk/rubric_api.hpp>

#include "design_profile.hpp"
#include "wwc_attrition.hpp"

namespace design_weakness {

inline constexpr const char* rubric_id = "design-weakness";
inline constexpr const char* rubric_version = "2.1.0";

// How much a bias weakness weighs in its domain: the plugin's own words
// (domain judgements no-concern / minor / major / critical). Findings of
// another concern (precision, applicability, reporting) never make a domain
// worse than minor, whatever their grade.
enum class grade { minor, major, critical };

[[nodiscard]] std::string_view to_string(grade g);

enum class check_status {
    not_applicable,     // the design makes the check meaningless
    passed,             // the facts show no weakness
    reported_weakness,  // the study reports the weakness (e.g. registered = false)
    unreported,         // the facts the check needs were not reported
};

struct check_outcome {
    std::string_view slug;  // the check's catalogue row
    check_status status = check_status::not_applicable;
    appraise::sdk::severity level = appraise::sdk::severity::warning;  // of the check's findings
    std::string_view domain;
    appraise::sdk::finding_concern concern = appraise::sdk::finding_concern::bias;
    grade weight = grade::major;
};

struct check_results {
    std::vector<appraise::sdk::finding> findings;
    std::vector<check_outcome> outcomes;  // one per check, in list order
};

struct check;

class check_context {
public:
    // `options`: validated and completed by the host; `flag_not_reported`: the
    // rubric-wide option of that name.
    check_context(const appraise::sdk::study& study, const appraise::sdk::option_values& options,
                  bool flag_not_reported);

    // ---- facts
    [[nodiscard]] const appraise::sdk::study& study() const { return study_; }
    [[nodiscard]] const design_profile& design() const { return design_; }
    [[nodiscard]] const appraise::sdk::node* at(std::string_view path) const { return study_.find(path); }
    [[nodiscard]] std::optional<bool> flag(std::string_view path) const;
    [[nodiscard]] std::optional<std::string> text(std::string_view path) const;
    [[nodiscard]] std::optional<double> number(std::string_view path) const;
    [[nodiscard]] std::vector<double> arm_sizes() const;
    // Integers of an array ("sample.arms_analysed"); empty when omitted.
    [[nodiscard]] std::vector<double> numbers(std::string_view path) const;
    // Overall completion: the number, the arm-weighted mean of per-arm values,
    // analysed per arm / arm sizes, or analysed / enrolled when completion
    // itself is not coded.
    [[nodiscard]] std::optional<double> overall_completion() const;
    // Completion per arm: attrition.completion as a list, else
    // sample.arms_analysed / sample.arms; empty when neither is coded.
    [[nodiscard]] std::vector<double> arm_completion() const;
    // Where arm_completion() comes from, for a finding's location.
    [[nodiscard]] const char* arm_completion_path() const;
    [[nodiscard]] appraise::sdk::source_location where(std::string_view path) const { return study_.locate(path); }

    // ---- options (a name the check does not declare throws, naming it)
    [[nodiscard]] std::int64_t option_integer(std::string_view name) const;
    [[nodiscard]] double option_number(std::string_view name) const;
    [[nodiscard]] bool flag_not_reported() const { return flag_not_reported_; }
    // The rubric-wide option attrition_rule (validated when the rubric is made).
    [[nodiscard]] attrition_rule attrition() const { return attrition_; }

    // ---- judgements shared by checks
    // Whether attrition is high by attrition_rule (WWC: overall and
    // differential together; cut-offs: min_completion or max_attrition_gap);
    // nullopt when the facts it needs are not reported.
    [[nodiscard]] std::optional<bool> high_attrition() const;

    // ---- the outcome of the running check (exactly one per run) and its findings
    void not_applicable() { record(check_status::not_applicable); }
    void passed() { record(check_status::passed); }
    void weakness(std::string message, const appraise::sdk::source_location& location);
    // A weakness whose facts were not reported: flagged only with flag_not_reported.
    void unreported(std::string message, const appraise::sdk::source_location& location);
    // A finding without an outcome, for checks that emit several (then record()).
    void emit(std::string message, const appraise::sdk::source_location& location);
    void record(check_status status);

    // Runs one check, which must record exactly one outcome.
    void run(const check& unit);
    [[nodiscard]] check_results take_results() { return std::move(results_); }
    // Room for one outcome per check (every check records one).
    void reserve(std::size_t checks) { results_.outcomes.reserve(checks); }

private:
    const appraise::sdk::study& study_;
    const appraise::sdk::option_values& options_;
    bool flag_not_reported_;
    attrition_rule attrition_;
    design_profile design_;
    const check* running_ = nullptr;
    check_results results_;
};

struct check {
    // slug, severity, title, fields it reads, designs it applies to, why,
    // concern and source (the standard the rule follows)
    appraise::sdk::finding_spec row;
    std::string_view domain;                               // the domain id it counts towards
    grade weight = grade::major;                           // of its weakness in the domain, when its concern is bias
    std::vector<appraise::sdk::option_spec> options = {};  // options only this check reads
    void (*run)(check_context&) = nullptr;
};

// attrition_rule from the options; throws std::invalid_argument naming the
// allowed words for any other.
[[nodiscard]] attrition_rule attrition_rule_option(const appraise::sdk::option_values& options);

// ---- wording shared by the checks' messages

// Counts print as integers, other values with up to three significant digits.
[[nodiscard]] std::string number_text(double value);
// 0.755 -> "75.5%"
[[nodiscard]] std::string percent_text(double fraction);

}  // namespace design_weakness
