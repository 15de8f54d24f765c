#include "trustworthiness_description.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "check_list.hpp"
#include "inspect_checks.hpp"
#include "judgement_rule.hpp"

namespace trustworthiness {

namespace sdk = appraise::sdk;

namespace {

sdk::finding_spec row(std::string slug, sdk::severity level, std::string title, std::string why) {
    return {.slug = std::move(slug),
            .level = level,
            .title = std::move(title),
            .reads = {},
            .applies_to = "every study",
            .why = std::move(why),
            .concern = sdk::finding_concern::integrity,
            .source = "this rubric"};
}

}  // namespace

sdk::rubric_description describe() {
    sdk::rubric_description d;
    d.id = rubric_id;
    d.name = "Trustworthiness screen (INSPECT-SR checks)";
    d.version = rubric_version;
    d.summary = "screen for problematic studies before risk of bias: computable flags and the INSPECT-SR checks";
    d.judgement_scale = {no_concerns, some_concerns, serious_concerns};
    // Serious concerns sit with ROBINS-I's critical: the study is kept out of synthesis.
    d.judgement_rungs = {"low", "concerns", "critical"};
    d.domains = {
        {"notices", "Post-publication notices", "retraction, withdrawal, expressions of concern (INSPECT-SR D1)"},
        {"conduct", "Conduct, governance and transparency",
         "registration, recruitment, allocation of clusters (INSPECT-SR D2)"},
        {"text", "Text and figures", "manipulated or duplicated figures (INSPECT-SR D3)"},
        {"results", "Results",
         "eligibility, baseline data, participant numbers, impossible statistics (INSPECT-SR D4)"},
    };
    d.details =
        "Screens a study for problems of trustworthiness before risk of bias is assessed, as Cochrane asks (its "
        "policy for managing potentially problematic studies, 2021, and the INSPECT-SR tool, Wilkinson et al., "
        "medRxiv 2025). Two kinds of input:\n"
        "- computable flags from the coded facts (participant flow per arm, arms against the total, percentages "
        "against their n, GRIM and GRIMMER for outcome means and SDs, registration date against the start of "
        "recruitment, clusters per arm, recruitment per site-month). Each raises a flag for a human and never "
        "excludes on its own; a fact that is not coded makes its flag not assessed, never a concern;\n"
        "- the INSPECT-SR checks a reviewer answers under [appraisal.trustworthiness] (\"1.1\" = \"yes\", "
        "\"no\" or \"not-applicable\"; yes is a concern), in this rubric's own words. Ten of INSPECT-SR's 21 "
        "checks are asked: 1.1, 1.2, 2.3, 4.1 and 4.3 VERIFIED against the INSPECT-SR guidance pages (inspect.sr); "
        "2.4 and 3.2 from a secondary summary, 4.6 from BLMoran/bayesma, 4.8 and 4.9 from two secondary sources "
        "(their content, not their wording, is unverified). The other eleven are not shipped until their content "
        "is confirmed. An unanswered check is not assessed.\n" +
        rule_text() +
        "\nINSPECT-SR assesses neither validity nor conflicts of interest: those belong to risk of bias and other "
        "rubrics. Two reviewers should screen independently (`appraise agree`).";

    for (const check& unit : all_checks()) {
        if (std::none_of(d.domains.begin(), d.domains.end(),
                         [&](const sdk::domain_spec& domain) { return domain.id == unit.domain; }))
            throw std::logic_error("trustworthiness check " + unit.row.slug + " names no declared domain");
        d.findings.push_back(unit.row);
        d.options.insert(d.options.end(), unit.options.begin(), unit.options.end());
    }
    for (const inspect_check& q : inspect_checks()) {
        d.findings.push_back({.slug = std::string(q.slug),
                              .level = sdk::severity::warning,
                              .title = std::string(q.id) + " answered yes: " + std::string(q.title),
                              .reads = {},
                              .applies_to = "every study (the reviewer's answer)",
                              .why = std::string(q.why),
                              .concern = sdk::finding_concern::integrity,
                              .source = std::string(q.source)});
        d.questions.push_back({.id = std::string(q.id),
                               .domain = std::string(q.domain),
                               .prompt = std::string(q.prompt),
                               .answers = {"yes", "no", "not-applicable"},
                               .reached_by_default = true});
    }
    d.findings.push_back(row("not-assessed", sdk::severity::warning, "INSPECT-SR checks left unanswered",
                             "an unanswered check is not assessed, never taken as no; its domain is not assessed "
                             "unless a concern is raised"));
    d.findings.push_back(row("flag-overruled", sdk::severity::info,
                             "the reviewer answered no to a check a computed flag informs",
                             "the reviewer's answer is used; the flag stays in the report for the record"));
    d.findings.push_back(row("proposal", sdk::severity::info, "the overall judgement is a proposal",
                             "INSPECT-SR has no mechanical rule: the reviewer confirms or changes the proposal"));
    d.findings.push_back(row("overridden", sdk::severity::info, "a judgement set by the reviewer",
                             "the reviewer's judgement and reason are used, the proposal kept beside it"));
    d.findings.push_back(row("invalid-answer", sdk::severity::error, "an answer the check does not take",
                             "answers are yes, no or not-applicable; the check is not assessed"));
    d.findings.push_back(row("unknown-key", sdk::severity::error, "a key that is no check of this rubric",
                             "a misspelt key would leave a check unanswered without notice"));
    d.findings.push_back(row("invalid-answers", sdk::severity::error, "[appraisal.trustworthiness] is not a table",
                             "the answers cannot be read; every check is not assessed"));
    d.findings.push_back(row("invalid-override", sdk::severity::error, "an override that cannot be applied",
                             "an override needs a domain or overall, a word of the scale and a written reason"));
    d.options.push_back({.name = "serious_concerns_at",
                         .type = sdk::option_spec::kind::integer,
                         .default_value = "2",
                         .min = 1.0,
                         .max = 20.0,
                         .description = "how many INSPECT-SR checks of one domain answered (or derived) yes make "
                                        "its proposal serious concerns (this project's rule; 1.1 = yes always does)"});
    return d;
}

}  // namespace trustworthiness
