#include "design_weakness_description.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "check_list.hpp"

namespace design_weakness {

namespace sdk = appraise::sdk;

sdk::rubric_description describe() {
    sdk::rubric_description d;
    d.id = rubric_id;
    d.name = "Design weaknesses";
    d.version = rubric_version;
    d.summary = "design and reporting weaknesses that threaten validity or block replication";
    d.judgement_scale = {"no-concern", "minor", "major", "critical", "not-reported", "not-applicable"};
    d.judgement_rungs = {"low", "concerns", "high", "critical", "no-information", "not-applicable"};
    d.domains = {
        {"allocation", "Allocation",
         "comparison group, randomisation, concealment, clusters per arm, baseline balance"},
        {"sample", "Sample", "clusters and the design effect, arm sizes, power, sites"},
        {"attrition", "Attrition", "overall and differential attrition, analysis population"},
        {"measurement", "Measurement", "instruments, who developed them, blinding of assessors, follow-up"},
        {"analysis", "Analysis", "unit of analysis in cluster designs, time points of a time series"},
        {"transparency", "Transparency", "registration, prespecified outcomes, who evaluated, theory"},
    };
    d.details =
        "Each check reads study facts only; nothing here needs a reviewer's answers. A check that cannot apply to "
        "a study's design stays silent. Omitted keys mean 'not reported' and each message says whether a weakness "
        "was reported as such or simply not reported.\n"
        "Every finding has a concern: bias (it can move the estimate), precision, applicability or reporting. "
        "The domains use this plugin's own words, not RoB 2's. Domain rule, first that holds: not-applicable when "
        "none of its checks applies; else the grade of the worst bias weakness reported as such (critical, major or "
        "minor, each check's grade below); else not-reported when a bias check's facts were not reported; else "
        "minor when only precision, applicability or reporting weaknesses were found (they never raise a domain "
        "above minor); else not-reported when only such checks' facts were missing; else no-concern. A domain with "
        "only not-reported findings is not-reported, never major. Overall: not-applicable when no bias check applies "
        "(e.g. a qualitative study); else the worst domain when it is major or critical; else not-reported when any "
        "domain is because a bias check's facts were missing (domains not-reported only for precision, "
        "applicability or reporting facts are listed, and do not decide); else the worst rated domain (minor or "
        "no-concern).\n"
        "Source: this project's own rubric (version 2.1.0), not a published instrument; each check names the "
        "standard its rule follows (What Works Clearinghouse Standards Handbook v5.0, EPOC, CONSORT 2025, "
        "CONSORT-SPI 2018, TIDieR, Hemming et al. 2011). The WWC attrition boundary values are those of the "
        "Handbook v4.1 table (the v5.0 table is unverified); the thresholds of the cut-offs rule, clusters per arm "
        "and arm size are this project's options.";

    std::array<std::vector<std::string>, 3> graded;  // bias checks by grade: minor, major, critical
    std::vector<std::string> other;
    for (const check& unit : all_checks()) {
        // A check of an undeclared domain would count towards no judgement.
        if (std::none_of(d.domains.begin(), d.domains.end(),
                         [&](const auto& domain) { return domain.id == unit.domain; }))
            throw std::logic_error("design-weakness check " + unit.row.slug + " names no declared domain");
        d.findings.push_back(unit.row);
        (unit.row.concern != sdk::finding_concern::bias ? other : graded[static_cast<std::size_t>(unit.weight)])
            .push_back(unit.row.slug);
        d.options.insert(d.options.end(), unit.options.begin(), unit.options.end());
    }
    const auto names = [](const std::vector<std::string>& slugs) {
        std::string text;
        for (const auto& slug : slugs) text += (text.empty() ? "" : ", ") + slug;
        return text.empty() ? std::string("none") : text;
    };
    d.details += "\nGrades of bias weaknesses: critical: " + names(graded[2]) + ". Major: " + names(graded[1]) +
                 ". Minor: " + names(graded[0]) + ". Not bias (at most minor): " + names(other) + ".";
    d.options.push_back({.name = "attrition_rule",
                         .type = sdk::option_spec::kind::string,
                         .default_value = "\"wwc-cautious\"",
                         .min = std::nullopt,
                         .max = std::nullopt,
                         .description = "how high-attrition and differential-attrition judge attrition: "
                                        "\"wwc-cautious\" (WWC boundary when the intervention could affect "
                                        "attrition), \"wwc-optimistic\" (when it is unlikely to; fix the choice in "
                                        "the protocol), or \"cut-offs\" (min_completion and max_attrition_gap, "
                                        "each on its own). Designs without a comparison group always use "
                                        "min_completion: the boundary needs two arms"});
    d.options.push_back({.name = "flag_not_reported",
                         .type = sdk::option_spec::kind::boolean,
                         .default_value = "true",
                         .min = std::nullopt,
                         .max = std::nullopt,
                         .description = "also report checks whose facts were not reported (false: only weaknesses "
                                        "reported as such, and a check whose facts are missing counts as passed in "
                                        "the domain judgement)"});
    return d;
}

}  // namespace design_weakness
