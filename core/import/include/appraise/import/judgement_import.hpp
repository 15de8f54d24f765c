// What every judgement importer produces (robvis, RevMan, Covidence), and how
// it becomes study files: one file per study, each result a recorded judgement
// ([[recorded.<rubric-id>]]) with the file and row it came from.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"
#include "appraise/text/csv_reader.hpp"

namespace appraise {

// The largest table an import reads: a review's judgements are far smaller.
inline constexpr std::size_t max_import_bytes = std::size_t{32} << 20U;

// One result of a study, as a table gives it.
struct imported_result {
    std::string outcome;       // an outcome id (made one if the table's text is not), or empty
    std::string outcome_name;  // the table's own text of the outcome when it was not an id
    std::string effect;
    std::string robvis_template;  // the rubric's robvis layout it is drawn with, when not its first
    std::vector<std::pair<std::string, std::string>> judgements;  // domain id or "overall" -> a word of the scale
    std::vector<std::pair<std::string, std::string>> support;     // domain id or "overall" -> text
    std::size_t row = 0;                                          // the table's record number
};

struct imported_study {
    std::string id;
    std::string label;  // how the table names it ("Zhou 2019"), when that is not the id
    std::vector<std::string> authors;
    std::optional<int> year;
    std::vector<imported_result> results;
};

struct import_result {
    std::string rubric;  // the rubric id the judgements are for
    std::string tool;    // "robvis", "revman", "covidence"
    std::string source;  // the table's file name, as `source.file` records it
    std::vector<imported_study> studies;
    diagnostics problems;
    std::size_t rows = 0;                                   // data rows read
    std::size_t skipped = 0;                                // data rows left out for an error
    std::map<std::string, std::size_t, std::less<>> index;  // study id -> its place in `studies`
};

// A study's name in a table ("Zhou 2019", "Lan 2009a", "chen-2017") as an id,
// the author and the year when it has that form.
struct study_name {
    std::string id;
    std::vector<std::string> authors;
    std::optional<int> year;
};
[[nodiscard]] study_name parse_study_name(std::string_view label);

// A text as an id: itself when it is one ([A-Za-z0-9._-]+, at most 64), else
// lower-case letters and digits joined by '-' ("Quality of life" ->
// "quality-of-life"); empty when nothing is left.
[[nodiscard]] std::string as_id(std::string_view text);
// Always the lower-case form: "Zhou 2019" -> "zhou-2019".
[[nodiscard]] std::string slug(std::string_view text);

// Maps a table's words onto a rubric's judgement scale: the word itself
// ("some-concerns"), its title form ("Some concerns"), robvis's word for it
// under `robvis_tool` when given, and the "... risk (of bias)" forms; case
// and blanks do not matter. nullopt: not a judgement of the rubric.
class judgement_reader {
public:
    judgement_reader(const sdk::rubric_description& rubric, std::string_view robvis_tool);
    [[nodiscard]] std::optional<std::string> word(std::string_view cell) const;
    // Cells that record no judgement: empty, "NA", "Not applicable".
    [[nodiscard]] static bool no_judgement(std::string_view cell);
    // The nearest word a person would write, for a did-you-mean.
    [[nodiscard]] std::optional<std::string> nearest_word(std::string_view cell) const;
    [[nodiscard]] std::string words() const;  // "Low, Some concerns, High"

private:
    std::vector<std::pair<std::string, std::string>> forms_;  // normalised form -> scale word
    std::vector<std::string> titles_;
};

// A diagnostic of the table at row:column (1-based; 0 = the whole row).
[[nodiscard]] diagnostic table_problem(severity level, std::string code, std::string message, const std::string& file,
                                       std::size_t row, std::size_t column, std::string hint = {});

// The records of an untrusted table, or an error at the place reading stopped.
[[nodiscard]] csv_table read_import_table(std::string_view text, const std::string& display, diagnostics& problems);

// Adds one result to the study of that id (in first-seen order).
void add_result(import_result& import, const study_name& name, const std::string& label, imported_result result);

// A study file's text: the study's facts from the table, then each result
// as [[recorded.<rubric>]] with its source; checked to parse as TOML.
[[nodiscard]] std::string study_file_text(const imported_study& study, const import_result& import);

// The name of study `index` of `count` in the output folder: a number that
// keeps the table's order (a corpus is read in file-name order, and robvis
// draws rows in the order given), then the id: "03-zhou-2019.toml".
[[nodiscard]] std::string study_file_name(const imported_study& study, std::size_t index, std::size_t count);

// Writes one file per study into `dir` (which must not exist, or be empty):
// into a temporary folder beside it, then renamed into place, so `dir` gets
// every file or none. Problems are added to `problems`; false: nothing written.
bool write_import(const import_result& import, const std::string& dir, diagnostics& problems);

}  // namespace appraise
