// What an audit reads of a file's studies, as numbers: the audit digest.
// Rubric ids, finding ids, domain names and judgement words are the same few
// hundred texts in every study, so the digest names each by its symbol
// (symbol_table.hpp) and the audit counts by number, with no string kept,
// compared or hashed a study. A worker makes the digest once a file is
// appraised, and an audit's cache keeps the studies' heads and the digest
// (its symbols once for the whole cache), so a warm audit decodes a few
// hundred bytes a file instead of the results' tree.
//
// Layout: for each study of file_result::studies, in order,
//   groups        count, symbols: the study's values of the group field
//                 ("(not reported)" when it has none), repeats kept
//   screened      0, or 1 and the screening rubric's symbol
//   coding errors count of rubric findings that are coding errors (run_summary.hpp)
//   appraisals    count, each:
//     rubric, version            symbols
//     judged       count, pairs  (domain, judgement): the domains in order,
//                                then "Overall"; "not-assessed" for either left open
//     checks       count, pairs  (rubric/answer id, rank): derived answers
//                                saying how a check came out (check_rank_*)
//     findings     count, triples (finding id, severity, concern)
// every number an unsigned LEB128 varint. An appraisal with no domain and
// no overall has no judged pairs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "appraise/model/study_result.hpp"
#include "appraise/model/symbol_table.hpp"

namespace appraise {

// How a check came out, worst first: a study with several results takes
// its worst word.
inline constexpr int check_rank_weakness = 3;
inline constexpr int check_rank_not_reported = 2;
inline constexpr int check_rank_fine = 1;
inline constexpr int check_rank_not_applicable = 0;
// The rank of a check word (corpus_audit.hpp's check_* words). A rubric of
// integrity flags (the trustworthiness screen) says flagged / consistent; a
// flag whose facts were not coded was not checked, which is neither "not
// reported" (the study may report them) nor fine: such a study is left out
// of the counts (-1, as for any other value).
[[nodiscard]] int check_word_rank(std::string_view value);

// The digest of `file`'s studies, grouped by `group_field`.
[[nodiscard]] std::string make_audit_digest(const file_result& file, const std::string& group_field,
                                            symbol_table& symbols);

// Gives `file` its digest (unless it has one) and keeps of each study only
// its head: what a worker hands an audit (engine_options::slim_for_sink).
void keep_audit_digest(file_result& file, const std::string& group_field, symbol_table& symbols);
// A copy of `file` with only the studies' heads (id, file, id place,
// problems, whether appraised), and no digest.
[[nodiscard]] file_result audit_heads(const file_result& file);

// Reads a digest, every length and number checked: throws
// std::invalid_argument on bytes that are not a digest of `studies` studies
// whose symbols are below `symbols`.
class audit_digest_reader {
public:
    audit_digest_reader(std::string_view bytes, std::size_t symbols) : in_(bytes), symbols_(symbols) {}
    // Inline for numbers below 128, nearly all of them.
    std::uint32_t number() {
        if (in_.empty() || static_cast<unsigned char>(in_.front()) >= 0x80) return long_number();
        const auto value = static_cast<unsigned char>(in_.front());
        in_.remove_prefix(1);
        return value;
    }
    // A count of items each at least `least` bytes long.
    std::uint32_t count(std::size_t least) {
        const std::uint32_t n = number();
        if (n > in_.size() / least) refuse_count();
        return n;
    }
    symbol name() {
        const std::uint32_t id = number();
        if (id >= symbols_) refuse_symbol();
        return id;
    }
    [[nodiscard]] bool done() const { return in_.empty(); }

private:
    std::uint32_t long_number();
    [[noreturn]] static void refuse_symbol();
    [[noreturn]] static void refuse_count();
    std::string_view in_;
    std::size_t symbols_;
};

// Throws std::invalid_argument unless `digest` is a whole digest of
// `studies` studies with symbols below `symbols` (an audit's cache is untrusted).
void check_audit_digest(std::string_view digest, std::size_t studies, std::size_t symbols);

}  // namespace appraise
