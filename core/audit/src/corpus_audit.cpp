#include "appraise/audit/corpus_audit.hpp"

#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <range/v3/algorithm/sort.hpp>
#include <range/v3/range/conversion.hpp>
#include <range/v3/view/join.hpp>
#include <range/v3/view/map.hpp>
#include <range/v3/view/transform.hpp>

#include "appraise/reports/json_convert.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {

using json = nlohmann::ordered_json;

namespace rv = ranges::views;

void corpus_audit::add(const file_result& file) {
    for (const auto& study : file.studies) {
        if (!study.appraised) continue;
        ++studies_;
        const auto facet = study.facets.find(group_field_);
        const std::vector<std::string> groups =
            facet == study.facets.end() ? std::vector<std::string>{not_reported_label} : facet->second;
        for (const auto& group : groups) ++group_sizes_[group];
        study_groups_[study.id] = groups;
        // The screening mark is a row of its own, so every audit format lists the studies.
        if (study.screened_out) {
            audit_row& row = rows_[screening_row_id];
            row.finding_id = screening_row_id;
            row.level = std::max(row.level, severity::warning);
            row.concern = sdk::finding_concern::integrity;
            row.studies.insert(study.id);
            for (const auto& group : groups) row.by_group[group].insert(study.id);
            // It applies where the screening rubric appraised (its share is of those).
            row_rubric_.try_emplace(screening_row_id, study.screened_out->rubric);
        }
        for (const auto& appraisal : study.appraisals) {
            count_judgements(appraisal, groups);
            appraised_by_[appraisal.rubric].insert(study.id);
            for (const auto& domain : appraisal.domains)
                for (const auto& answer : domain.answers) note_check(appraisal.rubric, study.id, answer);
            for (const auto& finding : appraisal.findings) {
                audit_row& row = rows_[finding.id];
                row.finding_id = finding.id;
                row.level = std::max(row.level, finding.level);
                row.concern = finding.concern;
                row.studies.insert(study.id);
                for (const auto& group : groups) row.by_group[group].insert(study.id);
                row_rubric_.try_emplace(finding.id, appraisal.rubric);
            }
        }
    }
}

namespace {

// Worst first: a study with several results takes the worst word of the check.
int check_rank(const std::string& word) {
    if (word == check_weakness) return 3;
    if (word == check_not_reported) return 2;
    if (word == check_fine) return 1;
    return 0;
}

// How a check came out, in the audit's four words. A rubric of integrity
// flags (the trustworthiness screen) says flagged / consistent; a flag whose
// facts were not coded was not checked, which is neither "not reported" (the
// study may report them) nor fine: such a study is left out of the counts.
const char* check_word(const std::string& value) {
    if (value == check_not_applicable) return check_not_applicable;
    if (value == check_fine || value == "consistent") return check_fine;
    if (value == check_weakness || value == "flagged") return check_weakness;
    if (value == check_not_reported) return check_not_reported;
    return nullptr;
}

}  // namespace

void corpus_audit::note_check(const std::string& rubric, const std::string& study, const sdk::answer& answer) {
    if (answer.provenance != "derived") return;
    const char* came_out = check_word(answer.value);
    if (came_out == nullptr) return;
    std::string& word = check_words_[rubric + "/" + answer.id][study];
    if (word.empty() || check_rank(came_out) > check_rank(word)) word = came_out;
}

void corpus_audit::count_checks(audit_row& row) const {
    const auto add = [&](const std::string& study, const std::string& word) {
        const auto sort_into = [&](check_counts& c) {
            c.applies.insert(study);
            if (word == check_weakness) c.weakness.insert(study);
            if (word == check_not_reported) c.not_reported.insert(study);
            if (word == check_fine) c.fine.insert(study);
        };
        sort_into(row.checks);
        if (const auto groups = study_groups_.find(study); groups != study_groups_.end())
            for (const auto& group : groups->second) sort_into(row.checks_by_group[group]);
    };
    const auto words = check_words_.find(row.finding_id);
    row.per_study = words != check_words_.end();
    if (row.per_study) {
        for (const auto& [study, word] : words->second)
            if (word != check_not_applicable) add(study, word);
        // A study with the finding whose answer says otherwise still counts where the check applies.
        for (const auto& study : row.studies)
            if (row.checks.applies.count(study) == 0) add(study, check_weakness);
        return;
    }
    const auto rubric = row_rubric_.find(row.finding_id);
    if (rubric == row_rubric_.end()) return;
    const auto appraised = appraised_by_.find(rubric->second);
    if (appraised == appraised_by_.end()) return;
    for (const auto& study : appraised->second) add(study, "");
}

void corpus_audit::count_judgements(const sdk::appraisal& appraisal, const std::vector<std::string>& groups) {
    if (appraisal.domains.empty() && !appraisal.overall && appraisal.overall_not_assessed.empty()) return;
    auto [at, fresh] = tallies_.try_emplace(appraisal.rubric);
    if (fresh) rubric_order_.push_back(appraisal.rubric);
    tally& t = at->second;
    t.version = appraisal.rubric_version;
    const auto note = [&](const std::string& domain, const std::string& judgement) {
        if (std::find(t.domain_order.begin(), t.domain_order.end(), domain) == t.domain_order.end())
            t.domain_order.push_back(domain);
        if (std::find(t.seen_words.begin(), t.seen_words.end(), judgement) == t.seen_words.end())
            t.seen_words.push_back(judgement);
        ++t.totals[domain][judgement];
        for (const auto& group : groups) ++t.counts[domain][group][judgement];
    };
    // Not assessed is a category of its own, never a judgement of the scale.
    for (const auto& domain : appraisal.domains)
        note(domain.name, domain.not_assessed.empty() ? domain.judgement : not_assessed_word);
    if (!appraisal.overall_not_assessed.empty())
        note("Overall", not_assessed_word);
    else if (appraisal.overall)
        note("Overall", *appraisal.overall);
}

std::vector<rubric_judgements> corpus_audit::judgements() const {
    std::vector<std::string> order;
    for (const auto& rubric : rubrics_)
        if (tallies_.count(rubric.id) != 0) order.push_back(rubric.id);
    for (const auto& id : rubric_order_)
        if (std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
    std::vector<rubric_judgements> out;
    for (const auto& id : order) {
        const tally& t = tallies_.at(id);
        rubric_judgements r{id, t.version, {}, {}};
        std::vector<std::string> domains;
        const auto described = std::find_if(rubrics_.begin(), rubrics_.end(),
                                            [&](const sdk::rubric_description& d) { return d.id == id; });
        if (described != rubrics_.end()) {
            r.scale = described->judgement_scale;
            r.rungs = described->judgement_rungs;
            for (const auto& d : described->domains)
                if (t.counts.count(d.name) != 0) domains.push_back(d.name);
        }
        for (const auto& d : t.domain_order)
            if (d != "Overall" && std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);
        if (t.counts.count("Overall") != 0) domains.emplace_back("Overall");
        // Columns: the scale, then words outside it by name (deterministic whatever the corpus order).
        // "not-assessed", when any, comes last: it is no rung of the scale.
        std::vector<std::string> others;
        bool open = false;
        for (const auto& w : t.seen_words) {
            if (w == not_assessed_word)
                open = true;
            else if (std::find(r.scale.begin(), r.scale.end(), w) == r.scale.end())
                others.push_back(w);
        }
        std::sort(others.begin(), others.end());
        r.scale.insert(r.scale.end(), others.begin(), others.end());
        if (open && std::find(r.scale.begin(), r.scale.end(), not_assessed_word) == r.scale.end())
            r.scale.emplace_back(not_assessed_word);
        for (const auto& name : domains) {
            r.rows.push_back({name, t.totals.at(name), t.counts.at(name)});
        }
        out.push_back(std::move(r));
    }
    return out;
}

namespace {

// A check that applies to no study says nothing about the corpus, and a
// rubric's "<rubric>/not-applicable" finding marks studies the rubric does not
// apply to ("ROBINS-I not applicable: 100%"). The screening row always shows.
bool applies_nowhere(const audit_row& row) {
    if (row.finding_id == screening_row_id) return false;
    const auto slash = row.finding_id.find('/');
    return row.checks.applies.empty() ||
           (slash != std::string::npos && row.finding_id.substr(slash + 1) == "not-applicable");
}

}  // namespace

std::vector<audit_row> corpus_audit::rows() const {
    auto sorted = all_rows();
    if (!show_all_) sorted.erase(std::remove_if(sorted.begin(), sorted.end(), applies_nowhere), sorted.end());
    return sorted;
}

std::size_t corpus_audit::hidden_rows() const {
    if (show_all_) return 0;
    const auto all = all_rows();
    return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), applies_nowhere));
}

std::string corpus_audit::finding_title(const std::string& finding_id) const {
    if (finding_id == screening_row_id) return "Excluded from synthesis pending review";
    const auto slash = finding_id.find('/');
    if (slash == std::string::npos) return finding_id;
    const std::string rubric = finding_id.substr(0, slash);
    const std::string slug = finding_id.substr(slash + 1);
    for (const auto& d : rubrics_) {
        if (d.id != rubric) continue;
        for (const auto& f : d.findings)
            if (f.slug == slug && !f.title.empty()) return f.title;
    }
    return finding_id;
}

std::string corpus_audit::rubric_title(const std::string& rubric_id) const {
    for (const auto& d : rubrics_)
        if (d.id == rubric_id && !d.name.empty()) return d.name;
    return rubric_id;
}

std::vector<audit_row> corpus_audit::all_rows() const {
    auto sorted = rows_ | rv::values | ranges::to<std::vector>();
    for (auto& row : sorted) count_checks(row);
    ranges::sort(sorted, [](const audit_row& a, const audit_row& b) {
        if (a.studies.size() != b.studies.size()) return a.studies.size() > b.studies.size();
        return a.finding_id < b.finding_id;
    });
    return sorted;
}

const std::set<std::string>* studies_in(const audit_row& row, const std::string& group) {
    const auto in = row.by_group.find(group);
    return in == row.by_group.end() ? nullptr : &in->second;
}

const check_counts& checks_in(const audit_row& row, const std::string& group) {
    static const check_counts none;
    const auto in = row.checks_by_group.find(group);
    return in == row.checks_by_group.end() ? none : in->second;
}

std::string count_share(std::size_t part, std::size_t whole) {
    return std::to_string(part) + " (" + format_percent(part, whole) + ")";
}

const std::map<std::string, std::size_t>* counts_in(const judgement_row& row, const std::string* group) {
    if (group == nullptr) return &row.counts;
    const auto in = row.by_group.find(*group);
    return in == row.by_group.end() ? nullptr : &in->second;
}

bool judged_in(const rubric_judgements& rubric, const std::string& group) {
    return std::any_of(rubric.rows.begin(), rubric.rows.end(),
                       [&](const judgement_row& row) { return row.by_group.count(group) != 0; });
}

std::string group_title(const std::string& group, std::size_t size) {
    return group + " (" + std::to_string(size) + (size == 1 ? " study)" : " studies)");
}

namespace {

std::string joined(const std::set<std::string>& ids) {
    auto with_commas = ids  // not const: a join view cannot be iterated as const
                       | rv::transform([](const std::string& id) { return id + ", "; }) | rv::join;
    std::string text = with_commas | ranges::to<std::string>();
    if (!text.empty()) text.resize(text.size() - 2);
    return text;
}

// One judgement table: rows are domains, columns the judgement words.
void write_judgement_table(std::ostream& out, const rubric_judgements& r, const std::string* group) {
    std::size_t width = 8;
    for (const auto& row : r.rows) width = std::max(width, row.domain.size());
    const int w = static_cast<int>(width);
    out << "    " << std::left << std::setw(w) << "";
    for (const auto& word : r.scale) out << "  " << word;
    out << '\n';
    for (const auto& row : r.rows) {
        const auto* counts = counts_in(row, group);
        if (counts == nullptr) continue;
        out << "    " << std::left << std::setw(w) << row.domain;
        for (const auto& word : r.scale) {
            const auto n = counts->find(word);
            out << "  " << std::right << std::setw(static_cast<int>(word.size()))
                << (n == counts->end() ? 0 : n->second);
        }
        out << '\n';
    }
}

}  // namespace

namespace {

// A check's count and its share of the studies where it applies; "-" when the rubric does not say.
std::string check_cell(const audit_row& row, const std::set<std::string>& ids, const check_counts& counts) {
    return row.per_study ? count_share(ids.size(), counts.applies.size()) : "-";
}

}  // namespace

void write_audit_text(std::ostream& out, const corpus_audit& audit) {
    const auto rows = audit.rows();
    out << "Corpus audit: " << audit.studies() << " appraised studies, " << rows.size() << " kinds of finding\n";
    if (!rows.empty())
        out << "Shares are of the studies where each check applies (\"-\": the rubric does not say per study, so it "
               "applies where the rubric appraised).\n"
            << audit_legend_text;
    if (const std::size_t hidden = audit.hidden_rows(); hidden != 0)
        out << hidden_rows_text(hidden) << ": --all shows them.\n";
    out << '\n';
    std::size_t width = 7;
    std::size_t id_width = 2;
    for (const auto& row : rows) {
        width = std::max(width, audit.finding_title(row.finding_id).size());
        id_width = std::max(id_width, row.finding_id.size());
    }
    const int w = static_cast<int>(width);
    const int iw = static_cast<int>(id_width);
    out << std::left << std::setw(w) << "finding"
        << "  " << std::setw(iw) << "id"
        << "  severity  concern        applies  found       weakness    not-reported  fine        which\n";
    for (const auto& row : rows) {
        const check_counts& c = row.checks;
        out << std::left << std::setw(w) << audit.finding_title(row.finding_id) << "  " << std::setw(iw)
            << row.finding_id << "  " << std::setw(8) << sdk::to_string(row.level) << "  " << std::setw(13)
            << sdk::to_string(row.concern) << "  " << std::right << std::setw(7) << c.applies.size() << "  "
            << std::left << std::setw(10) << count_share(row.studies.size(), c.applies.size()) << "  " << std::setw(10)
            << check_cell(row, c.weakness, c) << "  " << std::setw(12) << check_cell(row, c.not_reported, c) << "  "
            << std::setw(10) << check_cell(row, c.fine, c) << "  " << joined(row.studies) << '\n';
    }
    out << "\nBy " << audit.group_field() << ":\n";
    for (const auto& [group, size] : audit.group_sizes()) {
        out << "\n  " << group_title(group, size) << '\n';
        for (const auto& row : rows) {
            const auto* in_group = studies_in(row, group);
            if (in_group == nullptr) continue;
            const check_counts& c = checks_in(row, group);
            out << "    " << std::left << std::setw(w) << audit.finding_title(row.finding_id) << "  " << std::right
                << std::setw(3) << in_group->size() << '/' << std::left << std::setw(3) << c.applies.size() << ' '
                << std::right << std::setw(5) << format_percent(in_group->size(), c.applies.size()) << "  ";
            if (row.per_study)
                out << "weakness " << c.weakness.size() << ", not reported " << c.not_reported.size() << ", fine "
                    << c.fine.size() << "  ";
            out << joined(*in_group) << '\n';
        }
    }
    const auto judgements = audit.judgements();
    if (judgements.empty()) return;
    out << "\nJudgements by " << audit.group_field() << " (counted per appraised result):\n";
    for (const auto& r : judgements) {
        out << "\n  " << audit.rubric_title(r.rubric) << " (" << r.rubric << ") " << r.version << ", all studies\n";
        write_judgement_table(out, r, nullptr);
        for (const auto& [group, size] : audit.group_sizes()) {
            if (!judged_in(r, group)) continue;
            out << "\n  " << r.rubric << ", " << group_title(group, size) << '\n';
            write_judgement_table(out, r, &group);
        }
    }
}

void write_audit_json(std::ostream& out, const corpus_audit& audit) {
    json findings = json::array();
    for (const auto& row : audit.rows()) {
        // The check's outcome where it applies; null where the rubric does not say.
        const auto outcomes = [&](const check_counts& c, bool with_ids) {
            json o{{"applies", c.applies.size()}};
            const auto part = [&](const char* key, const std::set<std::string>& ids) {
                if (!row.per_study)
                    o[key] = nullptr;
                else if (with_ids)
                    o[key] = {{"count", ids.size()}, {"studies", ids}};
                else
                    o[key] = ids.size();
            };
            part("weakness", c.weakness);
            part("not_reported", c.not_reported);
            part("fine", c.fine);
            return o;
        };
        json groups = json::object();
        for (const auto& [group, ids] : row.by_group) {
            groups[group] = {{"count", ids.size()}, {"studies", ids}};
            groups[group].update(outcomes(checks_in(row, group), false));
        }
        json entry{{"id", row.finding_id},
                   {"title", audit.finding_title(row.finding_id)},
                   {"severity", std::string(sdk::to_string(row.level))},
                   {"concern", std::string(sdk::to_string(row.concern))},
                   {"count", row.studies.size()},
                   {"studies", row.studies},
                   {"by_group", std::move(groups)},
                   {"per_study", row.per_study}};
        entry.update(outcomes(row.checks, true));
        findings.push_back(std::move(entry));
    }
    json groups = json::object();
    for (const auto& [group, size] : audit.group_sizes()) groups[group] = size;
    json judgements = json::array();
    for (const auto& r : audit.judgements()) {
        json domains = json::array();
        for (const auto& row : r.rows) {
            json by_group = json::object();
            for (const auto& [group, counts] : row.by_group) by_group[group] = counts;
            domains.push_back({{"domain", row.domain}, {"counts", row.counts}, {"by_group", std::move(by_group)}});
        }
        judgements.push_back(
            {{"rubric", r.rubric}, {"version", r.version}, {"scale", r.scale}, {"domains", std::move(domains)}});
    }
    json report{{"tool", json::parse(tool_json_text())}, {"studies", audit.studies()},
                {"group_by", audit.group_field()},       {"groups", std::move(groups)},
                {"findings", std::move(findings)},       {"judgements", std::move(judgements)}};
    out << report.dump(2) << '\n';
}

}  // namespace appraise
