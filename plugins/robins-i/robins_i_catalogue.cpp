#include "robins_i_catalogue.hpp"

#include <string>

#include "robins_i_levels.hpp"
#include "robins_i_questions.hpp"
#include "robins_i_suggestion.hpp"

namespace robins_i {

namespace sdk = appraise::sdk;

const std::vector<sdk::domain_spec>& domain_specs() {
    static const std::vector<sdk::domain_spec> domains{
        {"d1", "Confounding", "pre-intervention: baseline and time-varying confounding (questions 1.1-1.8)"},
        {"d2", "Selection of participants", "pre-intervention: who entered the study or analysis (2.1-2.5)"},
        {"d3", "Classification of interventions", "at intervention: how intervention status was defined (3.1-3.3)"},
        {"d4", "Deviations from intended interventions",
         "post-intervention: 4.1-4.2 for the effect of assignment, 4.3-4.6 for starting and adhering"},
        {"d5", "Missing data", "post-intervention: missing outcome, intervention or covariate data (5.1-5.5)"},
        {"d6", "Measurement of outcomes", "post-intervention: how outcomes were assessed (6.1-6.4)"},
        {"d7", "Selection of the reported result", "post-intervention: selective reporting (7.1-7.3)"},
    };
    return domains;
}

namespace {

std::string questions_text() {
    std::string text =
        "Signalling questions (paraphrased; answers Y, PY, PN, N, NI; NA only for gated questions,\n"
        "exactly when the gate is unmet):\n";
    int domain = 0;
    for (const auto& q : questions()) {
        if (q.domain != domain) {
            domain = q.domain;
            const auto& spec = domain_specs()[static_cast<std::size_t>(domain - 1)];
            text += "  " + spec.id + " " + spec.name + "\n";
        }
        text += "    " + std::string(q.id) + "  " + std::string(q.prompt) + "\n";
        std::string allowed = q.no_ni ? "Y, PY, PN, N (NI only with allow_ni_1_1)" : "Y, PY, PN, N, NI";
        if (q.gate != nullptr) allowed += ", NA";
        text += "         answers: " + allowed;
        if (q.gate != nullptr) text += "; asked when " + std::string(q.gate_text) + ", else NA";
        if (q.asked == asked_for::assignment) text += "; effect = \"assignment\" only";
        if (q.asked == asked_for::adhering) text += "; effect = \"adhering\" only";
        text += "\n";
    }
    return text;
}

std::string details_text() {
    return std::string(
               "ROBINS-I (Sterne et al., BMJ 2016;355:i4919), per result, against a hypothetical target trial.\n"
               "The 2016 tool has no algorithm from answers to judgements: the reviewer judges each domain;\n"
               "this plugin validates the coding, records the signalling answers, may show a suggested level,\n"
               "and computes the overall judgement by the tool's rule.\n"
               "\n"
               "Answers, under [appraisal.robins-i] (one result) or [[appraisal.robins-i]] (one table per result;\n"
               "reports label each result by its outcome id when there are several):\n"
               "  outcome = \"<[[outcomes]] id>\"       which result this is (required when there are several)\n"
               "  effect  = \"assignment\" | \"adhering\"  effect of interest; decides the domain 4 questions\n"
               "                                       (not coded: d4 and the overall are not assessed)\n"
               "  d1 .. d7 = \"low\" | \"moderate\" | \"serious\" | \"critical\" | \"no-information\"  the reviewer's "
               "judgements\n"
               "  \"1.1\" = \"Y\" ...                     signalling answers, keyed by question id (quoted: ids "
               "contain dots)\n"
               "  notes = \"...\"                        free text, not read\n"
               "  [appraisal.robins-i.override]        overall or d1..d7 = { judgement = \"...\", reason = \"...\" }\n"
               "A question left out is not assessed when its gate is met (a warning names it; only the reviewer\n"
               "writes NI; the gates after it read it as NI, so the questions it may open are asked too) and NA\n"
               "when it is not; NA where the gate is met, or an answer where it is not, is an error at that answer.\n"
               "A domain whose judgement (d1..d7) is not coded is not assessed, and so is the overall; the\n"
               "reviewer's own level stands even when questions are left out, and its rationale names them.\n"
               "\n") +
           questions_text() +
           "\n"
           "Overall judgement (the tool's rule):\n"
           "  Critical        Critical in at least one domain\n"
           "  Serious         Serious in at least one domain, Critical in none\n"
           "  No information  no domain Serious or Critical, and No information in at least one domain\n"
           "                  (the tool asks whether the domains lacking information are key ones: that is the\n"
           "                  reviewer's call, made as an overall override with a reason)\n"
           "  Moderate        Low or Moderate in every domain, Moderate in at least one\n"
           "  Low             Low in every domain\n"
           "  Not computed (null) while any domain is not judged.\n"
           "An override of overall may not be better than the worst domain (Serious or Critical in a domain\n"
           "makes the study so; No information overall needs no Serious or Critical domain): such an override\n"
           "is an error (robins-i/override-below-tool) and is not applied. A domain with No information does\n"
           "not bind it: whether it is a key domain is the reviewer's call.\n"
           "Without an effect of interest (effect not coded, or not assignment/adhering) domain 4 is not\n"
           "assessed, whatever d4 says, and so is the overall; domain 4 answers are listed but not checked.\n"
           "\n" +
           suggestion_rules_text() +
           "\n\n"
           "Applies to non-randomised studies of interventions: randomised designs (rct, cluster-rct,\n"
           "crossover-rct, or allocation = \"random\") and qualitative studies get one not-applicable line; a\n"
           "study without [appraisal.robins-i] gets one not-assessed line. ROBINS-I was designed for\n"
           "cohort-type comparisons: a pre-post, case-series or cross-sectional study gets one info line\n"
           "robins-i/design-not-cohort (Sterne et al. 2016; the V2 draft is \"for follow-up (cohort) studies\").\n"
           "\n"
           "Unverified in the reference, hence options: 1.1 offers no NI in the one transcription checked\n"
           "(allow_ni_1_1, default false; when allowed, 1.1 = NI opens 1.2 as Y does).";
}

sdk::finding_spec finding(std::string slug, sdk::severity level, std::string title, std::string why) {
    return {std::move(slug), level, std::move(title), {"appraisal.robins-i"}, "non-randomised studies of interventions",
            std::move(why)};
}

}  // namespace

sdk::rubric_description describe() {
    sdk::rubric_description d;
    d.id = rubric_id;
    d.name = "ROBINS-I (2016): risk of bias in non-randomised studies of interventions";
    d.version = rubric_version;
    d.summary =
        "ROBINS-I 2016: reviewer-judged domains d1-d7 with validated signalling answers, overall by the tool's rule";
    for (const level l : all_levels()) d.judgement_scale.emplace_back(level_word(l));
    d.domains = domain_specs();
    // robvis's ROBINS-I template (the 2016 tool): D1-D7 then Overall (robvis.md).
    d.robvis_layouts = {{"ROBINS-I", {"d1", "d2", "d3", "d4", "d5", "d6", "d7"}}};
    using sev = sdk::severity;
    d.findings = {
        {"not-assessed",
         sev::info,
         "the study has no ROBINS-I answers",
         {"appraisal.robins-i"},
         "non-randomised studies of interventions",
         "a study in scope that nobody appraised would otherwise be silently missing from the synthesis"},
        {"not-applicable",
         sev::info,
         "the design is randomised or qualitative: ROBINS-I does not apply",
         {"design.type", "design.allocation"},
         "randomised and qualitative designs",
         "ROBINS-I judges non-randomised comparisons; randomised trials are judged with RoB 2"},
        finding("invalid-answer", sev::error,
                "an answer is not allowed for its question (or effect is not a known value)",
                "an answer outside the question's set cannot be read; the gates after it read it as NI"),
        finding("gate", sev::error, "a gated question is NA although its gate is met, or answered although it is not",
                "gates decide which questions are reached; a mismatch means the answers contradict each other"),
        finding("unanswered", sev::warning, "questions reached by the gates were left out: not assessed",
                "only the reviewer writes NI: a left-out answer is not assessed, and the domain is not assessed "
                "unless the reviewer's own judgement is coded"),
        finding("effect-missing", sev::warning,
                "the effect of interest is not coded: domain 4 and the overall are not assessed until it is",
                "the domain 4 questions differ between the effect of assignment and of adhering, so neither can be "
                "assumed"),
        finding("wrong-effect", sev::error, "a domain 4 question of the other effect of interest was answered",
                "4.1-4.2 belong to the effect of assignment, 4.3-4.6 to starting and adhering"),
        finding("judgement-missing", sev::warning, "a domain judgement (d1..d7) is not coded",
                "the 2016 tool leaves domain judgements to the reviewer; without one there is no overall"),
        finding("invalid-judgement", sev::error, "a domain judgement is not a ROBINS-I level",
                "only Low, Moderate, Serious, Critical and No information are ROBINS-I levels"),
        finding("differs-from-suggestion", sev::info,
                "the reviewer's level differs from the level the criteria make unambiguous",
                "a likely slip in the judgement or in the answers"),
        finding("unknown-key", sev::error, "a key in the answers is not a ROBINS-I key (a coding error; ignored)",
                "a misspelt question id would otherwise be silently ignored"),
        finding("unknown-outcome", sev::error, "`outcome` names no [[outcomes]] entry",
                "a result must belong to an outcome the study coded"),
        finding("result-unlabelled", sev::warning, "several results, but one has no `outcome`",
                "reports could not tell the results apart"),
        finding("invalid-answers", sev::error, "[appraisal.robins-i] is neither a table nor an array of tables",
                "the answers cannot be read"),
        finding("invalid-override", sev::error, "an override lacks a valid judgement or a written reason",
                "an override without a reason cannot be audited"),
        finding("overridden", sev::info, "the reviewer overrode a judgement (the reason is shown)",
                "every report keeps the proposed judgement and the reason beside the override"),
        finding("override-below-tool", sev::error,
                "an override of overall is better than the worst domain (it is not applied)",
                "ROBINS-I's overall judgement is at least as severe as its worst domain (Serious or Critical in any "
                "domain makes the study Serious or Critical)"),
        {"design-not-cohort",
         sev::info,
         "the design is pre-post, case-series or cross-sectional: ROBINS-I was designed for cohort-type comparisons",
         {"design.type"},
         "pre-post, case-series and cross-sectional designs",
         "ROBINS-I compares groups that received different interventions, followed from the start; without such "
         "groups its judgements, confounding above all, may not mean what they mean for a cohort study"},
    };
    d.options = {
        {"suggest", sdk::option_spec::kind::boolean, "true", std::nullopt, std::nullopt,
         "show a suggested level in each domain's rationale where the criteria are unambiguous, and an info "
         "finding when the reviewer's level differs"},
        {"allow_ni_1_1", sdk::option_spec::kind::boolean, "false", std::nullopt, std::nullopt,
         "accept NI for question 1.1 (UNVERIFIED: one transcription offers only Y/PY/PN/N there); NI then "
         "opens 1.2 as Y does"},
    };
    d.details = details_text();
    // What a reviewer answers, for `appraise template`: the signalling
    // questions (those of one effect of interest only say so) and each
    // domain's judgement, which the reviewer writes (d1 ... d7 keys).
    for (const auto& q : questions()) {
        std::vector<std::string> codes{"Y", "PY", "PN", "N"};
        if (!q.no_ni) codes.emplace_back("NI");
        if (q.gate != nullptr) codes.emplace_back("NA");
        std::string prompt(q.prompt);
        if (q.asked == asked_for::assignment) prompt += " (effect of assignment only)";
        if (q.asked == asked_for::adhering) prompt += " (effect of adhering only)";
        d.questions.push_back({std::string(q.id), d.domains[static_cast<std::size_t>(q.domain - 1)].id,
                               std::move(prompt), std::move(codes), q.gate == nullptr && q.asked == asked_for::both});
    }
    std::vector<std::string> levels;
    for (const level l : all_levels()) levels.emplace_back(level_word(l));
    for (const auto& domain : d.domains)
        d.questions.push_back(
            {domain.id, domain.id, "The reviewer's risk-of-bias judgement for " + domain.name, levels, true});
    return d;
}

}  // namespace robins_i
