#include "rob2_catalogue.hpp"

#include <string>

#include <appraise/sdk/helpers.hpp>

#include "rob2_answers.hpp"
#include "rob2_domain.hpp"

namespace rob2 {

namespace sdk = appraise::sdk;

namespace {

constexpr const char* option_d4_cap = "d4_ni_caps_at_some_concerns";

constexpr const char* randomised_designs =
    "randomised trials: design.allocation = random, or design.type rct, cluster-rct or crossover-rct with no other "
    "allocation coded";

void add_question_lines(std::string& text, const domain_variant& variant) {
    for (const auto& q : variant.questions) {
        text += "    " + std::string(q.id) + "  " + std::string(q.prompt) + "\n";
        text += "         answers: " + to_text(q.allowed, " ");
        if (!q.reached.always()) text += "; reached when " + to_text(q.reached) + ", otherwise NA";
        if (q.na_if_not_addressed) text += "; NA also when this kind of deviation is not addressed";
        text += "\n";
    }
    text += "    Algorithm: " + std::string(variant.algorithm_words) + "\n";
}

std::string details_text() {
    std::string text =
        "RoB 2, the revised Cochrane risk-of-bias tool for randomised trials (Sterne et al., BMJ 2019;366:l4898; "
        "guidance of 22 August 2019). It judges one result at a time: one effect estimate for one outcome. The "
        "question prompts below are our own paraphrases, not the tool's wording: read the official guidance "
        "(riskofbias.info) when answering.\n"
        "\n"
        "Coding, under the study's [appraisal.rob2] (one result) or [[appraisal.rob2]] (one table per result):\n"
        "  outcome = \"<[[outcomes]] id>\"       which outcome the result belongs to; required when more than one "
        "result is coded; reports label the result \"<outcome> (<effect>)\"\n"
        "  effect = \"assignment\" | \"adhering\"  the effect of interest (intention-to-treat or per-protocol); "
        "domain 2 differs\n"
        "  \"1.1\" = \"Y\"                         one line per signalling question, the id quoted\n"
        "  [appraisal.rob2.override]           d1 .. d5 or overall = { judgement = \"high\", reason = \"...\" }\n"
        "Answers: Y yes, PY probably yes, PN probably no, N no, NI no information, NA not applicable. In the "
        "rules, Y/PY counts as yes and N/PN as no.\n"
        "\n"
        "Gates: a question with a gate is NA exactly when its gate is not met; leave it out (it is then NA) or "
        "write \"NA\". NA where the gate is met, or an answer where it is not, is an error at that answer. A "
        "question left out where it is reached is not assessed (never NI, and 3.2 never N) and gets a warning "
        "naming it: a missing answer is never hidden.\n"
        "\n"
        "Domains, questions and algorithms:\n";
    for (const auto& d : domains()) {
        text += "\n  " + std::string(d.id) + " " + std::string(d.name) + "\n";
        if (d.adhering) {
            text += "   effect = \"assignment\":\n";
            add_question_lines(text, d.assignment);
            text += "   effect = \"adhering\":\n";
            add_question_lines(text, *d.adhering);
            continue;
        }
        add_question_lines(text, d.assignment);
    }
    text +=
        "\n"
        "Overall: Low when every domain is Low; High when any domain is High; otherwise Some concerns. The tool "
        "also allows High when several domains with some concerns together lower confidence substantially: that "
        "is the reviewer's decision, accepted only as an override of overall with a reason.\n"
        "\n"
        "Overrides: [appraisal.rob2.override] may set d1 .. d5 or overall to low, some-concerns or high, each with "
        "a written reason. Reports keep the algorithm's proposed judgement, the override and its reason. The "
        "overall judgement follows the domains after their overrides; an override of overall may not be better "
        "than the worst domain (RoB 2 makes any High domain High overall). An override without a reason, or with "
        "another word, is an error and is not applied.\n"
        "\n"
        "Coding errors: a domain with an invalid answer, NA where reached, an answer where not reached, or an "
        "unknown question id is not assessed (no judgement; the reason names the errors): the tool "
        "gives no judgement for answers that contradict it. Without an effect of interest domain 2 is not "
        "assessed.\n"
        "\n"
        "Answer states: a question that its gate makes reached and that the reviewer left out is not assessed "
        "(a warning rob2/missing-answer per question, at the answer before it); nothing is counted in its place, "
        "and only the reviewer writes NI. Its domain is then not assessed, and so is the overall judgement (even "
        "beside a High domain; the rationale says it will be High). A question left out where its gate is not met "
        "is NA. An override with its written reason stands on a domain that is not assessed, and then the "
        "judgement is the reviewer's alone (the rationale says so). Rationales give every answer read its own "
        "words; an NI answer's words say what is not known, never what a Y or an N would have stated.\n"
        "\n"
        "Applicability: a study coded as not randomised (design.allocation quasi-random, non-random or none, or a "
        "non-randomised design.type) gets one info line rob2/not-applicable (use ROBINS-I); a randomised study "
        "with no RoB 2 answers gets one info line rob2/not-assessed. Neither gets domains.\n"
        "\n"
        "Not covered in this version: the cluster-randomised variant's domain 1b (timing of identifying and "
        "recruiting participants; its details are unverified here), the crossover variant's period and carry-over "
        "domain, and the optional predicted direction of bias. For a cluster-randomised trial the overall "
        "rationale says that domain 1b was not assessed.\n"
        "\n"
        "Where sources disagree: D1 follows the official criteria (concealed but not random is Some concerns, "
        "whatever the baseline); D4 with 4.2 = NI follows CoRATES and the criteria table as recalled (never Low); "
        "that reading is unverified, so it is the option d4_ni_caps_at_some_concerns (default true).";
    return text;
}

}  // namespace

sdk::rubric_description describe() {
    using sev = sdk::severity;
    sdk::rubric_description d;
    d.id = rubric_id;
    d.name = "RoB 2 (revised Cochrane risk-of-bias tool for randomised trials)";
    d.version = rubric_version;
    d.summary = "risk of bias in one result of a randomised trial: five domains from signalling questions";
    d.judgement_scale = {"low", "some-concerns", "high"};
    for (const auto& domain : domains())
        d.domains.push_back({std::string(domain.id), std::string(domain.name), std::string(domain.summary)});
    d.details = details_text();
    // robvis's ROB2 template: D1-D5 then Overall (robvis.md).
    d.robvis_layouts = {{"ROB2", {"d1", "d2", "d3", "d4", "d5"}}};
    // What a reviewer answers, for `appraise template`: the effect of
    // assignment's questions (the effect of adhering shares the ids of domain 2,
    // with its own prompts; `explain` lists both).
    for (const auto& q : questions(effect::assignment)) {
        std::vector<std::string> codes;
        for (const code c : all_codes)
            if (q.allowed.has(c)) codes.emplace_back(to_text(c));
        d.questions.push_back({std::string(q.id), std::string(domain(q.domain).id), std::string(q.prompt),
                               std::move(codes), q.reached.always()});
    }

    const std::vector<std::string> answers{"appraisal"};
    const std::string every = "every randomised study with [appraisal.rob2] answers";
    d.findings = {
        {"not-assessed",
         sev::info,
         "a randomised study has no RoB 2 answers",
         {"appraisal", "design.type"},
         randomised_designs,
         "the result's risk of bias is unknown until a reviewer answers the signalling questions; nothing else "
         "is reported for the study, so an unassessed trial is one line, not a page of missing answers"},
        {"not-applicable",
         sev::info,
         "the study is not randomised, so RoB 2 does not apply",
         {"design.type", "design.allocation"},
         "every non-randomised design",
         "RoB 2 is built on randomisation; non-randomised studies of interventions are assessed with ROBINS-I. "
         "Answers coded under [appraisal.rob2] for such a study are not used"},
        {"missing-answer", sev::warning,
         "a reached question is not answered: it, its domain and the overall are not assessed", answers, every,
         "an unanswered question counted as no information would put words in the reviewer's mouth and move a "
         "judgement; it is left not assessed, and the finding names it so the gap is visible"},
        {"answer-not-allowed", sev::error,
         "an answer the question does not take (a bad code, NI on 3.2, NA on a "
         "question that is always reached)",
         answers, every,
         "the algorithm is defined only for the tool's answers; the domain is not judged until it is fixed"},
        {"na-where-reached", sev::error, "NA for a question whose gate is met", answers, every,
         "a reached question must be answered: NA there would skip a step of the algorithm; the domain is not "
         "judged"},
        {"answer-where-not-reached", sev::error, "an answer for a question whose gate is not met", answers, every,
         "the answer contradicts the answers it depends on: one of them is wrong; the domain is not judged"},
        {"unknown-question", sev::error, "a question id the effect of interest does not have (or an unquoted id)",
         answers, every, "the answer cannot be placed in the algorithm; the domain it names is not judged"},
        {"unknown-key", sev::error, "a key that is neither outcome, effect, override nor a question id", answers, every,
         "probably a misspelt key whose value is then missing"},
        {"missing-effect", sev::error, "no effect of interest coded", answers, every,
         "domain 2 asks different questions for the effect of assignment and of adhering; it is not judged "
         "without one"},
        {"unknown-effect", sev::error, "effect is neither assignment nor adhering", answers, every,
         "domain 2 asks different questions for the two effects; it is not judged until the effect is fixed"},
        {"unknown-outcome",
         sev::error,
         "outcome names no [[outcomes]] id of the study",
         {"appraisal", "outcomes"},
         every,
         "the result must be traceable to the outcome it measures; reports label it by outcome"},
        {"missing-outcome", sev::error, "one of several results has no outcome", answers, every,
         "results of one study are told apart by outcome and effect"},
        {"duplicate-result", sev::warning, "the same outcome and effect are assessed twice", answers, every,
         "two assessments with one label cannot be told apart in reports or plots"},
        {"invalid-override", sev::error,
         "an override of an unknown domain, with an unknown judgement word, or "
         "malformed",
         answers, every,
         "an override must name d1-d5 or overall and a judgement of the scale; it is "
         "not applied otherwise"},
        {"override-without-reason", sev::error, "an override with no written reason", answers, every,
         "RoB 2 lets reviewers depart from the algorithm only with a justification that reports keep; it is not "
         "applied otherwise"},
        {"override-below-tool", sev::error, "an overall override better than the worst domain", answers, every,
         "RoB 2 makes a result High overall when any domain is High (and not Low when any has some concerns); "
         "the override is not applied"},
        {"malformed-answers", sev::error, "appraisal.rob2 is neither a table nor an array of tables", answers, every,
         "nothing can be read from it"},
    };

    using ok = sdk::option_spec::kind;
    d.options = {
        {option_d4_cap, ok::boolean, "true", std::nullopt, std::nullopt,
         "D4: when 4.2 (could measurement differ between arms) is NI, a Low leaf becomes Some concerns (CoRATES; "
         "the official criteria as recalled, unverified). false reads 4.2 = NI like N/PN (eagent)"},
    };
    return d;
}

algorithm_settings settings_from(const sdk::option_values& options) {
    algorithm_settings settings;
    if (options.find(option_d4_cap) != options.end())
        settings.d4_ni_caps_at_some_concerns = sdk::option_bool(options, option_d4_cap);
    return settings;
}

}  // namespace rob2
