#include "ephpp_catalogue.hpp"

#include <string>

#include "ephpp_questions.hpp"
#include "ephpp_ratings.hpp"

namespace ephpp {

namespace sdk = appraise::sdk;

const std::vector<sdk::domain_spec>& domain_specs() {
    static const std::vector<sdk::domain_spec> domains{
        {"a", "Selection bias", "representativeness and participation (A1, A2)"},
        {"b", "Study design", "design, and for randomised studies how randomisation was done (B1-B4)"},
        {"c", "Confounders", "baseline differences and their control (C1, C2)"},
        {"d", "Blinding", "assessors' knowledge of allocation, participants' knowledge of the question (D1, D2)"},
        {"e", "Data collection methods", "validity and reliability of the tools (E1, E2)"},
        {"f", "Withdrawals and dropouts", "withdrawals reported, share completing (F1, F2)"},
        {"g", "Intervention integrity", "recorded, not rated (G1-G3)"},
        {"h", "Analyses", "recorded, not rated (H1-H4)"},
    };
    return domains;
}

namespace {

std::string questions_text() {
    std::string text =
        "Questions (paraphrased), responses with the form's codes, and the facts each answer derives from:\n";
    char component = 0;
    for (const auto& q : questions()) {
        if (q.component != component) {
            component = q.component;
            const auto& spec = domain_specs()[static_cast<std::size_t>(component - 'a')];
            text += "  " + spec.id + " " + spec.name + (component >= 'g' ? " (not rated)" : "") + "\n";
        }
        text += "    " + std::string(q.id) + "  " + std::string(q.prompt) + "\n";
        text += "        responses: " + responses_text(q) + "\n";
        text += "        from:      " + std::string(q.derived_from) + "\n";
    }
    return text;
}

std::string details_text() {
    return std::string(
               "EPHPP Quality Assessment Tool for Quantitative Studies (Thomas et al. 2004; dictionary 2009).\n"
               "Every answer is derived from the coded facts; a reviewer may code any answer under\n"
               "[appraisal.ephpp] by its id, as the response word or its code (\"A1\" = \"very-likely\" or\n"
               "\"A1\" = 1). Each answer's provenance is shown: coded (the reviewer's), derived (from facts) or\n"
               "missing (the facts are omitted, so the form's can't tell). Ratings may be overridden with\n"
               "[appraisal.ephpp.override]: a..f or overall = { judgement = \"...\", reason = \"...\" }.\n"
               "Qualitative studies get one not-applicable line.\n"
               "\n") +
           questions_text() + "\n" + rating_rules_text() +
           "\n\n"
           "UNVERIFIED in the reference, hence options with these defaults: the handling of answer combinations\n"
           "the dictionary leaves unrated (unrated_default = \"moderate\"); E with valid tools shown unreliable\n"
           "(E1 = 1, E2 = 2), which the dictionary does not rate (valid_unreliable = \"weak\": a tool shown\n"
           "unreliable is worse than one whose reliability is not described, which is moderate); a completion\n"
           "question that is not applicable, e.g. a one-time survey (completion_not_applicable =\n"
           "\"not-applicable\": the component adds no weak); and B1 for a non-randomised controlled trial the\n"
           "investigators allocated (nonrandom_controlled_as_cct = true: the dictionary's controlled clinical\n"
           "trial, strong; false gives cohort analytic, moderate). The study format does not record who\n"
           "allocated: when participants chose their own group, code B1 = \"cohort-analytic\" under\n"
           "[appraisal.ephpp]. F1 = no (withdrawals not described) is weak whatever F2, as the dictionary's\n"
           "rule for F says (\"not described\").";
}

sdk::finding_spec finding(std::string slug, sdk::severity level, std::string title, std::vector<std::string> reads,
                          std::string why) {
    return {std::move(slug), level, std::move(title), std::move(reads), "quantitative studies", std::move(why)};
}

}  // namespace

sdk::rubric_description describe() {
    sdk::rubric_description d;
    d.id = rubric_id;
    d.name = "EPHPP Quality Assessment Tool for Quantitative Studies";
    d.version = rubric_version;
    d.summary = "EPHPP: components A-F rated strong/moderate/weak from the coded facts, global rating; G, H recorded";
    d.judgement_scale = {"strong", "moderate", "weak"};
    d.domains = domain_specs();
    // robvis draws what is rated: G and H are recorded, not rated, so they are
    // not columns (they would be an all-"Not applicable" pair).
    d.robvis_layouts = {{"Generic", {"a", "b", "c", "d", "e", "f"}}};
    using sev = sdk::severity;
    d.findings = {
        {"not-applicable",
         sev::info,
         "the study is qualitative: EPHPP does not apply",
         {"design.type"},
         "qualitative studies",
         "EPHPP rates quantitative studies only"},
        finding("unrated-combination", sev::info,
                "the answers form a combination the dictionary does not rate: the configured default was used",
                {"appraisal.ephpp"}, "a rating the dictionary does not give must not look like one it does"),
        finding("invalid-answer", sev::error,
                "a coded answer is not a response of its question (the derived one is used)", {"appraisal.ephpp"},
                "an answer outside the form cannot be rated"),
        finding("unknown-key", sev::error,
                "a key under [appraisal.ephpp] is not an EPHPP question id (a coding error; ignored)",
                {"appraisal.ephpp"}, "a misspelt id would otherwise be silently ignored"),
        finding("invalid-answers", sev::error, "[appraisal.ephpp] is not a table (everything is derived)",
                {"appraisal.ephpp"}, "the answers cannot be read"),
        finding("invalid-override", sev::error, "an override lacks a valid rating or a written reason",
                {"appraisal.ephpp"}, "an override without a reason cannot be audited"),
        finding("overridden", sev::info, "the reviewer overrode a rating (the reason is shown)", {"appraisal.ephpp"},
                "every report keeps the proposed rating and the reason beside the override"),
    };
    d.options = {
        {"unrated_default", sdk::option_spec::kind::string, "\"moderate\"", std::nullopt, std::nullopt,
         "rating for answer combinations the dictionary leaves unrated: \"strong\", \"moderate\" or \"weak\" "
         "(UNVERIFIED: the dictionary gives none)"},
        {"completion_not_applicable", sdk::option_spec::kind::string, "\"not-applicable\"", std::nullopt, std::nullopt,
         "rating of F when F2 is not applicable (one-time surveys): \"not-applicable\" (adds no weak), \"strong\", "
         "\"moderate\" or \"weak\" (UNVERIFIED)"},
        {"valid_unreliable", sdk::option_spec::kind::string, "\"weak\"", std::nullopt, std::nullopt,
         "rating of E when the tools are shown valid but shown unreliable (E1 = 1, E2 = 2): \"strong\", "
         "\"moderate\" or \"weak\" (UNVERIFIED: the dictionary does not rate this cell)"},
        {"primary_outcomes_only", sdk::option_spec::kind::boolean, "false", std::nullopt, std::nullopt,
         "E1/E2 read only outcomes marked primary = true (all outcomes when none is)"},
        {"nonrandom_controlled_as_cct", sdk::option_spec::kind::boolean, "true", std::nullopt, std::nullopt,
         "B1: a non-randomised controlled trial (allocated by the investigators) is a controlled clinical trial "
         "(CCT, strong), as the EPHPP dictionary defines it; false: cohort analytic (moderate). Quasi-random "
         "allocation is always a CCT (UNVERIFIED: the reference lists the codes, not their definitions)"},
    };
    d.details = details_text();
    // Every answer may be written by the reviewer (it then wins over the one
    // derived from the facts), so every question is listed for `template`.
    for (const auto& q : questions()) {
        std::vector<std::string> words;
        for (const auto& r : q.responses) words.emplace_back(r.word);
        d.questions.push_back(
            {std::string(q.id), std::string(1, q.component), std::string(q.prompt), std::move(words), true});
    }
    return d;
}

}  // namespace ephpp
