// The corpus audit: which weaknesses, how often, in which studies — over the
// whole corpus and per group of a study field (design.type by default).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "appraise/model/study_result.hpp"
#include "appraise/model/symbol_table.hpp"

namespace appraise {

// How a rubric tells the audit, per study, how one of its checks came out:
// a derived answer (in any domain) whose id is the check's finding slug and
// whose value is one of these words. The audit then counts each check over
// the studies where it applies. A rubric that gives no such answer is
// counted over the studies it appraised (docs/reports.md, "The audit").
inline constexpr const char* check_not_applicable = "not-applicable";
inline constexpr const char* check_fine = "no-weakness";
inline constexpr const char* check_weakness = "weakness";
inline constexpr const char* check_not_reported = "not-reported";

// Study ids in id order, as a row holds them (views of the ids the audit
// holds, valid until its next add()): every one with --all-ids,
// else the first listed_ids_limit, and how many there are. A finding that
// 900,000 of a million studies have holds ten ids, not 900,000 (with the
// counts of where its check applies, a row held 16 bytes a study per column:
// 20 MB at 5,000 studies, gigabytes at a million).
class study_ids {
public:
    study_ids() = default;
    study_ids(std::initializer_list<std::string_view> ids) : listed_(ids), total_(listed_.size()) {}
    study_ids(std::vector<std::string_view> listed, std::size_t total)
        : listed_(std::move(listed)), total_(std::max(total, listed_.size())) {}

    // How many studies, listed or not.
    [[nodiscard]] std::size_t size() const { return total_; }
    [[nodiscard]] bool empty() const { return total_ == 0; }
    // The ids held: all of them, or the first listed_ids_limit.
    [[nodiscard]] const std::vector<std::string_view>& listed() const { return listed_; }
    [[nodiscard]] std::string_view operator[](std::size_t i) const { return listed_[i]; }
    friend bool operator==(const study_ids& a, const study_ids& b) {
        return a.total_ == b.total_ && a.listed_ == b.listed_;
    }

private:
    std::vector<std::string_view> listed_;
    std::size_t total_ = 0;
};

// One check in a set of studies: where it applies, and how it came out there.
struct check_counts {
    study_ids applies;       // studies where the check applies
    study_ids weakness;      // reported as a weakness
    study_ids not_reported;  // the facts it needs are not reported
    study_ids fine;          // applies, and no weakness
};

struct audit_row {
    std::string finding_id;
    severity level = severity::info;
    sdk::finding_concern concern = sdk::finding_concern::bias;  // of the finding id (one per catalogue row)
    study_ids studies;                                          // study ids with the finding
    std::map<std::string, study_ids> by_group;                  // group value -> study ids
    // true: the rubric said per study how the check came out (check_* words);
    // false: `checks.applies` holds the studies the rubric appraised and the
    // other three sets stay empty (not known).
    bool per_study = false;
    check_counts checks = {};                                  // over the corpus
    std::map<std::string, check_counts> checks_by_group = {};  // group value -> counts
};

// The category a domain (or overall) the reviewer did not assess is counted
// under: its own column, after the scale, never merged into a judgement.
inline constexpr const char* not_assessed_word = "not-assessed";

// The row of studies the configuration's screening rubric marked excluded
// from synthesis pending review (study_result::screened_out).
inline constexpr const char* screening_row_id = "screening/excluded-pending-review";

// How often each judgement was reached in one domain (or "Overall") of one
// rubric, over the corpus and per group; counted per appraisal (per result).
struct judgement_row {
    std::string domain;                                                  // domain name, or "Overall"
    std::map<std::string, std::size_t> counts;                           // judgement -> appraisals
    std::map<std::string, std::map<std::string, std::size_t>> by_group;  // group -> judgement -> appraisals
};

struct rubric_judgements {
    std::string rubric;
    std::string version;
    std::vector<std::string> scale;       // judgement words in column order (scale first, then others seen)
    std::vector<judgement_row> rows;      // the rubric's domains in order, then Overall
    std::vector<std::string> rungs = {};  // the rubric's judgement_rungs (parallel to the start of scale)
};

// What of a file's results an audit reads (corpus_audit::add, the run's
// summary, the duplicate-id check, the problems echoed on stderr): ids,
// places and problems, groups and screening marks, each appraisal's rubric,
// version and judgements, its findings' ids, levels and concerns, and only
// the derived answers that say how a check came out. An audit's cache keeps
// this (a third of the whole's bytes, packed), so a warm audit decodes less;
// an audit of the view is the audit of the whole, byte for byte (the audit
// cache test in tests/cli; tests/core/test_audit.cpp).
[[nodiscard]] file_result audit_view(const file_result& file);

class corpus_audit {
public:
    // `symbols`: the table the digests it is given were made with
    // (audit_digest.hpp); its own when none is given.
    explicit corpus_audit(std::string group_field,
                          std::shared_ptr<symbol_table> symbols = std::make_shared<symbol_table>())
        : group_field_(std::move(group_field)), symbols_(std::move(symbols)) {}
    // Rows hold views of the ids and groups this object holds, valid until
    // the next add(): a move keeps them where they are (map nodes),
    // a copy would not.
    corpus_audit(const corpus_audit&) = delete;
    corpus_audit& operator=(const corpus_audit&) = delete;
    corpus_audit(corpus_audit&&) noexcept = default;
    corpus_audit& operator=(corpus_audit&&) noexcept = default;
    ~corpus_audit() = default;

    // Counts the file's studies from its audit digest (made here when it has none).
    void add(const file_result& file);

    [[nodiscard]] const std::string& group_field() const { return group_field_; }
    [[nodiscard]] const std::shared_ptr<symbol_table>& symbols() const { return symbols_; }
    // Rubric findings that are coding errors, in the appraised studies
    // (is_coding_error): input errors, for the exit code.
    [[nodiscard]] std::size_t coding_errors() const { return coding_errors_; }
    [[nodiscard]] std::size_t studies() const { return studies_; }
    [[nodiscard]] const std::map<std::string, std::size_t>& group_sizes() const { return group_sizes_; }
    // Most widespread first, then by id; without show_all, rows whose check
    // applies to no study are left out (hidden_rows() counts them). Worked
    // out once, on the first call after the last add().
    [[nodiscard]] const std::vector<audit_row>& rows() const;
    void set_show_all(bool all) {
        show_all_ = all;
        counted_ = false;
    }
    [[nodiscard]] bool show_all() const { return show_all_; }
    [[nodiscard]] std::size_t hidden_rows() const;
    // Whether the "which studies" lists are whole (--all-ids) or stop after
    // listed_ids_limit ids ("and N more"); see which_text.
    // Set before the first add(): the lists keep ten ids, or every one, as the studies come.
    void set_all_ids(bool all);
    [[nodiscard]] bool all_ids() const { return all_ids_; }
    // For people: the finding_spec's title and the rubric's name; the id when
    // the run's rubrics do not describe it.
    [[nodiscard]] std::string finding_title(const std::string& finding_id) const;
    [[nodiscard]] std::string rubric_title(const std::string& rubric_id) const;

    // The run's rubrics, so judgement tables follow each rubric's domain order
    // and scale (without them: order of first appearance, then by name).
    void set_rubrics(std::vector<sdk::rubric_description> rubrics) { rubrics_ = std::move(rubrics); }
    // Judgement distributions per rubric, in run order (rubrics that judged nothing are left out).
    [[nodiscard]] std::vector<rubric_judgements> judgements() const;

private:
    // A study as the lists take it: its id, and with --all-ids its place in
    // id_store_ (every list then holds 4-byte places, not copies of the id).
    //
    // `bound` is at least the last kept id of every full list (a full list's
    // last id only ever falls), so a study whose id is not below it comes
    // after every one of them: `beyond` says so, worked out once a study
    // with one compare instead of one a list (about 600), and cleared should
    // a list fill up during the study with a last id above it.
    struct listed_study {
        const std::string* id = nullptr;
        std::uint32_t stored = 0;
        mutable bool beyond = false;
        std::string* bound = nullptr;
    };
    // The ids of a set of studies as a row lists them, kept as they come:
    // the first listed_ids_limit in id order and how many there are (every
    // one with --all-ids). The audit's memory so grows with its rows and
    // groups, never with the corpus (a list of every study's number per
    // finding, group and check was 444 MiB at a million studies).
    class id_list {
    public:
        // `limit` 0: keep every study (its place in the store). Inline for
        // the usual case, an id after every one a full list keeps (a study
        // is added to about 600 lists).
        void add(const listed_study& study, std::size_t limit) {
            ++total_;
            if (limit != 0 && kept_.size() == limit && (study.beyond || !(*study.id < kept_.back()))) return;
            keep(study, limit);
        }
        [[nodiscard]] std::size_t size() const { return total_; }
        // The kept ids in id order (views of this list's strings, or of `store`'s).
        [[nodiscard]] study_ids ids(const std::deque<std::string>& store) const;

    private:
        void keep(const listed_study& study, std::size_t limit);
        std::vector<std::string> kept_;             // the first ones in id order, sorted
        mutable std::vector<std::uint32_t> every_;  // with --all-ids: places in the store, sorted when read
        mutable bool sorted_ = true;
        std::size_t total_ = 0;
    };
    // Groups are keys of group_sizes_ (a map's keys stay put), numbered in
    // the order they are first met (group_keys_): the lists by group are
    // vectors by that number, not maps a study looked up once per list.
    using group_key = const std::string*;
    using group_number = std::uint32_t;
    struct id_lists {
        id_list all;
        std::vector<id_list> by_group;  // by group number; empty where no study of the row is
    };
    // Where a check applies and how it came out, over the corpus and per
    // group (a study in a group twice, as a tag written twice, counts twice
    // there, as the lists it replaces did).
    struct check_lists {
        id_list applies, weakness, not_reported, fine;
    };
    struct check_counts_lists {
        check_lists all;
        std::vector<check_lists> by_group;  // by group number; `applies` empty where no study of it was added
        void add(const listed_study& study, int rank, const std::vector<group_number>& groups, std::size_t limit);
    };
    // One check (rubric id, slash, answer id): its counts, and the word of
    // the study being added (the worst over its results). A study with the
    // finding of the same id whose word does not say the check applies is
    // counted as a weakness there too; the counts are used only if some
    // study had a word (audit_row::per_study).
    struct check_tally {
        check_counts_lists counts;
        bool has_word = false;
        std::size_t last_study = 0;  // serial (from 1) of the last study with a word
        int rank = -1;
    };

    static constexpr symbol no_symbol = UINT32_MAX;

    struct finding_tally {
        severity level = severity::info;
        sdk::finding_concern concern = sdk::finding_concern::bias;
        id_lists studies;
        std::size_t last_study = 0;       // serial (from 1) of the last study counted: each once
        check_tally* check = nullptr;     // of the same id (check_words_), found at the first study
        const std::string* id = nullptr;  // its key in rows_
        symbol rubric = no_symbol;        // the first rubric whose appraisal had it (where its check applies)
    };
    // rubric -> (version, domains in order of first appearance, domain -> group -> judgement -> count)
    struct tally {
        symbol version = no_symbol;  // of the last appraisal counted
        std::vector<std::string> domain_order;
        std::map<std::string, std::map<std::string, std::map<std::string, std::size_t>>> counts;
        std::map<std::string, std::map<std::string, std::size_t>> totals;  // a study in two groups counts once here
        std::vector<std::string> seen_words;
        // A domain's maps above (a map's values stay put), and the counters
        // in them by judgement number (word_number_of_), over the corpus
        // and by group number then judgement number.
        struct domain_counts {
            std::map<std::string, std::size_t>* totals = nullptr;
            std::map<std::string, std::map<std::string, std::size_t>>* counts = nullptr;
            std::vector<std::size_t*> total_cells;
            std::vector<std::vector<std::size_t*>> group_cells;
        };
        std::unordered_map<symbol, domain_counts> domains;
        // The domain met at each place of an appraisal last time: the
        // studies of a corpus mostly have the same domains in the same order.
        std::vector<std::pair<symbol, domain_counts*>> by_place;
    };
    void add_digest(const file_result& file, std::string_view digest);
    // What each symbol is counted under, found by its text the first time.
    struct known_group {
        group_number number = 0;
        std::size_t* size = nullptr;  // null: not met yet
    };
    known_group group_of(symbol group);
    finding_tally& finding_of(symbol finding, symbol rubric);
    check_tally& appraised_of(symbol rubric);
    tally& tally_of(symbol rubric);
    tally::domain_counts& domain_of(tally& t, std::size_t place, symbol domain);
    void note_judgement(tally& t, std::size_t place, symbol domain, symbol word);
    void note_check(symbol key, int rank);
    void finish_study(const listed_study& study);
    [[nodiscard]] audit_row make_row(const std::string& finding_id, const finding_tally& tally) const;
    [[nodiscard]] std::size_t id_limit() const;
    void count() const;

    std::string group_field_;
    std::size_t studies_ = 0;
    std::map<std::string, std::size_t> group_sizes_;
    std::map<std::string, finding_tally> rows_;
    // rubric -> the studies it appraised (where its checks apply when it
    // does not say per study); check key -> its tally
    std::map<std::string, check_tally> appraised_by_;           // counts.all.applies, each study once
    std::unordered_map<std::string, check_tally> check_words_;  // only looked up, never listed
    std::deque<std::string> id_store_;  // with --all-ids, every study's id (a deque: they stay put)
    std::string list_bound_;            // listed_study::bound
    std::shared_ptr<symbol_table> symbols_;
    // By symbol: where each is counted (null until first met; map values stay put).
    std::vector<known_group> group_of_;
    std::vector<group_key> group_keys_;  // by group number
    // Judgement words numbered from 0 as first met, by symbol (no_symbol: not yet).
    std::vector<std::uint32_t> word_number_of_;
    std::uint32_t words_numbered_ = 0;
    std::vector<finding_tally*> finding_of_;
    std::vector<check_tally*> check_of_;  // check key (rubric id, slash, answer id) -> check_words_
    std::vector<check_tally*> appraised_of_;
    std::vector<tally*> tally_of_;
    finding_tally* screening_row_ = nullptr;
    std::size_t coding_errors_ = 0;
    // The study being added: its groups (with repeats, and each once), the
    // checks and findings it touched.
    std::vector<group_number> study_groups_;
    std::vector<group_number> study_groups_once_;
    std::vector<check_tally*> study_checks_;
    std::vector<finding_tally*> study_findings_;
    std::vector<sdk::rubric_description> rubrics_;
    bool show_all_ = false;
    bool all_ids_ = false;
    // Worked out by count() from the lists above.
    mutable bool counted_ = false;
    mutable std::vector<audit_row> rows_shown_;
    mutable std::size_t hidden_ = 0;
    std::map<std::string, tally> tallies_;
    std::vector<std::string> rubric_order_;  // rubric ids in order of first appearance
};

// ---- one group's part of the rows, shared by every audit format

// The check counts of a finding in `group`; an empty set when no study of the group had the rubric.
[[nodiscard]] const check_counts& checks_in(const audit_row& row, const std::string& group);
// "3 (100%)": `part` and its share of `whole`.
[[nodiscard]] std::string count_share(std::size_t part, std::size_t whole);
// The study ids of a finding in `group`; nullptr when no study there has it.
[[nodiscard]] const study_ids* studies_in(const audit_row& row, const std::string& group);
// A "which studies" list: without `all`, only the first listed_ids_limit ids
// and "and N more" (a widespread finding at a million studies would be a
// million ids on one line); every audit format writes it this way.
inline constexpr std::size_t listed_ids_limit = 10;
[[nodiscard]] std::string which_text(const study_ids& ids, std::string_view separator, bool all);
// How many ids which_text and the JSON lists leave out.
// (With `all`, every id the row holds: all of them when the audit was made
// with --all-ids.)
[[nodiscard]] inline std::size_t unlisted_ids(const study_ids& ids, bool all) {
    const std::size_t shown = all ? ids.listed().size() : std::min(ids.listed().size(), listed_ids_limit);
    return ids.size() - shown;
}
// The judgement counts of a domain in `group` (nullptr: the whole corpus);
// nullptr when no study of that group was judged there.
[[nodiscard]] const std::map<std::string, std::size_t>* counts_in(const judgement_row& row, const std::string* group);
// Whether any domain of the rubric was judged in `group`.
[[nodiscard]] bool judged_in(const rubric_judgements& rubric, const std::string& group);
// "rct (1 study)", "cluster-rct (3 studies)".
[[nodiscard]] std::string group_title(const std::string& group, std::size_t size);

// What the check columns mean, the same words in every format.
inline constexpr const char* audit_legend_text =
    "Columns: applies = studies where the check applies; found = studies with the finding; weakness = reported as "
    "absent (a weakness); not reported = the facts the check needs are not reported; fine = applies, no weakness. "
    "Percentages are of the studies where the check applies.\n";

// "4 rows are hidden (checks that apply to no study, or a rubric saying it does
// not apply)": the same words in every format, which each add how --all shows them.
[[nodiscard]] inline std::string hidden_rows_text(std::size_t hidden) {
    return std::to_string(hidden) + (hidden == 1 ? " row is" : " rows are") +
           " hidden (checks that apply to no study, or a rubric saying it does not apply)";
}

void write_audit_text(std::ostream& out, const corpus_audit& audit);
void write_audit_json(std::ostream& out, const corpus_audit& audit);

}  // namespace appraise
