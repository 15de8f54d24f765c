// One FHIR R5 Bundle (JSON) of RiskOfBias ArtifactAssessments. For each
// study: a Citation (its id, title, authors, year and DOI as coded); for each
// result of a per-result rubric an Evidence citing it; for each appraisal an
// ArtifactAssessment whose artifactReference is the Evidence (or the Citation
// when the rubric appraises the study once). Its content: the rating system,
// then the risk of bias with the overall judgement, one component per domain
// (judgement, support) and inside it one per answer (the code, the quote).
// A domain or overall that was not assessed has no classifier at all: its
// summary says "Not assessed" and why, so no reader of the Bundle can take it
// for a judgement. Ids are name-based UUIDs (fhir_ids.hpp); no clock is read
// unless SOURCE_DATE_EPOCH is set.
#include "appraise/reports/fhir_report.hpp"

#include <cstdlib>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/version.hpp"
#include "appraise/reports/alternatives_text.hpp"
#include "appraise/reports/export_rows.hpp"
#include "appraise/reports/fhir_codes.hpp"
#include "appraise/reports/fhir_ids.hpp"
#include "appraise/reports/judgement_words.hpp"
#include "appraise/reports/result_labels.hpp"
#include "appraise/reports/support_text.hpp"

namespace appraise {
namespace {

using json = nlohmann::ordered_json;

json coding(std::string_view system, std::string_view code) {
    return json{{"system", std::string(system)}, {"code", std::string(code)}};
}

// A CodeableConcept: the code when there is one, always the words.
json concept_of(std::string_view system, std::optional<std::string_view> code, const std::string& text) {
    json value = json::object();
    if (code) value["coding"] = json::array({coding(system, *code)});
    if (!text.empty()) value["text"] = text;
    return value;
}

// FHIR JSON has no empty strings: a summary is set only when there is one.
void set_text(json& element, const char* key, const std::string& text) {
    if (!text.empty()) element[key] = text;
}

std::string paragraphs(const std::vector<std::string>& parts) {
    std::string text;
    for (const auto& part : parts)
        if (!part.empty()) text += (text.empty() ? "" : "\n\n") + part;
    return text;
}

// The one value of a facet, or empty when it was not coded.
std::string facet_text(const study_result& study, const std::string& field) {
    const auto found = study.facets.find(field);
    if (found == study.facets.end() || found->second.empty() || found->second.front() == not_reported_label) return {};
    return found->second.front();
}

// The timestamp of a reproducible build (SOURCE_DATE_EPOCH, seconds since
// 1970), as a FHIR instant; empty when unset or not a number.
std::string source_date_instant() {
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");  // NOLINT(concurrency-mt-unsafe): read once, nothing sets it
    if (epoch == nullptr || *epoch == '\0') return {};
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (end == nullptr || *end != '\0' || seconds < 0) return {};
    const auto when = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

class fhir_report final : public report_writer {
public:
    fhir_report(std::ostream& out, report_context context) : out_(out), context_(std::move(context)) {
        for (const auto& r : context_.rubrics) rubrics_[r.id] = r;
    }

    // The ids must be unique across the corpus (a repeated study id is told
    // apart here), so resources are made as files arrive, in corpus order.
    std::string render(const file_result&) const override { return {}; }

    void add(const file_result& file, std::string_view) override {
        for (const auto& study : file.studies) add_study(study);
    }

    void finish(const run_summary&) override {
        if (entries_ == 0) {
            // An empty array is not FHIR JSON: a Bundle with nothing has no `entry`.
            json bundle{{"resourceType", "Bundle"}, {"type", "collection"}};
            set_text(bundle, "timestamp", source_date_instant());
            out_ << bundle.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
        } else {
            out_ << "\n  ]\n}\n";
        }
        out_.flush();
        if (context_.notes != nullptr) write_notes(*context_.notes);
    }

private:
    void add_study(const study_result& study) {
        if (!study.appraised) {
            not_appraised_.push_back(study.id);
            return;
        }
        const auto labels = result_labels(study);
        std::string citation_url;
        std::set<std::string> evidence_urls;
        for (std::size_t k = 0; k < study.appraisals.size(); ++k) {
            const auto& a = study.appraisals[k];
            if (a.domains.empty() && !a.overall) continue;  // the rubric did not apply
            if (const auto errors = coding_error_text(a); !errors.empty()) {
                coding_errors_.push_back(labels[k] + ": " + errors);
                continue;
            }
            if (citation_url.empty()) citation_url = write_citation(study);
            std::string artifact = citation_url;
            std::string artifact_type = "Citation";
            if (!a.label.empty()) {
                artifact = unique_url("urn:appraise:result:" + study.id + ":" + a.label);
                artifact_type = "Evidence";
                // Two rubrics that judge one result point at one Evidence.
                if (evidence_urls.insert(artifact).second) write_evidence(study, a, artifact, citation_url);
            }
            write_assessment(study, a, labels[k], artifact, artifact_type);
        }
    }

    // The fullUrl of `name`; a study id that repeats in the corpus (an input
    // error, but still written) gets "#2" and on in its names.
    std::string unique_url(const std::string& name) {
        std::string url = fhir_full_url(name);
        for (int n = 2; used_.count(url) != 0 && !current_.count(url); ++n)
            url = fhir_full_url(name + "#" + std::to_string(n));
        return url;
    }

    std::string write_citation(const study_result& study) {
        current_.clear();
        std::string url = unique_url("urn:appraise:study:" + study.id);
        json citation{{"resourceType", "Citation"}};
        citation["identifier"] =
            json::array({json{{"type", json{{"text", "appraise study id"}}}, {"value", study.id}}});
        citation["status"] = "active";
        json cited = json::object();
        if (const auto doi = facet_text(study, "doi"); !doi.empty())
            cited["identifier"] = json::array({json{{"system", std::string(doi_system)}, {"value", doi}}});
        if (const auto title = facet_text(study, "title"); !title.empty())
            cited["title"] = json::array({json{{"text", title}}});
        if (const auto year = facet_text(study, "year"); !year.empty())
            cited["publicationForm"] = json::array({json{{"articleDate", year}}});
        if (const auto authors = study.facets.find("authors"); authors != study.facets.end()) {
            json entries = json::array();
            for (const auto& name : authors->second)
                if (!name.empty() && name != not_reported_label)
                    entries.push_back(json{{"contributor", json{{"display", name}}}});
            if (!entries.empty()) cited["contributorship"] = json{{"entry", entries}};
        }
        if (!cited.empty()) citation["citedArtifact"] = cited;
        write_entry(url, citation);
        return url;
    }

    void write_evidence(const study_result& study, const sdk::appraisal& a, const std::string& url,
                        const std::string& citation_url) {
        json evidence{{"resourceType", "Evidence"}, {"title", study.id + ": " + a.label}};
        evidence["citeAsReference"] = json{{"reference", citation_url}, {"type", "Citation"}, {"display", study.id}};
        evidence["status"] = "active";
        // What the result measures: the outcome its label names.
        json variable{{"description", "Outcome: " + outcome_of(a.label)}};
        variable["variableRole"] = concept_of(variable_role_system, "measuredVariable", "outcome");
        evidence["variableDefinition"] = json::array({variable});
        write_entry(url, evidence);
    }

    void write_assessment(const study_result& study, const sdk::appraisal& a, const std::string& label,
                          const std::string& artifact, const std::string& artifact_type) {
        const auto rubric = rubrics_.find(a.rubric);
        const std::string rubric_name = rubric != rubrics_.end() ? rubric->second.name : a.rubric;
        json assessment{{"resourceType", "ArtifactAssessment"}};
        assessment["meta"] = json{{"profile", json::array({std::string(risk_of_bias_profile)})}};
        assessment["title"] = rubric_name + " of " + label;
        assessment["artifactReference"] = json{{"reference", artifact}, {"type", artifact_type}, {"display", label}};

        json rating_system{{"type", json{{"coding", json::array({coding(content_type_system, "rating-system")})}}}};
        rating_system["classifier"] = json::array(
            {concept_of(rating_system_system, rating_system_code(a.rubric), rubric_name + " " + a.rubric_version)});

        json risk{{"type", json{{"coding", json::array({coding(certainty_type_system, "RiskOfBias")})}}}};
        if (a.overall) {
            if (!a.overall->empty() && a.overall_not_assessed.empty()) {
                risk["classifier"] = json::array({level_concept(a.rubric, *a.overall)});
            } else {
                ++not_assessed_;
            }
            std::vector<std::string> parts;
            if (a.overall->empty() || !a.overall_not_assessed.empty())
                parts.push_back(not_assessed_text(a.overall_not_assessed));
            for (auto& part : support_parts(a.overall_support, {}, a.overall_direction)) parts.push_back(part);
            parts.push_back(override_text(a.overall_proposed, a.overall_override_reason));
            set_text(risk, "summary", paragraphs(parts));
        }
        json domains = json::array();
        for (const auto& d : a.domains) domains.push_back(domain_component(a.rubric, d));
        if (!domains.empty()) risk["component"] = domains;

        json content = json::array({rating_system, risk});
        if (study.screened_out) {
            json comment{{"informationType", "comment"}};
            comment["summary"] = std::string("Excluded from synthesis pending review: ") + study.screened_out->rubric +
                                 " judged it " + title_word(study.screened_out->judgement);
            content.push_back(comment);
        }
        assessment["content"] = content;
        write_entry(unique_url("urn:appraise:assessment:" + study.id + ":" + a.rubric + ":" + label), assessment);
        ++assessments_;
    }

    json domain_component(const std::string& rubric, const sdk::domain_result& d) {
        json component{{"type", concept_of(sevco_system, sevco_bias_type(rubric, d.id), d.name)}};
        const bool judged = !d.judgement.empty() && d.not_assessed.empty();
        std::vector<std::string> parts;
        if (judged) {
            json classifiers = json::array({level_concept(rubric, d.judgement)});
            if (const auto direction = sevco_direction(d.direction))
                classifiers.push_back(concept_of(sevco_system, direction, "Direction: " + title_word(d.direction)));
            component["classifier"] = classifiers;
        } else {
            ++not_assessed_;
            parts.push_back(not_assessed_text(d.not_assessed));
        }
        for (auto& part : support_parts(d.support, {}, d.direction)) parts.push_back(part);
        parts.push_back(override_text(d.proposed, d.override_reason));
        parts.push_back(alternatives_text(d.alternatives));
        set_text(component, "summary", paragraphs(parts));
        json answers = json::array();
        for (const auto& answer : d.answers) answers.push_back(answer_component(answer));
        if (!answers.empty()) component["component"] = answers;
        return component;
    }

    // One answer: its id, its code as a classifier, the quote and place as
    // summary. The profile defines no answers: this nesting is appraise's.
    static json answer_component(const sdk::answer& answer) {
        json component{{"type", json{{"text", answer_name(answer)}}}};
        std::vector<std::string> parts;
        if (answer.provenance == "not-assessed" || answer.value.empty() || answer.value == "not-assessed") {
            parts.emplace_back("Not assessed");
        } else {
            component["classifier"] = json::array({json{{"text", answer.value}}});
            if (!answer.provenance.empty() && answer.provenance != "coded")
                parts.push_back(title_word(answer.provenance));
        }
        if (!answer.evidence->support.empty()) parts.push_back("\"" + answer.evidence->support + "\"");
        parts.push_back(evidence_place(answer.evidence));
        if (!answer.evidence->resolved.empty())
            parts.push_back("Resolved: " + answer.evidence->resolved +
                            (answer.evidence->reason.empty() ? std::string() : ", " + answer.evidence->reason));
        set_text(component, "summary", paragraphs(parts));
        return component;
    }

    // The judgement's words, with SEVCO's code only when the word is a SEVCO level.
    json level_concept(const std::string& rubric, const std::string& judgement) {
        const auto code = sevco_level(rubric, judgement);
        if (!code) uncoded_.insert(title_word(judgement));
        return concept_of(sevco_system, code, title_word(judgement));
    }

    static std::string override_text(const std::string& proposed, const std::string& reason) {
        if (proposed.empty()) return {};
        return "The reviewer's judgement; the algorithm gave " + title_word(proposed) +
               (reason.empty() ? std::string() : ": " + reason);
    }

    void write_entry(const std::string& url, const json& resource) {
        used_.insert(url);
        current_.insert(url);
        if (entries_ == 0) {
            out_ << "{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n";
            if (const auto when = source_date_instant(); !when.empty())
                out_ << "  \"timestamp\": \"" << when << "\",\n";
            out_ << "  \"entry\": [\n";
        } else {
            out_ << ",\n";
        }
        // Each entry indented under `entry`: a dumped string holds no raw newline, so every newline is layout.
        // Text that is not UTF-8 (from a plugin) is written with U+FFFD rather than failing the run.
        std::string text =
            json{{"fullUrl", url}, {"resource", resource}}.dump(2, ' ', false, json::error_handler_t::replace);
        std::string indented = "    ";
        for (const char c : text) {
            indented.push_back(c);
            if (c == '\n') indented += "    ";
        }
        out_ << indented;
        ++entries_;
    }

    void write_notes(std::ostream& notes) const {
        notes << "fhir: " << assessments_ << (assessments_ == 1 ? " ArtifactAssessment" : " ArtifactAssessments")
              << " (RiskOfBias profile) in a FHIR R5 Bundle of " << entries_
              << (entries_ == 1 ? " resource" : " resources") << ", written by " << tool_name << ' ' << tool_version
              << '\n';
        if (not_assessed_ > 0)
            notes << "fhir: " << not_assessed_ << (not_assessed_ == 1 ? " domain or overall" : " domains or overalls")
                  << " not assessed: written with no classifier, the summary saying why\n";
        if (!uncoded_.empty()) {
            std::vector<std::string> words(uncoded_.begin(), uncoded_.end());
            notes << "fhir: judgements the guide has no code for, written as text only: " << joined(words) << '\n';
        }
        if (!not_appraised_.empty())
            notes << "fhir: " << not_appraised_.size() << (not_appraised_.size() == 1 ? " study" : " studies")
                  << " not appraised (errors in its coding), left out: " << not_appraised_.text() << '\n';
        if (!coding_errors_.empty()) {
            notes << "fhir: left out " << coding_errors_.size()
                  << (coding_errors_.size() == 1 ? " appraisal" : " appraisals")
                  << " whose coding has errors, so a judgement may not be what the reviewer meant; fix them:\n";
            notes << noted_lines(coding_errors_);
        }
    }

    std::ostream& out_;
    report_context context_;
    std::map<std::string, sdk::rubric_description> rubrics_;
    std::set<std::string> used_;     // every fullUrl written
    std::set<std::string> current_;  // those of the study being written
    std::size_t entries_ = 0;
    std::size_t assessments_ = 0;
    std::size_t not_assessed_ = 0;
    std::set<std::string> uncoded_;
    noted_items not_appraised_;
    noted_items coding_errors_;
};

}  // namespace

const std::vector<std::string>& fhir_citation_fields() {
    static const std::vector<std::string> fields{"authors", "year", "title", "doi"};
    return fields;
}

std::unique_ptr<report_writer> make_fhir_report(std::ostream& out, report_context context) {
    return std::make_unique<fhir_report>(out, std::move(context));
}

}  // namespace appraise
