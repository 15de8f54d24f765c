// Two coders' corpora of the same studies, compared: studies are paired by
// id, then every coded value (facts field by field, reviewer answers per
// rubric) and every judgement (after running the same rubric instances on
// both) becomes a pair, and agreement statistics are computed per field,
// question, domain and overall, and pooled per level. Nothing is dropped:
// a study or value one coder has and the other lacks is listed.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/agreement/agreement_stats.hpp"
#include "appraise/agreement/tree_pairing.hpp"
#include "appraise/host/rubric_loading.hpp"
#include "appraise/input/corpus.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/model/study_result.hpp"

namespace appraise {

enum class agreement_level { facts, answers, judgements };

[[nodiscard]] std::string_view to_string(agreement_level level);

// Category of a value one coder did not code, and of a judgement one coder's
// run did not produce (a study skipped for errors, a result only one coded).
inline constexpr const char* not_coded_value = "(not coded)";
inline constexpr const char* not_appraised_value = "(not appraised)";

// One coder's corpus, read and appraised. The parse trees are kept (unlike a
// run) because values are compared one by one and a consensus file is
// written from them.
struct coded_corpus {
    std::vector<std::string> paths;      // as the user gave them
    std::vector<corpus_file> files;      // in corpus order
    std::vector<loaded_file> documents;  // parallel to `files`
    std::vector<file_result> results;    // the engine's results, in corpus order
    diagnostics problems;                // every input problem, in corpus order
};

// Reads `paths` and runs `rubrics` over them (with the engine, `threads` as in
// `run -j`). A consensus corpus (consensus_marker.hpp) is loaded as one.
[[nodiscard]] coded_corpus load_coded_corpus(const std::vector<std::string>& paths,
                                             const std::vector<rubric_instance>& rubrics, unsigned threads);

// One coder's side of a compared value.
struct coded_value {
    bool present = false;
    std::string text;       // "Y", "true", "[64, 60]"; the not-coded word when absent
    source_location where;  // where it is written (a judgement: its rubric's table, else the study id)
};

struct item_agreement {
    agreement_level level = agreement_level::facts;
    std::string rubric;  // empty for facts
    std::string item;    // "design.concealment", "1.1", a domain id, "overall", "(all fields)"
    bool pooled = false;
    agreement_statistics stats;
    std::string scale;  // how categories were treated, for the reader
};

struct disagreement {
    std::string study;
    agreement_level level = agreement_level::facts;
    std::string rubric;
    std::string item;
    std::string result;  // outcome id or per-result label; empty when the study has one
    coded_value a;
    coded_value b;
    bool metadata = false;  // title, authors, coding.*, custom.*: listed, counted only with include_metadata
};

// Metadata describes a study or its coding rather than appraising it: `title`,
// `authors`, `coding.*` and `custom.*`. Left out of the statistics by default.
[[nodiscard]] bool is_metadata_item(std::string_view fact_path);

// Below this many pairs kappa and AC1 are unstable: every report says so.
inline constexpr std::size_t small_sample_pairs = 10;

// Two coders' evidence for one value (or one support, direction or notes text
// of an appraisal) that differ. A different quote is not a disagreement about
// the value: these are listed apart and never counted.
struct support_difference {
    std::string study;
    agreement_level level = agreement_level::facts;
    std::string rubric;
    std::string item;    // as in disagreement; "support d1", "direction overall", "notes" for an appraisal's texts
    std::string result;  // as in disagreement
    bool values_agree = true;  // the values are alike (else the value is also in the disagreements)
    std::string a;             // coder A's evidence as text; empty when A gave none
    std::string b;
    source_location a_where;  // where A wrote it (line 0 when A gave none)
    source_location b_where;
};

// Evidence as one line: "\"randomly divided\" (p. 820; full-text)"; empty when none.
[[nodiscard]] std::string evidence_text(const sdk::value_evidence& evidence);

struct compare_options {
    bool include_metadata = false;  // count title, authors, coding.*, custom.* in the statistics
};

struct unpaired_study {
    std::string id;
    char coder = 'A';  // the coder who has it
    source_location where;
};

struct agreement_report {
    std::vector<std::string> a_paths;
    std::vector<std::string> b_paths;
    std::size_t studies_a = 0;
    std::size_t studies_b = 0;
    std::vector<std::string> paired;       // ids, in A's corpus order
    std::vector<unpaired_study> unpaired;  // A's first, then B's, each in corpus order
    std::vector<std::string> rubrics;      // ids, in run order
    std::vector<item_agreement> items;     // per level: items, then the pooled rows
    std::vector<disagreement> disagreements;
    std::vector<support_difference> support_differences;  // by study (A's order), as disagreements
    bool metadata_counted = false;                        // compare_options::include_metadata
};

// `rubrics` are the descriptions of the rubrics both corpora were appraised with.
[[nodiscard]] agreement_report compare_corpora(const coded_corpus& a, const coded_corpus& b,
                                               const std::vector<sdk::rubric_description>& rubrics,
                                               const compare_options& options = {});

// ---- shared with the consensus writer

// The value of a node as reports show it and as categories compare it.
[[nodiscard]] std::string display_value(const sdk::node& value);

// Where each study of a corpus is: file index and study index in that file.
struct study_place {
    std::size_t file = 0;
    std::size_t study = 0;
};
[[nodiscard]] std::map<std::string, study_place, std::less<>> index_studies(const coded_corpus& corpus);

}  // namespace appraise
