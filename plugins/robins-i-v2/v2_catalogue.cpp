#include "v2_catalogue.hpp"

#include <string>

#include "v2_domain.hpp"
#include "v2_result.hpp"

namespace robins_i_v2 {

namespace sdk = appraise::sdk;

namespace {

std::string question_lines(const question& q) {
    std::string text =
        "    " + std::string(q.id) + "  " + std::string(q.prompt) + "\n         answers: " + to_text(q.allowed(), ", ");
    if (q.id == "4.7") text += " (N only while q4_7_offers_n = true)";
    if (q.gate != nullptr) text += "; asked when " + std::string(q.gate_text) + ", else NA";
    return text + "\n";
}

std::string questions_text() {
    std::string text = "Preliminaries and triage (instruments-2.md section 3.1):\n";
    for (const auto& q : preliminary_questions()) text += question_lines(q);
    text += "\nDomains, their signalling questions (paraphrased) and E1's algorithm:\n";
    for (const auto& unit : domain_units()) {
        text += "  " + std::string(unit.id) + " " + std::string(unit.name) + "\n";
        for (const auto& q : unit.questions) text += question_lines(q);
        text += "    E1: " + std::string(unit.algorithm_words) + "\n";
        if (!unit.dispute_words.empty()) text += "    Disputed: " + std::string(unit.dispute_words) + "\n";
    }
    return text;
}

std::string details_text() {
    return std::string(
               "ROBINS-I V2, DRAFT of 20 Nov 2025, for follow-up (cohort) studies (riskofbias.info, the developers'\n"
               "robins-i-v2 page; reference: shared/reference/instruments-2.md section 3 and instruments.md 2.2).\n"
               "The draft may change. Its flowcharts are images, so every domain algorithm here is a transcription:\n"
               "E1 (robins-i-mcp, traced arrow by arrow) is the default, and E2 (CoRATES) and E3 (an anonymous\n"
               "methodology reference) are computed beside it. Where they differ the domain is DISPUTED: a warning\n"
               "robins-i-v2/disputed names what each encoding says and the rationale says so; the reported\n"
               "judgement is the one of option `encoding`, to be confirmed by the reviewer (an override with a\n"
               "reason). Once the reviewer overrides the domain with a reason it is no longer disputed: the\n"
               "judgement is the reviewer's, and the rationale keeps what each encoding said (\"the\n"
               "transcriptions differed (...), settled by the reviewer's override\").\n"
               "Every domain the encodings judged also carries each one's judgement as data: \"alternatives\"\n"
               "in JSON ([{\"label\": \"E1\", \"judgement\": ...}, E2, E3]; null where an encoding has no rule),\n"
               "and a line \"Readings differ\" in the Markdown and HTML reports where they disagree.\n"
               "\n"
               "Verified (defaults): the triage part B sends a result to Critical (B2 or B3 Y/PY: Critical, no\n"
               "domain assessed); the graded answers WN/SN and SY/WY change judgements; six domains, domain 1 in\n"
               "variant A (baseline confounding) or B (also time-varying) by C4; the levels Low, Low except for\n"
               "concerns about uncontrolled confounding (the best of domain 1 and of the overall), Moderate,\n"
               "Serious, Critical (NI is an answer, never a level); overall = the worst domain.\n"
               "From transcriptions (one to three sources, official wording unverified): the question sets and\n"
               "gates, and the algorithms; disputed cells are listed per domain below.\n"
               "Options (unverified choices): encoding (E1 | E2 | E3, default E1) and q4_7_offers_n (4.7 is printed\n"
               "without N; E1 reads that as an erratum and allows N: default true).\n"
               "\n"
               "Answers, under [appraisal.robins-i-v2] (one result) or [[appraisal.robins-i-v2]] (one per result):\n"
               "  outcome = \"<[[outcomes]] id>\"   which result this is\n"
               "  confounders = [\"...\", ...]     P1, the important confounders listed in advance (domain 1 is not\n"
               "                                  assessed without them); recorded as domain 1's answer `confounders`\n"
               "                                  and named in its rationale; support it as any value, with\n"
               "                                  { value = [...], support = \"...\" }\n"
               "  A1, A2, A3, C1, C2, C3, D        text: the result, the target trial, the information sources\n"
               "                                  (recorded, not read)\n"
               "  \"B1\" ... \"6.4\" = \"Y\" ...         answers keyed by question id\n"
               "  [appraisal.robins-i-v2.override]  overall or d1..d6 = { judgement = \"...\", reason = \"...\" }\n"
               "  [appraisal.robins-i-v2.direction] d1..d6 or overall: the predicted direction of bias (filled by\n"
               "                                  the host, as for every rubric, in its words favours-experimental,\n"
               "                                  favours-comparator, towards-null, away-from-null, unpredictable;\n"
               "                                  the draft's up/down for domain 1 is not among them)\n"
               "A question reached by its gate but left out is not assessed (never NI: only the reviewer writes NI),\n"
               "and so is its domain and the overall; the gates after it read it as NI. NA where the gate is met, or\n"
               "an answer where it is not, is an error at that answer.\n"
               "\n") +
           questions_text() +
           "\n"
           "Overall (p. 49 of the draft): the worst domain; when every domain is at its best, Low except for\n"
           "concerns about uncontrolled confounding (never plain Low). Several Moderate domains may make it\n"
           "Serious, several Serious Critical, only by the reviewer: an overall override with a written reason.\n"
           "An override may escalate but never go below the worst domain (robins-i-v2/override-below-tool, not\n"
           "applied), as in rob2 and robins-i. Not computed while any domain or triage question is not assessed.\n"
           "\n"
           "Applies to non-randomised studies of interventions; randomised and qualitative designs get one\n"
           "not-applicable line, a study without [appraisal.robins-i-v2] one not-assessed line.\n"
           "robins-i is the 2016 tool, a separate rubric.";
}

sdk::finding_spec finding(std::string slug, sdk::severity level, std::string title, std::string why) {
    return {
        std::move(slug), level, std::move(title), {"appraisal.robins-i-v2"}, "non-randomised studies of interventions",
        std::move(why)};
}

}  // namespace

sdk::rubric_description describe() {
    sdk::rubric_description d;
    d.id = std::string(rubric_id);
    d.name = "ROBINS-I V2 (draft 20 Nov 2025): risk of bias in non-randomised studies of interventions";
    d.version = rubric_version;
    d.summary =
        "ROBINS-I V2 draft: triage, domains d1 (variant A/B)-d6 from the signalling answers (encoding E1, "
        "E2/E3 disagreements flagged), overall = worst domain";
    for (const level l : all_levels()) d.judgement_scale.emplace_back(level_word(l));
    d.domains = {
        {"d1", "Confounding", "baseline (variant A) or baseline and time-varying (variant B) confounding"},
        {"d2", "Classification of interventions", std::string(domain_units()[2].summary)},
        {"d3", "Selection of participants into the study or analysis", std::string(domain_units()[3].summary)},
        {"d4", "Missing data", std::string(domain_units()[4].summary)},
        {"d5", "Measurement of the outcome", std::string(domain_units()[5].summary)},
        {"d6", "Selection of the reported result", std::string(domain_units()[6].summary)},
    };
    using sev = sdk::severity;
    d.findings = {
        {"not-assessed",
         sev::info,
         "the study has no ROBINS-I V2 answers",
         {"appraisal.robins-i-v2"},
         "non-randomised studies of interventions",
         "a study in scope that nobody appraised would otherwise be silently missing"},
        {"not-applicable",
         sev::info,
         "the design is randomised or qualitative: ROBINS-I V2 does not apply",
         {"design.type", "design.allocation"},
         "randomised and qualitative designs",
         "ROBINS-I V2 judges non-randomised follow-up studies; randomised trials are judged with RoB 2"},
        finding("triage-critical", sev::warning, "triage (B2 or B3 Y/PY) sends the result to Critical",
                "the draft's triage part B maps these answers to Critical without any domain being assessed"),
        finding("disputed", sev::warning, "the transcriptions E1, E2 and E3 of the draft's algorithm disagree",
                "the flowcharts are images transcribed three times; a disputed judgement needs the reviewer's "
                "confirmation, never silent finality"),
        finding("invalid-answer", sev::error, "an answer is not in its question's answer set",
                "it cannot be read; the gates after it read it as NI"),
        finding("gate", sev::error, "a question is NA although reached, or answered although not reached",
                "gates decide which questions are reached; a mismatch means the answers contradict each other"),
        finding("unanswered", sev::warning, "a reached question was left out: not assessed",
                "only the reviewer writes NI; the domain (or, for triage, the overall) is not assessed"),
        finding("variant-missing", sev::warning, "C4 is not coded: domain 1's variant is unknown",
                "C4 chooses variant A (baseline confounding) or B (baseline and time-varying)"),
        finding("wrong-variant", sev::error, "a question of the other domain 1 variant is answered",
                "1A.* belong to variant A (C4 = N), 1B.* to variant B (C4 = Y)"),
        finding("confounders-missing", sev::warning, "the important confounders (P1) are not listed",
                "domain 1 is judged against the confounders listed in advance; without them it cannot be scored"),
        finding("unknown-key", sev::error, "a key in the answers is not a ROBINS-I V2 key (ignored)",
                "a misspelt question id would otherwise be silently ignored"),
        finding("unknown-outcome", sev::error, "`outcome` names no [[outcomes]] entry",
                "a result must belong to an outcome the study coded"),
        finding("result-unlabelled", sev::warning, "several results, but one has no `outcome`",
                "reports could not tell the results apart"),
        finding("invalid-answers", sev::error, "[appraisal.robins-i-v2] is neither a table nor an array of tables",
                "the answers cannot be read"),
        finding("invalid-override", sev::error, "an override lacks a valid judgement or a written reason",
                "an override without a reason cannot be audited"),
        finding("overridden", sev::info, "the reviewer overrode a judgement (the reason is shown)",
                "reports keep the proposed judgement and the reason beside the override"),
        finding("override-below-tool", sev::error, "an overall override is better than the worst domain or the triage",
                "the overall is never better than the worst domain; a reviewer may only escalate"),
    };
    d.options = {
        {"encoding", sdk::option_spec::kind::string, "\"E1\"", std::nullopt, std::nullopt,
         "which transcription of the draft's algorithms gives the reported judgements: E1 (default, traced arrow "
         "by arrow), E2 or E3 (UNVERIFIED: the official flowcharts are images); the other two are computed beside "
         "it and a difference is flagged as disputed"},
        {"q4_7_offers_n", sdk::option_spec::kind::boolean, "true", std::nullopt, std::nullopt,
         "allow N at question 4.7 (UNVERIFIED: printed without N; E1 calls it an erratum, E2 follows the print)"},
    };
    d.details = details_text();
    const auto add_question = [&](const question& q, std::string domain) {
        std::vector<std::string> codes;
        for (const code c :
             {code::y, code::py, code::wn, code::sn, code::sy, code::wy, code::pn, code::n, code::ni, code::na})
            if (q.allowed().has(c)) codes.emplace_back(to_text(c));
        d.questions.push_back(
            {std::string(q.id), std::move(domain), std::string(q.prompt), std::move(codes), q.gate == nullptr});
    };
    // P1 first: a list, not a code (`appraise template` shows where it goes).
    d.questions.push_back({"confounders",
                           "d1",
                           "P1: the important confounding domains considered in advance, as a list of names: "
                           "confounders = [\"age\", \"baseline score\"] (domain 1 is not assessed without it)",
                           {},
                           true});
    for (const auto& q : preliminary_questions()) add_question(q, "d1");
    for (const auto& unit : domain_units())
        for (const auto& q : unit.questions) add_question(q, std::string(unit.id));
    return d;
}

}  // namespace robins_i_v2
