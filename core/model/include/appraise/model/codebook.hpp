// The codebook: every field of the coded-study format v1 as data (path, type,
// allowed values, range, meaning). The loader validates against it, `explain`
// prints from it, and rubrics name the paths they read from it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace appraise {

enum class field_type {
    section,        // a table: [design], [sample], ...
    section_array,  // an array of tables: [[outcomes]]
    free_section,   // never checked: [custom], [appraisal] (rubrics check their own answers)
    string,
    integer,
    number,  // integer or float
    boolean,
    enumeration,  // a string from `values`
    string_list,
    integer_list,
    enumeration_list,
    number_or_list,  // a number, or an array of numbers (per arm)
    date,            // a TOML local date, 2026-11-03
};

struct field_def {
    std::string path;  // "design.allocation"; fields of [[outcomes]] are "outcomes.<key>"
    field_type type = field_type::string;
    std::vector<std::string> values;  // enumeration, enumeration_list
    std::optional<double> min;
    std::optional<double> max;
    std::string meaning;
    bool required = false;
};

class codebook {
public:
    // The study format version 1 (with the 1.1 additions).
    static const codebook& v1();

    [[nodiscard]] const field_def* find(std::string_view path) const;
    // Keys allowed directly inside a section ("" = top level).
    [[nodiscard]] std::vector<std::string> keys_in(std::string_view section) const;
    [[nodiscard]] const std::vector<field_def>& fields() const { return fields_; }

    explicit codebook(std::vector<field_def> fields);

private:
    std::vector<field_def> fields_;
    // An open-addressing hash table of indices of fields_ by path (the first
    // of equal paths only), at most half full: find() runs for every key of
    // every study, and a binary search over the paths cost 9 string compares.
    std::vector<std::size_t> by_path_;
};

// The words of format 1.1's evidence: a wrapper's `source` (and
// coding.sources), an appraisal's `direction`, a consensus wrapper's `resolved`.
[[nodiscard]] const std::vector<std::string>& evidence_sources();
[[nodiscard]] const std::vector<std::string>& bias_directions();
[[nodiscard]] const std::vector<std::string>& resolution_ways();

// Words a reviewer reaches for that are not keys of the format, and the
// field each means: the loader's unknown-key message names it when no known
// key is spelt close to the word. `path` is a full codebook path.
struct field_synonym {
    std::string word;
    std::string path;
};
[[nodiscard]] const std::vector<field_synonym>& field_synonyms();
// The same inside an evidence wrapper: `pages` means `at`.
[[nodiscard]] const std::vector<field_synonym>& wrapper_synonyms();
// The keys of format 1.1's evidence wrapper: value, support, at, source, resolved, reason.
[[nodiscard]] const std::vector<std::string>& wrapper_keys();
// The field a word means, or nullptr: an exact synonym (case-insensitive).
[[nodiscard]] const field_synonym* synonym_of(std::string_view word);
[[nodiscard]] const field_synonym* wrapper_synonym_of(std::string_view word);

// "a string", "an integer from 1900 to 2100", "one of `rct`, `cluster-rct`, ..."
[[nodiscard]] std::string describe_type(const field_def& field);

}  // namespace appraise
