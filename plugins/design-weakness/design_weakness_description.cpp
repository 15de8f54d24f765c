#include "design_weakness_description.hpp"

#include <algorithm>
#include <stdexcept>

#include "check_list.hpp"

namespace design_weakness {

namespace sdk = appraise::sdk;

sdk::rubric_description describe() {
    sdk::rubric_description d;
    d.id = rubric_id;
    d.name = "Design weaknesses";
    d.version = rubric_version;
    d.summary = "design and reporting weaknesses that threaten validity or block replication";
    d.judgement_scale = {"low", "some-concerns", "high", "not-applicable"};
    d.domains = {
        {"allocation", "Allocation", "comparison group, randomisation, concealment, baseline balance"},
        {"sample", "Sample", "clusters, arm sizes, power, sites"},
        {"attrition", "Attrition", "completion, differential loss, analysis population"},
        {"measurement", "Measurement", "instruments, blinding of assessors, follow-up"},
        {"analysis", "Analysis", "unit of analysis in cluster designs"},
        {"transparency", "Transparency", "registration and theory"},
    };
    d.details =
        "Each check reads study facts only; nothing here needs a reviewer's answers. A check that cannot apply to "
        "a study's design stays silent. Omitted keys mean 'not reported' and each message says whether a weakness "
        "was reported as such or simply not reported.\n"
        "Domain judgement: high when any warning fires in the domain, some-concerns when only info findings fire, "
        "low when its checks applied and none fired, not-applicable when none of its checks applies. Overall: the "
        "worst domain judgement (not-applicable domains are ignored).\n"
        "Source: this project's own checks (version 1.0.0), not a published instrument. Each check's `why` below "
        "says what it threatens; the thresholds (clusters per arm 4, completion 0.8, attrition gap 0.1, arm size "
        "30) are options, and the rules are not yet mapped to CONSORT, TREND or WWC items.";

    for (const check& unit : all_checks()) {
        // A check of an undeclared domain would count towards no judgement.
        if (std::none_of(d.domains.begin(), d.domains.end(),
                         [&](const auto& domain) { return domain.id == unit.domain; }))
            throw std::logic_error("design-weakness check " + unit.row.slug + " names no declared domain");
        d.findings.push_back(unit.row);
        d.options.insert(d.options.end(), unit.options.begin(), unit.options.end());
    }
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
