#include "appraise/audit/audit_digest.hpp"

#include <stdexcept>

#include "appraise/audit/corpus_audit.hpp"
#include "appraise/model/run_summary.hpp"

namespace appraise {
namespace {

void put(std::string& out, std::uint32_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void put(std::string& out, std::size_t value) {
    put(out, static_cast<std::uint32_t>(value));
}

[[noreturn]] void refuse(const char* why) {
    throw std::invalid_argument(std::string("an audit digest with ") + why);
}

constexpr std::uint32_t highest_level = static_cast<std::uint32_t>(severity::error);
constexpr std::uint32_t highest_concern = static_cast<std::uint32_t>(sdk::finding_concern::integrity);

}  // namespace

// (string_view compares: a length test first, no strlen; 350 answers a study.)
int check_word_rank(std::string_view value) {
    if (value == std::string_view(check_not_applicable)) return check_rank_not_applicable;
    if (value == std::string_view(check_fine) || value == "consistent") return check_rank_fine;
    if (value == std::string_view(check_weakness) || value == "flagged") return check_rank_weakness;
    if (value == std::string_view(check_not_reported)) return check_rank_not_reported;
    return -1;
}

std::string make_audit_digest(const file_result& file, const std::string& group_field, symbol_table& table) {
    symbol_table::batch symbols(table);
    static const std::vector<std::string> not_reported_group{not_reported_label};
    static const std::string not_assessed = not_assessed_word;
    static const std::string overall = "Overall";
    std::string out;
    std::string key;  // rubric id, slash, answer id
    for (const auto& study : file.studies) {
        const auto facet = study.facets.find(group_field);
        const std::vector<std::string>& groups = facet == study.facets.end() ? not_reported_group : facet->second;
        put(out, groups.size());
        for (const auto& group : groups) put(out, symbols.intern(group));
        if (study.screened_out) {
            put(out, 1U);
            put(out, symbols.intern(study.screened_out->rubric));
        } else {
            put(out, 0U);
        }
        std::size_t coding_errors = 0;
        for (const auto& appraisal : study.appraisals)
            for (const auto& finding : appraisal.findings)
                if (is_coding_error(finding)) ++coding_errors;
        put(out, coding_errors);
        put(out, study.appraisals.size());
        for (const auto& appraisal : study.appraisals) {
            put(out, symbols.intern(appraisal.rubric));
            put(out, symbols.intern(appraisal.rubric_version));
            const bool judged =
                !appraisal.domains.empty() || appraisal.overall || !appraisal.overall_not_assessed.empty();
            const bool has_overall = !appraisal.overall_not_assessed.empty() || appraisal.overall;
            put(out, judged ? appraisal.domains.size() + (has_overall ? 1 : 0) : 0);
            if (judged) {
                for (const auto& domain : appraisal.domains) {
                    put(out, symbols.intern(domain.name));
                    put(out, symbols.intern(domain.not_assessed.empty() ? domain.judgement : not_assessed));
                }
                if (has_overall) {
                    put(out, symbols.intern(overall));
                    put(out,
                        symbols.intern(appraisal.overall_not_assessed.empty() ? *appraisal.overall : not_assessed));
                }
            }
            std::size_t checks = 0;
            std::string pairs;
            for (const auto& domain : appraisal.domains)
                for (const auto& answer : domain.answers) {
                    if (std::string_view(answer.provenance) != "derived") continue;
                    const int rank = check_word_rank(answer.value);
                    if (rank < 0) continue;
                    key.assign(appraisal.rubric).append(1, '/').append(answer.id);
                    put(pairs, symbols.intern(key));
                    put(pairs, static_cast<std::uint32_t>(rank));
                    ++checks;
                }
            put(out, checks);
            out += pairs;
            put(out, appraisal.findings.size());
            for (const auto& finding : appraisal.findings) {
                put(out, symbols.intern(finding.id));
                put(out, static_cast<std::uint32_t>(finding.level));
                put(out, static_cast<std::uint32_t>(finding.concern));
            }
        }
    }
    return out;
}

void keep_audit_digest(file_result& file, const std::string& group_field, symbol_table& symbols) {
    if (!file.audit_digest) file.audit_digest = make_audit_digest(file, group_field, symbols);
    // Moved into fresh heads, so the rest is freed here, on the worker.
    std::vector<study_result> heads;
    heads.reserve(file.studies.size());
    for (auto& study : file.studies) {
        study_result& head = heads.emplace_back();
        head.id = std::move(study.id);
        head.file = std::move(study.file);
        head.id_where = std::move(study.id_where);
        head.problems = std::move(study.problems);
        head.appraised = study.appraised;
    }
    file.studies.swap(heads);
}

file_result audit_heads(const file_result& file) {
    file_result heads;
    heads.path = file.path;
    heads.problems = file.problems;
    heads.continued = file.continued;
    heads.studies.reserve(file.studies.size());
    for (const auto& study : file.studies) {
        study_result& head = heads.studies.emplace_back();
        head.id = study.id;
        head.file = study.file;
        head.id_where = study.id_where;
        head.problems = study.problems;
        head.appraised = study.appraised;
    }
    return heads;
}

std::uint32_t audit_digest_reader::long_number() {
    std::uint32_t value = 0;
    for (int shift = 0;; shift += 7) {
        if (in_.empty()) refuse("its end cut off");
        const auto byte = static_cast<unsigned char>(in_.front());
        in_.remove_prefix(1);
        if (shift == 28 && (byte & 0xF0U) != 0) refuse("a number too large");
        value |= static_cast<std::uint32_t>(byte & 0x7FU) << shift;
        if ((byte & 0x80U) == 0) return value;
    }
}

void audit_digest_reader::refuse_count() {
    refuse("a count larger than what is left");
}

void audit_digest_reader::refuse_symbol() {
    refuse("a symbol the table does not hold");
}

void check_audit_digest(std::string_view digest, std::size_t studies, std::size_t symbols) {
    audit_digest_reader in(digest, symbols);
    for (std::size_t s = 0; s < studies; ++s) {
        for (std::uint32_t n = in.count(1); n > 0; --n) (void)in.name();
        const std::uint32_t screened = in.number();
        if (screened > 1) refuse("a screening mark that is neither 0 nor 1");
        if (screened == 1) (void)in.name();
        (void)in.number();  // coding errors
        for (std::uint32_t a = in.count(5); a > 0; --a) {
            (void)in.name();
            (void)in.name();
            for (std::uint32_t n = in.count(2); n > 0; --n) {
                (void)in.name();
                (void)in.name();
            }
            for (std::uint32_t n = in.count(2); n > 0; --n) {
                (void)in.name();
                if (in.number() > static_cast<std::uint32_t>(check_rank_weakness)) refuse("an unknown check rank");
            }
            for (std::uint32_t n = in.count(3); n > 0; --n) {
                (void)in.name();
                if (in.number() > highest_level) refuse("an unknown severity");
                if (in.number() > highest_concern) refuse("an unknown concern");
            }
        }
    }
    if (!in.done()) refuse("bytes left over after its studies");
}

}  // namespace appraise
