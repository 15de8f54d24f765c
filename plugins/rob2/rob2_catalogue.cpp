#include "rob2_catalogue.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <variant>

#include <appraise/sdk/helpers.hpp>

#include "rob2_answers.hpp"
#include "rob2_domain.hpp"

namespace rob2 {

namespace sdk = appraise::sdk;

namespace {

constexpr const char* option_d4_cap = "d4_ni_caps_at_some_concerns";
constexpr const char* option_cluster_d2_leaf = "cluster_d2_2_4_no_gives_low";
constexpr const char* option_cluster_d1b = "cluster_d1b_algorithm";
constexpr const char* option_cluster_d3 = "cluster_d3_algorithm";
constexpr const char* option_cluster_d4 = "cluster_d4_algorithm";
constexpr const char* option_crossover_encoding = "crossover_encoding";

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
        "VERIFIED (instruments.md section 1, instruments-2.md section 1): the main tool's questions, gates and "
        "domain algorithms, and the cluster variant's 1b and 2.1a-2.4; what is not verified is an option or left "
        "to the reviewer, as 'Where sources disagree' below says.\n"
        "\n"
        "Coding, under the study's [appraisal.rob2] (one result) or [[appraisal.rob2]] (one table per result):\n"
        "  outcome = \"<[[outcomes]] id>\"       which outcome the result belongs to; required when more than one "
        "result is coded; reports label the result \"<outcome> (<effect>)\"\n"
        "  effect = \"assignment\" | \"adhering\"  the effect of interest (intention-to-treat or per-protocol); "
        "domain 2 differs\n"
        "  variant = \"parallel\" | \"cluster\" | \"crossover\"  which RoB 2; without it design.type decides "
        "(cluster-rct: cluster, crossover-rct: crossover, otherwise parallel), and with it the variant wins\n"
        "  first_period_only_after_carryover_test = true | false  crossover only: the result uses first-period "
        "data chosen after a test for carry-over\n"
        "  \"1.1\" = \"Y\"                         one line per signalling question, the id quoted\n"
        "  [appraisal.rob2.override]           d1 .. d5, d1b (cluster), ds (crossover) or overall = { judgement = "
        "\"high\", reason = \"...\" }\n"
        "Answers: Y yes, PY probably yes, PN probably no, N no, NI no information, NA not applicable. In the "
        "rules, Y/PY counts as yes and N/PN as no.\n"
        "\n"
        "Gates: a question with a gate is NA exactly when its gate is not met; leave it out (it is then NA) or "
        "write \"NA\". NA where the gate is met, or an answer where it is not, is an error at that answer. A "
        "question left out where it is reached is not assessed (never NI, and 3.2 never N) and gets a warning "
        "naming it: a missing answer is never hidden.\n"
        "\n"
        "Domains, questions and algorithms:\n";
    for (const trial_design t : all_designs) {
        switch (t) {
            case trial_design::parallel:
                text +=
                    "\n Individually randomised parallel-group trials (the main tool; design.type rct, or "
                    "variant = \"parallel\"): d1 .. d5\n";
                break;
            case trial_design::cluster:
                text +=
                    "\n Cluster-randomised trials (test version of 18 March 2021; design.type = cluster-rct, or "
                    "variant = \"cluster\"): d1 as domain 1a, d1b, d2 .. d5; only the questions that differ from "
                    "the main tool are listed (d5, and d2 for the effect of adhering, are the main tool's)\n";
                break;
            case trial_design::crossover:
                text +=
                    "\n Crossover trials (test version of 8 December 2020, revised 18 March 2021; design.type = "
                    "crossover-rct, or variant = \"crossover\"): d1, ds, d2 .. d5; d1 to d4 are the main tool's "
                    "(1.3 then compares the sequence groups, and 2.6 expects a paired analysis), and d5 adds 5.4 "
                    "of encoding X2\n";
                break;
        }
        for (const domain_unit* d : domains(t)) {
            const bool own = (t == trial_design::cluster && (d->cluster || d->id == "d1b")) ||
                             (t == trial_design::crossover && (d->id == "ds" || d->crossover));
            if (t != trial_design::parallel && !own) continue;
            text += "\n  " + std::string(d->id) + " " + std::string(d->name) + "\n";
            if (t == trial_design::cluster && d->cluster) {
                text += "   effect = \"assignment\"" + std::string(d->adhering ? "" : " and \"adhering\"") + ":\n";
                add_question_lines(text, *d->cluster);
                continue;
            }
            if (d->adhering) {
                text += "   effect = \"assignment\":\n";
                add_question_lines(text, d->assignment);
                text += "   effect = \"adhering\":\n";
                add_question_lines(text, *d->adhering);
                continue;
            }
            add_question_lines(text, d->variant(effect::assignment, t));  // crossover d5: with 5.4
        }
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
        "Cluster-randomised trials: a cluster trial coded with the main tool's questions (1.1-1.3, 2.1 for "
        "the effect of assignment, 3.1 or 4.3 in place of 1a.1-1a.3, 2.1a/2.1b, 3.1a/3.1b, 4.3a/4.3b), or with no "
        "1b answer at all, is the error rob2/individual-questions-in-cluster-trial, which names the questions to "
        "answer; the domains concerned are not assessed. Questions the variants do not share are errors naming "
        "the variant they belong to. The overall rule is the main tool's, over six domains (not the hard-coded "
        "'two or more Some concerns make High' of some transcriptions: that stays the reviewer's override).\n"
        "\n"
        "Crossover trials: no automatic algorithm for domain S until the official crossover algorithm is "
        "confirmed (its questions exist in two conflicting unverified encodings, X1 and X2; option "
        "crossover_encoding names the one the answers follow, with no default). S.1-S.4 are recorded as coded, none "
        "is required; once an encoding is chosen its gates and question set are checked (X1: S.2 only when S.1 is "
        "N/PN/NI, and no S.4 or 5.4; X2: no gates, and 5.4 is required), while with none chosen no gate is checked "
        "and 5.4 is taken when given. Domain 5 of a crossover trial adds X2's 5.4 (a both-period result sought but "
        "missing because carry-over was detected: High). Domain S is not assessed, so neither is the overall, until "
        "the reviewer gives its "
        "judgement as override ds = { judgement, reason }; its rationale says so and always states "
        "first_period_only_after_carryover_test (true gives the warning "
        "rob2/first-period-after-carryover-test).\n"
        "\n"
        "Variants: `appraise template --rubric rob2 --variant cluster` (or crossover) lists that variant's "
        "questions; without --variant the template lists the main tool's (parallel).\n"
        "\n"
        "Not covered in this version: the optional predicted direction of bias.\n"
        "\n"
        "Where sources disagree: D1 follows the official criteria (concealed but not random is Some concerns, "
        "whatever the baseline); D4 with 4.2 = NI follows CoRATES and the criteria table as recalled (never Low); "
        "that reading is unverified, so it is the option d4_ni_caps_at_some_concerns (default true; it also sets "
        "the floor of the cluster variant's D4). Cluster variant: 1b and 2.1a-2.4 are verified twice; the D1b, D3 "
        "and D4 algorithms come from one transcription (CRT-T) alone, so each is an option "
        "(cluster_d1b_algorithm, cluster_d3_algorithm, cluster_d4_algorithm, default true; false leaves that "
        "domain to the reviewer's override); in D2, 2.3 Y/PY with 2.4 N/PN gives Some concerns as in the main tool "
        "(the 2021 version made D2 consistent with it) where CRT-T gives Low: option "
        "cluster_d2_2_4_no_gives_low (default false).";
    return text;
}

sdk::question_spec to_spec(const question& q) {
    std::vector<std::string> codes;
    for (const code c : all_codes)
        if (q.allowed.has(c)) codes.emplace_back(to_text(c));
    return {std::string(q.id), std::string(q.domain), std::string(q.prompt), std::move(codes), q.reached.always()};
}

bool same_question(const sdk::question_spec& a, const sdk::question_spec& b) {
    return a.id == b.id && a.domain == b.domain && a.prompt == b.prompt && a.answers == b.answers &&
           a.reached_by_default == b.reached_by_default;
}

// What a reviewer answers, for `appraise template`: every variant's questions
// for the effect of assignment (the effect of adhering shares the ids of
// domain 2, with its own prompts; `explain` lists both), each tagged with the
// variants asking it. A question the variants ask alike is listed once; a new
// one goes after the variant's previous question (past the other variants'
// questions of its domain that this variant does not ask), so each variant's
// questions stay in its own order.
std::vector<sdk::question_spec> question_specs() {
    std::vector<sdk::question_spec> all;
    for (const trial_design t : all_designs) {
        const auto& asked = questions(effect::assignment, t);
        const auto asks = [&](const std::string& id) {
            return std::any_of(asked.begin(), asked.end(), [&](const question& q) { return q.id == id; });
        };
        std::size_t next = 0;  // one past this variant's previous question in `all`
        for (const auto& q : asked) {
            sdk::question_spec spec = to_spec(q);
            auto at = std::find_if(all.begin(), all.end(),
                                   [&](const sdk::question_spec& listed) { return same_question(listed, spec); });
            if (at == all.end()) {
                while (next < all.size() && all[next].domain == spec.domain && !asks(all[next].id)) ++next;
                at = all.insert(all.begin() + static_cast<std::ptrdiff_t>(next), std::move(spec));
            }
            at->variants.emplace_back(to_text(t));
            next = static_cast<std::size_t>(at - all.begin()) + 1;
        }
    }
    for (auto& spec : all)
        if (spec.variants.size() == all_designs.size()) spec.variants.clear();  // every variant asks it
    // Domain by domain (d1, d1b, ds, d2 .. d5), as every variant orders its own.
    const auto rank = [](const sdk::question_spec& spec) {
        const auto& all_domains = domains();
        return std::find_if(all_domains.begin(), all_domains.end(),
                            [&](const domain_unit& d) { return d.id == spec.domain; }) -
               all_domains.begin();
    };
    std::stable_sort(all.begin(), all.end(),
                     [&](const sdk::question_spec& a, const sdk::question_spec& b) { return rank(a) < rank(b); });
    return all;
}

}  // namespace

sdk::rubric_description describe() {
    using sev = sdk::severity;
    sdk::rubric_description d;
    d.id = rubric_id;
    d.name = "RoB 2 (revised Cochrane risk-of-bias tool for randomised trials)";
    d.version = rubric_version;
    d.summary =
        "risk of bias in one result of a randomised trial: five domains from signalling questions (six for cluster "
        "and crossover trials)";
    d.judgement_scale = {"low", "some-concerns", "high"};
    // Every variant's domains: d1b only in cluster trials' results, ds only in
    // crossover trials' (so support, direction and overrides can name them).
    for (const auto& domain : domains())
        d.domains.push_back({std::string(domain.id), std::string(domain.name), std::string(domain.summary)});
    d.details = details_text();
    // robvis (robvis.md): ROB2 is D1-D5; ROB2-Cluster is D1, D1b, D2-D5; robvis
    // has no crossover template, so crossover results go through Generic with
    // domain S after D1, as the crossover tool orders it.
    d.robvis_layouts = {{"ROB2", {"d1", "d2", "d3", "d4", "d5"}},
                        {"ROB2-Cluster", {"d1", "d1b", "d2", "d3", "d4", "d5"}},
                        {"Generic", {"d1", "ds", "d2", "d3", "d4", "d5"}}};
    d.variants = {
        {"parallel",
         "individually randomised parallel-group trials: the main tool (guidance of 22 August 2019), domains 1-5",
         {"rct"},
         true},
        {"cluster",
         "cluster-randomised trials (test version of 18 March 2021): domains 1a, 1b, 2-5; variant = \"cluster\" "
         "in the answers chooses it too",
         {"cluster-rct"},
         false},
        {"crossover",
         "crossover trials (test version of 8 December 2020, revised 18 March 2021): domains 1, S, 2-5 and 5.4; "
         "variant = \"crossover\" in the answers chooses it too",
         {"crossover-rct"},
         false},
    };
    d.questions = question_specs();
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
         "an override must name a domain of the trial's variant (d1-d5, d1b, ds) or overall and a judgement of "
         "the scale; it is "
         "not applied otherwise"},
        {"override-without-reason", sev::error, "an override with no written reason", answers, every,
         "RoB 2 lets reviewers depart from the algorithm only with a justification that reports keep; it is not "
         "applied otherwise"},
        {"override-below-tool", sev::error, "an overall override better than the worst domain", answers, every,
         "RoB 2 makes a result High overall when any domain is High (and not Low when any has some concerns); "
         "the override is not applied"},
        {"individual-questions-in-cluster-trial",
         sev::error,
         "a cluster-randomised trial coded with the main tool's questions (1.1-1.3, 2.1, 3.1, 4.3), or with no "
         "domain 1b answer",
         {"appraisal", "design.type"},
         "cluster-randomised trials (design.type = cluster-rct, or variant = cluster)",
         "the cluster variant asks about clusters and individuals separately (allocation of clusters, recruitment "
         "after randomisation, whole clusters lost): answers to the individual questions cannot be placed in its "
         "algorithms, so the domains concerned are not judged; the message names the questions to answer"},
        {"unknown-variant", sev::error, "variant is neither parallel, cluster nor crossover", answers, every,
         "the variant decides the domains and questions; design.type decides until it is fixed"},
        {"first-period-after-carryover-test", sev::warning,
         "a crossover result uses first-period data only, chosen after a test for carry-over", answers,
         "crossover trials (design.type = crossover-rct, or variant = crossover)",
         "choosing first-period data because a carry-over test came out positive is a biased two-stage procedure "
         "(Cochrane Handbook 5.1 section 16.4.3); the reviewer weighs it in domain S"},
        {"malformed-answers", sev::error, "appraisal.rob2 is neither a table nor an array of tables", answers, every,
         "nothing can be read from it"},
    };

    using ok = sdk::option_spec::kind;
    d.options = {
        {option_d4_cap, ok::boolean, "true", std::nullopt, std::nullopt,
         "D4: when 4.2 (could measurement differ between arms) is NI, a Low leaf becomes Some concerns (CoRATES; "
         "the official criteria as recalled, unverified). false reads 4.2 = NI like N/PN (eagent). Also the floor "
         "of the cluster variant's D4"},
        {option_cluster_d2_leaf, ok::boolean, "false", std::nullopt, std::nullopt,
         "cluster D2, effect of assignment: 2.3 Y/PY then 2.4 N/PN gives Some concerns (the main tool's leaf, "
         "verified; the 2021 cluster version made D2 consistent with it). true gives Low, as the CRT-T "
         "transcription (unverified)"},
        {option_cluster_d1b, ok::boolean, "true", std::nullopt, std::nullopt,
         "cluster D1b: judge it by the CRT-T transcription of the algorithm (unverified). false leaves d1b to the "
         "reviewer (override d1b with a reason)"},
        {option_cluster_d3, ok::boolean, "true", std::nullopt, std::nullopt,
         "cluster D3 (3.1a/3.1b): judge it by the CRT-T transcription (unverified). false leaves d3 of a cluster "
         "trial to the reviewer"},
        {option_cluster_d4, ok::boolean, "true", std::nullopt, std::nullopt,
         "cluster D4 (4.3a/4.3b): judge it by the CRT-T transcription (unverified). false leaves d4 of a cluster "
         "trial to the reviewer"},
        {option_crossover_encoding, ok::string, "\"\"", std::nullopt, std::nullopt,
         "crossover trials: which unverified encoding of S.1-S.4 (and 5.4) the answers follow, X1 or X2 (no "
         "default: empty means not chosen, and no gate of domain S is checked); X1 checks S.2's gate (S.1 "
         "N/PN/NI) and rejects S.4 and 5.4, X2 requires 5.4; named in domain S's rationale, which no algorithm "
         "judges"},
    };
    return d;
}

algorithm_settings settings_from(const sdk::option_values& options) {
    algorithm_settings settings;
    if (options.find(option_d4_cap) != options.end())
        settings.d4_ni_caps_at_some_concerns = sdk::option_bool(options, option_d4_cap);
    const auto flag = [&](const char* name, bool& out) {
        if (options.find(name) != options.end()) out = sdk::option_bool(options, name);
    };
    flag(option_cluster_d2_leaf, settings.cluster_d2_2_4_no_gives_low);
    flag(option_cluster_d1b, settings.cluster_d1b_algorithm);
    flag(option_cluster_d3, settings.cluster_d3_algorithm);
    flag(option_cluster_d4, settings.cluster_d4_algorithm);
    if (const auto found = options.find(option_crossover_encoding); found != options.end())
        if (const auto* text = std::get_if<std::string>(&found->second)) {
            if (!text->empty() && *text != "X1" && *text != "X2")
                throw std::invalid_argument("crossover_encoding = \"" + *text +
                                            "\": write \"X1\" or \"X2\" (or leave it out: not chosen)");
            settings.crossover_encoding = *text;
        }
    return settings;
}

}  // namespace rob2
