#include "appraise/audit/corpus_audit.hpp"

#include "appraise/audit/audit_digest.hpp"

#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string_view>

#include "appraise/reports/json_convert.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {

using json = nlohmann::ordered_json;

namespace {

constexpr int rank_weakness = check_rank_weakness;
constexpr int rank_not_reported = check_rank_not_reported;
constexpr int rank_fine = check_rank_fine;
constexpr int rank_not_applicable = check_rank_not_applicable;

// The slot of `id` in a table by symbol, grown to hold it.
template <typename T>
T& slot(std::vector<T>& table, symbol id, const T& none) {
    if (id >= table.size()) table.resize(static_cast<std::size_t>(id) + 1, none);
    return table[id];
}

// The entry of group (or judgement) `number`, made when it is first met.
template <typename T>
T& of_group(std::vector<T>& by_group, std::uint32_t number) {
    if (number >= by_group.size()) by_group.resize(static_cast<std::size_t>(number) + 1);
    return by_group[number];
}

}  // namespace

void corpus_audit::id_list::keep(const listed_study& study, std::size_t limit) {
    if (limit == 0) {  // every id: sorted once, when read
        every_.push_back(study.stored);
        sorted_ = false;
        return;
    }
    // The first `limit` in id order: most ids come after the last one kept
    // (a corpus is read in path order), which is one compare.
    const std::string& id = *study.id;
    if (kept_.size() == limit) {
        if (!(id < kept_.back())) return;
        kept_.pop_back();
    }
    kept_.insert(std::upper_bound(kept_.begin(), kept_.end(), id), id);
    if (kept_.size() == limit) {
        if (*study.bound < kept_.back()) *study.bound = kept_.back();
        if (study.beyond && id < *study.bound) study.beyond = false;
    }
}

study_ids corpus_audit::id_list::ids(const std::deque<std::string>& store) const {
    std::vector<std::string_view> listed;
    if (every_.empty()) {
        listed.assign(kept_.begin(), kept_.end());
    } else {
        if (!sorted_)
            std::stable_sort(every_.begin(), every_.end(),
                             [&](std::uint32_t a, std::uint32_t b) { return store[a] < store[b]; });
        sorted_ = true;
        listed.reserve(every_.size());
        for (const auto place : every_) listed.emplace_back(store[place]);
    }
    return {std::move(listed), total_};
}

void corpus_audit::check_counts_lists::add(const listed_study& study, int rank, const std::vector<group_number>& groups,
                                           std::size_t limit) {
    const auto sort_into = [&](check_lists& lists) {
        lists.applies.add(study, limit);
        if (rank == rank_weakness) lists.weakness.add(study, limit);
        if (rank == rank_not_reported) lists.not_reported.add(study, limit);
        if (rank == rank_fine) lists.fine.add(study, limit);
    };
    sort_into(all);
    for (const group_number group : groups) sort_into(of_group(by_group, group));
}

std::size_t corpus_audit::id_limit() const {
    return all_ids_ ? 0 : listed_ids_limit;
}

void corpus_audit::set_all_ids(bool all) {
    // The lists keep ten ids or every one as the studies come in.
    if (all != all_ids_ && studies_ > 0) throw std::logic_error("corpus_audit::set_all_ids after the first study");
    all_ids_ = all;
    counted_ = false;
}

void corpus_audit::add(const file_result& file) {
    if (file.audit_digest)
        add_digest(file, *file.audit_digest);
    else
        add_digest(file, make_audit_digest(file, group_field_, *symbols_));
}

// Every study's part of the digest is read; only the appraised ones are counted.
void corpus_audit::add_digest(const file_result& file, std::string_view digest) {
    counted_ = false;
    const std::size_t limit = id_limit();
    audit_digest_reader in(digest, symbols_->size());
    for (const auto& study : file.studies) {
        const bool counting = study.appraised;
        std::size_t serial = 0;
        listed_study listed{&study.id, 0, !(study.id < list_bound_), &list_bound_};
        if (counting) {
            serial = ++studies_;
            if (all_ids_) {
                listed.stored = static_cast<std::uint32_t>(id_store_.size());
                listed.id = &id_store_.emplace_back(study.id);
            }
        }
        study_groups_.clear();
        study_groups_once_.clear();
        study_checks_.clear();
        study_findings_.clear();
        for (std::uint32_t n = in.count(1); n > 0; --n) {
            const symbol group = in.name();
            if (!counting) continue;
            const known_group known = group_of(group);
            ++*known.size;
            study_groups_.push_back(known.number);
            if (std::find(study_groups_once_.begin(), study_groups_once_.end(), known.number) ==
                study_groups_once_.end())
                study_groups_once_.push_back(known.number);
        }
        const auto count_finding = [&](finding_tally& row) {
            if (row.last_study == serial) return;  // once a study
            row.last_study = serial;
            row.studies.all.add(listed, limit);
            for (const group_number group : study_groups_once_)
                of_group(row.studies.by_group, group).add(listed, limit);
            study_findings_.push_back(&row);
        };
        const std::uint32_t screened = in.number();
        const symbol screening_rubric = screened != 0 ? in.name() : no_symbol;
        const std::uint32_t coding_errors = in.number();
        if (counting) coding_errors_ += coding_errors;
        // The screening mark is a row of its own, so every audit format lists the studies.
        if (counting && screened != 0) {
            if (screening_row_ == nullptr) {
                auto& [id, row] = *rows_.try_emplace(screening_row_id).first;
                row.id = &id;
                screening_row_ = &row;
            }
            finding_tally& row = *screening_row_;
            row.level = std::max(row.level, severity::warning);
            row.concern = sdk::finding_concern::integrity;
            count_finding(row);
            // It applies where the screening rubric appraised (its share is of those).
            if (row.rubric == no_symbol) row.rubric = screening_rubric;
        }
        for (std::uint32_t a = in.count(5); a > 0; --a) {
            const symbol rubric = in.name();
            const symbol version = in.name();
            const std::uint32_t judged = in.count(2);
            tally* judgements = nullptr;
            if (counting && judged > 0) {
                judgements = &tally_of(rubric);
                judgements->version = version;
            }
            for (std::uint32_t place = 0; place < judged; ++place) {
                const symbol domain = in.name();
                const symbol word = in.name();
                if (judgements != nullptr) note_judgement(*judgements, place, domain, word);
            }
            if (counting) {
                check_tally& appraised = appraised_of(rubric);
                if (appraised.last_study != serial) {
                    appraised.last_study = serial;
                    appraised.counts.add(listed, -1, study_groups_, limit);
                }
            }
            for (std::uint32_t n = in.count(2); n > 0; --n) {
                const symbol key = in.name();
                const auto rank = static_cast<int>(in.number());
                if (counting) note_check(key, rank);
            }
            for (std::uint32_t n = in.count(3); n > 0; --n) {
                const symbol id = in.name();
                const auto level = static_cast<severity>(in.number());
                const auto concern = static_cast<sdk::finding_concern>(in.number());
                if (!counting) continue;
                finding_tally& row = finding_of(id, rubric);
                row.level = std::max(row.level, level);
                row.concern = concern;
                count_finding(row);
            }
        }
        if (counting) finish_study(listed);
    }
    if (!in.done()) throw std::invalid_argument("an audit digest with bytes left over after its studies");
}

corpus_audit::known_group corpus_audit::group_of(symbol group) {
    auto& known = slot(group_of_, group, known_group{});
    if (known.size == nullptr) {
        auto& [key, size] = *group_sizes_.try_emplace(symbols_->text(group), 0).first;
        // Two symbols are never one text, so each group is numbered once.
        known = {static_cast<group_number>(group_keys_.size()), &size};
        group_keys_.push_back(&key);
    }
    return known;
}

corpus_audit::finding_tally& corpus_audit::finding_of(symbol finding, symbol rubric) {
    finding_tally*& known = slot(finding_of_, finding, static_cast<finding_tally*>(nullptr));
    if (known == nullptr) {
        auto& [id, row] = *rows_.try_emplace(symbols_->text(finding)).first;
        row.id = &id;
        if (row.rubric == no_symbol) row.rubric = rubric;  // the first rubric to have it
        known = &row;
    }
    return *known;
}

corpus_audit::check_tally& corpus_audit::appraised_of(symbol rubric) {
    check_tally*& known = slot(appraised_of_, rubric, static_cast<check_tally*>(nullptr));
    if (known == nullptr) known = &appraised_by_.try_emplace(symbols_->text(rubric)).first->second;
    return *known;
}

corpus_audit::tally& corpus_audit::tally_of(symbol rubric) {
    tally*& known = slot(tally_of_, rubric, static_cast<tally*>(nullptr));
    if (known == nullptr) {
        const std::string& id = symbols_->text(rubric);
        auto [at, fresh] = tallies_.try_emplace(id);
        if (fresh) rubric_order_.push_back(id);
        known = &at->second;
    }
    return *known;
}

corpus_audit::tally::domain_counts& corpus_audit::domain_of(tally& t, std::size_t place, symbol domain) {
    if (place < t.by_place.size() && t.by_place[place].first == domain) return *t.by_place[place].second;
    auto [known, fresh] = t.domains.try_emplace(domain);
    if (fresh) {
        const std::string& name = symbols_->text(domain);
        if (std::find(t.domain_order.begin(), t.domain_order.end(), name) == t.domain_order.end())
            t.domain_order.push_back(name);
        known->second.totals = &t.totals[name];
        known->second.counts = &t.counts[name];
    }
    if (place >= t.by_place.size()) t.by_place.resize(place + 1, {no_symbol, nullptr});
    t.by_place[place] = {domain, &known->second};
    return known->second;
}

// Not assessed is a category of its own (the digest says "not-assessed"), never a judgement of the scale.
void corpus_audit::note_judgement(tally& t, std::size_t place, symbol domain, symbol word) {
    tally::domain_counts& counts = domain_of(t, place, domain);
    std::uint32_t& number = slot(word_number_of_, word, no_symbol);
    if (number == no_symbol) number = words_numbered_++;
    std::size_t*& total = of_group(counts.total_cells, number);
    if (total == nullptr) {
        const std::string& judgement = symbols_->text(word);
        const auto [at, fresh] = counts.totals->try_emplace(judgement, 0);
        if (fresh && std::find(t.seen_words.begin(), t.seen_words.end(), judgement) == t.seen_words.end())
            t.seen_words.push_back(judgement);
        total = &at->second;
    }
    ++*total;
    for (const group_number group : study_groups_) {
        std::size_t*& cell = of_group(of_group(counts.group_cells, group), number);
        if (cell == nullptr) cell = &(*counts.counts)[*group_keys_[group]][symbols_->text(word)];
        ++*cell;
    }
}

void corpus_audit::note_check(symbol key, int rank) {
    check_tally*& known = slot(check_of_, key, static_cast<check_tally*>(nullptr));
    if (known == nullptr) known = &check_words_.try_emplace(symbols_->text(key)).first->second;
    check_tally& check = *known;
    check.has_word = true;
    if (check.last_study != studies_) {
        check.last_study = studies_;
        check.rank = rank;
        study_checks_.push_back(&check);
    } else {
        check.rank = std::max(check.rank, rank);  // a study with several results keeps its worst word
    }
}

// The study's words, then its findings whose check no word of its says applies.
void corpus_audit::finish_study(const listed_study& study) {
    const std::size_t limit = id_limit();
    for (check_tally* check : study_checks_)
        if (check->rank != rank_not_applicable) check->counts.add(study, check->rank, study_groups_, limit);
    for (finding_tally* row : study_findings_) {
        if (row->check == nullptr) row->check = &check_words_[*row->id];
        check_tally& check = *row->check;
        if (check.last_study == studies_ && check.rank != rank_not_applicable) continue;  // counted by its word
        check.counts.add(study, rank_weakness, study_groups_, limit);
    }
}

file_result audit_view(const file_result& file) {
    file_result view = audit_heads(file);
    for (std::size_t i = 0; i < file.studies.size(); ++i) {
        const study_result& study = file.studies[i];
        study_result& s = view.studies[i];
        s.facets = study.facets;
        s.screened_out = study.screened_out;
        s.appraisals.reserve(study.appraisals.size());
        for (const auto& appraisal : study.appraisals) {
            sdk::appraisal& a = s.appraisals.emplace_back();
            a.rubric = appraisal.rubric;
            a.rubric_version = appraisal.rubric_version;
            a.overall = appraisal.overall;
            a.overall_not_assessed = appraisal.overall_not_assessed;
            a.domains.reserve(appraisal.domains.size());
            for (const auto& domain : appraisal.domains) {
                sdk::domain_result& d = a.domains.emplace_back();
                d.name = domain.name;
                d.judgement = domain.judgement;
                d.not_assessed = domain.not_assessed;
                for (const auto& answer : domain.answers)
                    if (answer.provenance == "derived" && check_word_rank(answer.value) >= 0)
                        d.answers.push_back({answer.id, answer.value, answer.provenance});
            }
            a.findings.reserve(appraisal.findings.size());
            for (const auto& finding : appraisal.findings) {
                sdk::finding& f = a.findings.emplace_back();
                f.id = finding.id;
                f.level = finding.level;
                f.concern = finding.concern;
            }
        }
    }
    return view;
}

audit_row corpus_audit::make_row(const std::string& finding_id, const finding_tally& tally) const {
    audit_row row;
    row.finding_id = finding_id;
    row.level = tally.level;
    row.concern = tally.concern;
    row.studies = tally.studies.all.ids(id_store_);
    for (std::size_t group = 0; group < tally.studies.by_group.size(); ++group)
        if (const id_list& list = tally.studies.by_group[group]; list.size() != 0)
            row.by_group.emplace(*group_keys_[group], list.ids(id_store_));
    // Where the check applies and how it came out: per study when the
    // rubric said so for some study, else wherever its rubric appraised.
    const auto finish = [&](const check_lists& c) {
        return check_counts{c.applies.ids(id_store_), c.weakness.ids(id_store_), c.not_reported.ids(id_store_),
                            c.fine.ids(id_store_)};
    };
    const auto take = [&](const check_counts_lists& counts) {
        row.checks = finish(counts.all);
        for (std::size_t group = 0; group < counts.by_group.size(); ++group)
            if (const check_lists& lists = counts.by_group[group]; lists.applies.size() != 0)
                row.checks_by_group.emplace(*group_keys_[group], finish(lists));
    };
    row.per_study = tally.check != nullptr && tally.check->has_word;
    if (row.per_study) {
        take(tally.check->counts);
    } else if (tally.rubric != no_symbol) {
        if (const auto appraised = appraised_by_.find(symbols_->text(tally.rubric)); appraised != appraised_by_.end())
            take(appraised->second.counts);
    }
    return row;
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
        rubric_judgements r{id, t.version == no_symbol ? std::string() : symbols_->text(t.version), {}, {}};
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

void corpus_audit::count() const {
    if (counted_) return;
    rows_shown_.clear();
    hidden_ = 0;
    for (const auto& [id, tally] : rows_) {
        audit_row row = make_row(id, tally);
        if (!show_all_ && applies_nowhere(row))
            ++hidden_;
        else
            rows_shown_.push_back(std::move(row));
    }
    std::sort(rows_shown_.begin(), rows_shown_.end(), [](const audit_row& a, const audit_row& b) {
        if (a.studies.size() != b.studies.size()) return a.studies.size() > b.studies.size();
        return a.finding_id < b.finding_id;
    });
    counted_ = true;
}

const std::vector<audit_row>& corpus_audit::rows() const {
    count();
    return rows_shown_;
}

std::size_t corpus_audit::hidden_rows() const {
    count();
    return hidden_;
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

const study_ids* studies_in(const audit_row& row, const std::string& group) {
    const auto in = row.by_group.find(group);
    return in == row.by_group.end() ? nullptr : &in->second;
}

std::string which_text(const study_ids& ids, std::string_view separator, bool all) {
    const std::size_t listed = ids.size() - unlisted_ids(ids, all);
    std::string text;
    for (std::size_t i = 0; i < listed; ++i) {
        if (i != 0) text += separator;
        text += ids[i];
    }
    if (listed < ids.size()) text += " and " + std::to_string(ids.size() - listed) + " more";
    return text;
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
std::string check_cell(const audit_row& row, const study_ids& ids, const check_counts& counts) {
    return row.per_study ? count_share(ids.size(), counts.applies.size()) : "-";
}

}  // namespace

void write_audit_text(std::ostream& out, const corpus_audit& audit) {
    const auto& rows = audit.rows();
    const bool all_ids = audit.all_ids();
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
            << std::setw(10) << check_cell(row, c.fine, c) << "  " << which_text(row.studies, ", ", all_ids) << '\n';
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
            out << which_text(*in_group, ", ", all_ids) << '\n';
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
    const bool all_ids = audit.all_ids();
    // `"count": N, "studies": [...]`, and `"more_studies": M` when the list stops short (which_text).
    const auto listed = [&](const study_ids& ids) {
        json list = json::array();
        for (std::size_t i = 0; i < ids.size() - unlisted_ids(ids, all_ids); ++i) list.push_back(std::string(ids[i]));
        json o{{"count", ids.size()}, {"studies", std::move(list)}};
        if (const std::size_t more = unlisted_ids(ids, all_ids); more != 0) o["more_studies"] = more;
        return o;
    };
    json findings = json::array();
    for (const auto& row : audit.rows()) {
        // The check's outcome where it applies; null where the rubric does not say.
        const auto outcomes = [&](const check_counts& c, bool with_ids) {
            json o{{"applies", c.applies.size()}};
            const auto part = [&](const char* key, const study_ids& ids) {
                if (!row.per_study)
                    o[key] = nullptr;
                else if (with_ids)
                    o[key] = listed(ids);
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
            groups[group] = listed(ids);
            groups[group].update(outcomes(checks_in(row, group), false));
        }
        json entry{{"id", row.finding_id},
                   {"title", audit.finding_title(row.finding_id)},
                   {"severity", std::string(sdk::to_string(row.level))},
                   {"concern", std::string(sdk::to_string(row.concern))}};
        entry.update(listed(row.studies));
        entry["by_group"] = std::move(groups);
        entry["per_study"] = row.per_study;
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
