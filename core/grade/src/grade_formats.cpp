#include "appraise/grade/grade_formats.hpp"

#include <set>
#include <stdexcept>

#include "appraise/text/csv_text.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/json_text_writer.hpp"
#include "appraise/text/markdown_text.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

constexpr std::array<const char*, grade_domain_count> domain_names = {"Risk of bias", "Inconsistency", "Indirectness",
                                                                      "Imprecision", "Publication bias"};
constexpr std::array<const char*, grade_upgrade_count> upgrade_names = {"Large effect", "Dose-response gradient",
                                                                        "Plausible residual confounding"};
constexpr std::array<const char*, 4> level_names = {"Low", "Some concerns / Moderate", "High / Serious",
                                                    "No information"};

std::string rating_words(grade_rating rating) {
    switch (rating) {
        case grade_rating::not_serious:
            return "not serious";
        case grade_rating::serious:
            return "serious (-1)";
        case grade_rating::very_serious:
            return "very serious (-2)";
    }
    return {};
}

std::string share(double part, double whole) {
    return whole > 0 ? format_fixed(part / whole, 2) : std::string("0.00");
}

std::string outcome_title(const outcome_grade& g) {
    return g.outcome.name.empty() ? g.outcome.id.text : g.outcome.name;
}

std::string joined(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
    return text;
}

std::string certainty_text(const outcome_grade& g) {
    if (!g.certainty.level) {
        if (g.start == 0) return "not rated: no included result";
        return "not rated: the reviewer has not rated " + joined(g.certainty.missing);
    }
    return certainty_symbols(*g.certainty.level) + " " + certainty_name(*g.certainty.level);
}

std::string result_name(const graded_result& r) {
    return r.label.empty() ? r.result : r.label;
}

std::string driver_name(const domain_driver& d) {
    return d.rubric + " " + d.domain + (d.name.empty() ? "" : " " + d.name);
}

// ---------------------------------------------------------------- text

void write_text(std::ostream& out, const std::vector<outcome_grade>& grades, const review_config& config) {
    out << "GRADE, risk of bias per review outcome; protocol settings: " << protocol_settings_text(config) << "\n";
    for (const auto& g : grades) {
        out << "\n" << terminal_text(g.outcome.id.text) << ": " << terminal_text(outcome_title(g)) << "\n";
        out << "  gathers: " << terminal_text(joined(g.outcome.outcomes))
            << (g.outcome.tags.empty() ? "" : "; studies tagged " + terminal_text(joined(g.outcome.tags))) << "\n";
        out << "  weights: "
            << (g.outcome.weights_csv    ? terminal_text(g.outcome.weights_csv->text) + " (study id, weight)"
                : g.weight_field.empty() ? std::string("none given, each study counts once")
                                         : "`" + terminal_text(g.weight_field) +
                                               "` (a study with several results "
                                               "gives each its share)")
            << "\n";
        std::size_t own = 0;
        std::size_t counted = 0;
        for (const auto& r : g.results)
            if (r.excluded.empty()) {
                ++counted;
                own += r.own_weight ? 1 : 0;
            }
        if (own > 0)
            out << "  " << own << " of " << counted << " included results weighted by the `weight` in their appraisal"
                << (own < counted ? " (the rest by the source above: check both are on the same scale)" : "") << "\n";
        out << "  starting level: " << g.start_text << "\n";
        std::size_t included = 0;
        for (const auto& r : g.results) included += r.excluded.empty() ? 1 : 0;
        out << "  results included (" << included << "):\n";
        for (const auto& r : g.results) {
            if (!r.excluded.empty()) continue;
            out << "    " << terminal_text(r.study) << "  " << terminal_text(result_name(r)) << "  " << r.rubric << "  "
                << title_word(r.overall) << (r.recorded ? " (recorded)" : "")
                << (r.counted_high ? " (counted high)" : " (counted low)") << "  start " << certainty_name(r.start)
                << " (" << r.start_reason << ")  weight " << format_trimmed(r.weight, 3) << " ("
                << share(r.weight, g.total_weight) << ")" << (r.own_weight ? " from its appraisal" : "") << "\n";
        }
        if (included != g.results.size()) {
            out << "  excluded (" << g.results.size() - included << "):\n";
            for (const auto& r : g.results)
                if (!r.excluded.empty())
                    out << "    " << terminal_text(r.study) << "  " << terminal_text(result_name(r)) << "  " << r.rubric
                        << (r.overall.empty() ? "" : "  " + title_word(r.overall)) << ": " << terminal_text(r.excluded)
                        << "\n";
        }
        for (const auto& line : g.not_used) out << "  not used: " << terminal_text(line) << "\n";
        if (g.estimates) {
            out << "  estimates (" << terminal_text(g.outcome.estimates_csv->text)
                << "): " << terminal_text(g.estimates->text) << "\n";
            if (!g.estimates->without_estimate.empty())
                out << "  no estimate, left out of the comparison: "
                    << terminal_text(joined(g.estimates->without_estimate)) << "\n";
        }
        out << "  share of weight by overall risk of bias:";
        for (std::size_t i = 0; i < level_names.size(); ++i)
            out << (i == 0 ? " " : ", ") << level_names[i] << " " << share(g.level_weight[i], g.total_weight);
        out << "\n  counted high (the low/high split): " << share(g.high_weight, g.total_weight) << "\n";
        if (!g.drivers.empty()) {
            out << "  domains driving high risk of bias (share of weight):\n";
            for (const auto& d : g.drivers)
                out << "    " << format_fixed(d.share, 2) << "  " << terminal_text(driver_name(d)) << " (" << d.results
                    << (d.results == 1 ? " result)" : " results)") << "\n";
        }
        out << "  risk of bias, proposal (computed, not a judgement): "
            << (g.proposal.rating ? rating_words(*g.proposal.rating) : std::string("none")) << "\n";
        out << "    rule: " << g.proposal.rule << "\n";
        const auto& rob = g.outcome.ratings[0];
        out << "  risk of bias, the reviewer's rating: "
            << (rob ? rating_words(rob->rating) + (rob->reason.empty() ? "" : ": " + terminal_text(rob->reason))
                    : std::string("not rated"))
            << "\n";
        if (rob && g.proposal.rating && rob->rating != *g.proposal.rating)
            out << "    (the reviewer's rating differs from the proposal)\n";
        out << "  the reviewer's GRADE ratings:\n";
        for (std::size_t i = 0; i < grade_domain_count; ++i) {
            const auto& rating = g.outcome.ratings[i];
            // Risk of bias and its reason are printed beside the proposal, above.
            const std::string reason = !rating || rating->reason.empty() ? std::string{}
                                       : i == 0                          ? std::string(" (reason above)")
                                                                         : ": " + terminal_text(rating->reason);
            out << "    " << domain_names[i] << ": "
                << (rating ? rating_words(rating->rating) + reason : std::string("not rated")) << "\n";
        }
        for (std::size_t i = 0; i < grade_upgrade_count; ++i)
            if (const auto& up = g.outcome.upgrades[i]; up && up->levels > 0)
                out << "    " << upgrade_names[i] << ": +" << up->levels << ": " << terminal_text(up->reason) << "\n";
        out << "  certainty (from the reviewer's ratings): " << certainty_text(g) << "\n";
        for (const auto& f : g.footnotes) out << "    " << f.mark << ". " << terminal_text(f.text) << "\n";
    }
}

// ---------------------------------------------------------------- json

void write_json(std::ostream& out, const std::vector<outcome_grade>& grades, const review_config& config) {
    std::string text;
    json_text_writer json(text);
    json.begin_object();
    json.field("protocol_settings", protocol_settings_text(config));
    json.key("concerns_count_as").value(config.concerns == counts_as::low ? "low" : "high");
    json.key("no_information_counts_as").value(config.no_information == counts_as::low ? "low" : "high");
    json.key("serious_from").value(format_number(config.serious_from));
    json.key("outcomes").begin_array();
    for (const auto& g : grades) {
        json.begin_object();
        json.field("id", g.outcome.id.text).field("name", outcome_title(g));
        json.key("gathers").begin_array();
        for (const auto& o : g.outcome.outcomes) json.value(o);
        json.end_array();
        json.key("tags").begin_array();
        for (const auto& t : g.outcome.tags) json.value(t);
        json.end_array();
        json.key("weights_csv");
        if (g.outcome.weights_csv)
            json.value(g.outcome.weights_csv->text);
        else
            json.null();
        json.key("weight_field");
        if (g.weight_field.empty())
            json.null();
        else
            json.value(g.weight_field);
        json.key("start");
        if (g.start == 0)
            json.null();
        else
            json.value(certainty_name(g.start));
        json.field("start_reason", g.start_text);
        json.key("results").begin_array();
        for (const auto& r : g.results) {
            json.begin_object();
            json.field("study", r.study).field("file", r.file).field("outcome", r.result).field("label", r.label);
            json.field("rubric", r.rubric).field("overall", r.overall);
            if (r.recorded) json.field("provenance", recorded_provenance);
            json.field("included", r.excluded.empty());
            if (!r.excluded.empty()) json.field("excluded", r.excluded);
            json.field("counted_high", r.counted_high);
            json.field("start", certainty_name(r.start)).field("start_reason", r.start_reason);
            json.field("weight", format_number(r.weight));
            json.field("weight_from", r.own_weight ? "appraisal" : "review");
            json.key("drivers").begin_array();
            for (const auto& d : r.drivers) json.value(d);
            json.end_array();
            json.end_object();
        }
        json.end_array();
        json.key("not_used").begin_array();
        for (const auto& n : g.not_used) json.value(n);
        json.end_array();
        json.field("total_weight", format_number(g.total_weight));
        json.key("share_by_level").begin_object();
        static constexpr std::array<const char*, 4> keys = {"low", "concerns", "high", "no_information"};
        for (std::size_t i = 0; i < keys.size(); ++i) json.field(keys[i], share(g.level_weight[i], g.total_weight));
        json.end_object();
        json.field("share_counted_high", share(g.high_weight, g.total_weight));
        json.key("estimates");
        if (!g.estimates) {
            json.null();
        } else {
            const auto& e = *g.estimates;
            json.begin_object();
            json.field("file", g.outcome.estimates_csv->text);
            json.field("scale", g.outcome.scale == effect_scale::ratio ? "ratio" : "difference");
            json.field("pooling", config.pooling == pooling_model::random ? "random" : "fixed");
            const auto pooled = [&](const char* name, const std::optional<pooled_estimate>& p) {
                json.key(name);
                if (!p) {
                    json.null();
                    return;
                }
                json.begin_object();
                json.field("studies", p->studies).field("estimate", format_fixed(p->estimate, 4));
                json.field("lower", format_fixed(p->lower, 4)).field("upper", format_fixed(p->upper, 4));
                json.field("tau2", format_fixed(p->tau2, 4));
                json.end_object();
            };
            pooled("all", e.all);
            pooled("low", e.low);
            pooled("high", e.high);
            json.key("difference_p");
            if (e.difference_p)
                json.value(format_fixed(*e.difference_p, 4));
            else
                json.null();
            json.field("low_interval_holds_all", e.low_interval_holds_all);
            json.field("comparable", e.comparable).field("differ", e.differ);
            json.key("without_estimate").begin_array();
            for (const auto& id : e.without_estimate) json.value(id);
            json.end_array();
            json.field("text", e.text);
            json.end_object();
        }
        json.key("drivers").begin_array();
        for (const auto& d : g.drivers) {
            json.begin_object();
            json.field("rubric", d.rubric).field("domain", d.domain).field("name", d.name);
            json.field("share", format_fixed(d.share, 2)).field("results", d.results);
            json.end_object();
        }
        json.end_array();
        json.key("proposal").begin_object();
        json.key("rating");
        if (g.proposal.rating)
            json.value(rating_key(*g.proposal.rating));
        else
            json.null();
        json.field("rule", g.proposal.rule).field("kind", "proposal");
        json.end_object();
        json.key("reviewer").begin_object();
        for (std::size_t i = 0; i < grade_domain_count; ++i) {
            json.key(grade_domain_keys[i]);
            if (const auto& rating = g.outcome.ratings[i]) {
                json.begin_object().field("rating", rating_key(rating->rating)).field("reason", rating->reason);
                json.end_object();
            } else {
                json.null();
            }
        }
        json.key("upgrades").begin_object();
        for (std::size_t i = 0; i < grade_upgrade_count; ++i)
            if (const auto& up = g.outcome.upgrades[i]) {
                json.key(grade_upgrade_keys[i]).begin_object();
                json.field("levels", up->levels).field("reason", up->reason);
                json.end_object();
            }
        json.end_object();
        json.end_object();
        json.key("certainty");
        if (g.certainty.level)
            json.value(certainty_name(*g.certainty.level));
        else
            json.null();
        json.key("not_rated").begin_array();
        for (const auto& m : g.certainty.missing) json.value(m);
        json.end_array();
        json.key("footnotes").begin_array();
        for (const auto& f : g.footnotes) json.begin_object().field("mark", f.mark).field("text", f.text).end_object();
        json.end_array();
        json.end_object();
    }
    json.end_array();
    json.end_object();
    out << text << "\n";
}

// ---------------------------------------------------------------- markdown

void write_markdown(std::ostream& out, const std::vector<outcome_grade>& grades, const review_config& config) {
    out << "# GRADE: risk of bias per review outcome\n\nProtocol settings: "
        << markdown_cell(protocol_settings_text(config)) << "\n\n";
    out << "## Summary of findings\n\n";
    out << markdown_row({"Outcome", "Studies", "Starting level", "Risk of bias (reviewer)", "Proposal", "Certainty"});
    out << "|---|---|---|---|---|---|\n";
    for (const auto& g : grades) {
        std::set<std::string> studies;
        for (const auto& r : g.results)
            if (r.excluded.empty()) studies.insert(r.study);
        std::string marks;
        for (const auto& f : g.footnotes) marks += (marks.empty() ? " " : ",") + f.mark;
        const auto& rob = g.outcome.ratings[0];
        out << markdown_row({markdown_cell(outcome_title(g)), std::to_string(studies.size()),
                             g.start == 0 ? "-" : certainty_name(g.start),
                             rob ? rating_words(rob->rating) : "not rated",
                             g.proposal.rating ? rating_words(*g.proposal.rating) + " (proposal)" : "-",
                             markdown_cell(certainty_text(g) + marks)});
    }
    for (const auto& g : grades) {
        out << "\n## " << markdown_cell(outcome_title(g)) << " (`" << g.outcome.id.text << "`)\n\n";
        out << "Starting level: " << markdown_cell(g.start_text) << "\n\n";
        out << markdown_row({"Study", "Result", "Rubric", "Overall", "Counted", "Weight", "Share", "Excluded"});
        out << "|---|---|---|---|---|---|---|---|\n";
        for (const auto& r : g.results)
            out << markdown_row(
                {markdown_cell(r.study), markdown_cell(result_name(r)), markdown_cell(r.rubric),
                 markdown_cell(title_word(r.overall) + (r.recorded ? " (recorded)" : "")),
                 r.excluded.empty() ? (r.counted_high ? "high" : "low") : "-", format_trimmed(r.weight, 3),
                 r.excluded.empty() ? share(r.weight, g.total_weight) : "-", markdown_cell(r.excluded)});
        out << "\nShare of weight by overall risk of bias:";
        for (std::size_t i = 0; i < level_names.size(); ++i)
            out << (i == 0 ? " " : ", ") << level_names[i] << " " << share(g.level_weight[i], g.total_weight);
        out << "; counted high " << share(g.high_weight, g.total_weight) << ".\n\n";
        if (!g.drivers.empty()) {
            out << "Domains driving high risk of bias: ";
            std::vector<std::string> parts;
            for (const auto& d : g.drivers)
                parts.push_back(markdown_cell(driver_name(d)) + " " + format_fixed(d.share, 2));
            out << joined(parts, "; ") << ".\n\n";
        }
        out << "**Proposal** (computed, not a judgement): "
            << (g.proposal.rating ? rating_words(*g.proposal.rating) : std::string("none")) << ". "
            << markdown_cell(g.proposal.rule) << "\n\n";
        out << markdown_row({"GRADE domain", "The reviewer's rating", "Reason"}) << "|---|---|---|\n";
        for (std::size_t i = 0; i < grade_domain_count; ++i) {
            const auto& rating = g.outcome.ratings[i];
            out << markdown_row({domain_names[i], rating ? rating_words(rating->rating) : "not rated",
                                 rating ? markdown_cell(rating->reason) : ""});
        }
        for (std::size_t i = 0; i < grade_upgrade_count; ++i)
            if (const auto& up = g.outcome.upgrades[i]; up && up->levels > 0)
                out << markdown_row({upgrade_names[i], "+" + std::to_string(up->levels), markdown_cell(up->reason)});
        out << "\nCertainty: " << markdown_cell(certainty_text(g)) << "\n";
        for (const auto& f : g.footnotes) out << "\n" << f.mark << ". " << markdown_cell(f.text) << "\n";
    }
}

// ---------------------------------------------------------------- GRADEpro CSV

// GRADEpro's words for a rating [UNVERIFIED: instruments.md §7 says GRADEpro
// records "not serious / serious / very serious"; the spelling of the cells is ours].
std::string gradepro_rating(const std::optional<reviewer_rating>& rating) {
    if (!rating) return {};
    switch (rating->rating) {
        case grade_rating::not_serious:
            return "not serious";
        case grade_rating::serious:
            return "serious";
        case grade_rating::very_serious:
            return "very serious";
    }
    return {};
}

std::string footnote_marks(const outcome_grade& g, const std::string& what) {
    std::string marks;
    for (const auto& f : g.footnotes)
        if (f.text.rfind(what, 0) == 0) marks += (marks.empty() ? " " : ",") + f.mark;
    return marks;
}

void write_csv(std::ostream& out, const std::vector<outcome_grade>& grades) {
    std::vector<std::string> header;
    for (const auto& column : gradepro_columns()) header.emplace_back(column.name);
    out << csv_line(header);
    for (const auto& g : grades) {
        std::set<std::string> studies;
        bool randomised = false;
        bool other = false;
        for (const auto& r : g.results) {
            if (!r.excluded.empty()) continue;
            studies.insert(r.study);
            (r.randomised ? randomised : other) = true;
        }
        const std::string design = randomised && other ? "randomised trials and non-randomised studies"
                                   : randomised        ? "randomised trials"
                                   : other             ? "non-randomised studies"
                                                       : "";
        std::vector<std::string> other_considerations;
        static constexpr std::array<const char*, grade_upgrade_count> up_words = {
            "strong association", "dose response gradient",
            "all plausible residual confounding would reduce the "
            "demonstrated effect"};
        const auto& pb = g.outcome.ratings[4];
        if (pb && pb->rating != grade_rating::not_serious)
            other_considerations.push_back("publication bias strongly suspected" +
                                           footnote_marks(g, "publication bias"));
        for (std::size_t i = 0; i < grade_upgrade_count; ++i)
            if (const auto& up = g.outcome.upgrades[i]; up && up->levels > 0)
                other_considerations.emplace_back(up_words[i]);
        if (other_considerations.empty() && pb) other_considerations.emplace_back("none");
        std::string notes;
        for (const auto& f : g.footnotes) notes += (notes.empty() ? "" : " ") + f.mark + ". " + f.text;
        out << csv_line({outcome_title(g), std::to_string(studies.size()), design,
                         gradepro_rating(g.outcome.ratings[0]) + footnote_marks(g, "risk of bias"),
                         gradepro_rating(g.outcome.ratings[1]) + footnote_marks(g, "inconsistency"),
                         gradepro_rating(g.outcome.ratings[2]) + footnote_marks(g, "indirectness"),
                         gradepro_rating(g.outcome.ratings[3]) + footnote_marks(g, "imprecision"),
                         joined(other_considerations, "; "),
                         g.certainty.level
                             ? certainty_symbols(*g.certainty.level) + " " + certainty_name(*g.certainty.level)
                             : std::string{},
                         notes});
    }
}

}  // namespace

const std::vector<gradepro_column>& gradepro_columns() {
    // [UNVERIFIED] GRADEpro GDT's evidence-profile headings as we recall them;
    // check against an export before importing, and change them here only.
    static const std::vector<gradepro_column> columns = {
        {"Outcome", "the review outcome's name"},
        {"No of studies", "studies with an included result"},
        {"Study design", "randomised trials / non-randomised studies"},
        {"Risk of bias", "the reviewer's rating (not serious / serious / very serious) and footnote marks"},
        {"Inconsistency", "the reviewer's rating"},
        {"Indirectness", "the reviewer's rating"},
        {"Imprecision", "the reviewer's rating"},
        {"Other considerations", "publication bias and the reasons to rate up"},
        {"Certainty", "the level with its symbols, from the reviewer's ratings"},
        {"Footnotes", "one per rating down or up, with the reviewer's reason"},
    };
    return columns;
}

const std::vector<std::string>& grade_format_names() {
    static const std::vector<std::string> names = {"text", "json", "markdown", "csv"};
    return names;
}

void write_grade(const std::string& format, std::ostream& out, const std::vector<outcome_grade>& grades,
                 const review_config& config) {
    if (format == "text")
        write_text(out, grades, config);
    else if (format == "json")
        write_json(out, grades, config);
    else if (format == "markdown")
        write_markdown(out, grades, config);
    else if (format == "csv")
        write_csv(out, grades);
    else
        throw std::invalid_argument("unknown grade format `" + format + "`");
}

}  // namespace appraise
