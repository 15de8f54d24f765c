#include "dose_description.hpp"

namespace intervention_dose {

namespace sdk = appraise::sdk;

sdk::rubric_description describe() {
    sdk::rubric_description d;
    d.id = rubric_id;
    d.name = "Intervention dose and delivery";
    d.version = rubric_version;
    d.summary = "was the dose reported, was it enough, and did participants receive it (TIDieR 8, 11, 12)";
    d.judgement_scale = {"low", "some-concerns", "high"};
    d.domains = {
        {.id = "reported",
         .name = "Dose reported",
         .description = "sessions, their length and the duration are reported (TIDieR item 8)"},
        {.id = "sufficient",
         .name = "Dose sufficient",
         .description = "contact hours and duration reach the configured minimum, or the reviewer says so"},
        {.id = "delivery",
         .name = "Delivery and fidelity",
         .description = "fidelity was assessed and enough participants received the intervention (TIDieR 11-12)"},
    };
    d.findings = {
        {.slug = "dose-unreported",
         .level = sdk::severity::warning,
         .title = "the number of sessions or their length is not reported",
         .reads = {"intervention.sessions", "intervention.session_minutes"},
         .applies_to = "intervention studies (not cohort, case-control, cross-sectional, case-series, qualitative)",
         .why = "without the dose the intervention cannot be replicated, and a null result cannot be told apart "
                "from too little of it"},
        {.slug = "duration-unreported",
         .level = sdk::severity::info,
         .title = "the duration in weeks is not reported",
         .reads = {"intervention.weeks"},
         .applies_to = "intervention studies",
         .why = "the same contact hours spread over a week or a term are different interventions"},
        {.slug = "low-dose",
         .level = sdk::severity::warning,
         .title = "fewer contact hours than min_contact_hours",
         .reads = {"intervention.sessions", "intervention.session_minutes"},
         .applies_to = "intervention studies reporting sessions and their length",
         .why = "an effect is unlikely from a very small dose; a null result says little about the intervention"},
        {.slug = "short-programme",
         .level = sdk::severity::warning,
         .title = "a shorter programme than min_weeks",
         .reads = {"intervention.weeks"},
         .applies_to = "intervention studies reporting the duration",
         .why = "behavioural and psychosocial change takes time to show"},
        {.slug = "fidelity-unassessed",
         .level = sdk::severity::warning,
         .title = "fidelity of delivery was not assessed (only with require_fidelity = true)",
         .reads = {"intervention.fidelity_assessed"},
         .applies_to = "intervention studies",
         .why = "an intervention delivered differently from its description is not the one evaluated"},
        {.slug = "low-uptake",
         .level = sdk::severity::warning,
         .title = "fewer participants received the intervention than min_received",
         .reads = {"intervention.received"},
         .applies_to = "intervention studies",
         .why = "the comparison then measures the offer of the intervention, diluted, not the intervention"},
        {.slug = "uptake-unreported",
         .level = sdk::severity::info,
         .title = "the share who received the intervention is not reported",
         .reads = {"intervention.received"},
         .applies_to = "intervention studies",
         .why = "dilution by non-receipt cannot be judged"},
        {.slug = "bad-answer",
         .level = sdk::severity::error,
         .title = "a reviewer's answer in [appraisal.intervention-dose] is not one this rubric knows",
         .reads = {"appraisal.intervention-dose"},
         .applies_to = "studies with reviewer answers for this rubric",
         .why = "a mistyped answer must not silently count as no answer"},
    };
    d.options = {
        {.name = "min_contact_hours",
         .type = sdk::option_spec::kind::number,
         .default_value = "10",
         .min = 0.0,
         .max = 1000.0,
         .description = "fewest contact hours (sessions x minutes) counted as sufficient"},
        {.name = "min_weeks",
         .type = sdk::option_spec::kind::number,
         .default_value = "8",
         .min = 0.0,
         .max = 520.0,
         .description = "shortest programme, in weeks, counted as sufficient"},
        {.name = "min_received",
         .type = sdk::option_spec::kind::number,
         .default_value = "0.8",
         .min = 0.0,
         .max = 1.0,
         .description = "smallest share of the intervention arm that must receive it"},
        {.name = "require_fidelity",
         .type = sdk::option_spec::kind::boolean,
         .default_value = "true",
         .min = std::nullopt,
         .max = std::nullopt,
         .description = "whether an unassessed fidelity of delivery is a weakness"},
    };
    d.details =
        "Contact hours are derived as sessions x session_minutes / 60 (answer `contact_hours`, provenance "
        "derived). Dose sufficient is `yes` when contact hours >= min_contact_hours and weeks >= min_weeks "
        "(derived), unless the reviewer answers it in [appraisal.intervention-dose] as `sufficient = \"yes\"` or "
        "`\"no\"` (coded; the reviewer's answer wins). Domain judgements: Dose reported is low when sessions, "
        "minutes and weeks are all coded, some concerns when only weeks is missing, high otherwise; Dose "
        "sufficient is low for yes, high for no, some concerns when unknown; Delivery is high when uptake is "
        "below min_received or (with require_fidelity) fidelity was not assessed, some concerns when uptake is "
        "not reported, low otherwise. Overall: the worst domain. Observational designs are not appraised.";
    return d;
}

}  // namespace intervention_dose
