#include "judgement_rule.hpp"

namespace trustworthiness {
namespace {

std::string list(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

std::string plural(std::size_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

}  // namespace

proposal propose_domain(const domain_inputs& in, std::int64_t serious_concerns_at) {
    const std::string open =
        in.unanswered.empty() ? "" : "; at least this, since " + list(in.unanswered) + " are not answered";
    const std::string flagged = in.flags.empty() ? "" : "; flags: " + list(in.flags);
    if (!in.serious.empty())
        return {serious_concerns, "Proposed serious concerns: " + list(in.serious) +
                                      " answered yes (on its own a reason to exclude)" +
                                      (in.concerns.empty() ? "" : "; concerns: " + list(in.concerns)) + flagged};
    const auto count = static_cast<std::int64_t>(in.concerns.size());
    if (count >= serious_concerns_at)
        return {serious_concerns, "Proposed serious concerns: " + plural(in.concerns.size(), "check", "checks") +
                                      " raise a concern (" + list(in.concerns) + "), at least serious_concerns_at = " +
                                      std::to_string(serious_concerns_at) + flagged};
    if (count > 0 || !in.flags.empty())
        return {some_concerns, "Proposed some concerns: " +
                                   (count > 0 ? list(in.concerns) + " raise" + (count == 1 ? "s" : "") + " a concern" +
                                                    (in.flags.empty() ? "" : "; flags: " + list(in.flags))
                                              : "flags that inform no INSPECT-SR check: " + list(in.flags)) +
                                   open};
    if (!in.unanswered.empty())
        return {"", "not assessed: " + list(in.unanswered) + " not answered, and no flag raises a concern"};
    return {no_concerns, "Proposed no concerns: every check answered no or not applicable, and no flag raised"};
}

proposal propose_overall(const std::vector<domain_judgement>& domains) {
    std::vector<std::string> serious;
    std::vector<std::string> some;
    std::vector<std::string> open;
    for (const auto& d : domains) {
        if (d.judgement == serious_concerns) serious.push_back(d.name);
        if (d.judgement == some_concerns) some.push_back(d.name);
        if (d.judgement.empty()) open.push_back(d.name);
    }
    const std::string rest = open.empty() ? "" : "; not assessed: " + list(open);
    if (!serious.empty())
        return {serious_concerns, "Proposed serious concerns, the most severe domain: " + list(serious) +
                                      "; excluded from synthesis pending review (Cochrane policy)"};
    if (!some.empty())
        return {some_concerns, "Proposed some concerns, the most severe domain: " + list(some) +
                                   (open.empty() ? "" : " (at least this" + rest + ")")};
    if (!open.empty()) return {"", "not assessed: no domain raises a concern" + rest};
    return {no_concerns, "Proposed no concerns: no domain raises a concern"};
}

std::string rule_text() {
    return "Proposal rule (this project's own, not INSPECT-SR's: INSPECT-SR says its answers contribute to the domain "
           "judgements and gives no mechanical rule). Each INSPECT-SR check takes the reviewer's answer; "
           "unanswered, it is derived yes when a computed flag that informs it fired (a reviewer's no overrules "
           "the flag, which is still reported), else it is not assessed. A domain is serious-concerns when 1.1 "
           "is yes (Cochrane excludes retracted studies), or when at least serious_concerns_at of its checks are "
           "yes; some-concerns when one check is yes, or a flag that informs no check fired (a retrospective "
           "registration, one cluster per arm: never serious on their own, as Cochrane says of registration); "
           "else not assessed when a check is unanswered; else no-concerns. A domain with a concern and "
           "unanswered checks says 'at least'. Overall: the most severe domain (as BLMoran/bayesma's "
           "inspect_sr does; INSPECT-SR says only that the domains inform it), not assessed when no domain has a "
           "concern and one is not assessed. Every judgement is a proposal until the reviewer confirms it with "
           "[appraisal.trustworthiness.override] (the same word or another, with a reason). A study whose overall "
           "is serious-concerns is to be excluded from synthesis pending review (Cochrane's policy for managing "
           "potentially problematic studies, 2021).";
}

}  // namespace trustworthiness
