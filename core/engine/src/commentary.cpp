#include "appraise/engine/commentary.hpp"

#include <algorithm>

#include "appraise/model/suggest.hpp"

namespace appraise {
namespace {

// The appraisal tables of one rubric in the study, in the order written.
std::vector<const sdk::node*> appraisal_tables(const sdk::study& study, const std::string& rubric) {
    std::vector<const sdk::node*> tables;
    const sdk::node* all = study.find("appraisal");
    const sdk::node* own = all != nullptr && all->type == sdk::node::kind::table ? all->get(rubric) : nullptr;
    if (own == nullptr) return tables;
    if (own->type == sdk::node::kind::table) tables.push_back(own);
    if (own->type == sdk::node::kind::array)
        for (const auto& element : own->items)
            if (element.type == sdk::node::kind::table) tables.push_back(&element);
    return tables;
}

void check_keys(const std::vector<commentary_entry>& entries, const char* what, const std::string& rubric,
                const std::vector<std::string>& targets, diagnostics& problems) {
    for (const auto& entry : entries) {
        if (std::find(targets.begin(), targets.end(), entry.key) != targets.end()) continue;
        std::string message = std::string(what) + " for `" + entry.key + "`, but " + rubric + " has no such domain";
        if (auto near = nearest(entry.key, targets)) message += "; did you mean `" + *near + "`?";
        std::string known;
        for (const auto& target : targets) known += (known.empty() ? "" : ", ") + target;
        problems.push_back({severity::error, "coding/unknown-domain", message, entry.where,
                            "its domains (appraise explain " + rubric + "): " + known});
    }
}

void attach(sdk::appraisal& appraisal, const appraisal_commentary* commentary, const sdk::node* table) {
    if (commentary != nullptr) {
        appraisal.notes = commentary->notes;
        appraisal.weight = commentary->weight;
        const auto put = [&](const std::vector<commentary_entry>& entries, auto member, std::string& overall) {
            for (const auto& entry : entries) {
                if (entry.key == "overall") {
                    overall = entry.text;
                    continue;
                }
                for (auto& domain : appraisal.domains)
                    if (domain.id == entry.key) domain.*member = entry.text;
            }
        };
        put(commentary->support, &sdk::domain_result::support, appraisal.overall_support);
        put(commentary->direction, &sdk::domain_result::direction, appraisal.overall_direction);
    }
    if (table == nullptr) return;
    for (auto& domain : appraisal.domains)
        for (auto& answer : domain.answers) {
            if (answer.provenance != "coded" || !answer.evidence.empty()) continue;
            const sdk::node* coded = table->get(answer.id);
            // A per-outcome answer coded per outcome: { reading = ..., math = ... }.
            if (coded != nullptr && coded->type == sdk::node::kind::table && !answer.outcome.empty())
                coded = coded->get(answer.outcome);
            if (coded != nullptr) answer.evidence = coded->evidence;
        }
}

}  // namespace

void attach_commentary(std::vector<sdk::appraisal>& appraisals, const sdk::study& study,
                       const study_commentary& commentary, const std::vector<rubric_instance>& rubrics,
                       diagnostics& problems) {
    for (const auto& rubric : rubrics) {
        const auto& description = rubric.entry->description;
        const auto written = commentary.find(description.id);
        const std::vector<appraisal_commentary>* entries = written == commentary.end() ? nullptr : &written->second;
        if (entries != nullptr) {
            std::vector<std::string> targets;
            for (const auto& domain : description.domains) targets.push_back(domain.id);
            targets.emplace_back("overall");
            for (const auto& one : *entries) {
                check_keys(one.support, "support", description.id, targets, problems);
                check_keys(one.direction, "a direction of bias", description.id, targets, problems);
            }
        }
        const std::vector<const sdk::node*> tables = appraisal_tables(study, description.id);
        std::vector<sdk::appraisal*> produced;
        for (auto& appraisal : appraisals)
            if (appraisal.rubric == description.id) produced.push_back(&appraisal);
        for (std::size_t k = 0; k < produced.size(); ++k) {
            // One table serves all; else pair by position when the counts agree.
            const std::size_t at = tables.size() == 1 ? 0 : k;
            const bool paired = tables.size() == 1 || tables.size() == produced.size();
            const sdk::node* table = paired && at < tables.size() ? tables[at] : nullptr;
            const appraisal_commentary* one =
                paired && entries != nullptr && at < entries->size() ? &(*entries)[at] : nullptr;
            attach(*produced[k], one, table);
        }
    }
}

}  // namespace appraise
