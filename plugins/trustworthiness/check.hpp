// One computable trustworthiness check as one unit: its catalogue row (what
// `appraise explain` shows), the INSPECT-SR domain it counts towards, the
// INSPECT-SR check it informs (a flag there answers that check "yes" unless
// the reviewer answered it), the options only it reads, and the function
// that runs it. Each check is one file under checks/; check_list.cpp lists
// them. A check never flags what is not coded: a missing fact makes it
// not assessed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <appraise/sdk/rubric_api.hpp>

namespace trustworthiness {

inline constexpr const char* rubric_id = "trustworthiness";
inline constexpr const char* rubric_version = "1.0.0";

enum class check_status {
    not_applicable,  // the design makes the check meaningless (no clusters, one arm)
    not_assessed,    // a fact the check needs is not coded
    consistent,      // the coded facts pass
    flagged,         // the coded facts fail: a flag for a human, never an exclusion by itself
};

struct check_outcome {
    std::string_view slug;
    check_status status = check_status::not_assessed;
    std::string basis;  // what was read, or what is missing, in words (the answer's rationale)
    std::string_view domain;
    std::string_view informs;  // the INSPECT-SR check id ("4.6"), empty for none
};

struct check;

class check_context {
public:
    check_context(const appraise::sdk::study& study, const appraise::sdk::option_values& options);

    // ---- facts
    [[nodiscard]] const appraise::sdk::study& study() const { return study_; }
    [[nodiscard]] const appraise::sdk::node* at(std::string_view path) const { return study_.find(path); }
    [[nodiscard]] std::optional<double> number(std::string_view path) const;
    [[nodiscard]] std::optional<std::string> text(std::string_view path) const;
    [[nodiscard]] std::optional<bool> boolean(std::string_view path) const;
    // The numbers of an array, or of a single number as a list of one; empty when omitted.
    [[nodiscard]] static std::vector<double> numbers_of(const appraise::sdk::node* value);
    [[nodiscard]] std::vector<double> numbers(std::string_view path) const { return numbers_of(at(path)); }
    [[nodiscard]] appraise::sdk::source_location where(std::string_view path) const { return study_.locate(path); }
    // Whether the design has a comparison: a controlled design, or two or more arms coded.
    [[nodiscard]] bool controlled() const;
    [[nodiscard]] bool cluster_allocated() const;

    // ---- options
    [[nodiscard]] double option_number(std::string_view name) const;

    // ---- the outcome of the running check (exactly one per run) and its findings
    void not_applicable(std::string basis) { record(check_status::not_applicable, std::move(basis)); }
    void not_assessed(std::string basis) { record(check_status::not_assessed, std::move(basis)); }
    void consistent(std::string basis) { record(check_status::consistent, std::move(basis)); }
    // A flag with one finding; for several, emit() each and then flagged().
    void flag(std::string message, const appraise::sdk::source_location& location);
    void emit(std::string message, const appraise::sdk::source_location& location);
    void flagged(std::string basis) { record(check_status::flagged, std::move(basis)); }

    void run(const check& unit);
    [[nodiscard]] std::vector<appraise::sdk::finding>& findings() { return findings_; }
    [[nodiscard]] std::vector<check_outcome>& outcomes() { return outcomes_; }

private:
    void record(check_status status, std::string basis);

    const appraise::sdk::study& study_;
    const appraise::sdk::option_values& options_;
    const check* running_ = nullptr;
    std::vector<appraise::sdk::finding> findings_;
    std::vector<check_outcome> outcomes_;
};

struct check {
    // slug, severity, title, fields it reads, designs it applies to, why,
    // concern (always integrity) and source
    appraise::sdk::finding_spec row;
    std::string_view domain;   // notices, conduct, text or results
    std::string_view informs;  // the INSPECT-SR check a flag answers "yes", or empty
    std::vector<appraise::sdk::option_spec> options = {};
    void (*run)(check_context&) = nullptr;
};

// Counts print as integers, other values as written (up to six significant digits).
[[nodiscard]] std::string number_text(double value);
// "64, 60"
[[nodiscard]] std::string list_text(const std::vector<double>& values);

}  // namespace trustworthiness
