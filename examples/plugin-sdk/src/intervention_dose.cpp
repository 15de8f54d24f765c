// The intervention-dose rubric: reads the [intervention] facts of a coded
// study (and the reviewer's answer, when given), derives the contact hours,
// judges three domains and emits findings that point at the exact line of
// the coding. Also exports the plugin's entry points (APPRAISE_PLUGIN).
#include <array>
#include <charconv>
#include <string_view>

#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

#include "dose_description.hpp"

namespace intervention_dose {
namespace {

namespace sdk = appraise::sdk;

// Settings read once from the validated options (the host has checked types
// and ranges and filled in defaults; a name the description does not declare
// throws std::invalid_argument naming it, so the factory fails clearly).
struct settings {
    double min_contact_hours;
    double min_weeks;
    double min_received;
    bool require_fidelity;

    static settings from(const sdk::option_values& options) {
        return {sdk::option_number(options, "min_contact_hours"), sdk::option_number(options, "min_weeks"),
                sdk::option_number(options, "min_received"), sdk::option_bool(options, "require_fidelity")};
    }
};

// Shortest text that reads back as the same number: 4.5, 24, 0.75.
std::string number_text(double value) {
    std::array<char, 32> buffer{};
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
    return {buffer.data(), end};
}

std::string finding_id(std::string_view slug) {
    return std::string(rubric_id) + "/" + std::string(slug);
}

// A coded number as an answer: its value, or "missing" when the key is omitted.
sdk::answer number_answer(std::string id, const sdk::node* value) {
    if (value == nullptr || !value->is_number()) return {.id = std::move(id), .value = "", .provenance = "missing"};
    return {.id = std::move(id), .value = number_text(value->number), .provenance = "coded"};
}

int rank(const std::string& judgement) {
    if (judgement == "high") return 2;
    if (judgement == "some-concerns") return 1;
    return 0;
}

class dose_rubric final : public sdk::rubric {
public:
    explicit dose_rubric(const sdk::option_values& options) : config_(settings::from(options)) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        // Observational designs have no intervention to dose: no appraisal at all.
        if (const sdk::node* type = study.find("design.type"); type != nullptr && observational(type->text)) return {};

        sdk::appraisal result;
        result.rubric = rubric_id;
        result.rubric_version = rubric_version;
        result.domains.push_back(reported(study, result.findings));
        result.domains.push_back(sufficient(study, result.findings));
        result.domains.push_back(delivery(study, result.findings));

        const sdk::domain_result* worst = &result.domains.front();
        for (const auto& domain : result.domains)
            if (rank(domain.judgement) > rank(worst->judgement)) worst = &domain;
        result.overall = worst->judgement;
        result.overall_rationale = "the worst domain: " + worst->name + " (" + worst->judgement + ")";
        return sdk::one_appraisal(std::move(result));  // moved, not copied as {std::move(result)} would be
    }

private:
    static bool observational(std::string_view type) {
        return type == "cohort" || type == "case-control" || type == "cross-sectional" || type == "case-series" ||
               type == "qualitative";
    }

    // Contact hours, when both the number of sessions and their length are coded.
    static std::optional<double> contact_hours(const sdk::study& study) {
        const sdk::node* sessions = study.find("intervention.sessions");
        const sdk::node* minutes = study.find("intervention.session_minutes");
        if (sessions == nullptr || minutes == nullptr || !sessions->is_number() || !minutes->is_number())
            return std::nullopt;
        return sessions->number * minutes->number / 60.0;
    }

    static sdk::domain_result reported(const sdk::study& study, std::vector<sdk::finding>& findings) {
        sdk::domain_result domain{.id = "reported", .name = "Dose reported", .judgement = "low"};
        const sdk::node* sessions = study.find("intervention.sessions");
        const sdk::node* minutes = study.find("intervention.session_minutes");
        const sdk::node* weeks = study.find("intervention.weeks");
        domain.answers.push_back(number_answer("sessions", sessions));
        domain.answers.push_back(number_answer("session_minutes", minutes));
        domain.answers.push_back(number_answer("weeks", weeks));
        const std::optional<double> hours = contact_hours(study);
        domain.answers.push_back(
            hours ? sdk::answer{.id = "contact_hours", .value = number_text(*hours), .provenance = "derived"}
                  : sdk::answer{.id = "contact_hours", .value = "", .provenance = "missing"});
        if (!hours) {
            std::string missing = sessions == nullptr ? "sessions" : "";
            if (minutes == nullptr) missing += std::string(missing.empty() ? "" : " and ") + "session_minutes";
            // Point at the first missing key's place: its [intervention] header, or the id line.
            const char* first = sessions == nullptr ? "intervention.sessions" : "intervention.session_minutes";
            findings.push_back({.id = finding_id("dose-unreported"),
                                .level = sdk::severity::warning,
                                .message = "the dose is not reported (no " + missing +
                                           "): the intervention cannot be replicated, and a null result cannot be "
                                           "told apart from too little of it",
                                .where = study.locate(first)});
            domain.judgement = "high";
            domain.rationale = "High: contact hours cannot be derived (no " + missing + ")";
        }
        if (weeks == nullptr) {
            findings.push_back({.id = finding_id("duration-unreported"),
                                .level = sdk::severity::info,
                                .message = "the programme's duration in weeks is not reported",
                                .where = study.locate("intervention.weeks")});
            if (hours) {
                domain.judgement = "some-concerns";
                domain.rationale = "Some concerns: sessions and minutes reported, duration not";
            }
        }
        if (domain.rationale.empty()) domain.rationale = "Low: sessions, minutes and weeks are all reported";
        return domain;
    }

    sdk::domain_result sufficient(const sdk::study& study, std::vector<sdk::finding>& findings) const {
        sdk::domain_result domain{.id = "sufficient", .name = "Dose sufficient", .judgement = "some-concerns"};

        // The reviewer's answer: [appraisal.intervention-dose] sufficient = "yes" | "no". get() takes one key
        // as written, so it also reaches quoted keys with dots ("8.1") that find()'s dotted paths would split.
        const sdk::node* answers = study.find("appraisal");
        answers = answers != nullptr ? answers->get(rubric_id) : nullptr;
        const sdk::node* reviewer = answers != nullptr ? answers->get("sufficient") : nullptr;
        if (reviewer != nullptr &&
            (reviewer->type != sdk::node::kind::string || (reviewer->text != "yes" && reviewer->text != "no"))) {
            findings.push_back({.id = finding_id("bad-answer"),
                                .level = sdk::severity::error,
                                .message = "`sufficient` must be \"yes\" or \"no\"; the answer is ignored",
                                .where = reviewer->where});
            reviewer = nullptr;
        }
        if (reviewer != nullptr) {
            domain.answers.push_back({.id = "sufficient", .value = reviewer->text, .provenance = "coded"});
            domain.judgement = reviewer->text == "yes" ? "low" : "high";
            domain.rationale = std::string(reviewer->text == "yes" ? "Low" : "High") +
                               ": the reviewer answered sufficient = " + reviewer->text;
            return domain;
        }

        const std::optional<double> hours = contact_hours(study);
        const sdk::node* weeks = study.find("intervention.weeks");
        std::vector<std::string> short_of;
        if (hours && *hours < config_.min_contact_hours) {
            short_of.push_back(number_text(*hours) + " contact hours");
            findings.push_back({.id = finding_id("low-dose"),
                                .level = sdk::severity::warning,
                                .message = number_text(study.find("intervention.sessions")->number) + " sessions of " +
                                           number_text(study.find("intervention.session_minutes")->number) +
                                           " minutes = " + number_text(*hours) +
                                           " contact hours, fewer than min_contact_hours = " +
                                           number_text(config_.min_contact_hours) + ": too little to expect an effect",
                                .where = study.locate("intervention.sessions")});
        }
        if (weeks != nullptr && weeks->number < config_.min_weeks) {
            short_of.push_back(number_text(weeks->number) + " weeks");
            findings.push_back({.id = finding_id("short-programme"),
                                .level = sdk::severity::warning,
                                .message = "the programme lasted " + number_text(weeks->number) +
                                           " weeks, fewer than min_weeks = " + number_text(config_.min_weeks),
                                .where = weeks->where});
        }
        if (!short_of.empty()) {
            std::string what;
            for (const auto& part : short_of) what += (what.empty() ? "" : " and ") + part;
            domain.answers.push_back({.id = "sufficient", .value = "no", .provenance = "derived"});
            domain.judgement = "high";
            domain.rationale = "High: " + what + " fall short of the minimum";
        } else if (hours && weeks != nullptr) {
            domain.answers.push_back({.id = "sufficient", .value = "yes", .provenance = "derived"});
            domain.judgement = "low";
            domain.rationale = "Low: " + number_text(*hours) + " contact hours over " + number_text(weeks->number) +
                               " weeks reach both minimums";
        } else {
            domain.answers.push_back({.id = "sufficient", .value = "", .provenance = "missing"});
            domain.rationale = "Some concerns: the dose is not reported fully enough to judge";
        }
        return domain;
    }

    sdk::domain_result delivery(const sdk::study& study, std::vector<sdk::finding>& findings) const {
        sdk::domain_result domain{.id = "delivery", .name = "Delivery and fidelity", .judgement = "low"};
        const sdk::node* fidelity = study.find("intervention.fidelity_assessed");
        const sdk::node* received = study.find("intervention.received");
        domain.answers.push_back({.id = "fidelity_assessed",
                                  .value = fidelity != nullptr ? "reported" : "",
                                  .provenance = fidelity != nullptr ? "coded" : "missing"});
        domain.answers.push_back(number_answer("received", received));
        std::vector<std::string> high;
        if (config_.require_fidelity && fidelity == nullptr) {
            high.push_back("fidelity not assessed");
            findings.push_back({.id = finding_id("fidelity-unassessed"),
                                .level = sdk::severity::warning,
                                .message = "fidelity of delivery is not reported as assessed: what was delivered "
                                           "may not be the intervention described",
                                .where = study.locate("intervention.fidelity_assessed")});
        }
        if (received != nullptr && received->number < config_.min_received) {
            high.push_back("uptake " + number_text(received->number));
            findings.push_back({.id = finding_id("low-uptake"),
                                .level = sdk::severity::warning,
                                .message = "only " + number_text(received->number * 100) +
                                           "% received the intervention, fewer than min_received = " +
                                           number_text(config_.min_received) + ": the effect is diluted",
                                .where = received->where});
        } else if (received == nullptr) {
            findings.push_back({.id = finding_id("uptake-unreported"),
                                .level = sdk::severity::info,
                                .message = "the share who received the intervention is not reported",
                                .where = study.locate("intervention.received")});
        }
        if (!high.empty()) {
            std::string what;
            for (const auto& part : high) what += (what.empty() ? "" : ", ") + part;
            domain.judgement = "high";
            domain.rationale = "High: " + what;
        } else if (received == nullptr) {
            domain.judgement = "some-concerns";
            domain.rationale = "Some concerns: uptake not reported";
        } else {
            domain.rationale = "Low: uptake " + number_text(received->number) + " reaches min_received" +
                               (config_.require_fidelity ? ", fidelity assessed" : "");
        }
        return domain;
    }

    settings config_;
};

void register_rubrics(sdk::registrar& host) {
    host.add(describe(), [](const sdk::option_values& options) { return std::make_unique<dose_rubric>(options); });
}

}  // namespace
}  // namespace intervention_dose

APPRAISE_PLUGIN("intervention-dose", intervention_dose::rubric_version, intervention_dose::register_rubrics)
