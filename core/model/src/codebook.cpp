#include "appraise/model/codebook.hpp"

#include <algorithm>
#include <cstdint>

#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

using t = field_type;

field_def field(std::string path, field_type type, std::string meaning) {
    return field_def{std::move(path), type, {}, std::nullopt, std::nullopt, std::move(meaning), false};
}
field_def ranged(std::string path, field_type type, std::optional<double> min, std::optional<double> max,
                 std::string meaning) {
    return field_def{std::move(path), type, {}, min, max, std::move(meaning), false};
}
field_def choice(std::string path, std::vector<std::string> values, std::string meaning,
                 field_type type = t::enumeration) {
    return field_def{std::move(path), type, std::move(values), std::nullopt, std::nullopt, std::move(meaning), false};
}

std::vector<field_def> format_v1() {
    std::vector<field_def> f;
    // Top level.
    f.push_back(field("id", t::string, "the study's id in reports, [A-Za-z0-9._-]+"));
    f.back().required = true;
    f.push_back(field("title", t::string, "title of the publication"));
    f.push_back(field("authors", t::string_list, "authors"));
    f.push_back(ranged("year", t::integer, 1900, 2100, "year of publication"));
    f.push_back(field("language", t::string, "ISO 639-1 code of the publication, e.g. \"zh\""));
    f.push_back(field("country", t::string, "country where the study took place"));
    f.push_back(
        choice("publication", {"journal", "thesis", "report", "conference", "preprint"}, "kind of publication"));
    f.push_back(field("source", t::string, "journal or institution"));
    f.push_back(field("doi", t::string, "digital object identifier"));
    f.push_back(field("tags", t::string_list, "free labels, e.g. intervention modality"));

    f.push_back(field("design", t::section, "study design facts"));
    f.push_back(choice("design.type",
                       {"rct", "cluster-rct", "crossover-rct", "non-randomised-controlled", "controlled-before-after",
                        "interrupted-time-series", "pre-post", "cohort", "case-control", "cross-sectional",
                        "case-series", "qualitative", "mixed-methods"},
                       "study design as actually conducted"));
    f.push_back(choice("design.allocation", {"random", "quasi-random", "non-random", "none"},
                       "how participants or clusters reached arms; none = everyone received the intervention"));
    f.push_back(field("design.allocation_method", t::string, "how the allocation sequence was generated"));
    f.push_back(field("design.concealment", t::boolean, "allocation concealed until assignment"));
    f.push_back(choice("design.comparator",
                       {"none", "no-intervention", "waitlist", "usual-care", "attention-control", "active"},
                       "what the comparison group received"));
    f.push_back(choice("design.unit", {"individual", "cluster"}, "unit of allocation"));
    f.push_back(ranged("design.clusters", t::integer, 1, std::nullopt, "total clusters allocated"));
    f.push_back(ranged("design.clusters_per_arm", t::integer_list, 1, std::nullopt,
                       "clusters allocated to each arm, in the order of sample.arms"));
    f.push_back(ranged("design.sites", t::integer, 1, std::nullopt, "number of sites"));
    f.push_back(field("design.theory", t::string, "named theoretical framework"));
    f.push_back(field("design.registered", t::boolean, "prospectively registered"));
    f.push_back(field("design.registration", t::string, "registry and id"));
    f.push_back(field("design.protocol", t::boolean, "protocol publicly available"));
    f.push_back(
        ranged("design.icc", t::number, 0, 1, "intra-cluster correlation reported or assumed for the primary outcome"));
    f.push_back(field("design.joiners", t::boolean,
                      "individuals were recruited into clusters after the clusters were randomised"));
    f.push_back(field("design.contamination", t::boolean,
                      "control participants could receive the intervention (arms in the same school or village)"));
    f.push_back(field("design.developer_led", t::boolean, "the evaluation was led by the intervention's developers"));
    f.push_back(field("design.comparator_details", t::string,
                      "what the comparison arm received, described as an intervention (TIDieR applies to every arm)"));
    f.push_back(field("design.registration_date", t::date,
                      "when the trial was first registered (the registry's date of registration)"));

    f.push_back(field("sample", t::section, "who took part"));
    f.push_back(field("sample.population", t::string, "population studied"));
    f.push_back(ranged("sample.age_min", t::number, 0, std::nullopt, "youngest age, years"));
    f.push_back(ranged("sample.age_max", t::number, 0, std::nullopt, "oldest age, years"));
    f.push_back(choice("sample.sampling",
                       {"random", "consecutive", "whole-population", "convenience", "purposive", "snowball"},
                       "how the sample was drawn"));
    f.push_back(choice("sample.representative", {"very-likely", "somewhat-likely", "not-likely", "cannot-tell"},
                       "participants likely representative of the target population (EPHPP A1)"));
    f.push_back(ranged("sample.participation", t::number, 0, 1, "fraction of those approached who agreed (EPHPP A2)"));
    f.push_back(ranged("sample.enrolled", t::integer, 0, std::nullopt, "participants allocated or enrolled"));
    f.push_back(ranged("sample.arms", t::integer_list, 0, std::nullopt,
                       "size of each arm at allocation, intervention arm(s) first, comparator last"));
    f.push_back(ranged("sample.arms_analysed", t::integer_list, 0, std::nullopt,
                       "participants analysed per arm, in the order of sample.arms"));
    f.push_back(field("sample.power_calculation", t::boolean, "a sample-size calculation was reported"));
    f.push_back(ranged("sample.arms_lost", t::integer_list, 0, std::nullopt,
                       "participants allocated but not analysed per arm, as the report accounts for them (lost to "
                       "follow-up, withdrawn, excluded), in the order of sample.arms"));
    f.push_back(field("sample.recruitment_start", t::date, "when recruitment (enrolment) began"));
    f.push_back(field("sample.recruitment_end", t::date, "when recruitment (enrolment) ended"));

    f.push_back(field("baseline", t::section, "comparability of groups at baseline"));
    f.push_back(field("baseline.equivalent", t::boolean, "groups comparable at baseline on what was reported"));
    f.push_back(field("baseline.differences", t::string, "what differed"));
    f.push_back(ranged("baseline.max_difference_sd", t::number, 0, std::nullopt,
                       "the largest baseline difference between arms on the primary outcome (or its pre-test), "
                       "in standard deviations (absolute)"));
    f.push_back(field("baseline.pretest", t::boolean,
                      "the outcome (or a close proxy) was measured in both groups before the intervention"));
    f.push_back(ranged("baseline.confounders_controlled", t::number, 0, 1,
                       "share of important confounders controlled (EPHPP C2)"));

    f.push_back(field("blinding", t::section, "who knew the allocation"));
    f.push_back(field("blinding.participants", t::boolean, "participants blind to their arm"));
    f.push_back(field("blinding.providers", t::boolean, "those delivering blind to arm"));
    f.push_back(field("blinding.assessors", t::boolean, "outcome assessors blind to arm"));
    f.push_back(field("blinding.participants_know_question", t::boolean,
                      "participants were aware of the research question (EPHPP D2)"));

    f.push_back(field("attrition", t::section, "withdrawals and the analysed population"));
    f.push_back(ranged("attrition.analysed", t::integer, 0, std::nullopt, "participants in the final analysis"));
    f.push_back(ranged("attrition.completion", t::number_or_list, 0, 1,
                       "fraction completing the study, or one per arm (order of sample.arms)"));
    f.push_back(
        field("attrition.reasons_reported", t::boolean, "numbers and reasons for withdrawal reported per group"));
    f.push_back(choice("attrition.analysis", {"itt", "modified-itt", "per-protocol", "completers", "as-treated"},
                       "analysis population"));

    f.push_back(field("followup", t::section, "when outcomes were measured"));
    f.push_back(field("followup.posttest", t::boolean, "outcomes measured at the end of the intervention"));
    f.push_back(ranged("followup.weeks_after", t::number, 0, std::nullopt,
                       "longest follow-up after the intervention ended, weeks; 0 = post-test only"));
    f.push_back(ranged("followup.waves", t::integer, 1, std::nullopt, "measurement occasions, baseline included"));
    f.push_back(ranged("followup.points_before", t::integer, 0, std::nullopt,
                       "interrupted time series: data points before the interruption"));
    f.push_back(ranged("followup.points_after", t::integer, 0, std::nullopt,
                       "interrupted time series: data points after the interruption"));

    f.push_back(field("outcomes", t::section_array, "outcomes measured, one [[outcomes]] each"));
    f.push_back(field("outcomes.id", t::string, "outcome id, unique in the study"));
    f.back().required = true;
    f.push_back(field("outcomes.name", t::string, "construct measured"));
    f.push_back(field("outcomes.instrument", t::string, "scale or tool"));
    f.push_back(field("outcomes.validated", t::boolean, "validity of the instrument shown"));
    f.push_back(field("outcomes.reliable", t::boolean, "reliability shown or reported"));
    f.push_back(field("outcomes.self_report", t::boolean, "self-reported"));
    f.push_back(field("outcomes.primary", t::boolean, "primary outcome"));
    f.push_back(field("outcomes.prespecified", t::boolean, "named in a protocol or registration before analysis"));
    f.push_back(
        field("outcomes.researcher_developed", t::boolean, "the measure was developed by the study's own team"));
    // Reported summary statistics, for the granularity checks (GRIM, GRIMMER).
    f.push_back(field("outcomes.means", t::number_or_list,
                      "reported mean of the outcome, one per arm (order of sample.arms), as printed"));
    f.push_back(ranged("outcomes.sds", t::number_or_list, 0, std::nullopt,
                       "reported standard deviation, one per arm (order of outcomes.means), as printed"));
    f.push_back(ranged("outcomes.percents", t::number_or_list, 0, 100,
                       "reported percentage with the outcome (a dichotomous outcome), one per arm, as printed"));
    f.push_back(ranged("outcomes.n", t::integer_list, 0, std::nullopt,
                       "participants the reported means or percentages are computed on, one per arm"));
    f.push_back(ranged("outcomes.items", t::integer, 1, std::nullopt,
                       "integer-scored items averaged into each participant's score: 1 when the score is itself an "
                       "integer (a count, or a sum of items), k when it is the mean of k items"));
    f.push_back(ranged("outcomes.decimals", t::integer, 0, 6,
                       "decimal places the means, SDs and percentages are printed with (trailing zeros count: 3.50 "
                       "has 2)"));

    f.push_back(field("intervention", t::section, "the intervention, by TIDieR item"));
    f.push_back(field("intervention.name", t::string, "TIDieR 1: brief name"));
    f.push_back(field("intervention.rationale", t::string, "TIDieR 2: rationale, theory, goal"));
    f.push_back(field("intervention.materials", t::string, "TIDieR 3: materials"));
    f.push_back(field("intervention.materials_available", t::boolean, "TIDieR 3: materials accessible to others"));
    f.push_back(field("intervention.procedures", t::string, "TIDieR 4: procedures"));
    f.push_back(field("intervention.provider", t::string, "TIDieR 5: who provided"));
    f.push_back(field("intervention.provider_training", t::string, "TIDieR 5: training given to providers"));
    f.push_back(field("intervention.disciplines", t::string_list, "TIDieR 5: professions delivering it"));
    f.push_back(choice("intervention.mode", {"face-to-face", "group", "individual", "online", "phone", "print"},
                       "TIDieR 6: how", t::enumeration_list));
    f.push_back(field("intervention.setting", t::string, "TIDieR 7: where"));
    f.push_back(ranged("intervention.sessions", t::integer, 0, std::nullopt, "TIDieR 8: number of sessions"));
    f.push_back(ranged("intervention.session_minutes", t::number, 0, std::nullopt, "TIDieR 8: session length"));
    f.push_back(ranged("intervention.weeks", t::number, 0, std::nullopt, "TIDieR 8: duration in weeks"));
    f.push_back(field("intervention.schedule", t::string, "TIDieR 8: when"));
    f.push_back(field("intervention.tailoring", t::string, "TIDieR 9: tailoring"));
    f.push_back(field("intervention.modifications", t::string, "TIDieR 10: modifications"));
    f.push_back(field("intervention.tailored", t::boolean,
                      "the intervention was tailored to participants (TIDieR 9 applies only then)"));
    f.push_back(field("intervention.modified", t::boolean,
                      "the intervention was modified during the study (TIDieR 10 applies only then)"));
    f.push_back(field("intervention.fidelity_planned", t::string, "TIDieR 11: how fidelity was to be assessed"));
    f.push_back(field("intervention.fidelity_assessed", t::string, "TIDieR 12: fidelity actually achieved"));
    f.push_back(field("intervention.manual", t::boolean, "a manual or session guide exists and is available"));
    f.push_back(
        ranged("intervention.received", t::number, 0, 1, "share who received the allocated intervention (EPHPP G)"));
    f.push_back(field("intervention.components", t::string_list, "components, e.g. education, sport"));

    f.push_back(field("analysis", t::section, "how the data were analysed"));
    f.push_back(choice("analysis.unit", {"individual", "cluster"}, "unit of analysis"));
    f.push_back(field("analysis.methods_appropriate", t::boolean, "statistical methods appropriate"));
    f.push_back(field("analysis.effect_sizes", t::boolean, "effect sizes with confidence intervals reported"));
    f.push_back(field("analysis.cluster_adjusted", t::boolean, "analysis accounts for clustering"));
    f.push_back(field("analysis.baseline_adjusted", t::boolean, "analysis adjusted for baseline"));
    f.push_back(field("analysis.multiplicity", t::boolean, "multiple outcomes or tests accounted for"));

    f.push_back(field("reporting", t::section, "transparency"));
    f.push_back(field("reporting.data_available", t::boolean, "participant data shared or available on request"));
    f.push_back(field("reporting.code_available", t::boolean, "analysis code available"));
    f.push_back(field("reporting.conflicts_declared", t::boolean, "conflicts of interest declared"));
    f.push_back(field("reporting.funding", t::string, "funding source"));

    // The coding record (format 1.1): metadata, left out of agreement statistics.
    f.push_back(field("coding", t::section, "who coded the study, when, and from what"));
    f.push_back(field("coding.coder", t::string, "the reviewer who coded it (initials or name)"));
    f.push_back(field("coding.date", t::date, "when it was coded, a TOML date such as 2026-11-03"));
    f.push_back(choice("coding.sources", evidence_sources(), "the documents it was coded from", t::enumeration_list));
    f.push_back(field("coding.notes", t::string, "anything a reader of the coding should know"));

    f.push_back(field("appraisal", t::free_section, "the reviewer's answers, one table per rubric id"));
    f.push_back(field("recorded", t::free_section,
                      "judgements made elsewhere (robvis, RevMan, Covidence, a published review), one table per "
                      "rubric id: imported, not computed from answers"));
    f.push_back(field("custom", t::free_section, "your own fields; never checked"));
    return f;
}

}  // namespace

const std::vector<std::string>& evidence_sources() {
    static const std::vector<std::string> words = {"full-text",  "abstract",       "protocol", "registry",
                                                   "supplement", "correspondence", "other"};
    return words;
}

const std::vector<std::string>& bias_directions() {
    static const std::vector<std::string> words = {"favours-experimental", "favours-comparator", "towards-null",
                                                   "away-from-null", "unpredictable"};
    return words;
}

const std::vector<std::string>& resolution_ways() {
    static const std::vector<std::string> words = {"discussion", "third-reviewer", "a", "b"};
    return words;
}

const std::vector<field_synonym>& field_synonyms() {
    // Not typos (edit distance finds those): other names for the same thing.
    static const std::vector<field_synonym> words = {
        {"journal", "source"},
        {"journal_name", "source"},
        {"venue", "source"},
        {"publisher", "source"},
        {"institution", "source"},
        {"author", "authors"},
        {"writers", "authors"},
        {"publication_year", "year"},
        {"pub_year", "year"},
        {"lang", "language"},
        {"keywords", "tags"},
        {"labels", "tags"},
        {"url", "doi"},
        {"study_design", "design.type"},
        {"design_type", "design.type"},
        {"randomisation", "design.allocation"},
        {"randomization", "design.allocation"},
        {"randomised", "design.allocation"},
        {"randomized", "design.allocation"},
        {"sequence_generation", "design.allocation_method"},
        {"allocation_concealment", "design.concealment"},
        {"control", "design.comparator"},
        {"control_group", "design.comparator"},
        {"framework", "design.theory"},
        {"trial_registration", "design.registration"},
        {"registry", "design.registration"},
        {"n", "sample.enrolled"},
        {"sample_size", "sample.enrolled"},
        {"participants", "sample.enrolled"},
        {"groups", "sample.arms"},
        {"arm_sizes", "sample.arms"},
        {"age", "sample.age_min"},
        {"response_rate", "sample.participation"},
        {"dropout", "attrition.completion"},
        {"retention", "attrition.completion"},
        {"analysed_n", "attrition.analysed"},
        {"follow_up", "followup"},
        {"outcome", "outcomes"},
        {"measures", "outcomes"},
        {"scale", "outcomes.instrument"},
        {"measure", "outcomes.instrument"},
        {"duration", "intervention.weeks"},
        {"funder", "reporting.funding"},
        {"coder", "coding.coder"},
        {"reviewer", "coding.coder"},
        {"coded_by", "coding.coder"},
        {"coded_on", "coding.date"},
        {"coding_date", "coding.date"},
        {"notes", "coding.notes"},
        {"note", "coding.notes"},
        {"comments", "coding.notes"},
        {"comment", "coding.notes"},
        {"answers", "appraisal"},
        {"appraisals", "appraisal"},
        {"extra", "custom"},
    };
    return words;
}

const std::vector<field_synonym>& wrapper_synonyms() {
    static const std::vector<field_synonym> words = {
        {"page", "at"},         {"pages", "at"},         {"location", "at"},
        {"where", "at"},        {"section", "at"},       {"table", "at"},
        {"quote", "support"},   {"evidence", "support"}, {"text", "support"},
        {"note", "support"},    {"notes", "support"},    {"comment", "support"},
        {"document", "source"}, {"doc", "source"},       {"from", "source"},
        {"answer", "value"},    {"code", "value"},       {"resolution", "resolved"},
    };
    return words;
}

const std::vector<std::string>& wrapper_keys() {
    static const std::vector<std::string> keys = {"value", "support", "at", "source", "resolved", "reason"};
    return keys;
}

namespace {
bool same_word(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}
const field_synonym* find_word(const std::vector<field_synonym>& table, std::string_view word) {
    const auto it =
        std::find_if(table.begin(), table.end(), [&](const field_synonym& s) { return same_word(s.word, word); });
    return it == table.end() ? nullptr : &*it;
}
}  // namespace

const field_synonym* synonym_of(std::string_view word) {
    return find_word(field_synonyms(), word);
}
const field_synonym* wrapper_synonym_of(std::string_view word) {
    return find_word(wrapper_synonyms(), word);
}

namespace {
constexpr std::size_t empty_slot = static_cast<std::size_t>(-1);
// FNV-1a: paths are short (a few dozen bytes), and a lookup runs for every key of every study.
std::size_t path_hash(std::string_view path) {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char c : path) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return static_cast<std::size_t>(h ^ (h >> 32U));
}
}  // namespace

codebook::codebook(std::vector<field_def> fields) : fields_(std::move(fields)) {
    // At most half full, so a probe ends after a step or two.
    std::size_t slots = 16;
    while (slots < 2 * fields_.size()) slots *= 2;
    by_path_.assign(slots, empty_slot);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (find(fields_[i].path) != nullptr) continue;  // the first of equal paths is the one found
        std::size_t slot = path_hash(fields_[i].path) & (slots - 1);
        while (by_path_[slot] != empty_slot) slot = (slot + 1) & (slots - 1);
        by_path_[slot] = i;
    }
}

const codebook& codebook::v1() {
    static const codebook instance(format_v1());
    return instance;
}

const field_def* codebook::find(std::string_view path) const {
    const std::size_t mask = by_path_.size() - 1;
    for (std::size_t slot = path_hash(path) & mask; by_path_[slot] != empty_slot; slot = (slot + 1) & mask)
        if (fields_[by_path_[slot]].path == path) return &fields_[by_path_[slot]];
    return nullptr;
}

std::vector<std::string> codebook::keys_in(std::string_view section) const {
    std::vector<std::string> keys;
    for (const auto& f : fields_) {
        const auto dot = f.path.rfind('.');
        const std::string_view parent =
            dot == std::string::npos ? std::string_view{} : std::string_view(f.path).substr(0, dot);
        if (parent == section) keys.push_back(dot == std::string::npos ? f.path : f.path.substr(dot + 1));
    }
    return keys;
}

namespace {
std::string range_text(const field_def& f) {
    if (f.min && f.max) return " from " + format_number(*f.min) + " to " + format_number(*f.max);
    if (f.min) return " >= " + format_number(*f.min);
    if (f.max) return " <= " + format_number(*f.max);
    return "";
}
std::string value_list(const std::vector<std::string>& values) {
    std::string text;
    for (const auto& v : values) text += (text.empty() ? "" : ", ") + ("\"" + v + "\"");
    return text;
}
}  // namespace

std::string describe_type(const field_def& f) {
    switch (f.type) {
        case t::section:
            return "a table";
        case t::section_array:
            return "an array of tables ([[...]])";
        case t::free_section:
            return "a table";
        case t::string:
            return "a string";
        case t::date:
            return "a date (YYYY-MM-DD)";
        case t::integer:
            return "an integer" + range_text(f);
        case t::number:
            return "a number" + range_text(f);
        case t::boolean:
            return "true or false";
        case t::enumeration:
            return "one of " + value_list(f.values);
        case t::string_list:
            return "an array of strings";
        case t::integer_list:
            return "an array of integers" + range_text(f);
        case t::enumeration_list:
            return "an array of " + value_list(f.values);
        case t::number_or_list:
            return "a number" + range_text(f) + ", or an array of them per arm";
    }
    return "a value";
}

}  // namespace appraise
