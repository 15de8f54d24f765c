// What the granularity checks (GRIM, GRIMMER) share: the outcome-and-arm
// label of each value tested, and the tally that turns each value's result
// into the check's outcome (flagged when one fails, consistent when some were
// tested, else not assessed, saying why).
#pragma once

#include <string>

#include "check.hpp"
#include "granularity.hpp"

namespace trustworthiness {

// "outcome wellbeing, arm 2" (no arm when the outcome has one value).
[[nodiscard]] inline std::string value_label(const appraise::sdk::node& outcome, std::size_t arm, std::size_t arms) {
    const appraise::sdk::node* id = outcome.get("id");
    return "outcome " + (id != nullptr ? id->text : std::string("?")) +
           (arms > 1 ? ", arm " + std::to_string(arm + 1) : std::string{});
}

class granularity_tally {
public:
    // One value's result; `failure` is the finding's message when it is inconsistent.
    void add(check_context& c, granularity result, const std::string& what, const std::string& failure,
             const appraise::sdk::source_location& where) {
        if (result == granularity::not_informative) {
            ++uninformative_;
            return;
        }
        ++tested_;
        if (result == granularity::consistent) {
            passed_ += (passed_.empty() ? "" : "; ") + what;
            return;
        }
        c.emit(failure, where);
        failed_ = failure;
    }

    // The check's outcome: `name` is the test's ("GRIM"), the two reasons for not assessed.
    void finish(check_context& c, const std::string& name, const std::string& uninformative,
                const std::string& needs) const {
        if (!failed_.empty()) return c.flagged(failed_);
        if (tested_ > 0) return c.consistent(name + "-consistent: " + passed_);
        if (uninformative_ > 0) return c.not_assessed(uninformative);
        c.not_assessed(needs);
    }

private:
    int tested_ = 0;
    int uninformative_ = 0;
    std::string passed_;
    std::string failed_;
};

}  // namespace trustworthiness
