#include "appraise/grade/grade_outcome.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "appraise/reports/report_weights.hpp"
#include "appraise/reports/screening.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

constexpr const char* every_outcome = "(every outcome)";

const std::vector<std::string>* facet(const study_result& study, const std::string& field) {
    const auto at = study.facets.find(field);
    return at == study.facets.end() ? nullptr : &at->second;
}

std::string facet_text(const study_result& study, const std::string& field) {
    const auto* values = facet(study, field);
    if (values == nullptr || values->size() != 1 || values->front() == not_reported_label) return {};
    return values->front();
}

// The study outcome a result measures: rob2 labels "reading (assignment)",
// ROBINS-I labels "reading" when a study has several results; a study's one
// result has no label, and its `outcome` key (copied as a facet) says.
std::string result_outcome(const study_result& study, const sdk::appraisal& appraisal) {
    if (!appraisal.label.empty()) {
        const std::string outcome = appraisal.label.substr(0, appraisal.label.find(" ("));
        return outcome.rfind("result ", 0) == 0 ? std::string{} : outcome;
    }
    return facet_text(study, "appraisal." + appraisal.rubric + ".outcome");
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

int rung(risk_level level) {
    switch (level) {
        case risk_level::low:
            return 0;
        case risk_level::concerns:
            return 1;
        case risk_level::high:
            return 2;
        case risk_level::critical:
            return 3;
        default:
            return -1;
    }
}

const char* setting_word(counts_as value) {
    return value == counts_as::low ? "low" : "high";
}

// The pooling settings, printed only when an outcome has estimates to pool.
std::string estimate_settings_text(const review_config& config) {
    const bool used = std::any_of(config.outcomes.begin(), config.outcomes.end(),
                                  [](const review_outcome& o) { return o.estimates_csv.has_value(); });
    if (!used) return {};
    const auto mark = [](bool set) { return set ? "" : " (default)"; };
    return std::string(", pooling = \"") + (config.pooling == pooling_model::random ? "random" : "fixed") + "\"" +
           mark(config.pooling_set) + ", differ_p = " + format_number(config.differ_p) + mark(config.differ_p_set);
}

}  // namespace

const char* certainty_name(int level) {
    switch (level) {
        case 4:
            return "High";
        case 3:
            return "Moderate";
        case 2:
            return "Low";
        case 1:
            return "Very low";
        default:
            return "not rated";
    }
}

std::string certainty_symbols(int level) {
    if (level < 1 || level > 4) return {};
    std::string symbols;
    for (int i = 1; i <= 4; ++i) symbols += i <= level ? "\u2295" : "\u25EF";
    return symbols;
}

std::string protocol_settings_text(const review_config& config) {
    const auto mark = [](bool set) { return set ? "" : " (default)"; };
    return std::string("concerns_count_as = \"") + setting_word(config.concerns) + "\"" + mark(config.concerns_set) +
           ", no_information_counts_as = \"" + setting_word(config.no_information) + "\"" +
           mark(config.no_information_set) + ", serious_from = " + format_number(config.serious_from) +
           mark(config.serious_from_set) + estimate_settings_text(config);
}

rob_proposal propose_risk_of_bias(double high_weight, double total_weight, const review_config& config,
                                  const estimate_comparison* estimates) {
    rob_proposal proposal;
    const std::string sources =
        " (Cochrane Handbook 5.1 Table 12.2.d; Core GRADE 4, BMJ 2025;389:e083864: the weights of high- and "
        "low-risk studies and whether their results differ; serious_from" +
        std::string(estimates != nullptr ? " and differ_p are the review's thresholds, not GRADE numbers). "
                                         : " is the review's threshold, not a GRADE number). ") +
        "Very serious is never proposed: GRADE leaves crucial limitations to the reviewer.";
    const std::string no_estimates =
        estimates == nullptr ? " Whether the results of the high- and low-risk studies differ is not computed: no "
                               "`estimates` CSV is given for this outcome."
                             : "";
    if (total_weight <= 0) {
        proposal.rule = "no included result with a risk-of-bias rating: nothing to propose";
        return proposal;
    }
    const double share = high_weight / total_weight;
    const std::string numbers = "share of weight at high risk of bias " + format_fixed(share, 2);
    const std::string threshold = format_number(config.serious_from);
    const std::string compared = estimates != nullptr ? "; " + estimates->text : std::string{};
    if (share < config.serious_from) {
        proposal.rating = grade_rating::not_serious;
        proposal.rule = numbers + " < " + threshold +
                        ": most information is from studies counted at low risk of bias -> not serious" + compared +
                        sources + no_estimates;
    } else if (estimates != nullptr && estimates->comparable && !estimates->differ &&
               estimates->without_estimate.empty()) {
        proposal.rating = grade_rating::not_serious;
        proposal.rule = numbers + " >= " + threshold + compared +
                        ": the studies at low risk of bias give a result like that of all -> not serious" + sources;
    } else {
        proposal.rating = grade_rating::serious;
        const std::string why = estimates == nullptr ? ""
                                : !estimates->without_estimate.empty()
                                    ? ", and " + std::to_string(estimates->without_estimate.size()) + " included " +
                                          (estimates->without_estimate.size() == 1 ? "study has" : "studies have") +
                                          " no estimate, so the estimates cannot show the results are similar"
                                : estimates->comparable ? ", and the results of low- and high-risk studies differ"
                                                        : ", and the estimates cannot show the results are similar";
        proposal.rule = numbers + " >= " + threshold + compared +
                        ": enough information from studies at high risk of bias to affect interpretation" + why +
                        " -> serious" + sources + no_estimates;
    }
    return proposal;
}

certainty_result combine_certainty(int start, const review_outcome& outcome) {
    certainty_result result;
    int level = start;
    static constexpr std::array<const char*, grade_domain_count> names = {
        "risk of bias", "inconsistency", "indirectness", "imprecision", "publication bias"};
    for (std::size_t i = 0; i < grade_domain_count; ++i) {
        const auto& rating = outcome.ratings[i];
        if (!rating) {
            result.missing.emplace_back(names[i]);
            continue;
        }
        const int change = rating->rating == grade_rating::not_serious ? 0
                           : rating->rating == grade_rating::serious   ? -1
                                                                       : -2;
        result.steps.push_back({names[i], change, rating->reason});
        level += change;
    }
    static constexpr std::array<const char*, grade_upgrade_count> ups = {
        "large effect", "dose-response gradient", "plausible residual confounding would reduce the effect"};
    for (std::size_t i = 0; i < grade_upgrade_count; ++i) {
        const auto& upgrade = outcome.upgrades[i];
        if (!upgrade || upgrade->levels == 0) continue;
        result.steps.push_back({ups[i], upgrade->levels, upgrade->reason});
        level += upgrade->levels;
    }
    if (start == 0 || !result.missing.empty()) return result;
    result.level = std::clamp(level, 1, 4);
    return result;
}

grade_collector::grade_collector(review_config config, std::vector<sdk::rubric_description> rubrics)
    : config_(std::move(config)), rubrics_(std::move(rubrics)) {
    if (!config_.rubrics.empty()) {
        for (const auto& r : config_.rubrics) rob_rubrics_.push_back(r.text);
    } else {
        for (const auto& d : rubrics_) {
            const bool rob = std::any_of(d.robvis_layouts.begin(), d.robvis_layouts.end(), [](const auto& layout) {
                return layout.template_name == "ROB2" || layout.template_name == "ROB2-Cluster" ||
                       layout.template_name == "ROBINS-I";
            });
            if (rob || is_robins_i(d.id)) rob_rubrics_.push_back(d.id);
        }
    }
    for (const auto& outcome : config_.outcomes) {
        // An interval far from symmetric around its estimate on the pooling
        // scale is most likely on the other scale (a ratio given as a difference).
        for (const auto& [study, e] : outcome.csv_estimates) {
            const auto scaled = to_pooling_scale(e, outcome.scale);
            if (!scaled) continue;
            const double lower = outcome.scale == effect_scale::ratio ? std::log(e.lower) : e.lower;
            const double upper = outcome.scale == effect_scale::ratio ? std::log(e.upper) : e.upper;
            if (std::abs(scaled->value - (lower + upper) / 2) > 0.1 * (upper - lower))
                problems_.push_back({severity::warning, "grade/estimate-asymmetric",
                                     "study \"" + study +
                                         "\": the 95% interval is not symmetric around the estimate on the " +
                                         (outcome.scale == effect_scale::ratio ? "log scale" : "difference scale"),
                                     e.where,
                                     outcome.scale == effect_scale::ratio
                                         ? "a mean difference or SMD? write scale = \"difference\" for this outcome"
                                         : "a risk, odds or hazard ratio? write scale = \"ratio\" for this outcome"});
        }
        outcome_grade grade;
        grade.outcome = outcome;
        grade.weight_field = outcome.weights_csv ? std::string{}
                             : outcome.weight    ? outcome.weight->text
                             : config_.weight    ? config_.weight->text
                                                 : "";
        grades_.push_back(std::move(grade));
    }
}

bool grade_collector::is_robins_i(const std::string& rubric) const {
    if (config_.robins_i_set)
        return std::any_of(config_.robins_i.begin(), config_.robins_i.end(),
                           [&](const located_text& r) { return r.text == rubric; });
    if (rubric.rfind("robins-i", 0) == 0) return true;
    const auto* d = description(rubric);
    return d != nullptr && std::any_of(d->robvis_layouts.begin(), d->robvis_layouts.end(),
                                       [](const auto& layout) { return layout.template_name == "ROBINS-I"; });
}

const sdk::rubric_description* grade_collector::description(const std::string& id) const {
    for (const auto& d : rubrics_)
        if (d.id == id) return &d;
    return nullptr;
}

std::vector<std::string> grade_collector::facet_fields() const {
    std::vector<std::string> fields = {"design.type", "design.allocation", "tags"};
    for (const auto& grade : grades_)
        if (!grade.weight_field.empty() && !contains(fields, grade.weight_field)) fields.push_back(grade.weight_field);
    for (const auto& r : rob_rubrics_) fields.push_back("appraisal." + r + ".outcome");
    return fields;
}

void grade_collector::add(const file_result& file) {
    for (const auto& study : file.studies) {
        if (!study.appraised) continue;
        for (auto& grade : grades_) add_study(study, grade);
    }
}

void grade_collector::add_study(const study_result& study, outcome_grade& grade) {
    const review_outcome& outcome = grade.outcome;
    const auto* tags = facet(study, "tags");
    const bool tagged = tags != nullptr && std::any_of(tags->begin(), tags->end(),
                                                       [&](const std::string& t) { return contains(outcome.tags, t); });
    std::vector<std::pair<const sdk::appraisal*, std::string>> chosen;
    std::string chosen_rubric;
    for (const auto& rubric : rob_rubrics_) {
        std::vector<std::pair<const sdk::appraisal*, std::string>> matched;
        for (const auto& appraisal : study.appraisals) {
            if (appraisal.rubric != rubric || (appraisal.domains.empty() && !appraisal.overall)) continue;
            const std::string measured = result_outcome(study, appraisal);
            if ((!measured.empty() && contains(outcome.outcomes, measured)) || tagged)
                matched.emplace_back(&appraisal, measured.empty() ? every_outcome : measured);
        }
        if (matched.empty()) continue;
        if (chosen.empty()) {
            chosen = std::move(matched);
            chosen_rubric = rubric;
        } else {
            for (const auto& [appraisal, measured] : matched)
                grade.not_used.push_back(study.id + ": " + rubric + " (" + measured + "), " + chosen_rubric +
                                         " is earlier in the rubric order");
        }
    }
    if (chosen.empty()) return;

    // A result's own `weight` (its appraisal table) comes first; the review's
    // source (CSV, then field) weighs the study, shared by its other results.
    std::size_t without_own = 0;
    for (const auto& [appraisal, measured] : chosen) without_own += appraisal->weight ? 0 : 1;
    double weight = 1;
    std::string no_weight;
    if (without_own == 0) {
        // every result carries its own weight: the review's source is not needed
    } else if (outcome.weights_csv) {
        if (const auto row = outcome.csv_weights.find(study.id); row != outcome.csv_weights.end()) {
            weight = row->second;
        } else {
            no_weight = "no weight: not in " + outcome.weights_csv->text;
            problems_.push_back({severity::error, "grade/weight-missing",
                                 "study \"" + study.id + "\" has results in review outcome \"" + outcome.id.text +
                                     "\" but no row in " + outcome.weights_csv->text,
                                 study.id_where,
                                 "add a row `" + study.id + ",<weight>` to " + outcome.weights_csv->text});
        }
    } else if (!grade.weight_field.empty()) {
        if (const auto value = weight_value(study, grade.weight_field)) {
            weight = *value;
        } else {
            no_weight = "no weight: `" + grade.weight_field + "` is missing or not a plain number";
            problems_.push_back({severity::error, "grade/weight-missing",
                                 "study \"" + study.id + "\" has results in review outcome \"" + outcome.id.text +
                                     "\" but no weight in `" + grade.weight_field + "`",
                                 study.id_where,
                                 "add `" + grade.weight_field + "` to the study, or change the review's `weight`"});
        }
    }
    const sdk::rubric_description* d = description(chosen_rubric);
    const std::string type = facet_text(study, "design.type");
    // With the design not coded (an imported table of judgements), a tool for
    // randomised trials only (robvis's RoB 2 templates) says the study is one.
    const bool trial_tool =
        d != nullptr && std::any_of(d->robvis_layouts.begin(), d->robvis_layouts.end(), [](const auto& layout) {
            return layout.template_name == "ROB2" || layout.template_name == "ROB2-Cluster";
        });
    const bool allocated = type.empty() && facet_text(study, "design.allocation") == "random";
    const bool randomised =
        type == "rct" || type == "cluster-rct" || type == "crossover-rct" || allocated || (type.empty() && trial_tool);
    for (const auto& [appraisal, measured] : chosen) {
        graded_result r;
        r.study = study.id;
        r.file = study.file;
        r.result = measured;
        r.label = appraisal->label;
        r.rubric = chosen_rubric;
        r.overall = appraisal->overall ? *appraisal->overall : std::string{};
        r.recorded = recorded_of(study, *appraisal) != nullptr;
        r.randomised = randomised;
        if (randomised) {
            r.start = 4;
            r.start_reason = !type.empty() || allocated
                                 ? "randomised"
                                 : "design not coded; appraised with " + (d->name.empty() ? chosen_rubric : d->name) +
                                       ", a tool for randomised trials";
        } else if (is_robins_i(chosen_rubric)) {
            r.start = 4;
            r.start_reason =
                type.empty() ? "design not coded; appraised with ROBINS-I" : "non-randomised, with ROBINS-I";
        } else {
            r.start = 2;
            r.start_reason = type.empty() ? "design not coded: taken as non-randomised" : "non-randomised";
        }
        r.own_weight = appraisal->weight.has_value();
        r.weight = r.own_weight ? *appraisal->weight : weight / static_cast<double>(without_own);
        if (!r.overall.empty() && d != nullptr) r.level = level_of(r.overall, d->judgement_scale, d->judgement_rungs);
        if (study.screened_out) {
            r.excluded = screening_text(*study.screened_out);
        } else if (!r.own_weight && !no_weight.empty()) {
            r.excluded = no_weight;
        } else if (r.overall.empty()) {
            r.excluded =
                "not assessed" +
                (appraisal->overall_not_assessed.empty() ? std::string{} : ": " + appraisal->overall_not_assessed);
        } else if (!r.level || *r.level == risk_level::not_applicable) {
            r.excluded = "overall \"" + r.overall + "\" is not a risk-of-bias level";
        } else if (*r.level == risk_level::critical) {
            r.excluded = "critical risk of bias: excluded from synthesis";
        }
        if (r.excluded.empty()) {
            r.counted_high = *r.level == risk_level::high ||
                             (*r.level == risk_level::concerns && config_.concerns == counts_as::high) ||
                             (*r.level == risk_level::no_information && config_.no_information == counts_as::high);
            if (r.counted_high && d != nullptr)
                for (const auto& domain : appraisal->domains) {
                    const auto at = level_of(domain.judgement, d->judgement_scale, d->judgement_rungs);
                    if (!at) continue;
                    const bool drives = *r.level == risk_level::no_information
                                            ? *at == risk_level::no_information
                                            : rung(*at) >= rung(*r.level) && rung(*at) >= 0;
                    if (drives) r.drivers.push_back(domain.id);
                }
        }
        grade.results.push_back(std::move(r));
    }
}

std::vector<outcome_grade> grade_collector::finish() const {
    std::vector<outcome_grade> grades = grades_;
    for (auto& grade : grades) {
        std::map<std::pair<std::string, std::string>, domain_driver> drivers;
        for (const auto& r : grade.results) {
            if (!r.excluded.empty()) continue;
            grade.total_weight += r.weight;
            const std::size_t slot = *r.level == risk_level::low        ? 0
                                     : *r.level == risk_level::concerns ? 1
                                     : *r.level == risk_level::high     ? 2
                                                                        : 3;
            grade.level_weight[slot] += r.weight;
            if (r.counted_high) grade.high_weight += r.weight;
            grade.start = grade.start == 0 ? r.start : std::min(grade.start, r.start);
            const sdk::rubric_description* d = description(r.rubric);
            for (const auto& id : r.drivers) {
                auto& driver = drivers[{r.rubric, id}];
                driver.rubric = r.rubric;
                driver.domain = id;
                if (d != nullptr)
                    for (const auto& spec : d->domains)
                        if (spec.id == id) driver.name = spec.name;
                driver.share += r.weight;
                ++driver.results;
            }
        }
        for (auto& [key, driver] : drivers) {
            driver.share = grade.total_weight > 0 ? driver.share / grade.total_weight : 0;
            grade.drivers.push_back(driver);
        }
        std::stable_sort(grade.drivers.begin(), grade.drivers.end(),
                         [](const domain_driver& a, const domain_driver& b) { return a.share > b.share; });
        if (grade.outcome.estimates_csv) {
            // One estimate per study (the meta-analysis's row), on the side of
            // the split its included results are counted on (high if any is).
            std::vector<std::string> order;
            std::map<std::string, bool> high_side;
            for (const auto& r : grade.results) {
                if (!r.excluded.empty()) continue;
                if (high_side.emplace(r.study, r.counted_high).second)
                    order.push_back(r.study);
                else
                    high_side[r.study] = high_side[r.study] || r.counted_high;
            }
            std::vector<scaled_estimate> low;
            std::vector<scaled_estimate> high;
            std::vector<std::string> without;
            std::vector<std::string> both_sides;
            std::map<std::string, int> sides;  // bit 1 low, bit 2 high
            for (const auto& r : grade.results)
                if (r.excluded.empty()) sides[r.study] |= r.counted_high ? 2 : 1;
            for (const auto& id : order) {
                if (sides[id] == 3) both_sides.push_back(id);
                const auto row = grade.outcome.csv_estimates.find(id);
                const auto scaled = row == grade.outcome.csv_estimates.end()
                                        ? std::nullopt
                                        : to_pooling_scale(row->second, grade.outcome.scale);
                if (!scaled)
                    without.push_back(id);
                else
                    (high_side[id] ? high : low).push_back(*scaled);
            }
            grade.estimates = compare_estimates(low, high, config_, grade.outcome.scale);
            grade.estimates->without_estimate = std::move(without);
            if (!both_sides.empty()) {
                std::string names;
                for (const auto& id : both_sides) names += (names.empty() ? "" : ", ") + id;
                grade.estimates->text += "; pooled on the high side, having results on both: " + names;
            }
        }
        grade.proposal = propose_risk_of_bias(grade.high_weight, grade.total_weight, config_,
                                              grade.estimates ? &*grade.estimates : nullptr);
        std::size_t randomised = 0;
        std::size_t robins = 0;
        std::size_t low = 0;
        std::set<std::string> counted;
        for (const auto& r : grade.results) {
            if (!r.excluded.empty() || !counted.insert(r.study).second) continue;
            (r.randomised ? randomised : r.start == 4 ? robins : low) += 1;
        }
        if (grade.start == 0) {
            grade.start_text = "no included result";
        } else {
            grade.start_text = std::string(certainty_name(grade.start)) + " (";
            std::string parts;
            const auto part = [&](std::size_t n, const char* what) {
                if (n > 0) parts += (parts.empty() ? "" : "; ") + std::to_string(n) + " " + what;
            };
            part(randomised, randomised == 1 ? "randomised study" : "randomised studies");
            part(robins, robins == 1 ? "non-randomised study appraised with ROBINS-I"
                                     : "non-randomised studies appraised with ROBINS-I");
            part(low, low == 1 ? "non-randomised study, starting Low" : "non-randomised studies, starting Low");
            grade.start_text += parts + "; the body starts at its lowest)";
        }
        grade.certainty = combine_certainty(grade.start, grade.outcome);
        char mark = 'a';
        for (const auto& step : grade.certainty.steps) {
            if (step.change == 0 || mark > 'z') continue;
            grade.footnotes.push_back(
                {std::string(1, mark++), step.what + (step.change < 0 ? " (rated down " : " (rated up ") +
                                             std::to_string(std::abs(step.change)) +
                                             (std::abs(step.change) == 1 ? " level): " : " levels): ") + step.reason});
        }
    }
    return grades;
}

}  // namespace appraise
