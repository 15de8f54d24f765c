// Fuzzes `appraise import sheet`'s readers and conversion: the input is a
// sheet (an XLSX workbook when it starts as a zip archive does, else CSV),
// read with small bounds, then imported by a fixed MAP that reaches every
// kind of cell conversion. Invariants: every message is valid UTF-8, and
// every study written loads again without an error (the importer checked it).
#include <string>

#include "appraise/import/csv_sheet.hpp"
#include "appraise/import/sheet_import.hpp"
#include "appraise/import/sheet_map.hpp"
#include "appraise/import/xlsx_sheet.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/text/utf8.hpp"
#include "fuzz_input.hpp"

namespace {

const appraise::sheet_map& fixed_map() {
    static const appraise::sheet_map map = [] {
        appraise::diagnostics problems;
        auto parsed = appraise::parse_sheet_map(
            "header_rows = 2\nmissing = [\"?\"]\n[columns]\n"
            "\"Study / ID\" = \"id\"\n\"Year\" = \"year\"\n"
            "\"Design\" = { field = \"design.type\", values = { \"RCT\" = \"rct\", \"Cluster RCT\" = \"cluster-rct\" } "
            "}\n"
            "\"Randomised?\" = { field = \"design.allocation\", values = { \"Yes\" = \"random\", \"No\" = "
            "\"non-random\" } }\n"
            "\"Allocation / Quote\" = { support_for = \"design.allocation\" }\n"
            "\"Arm sizes\" = { field = \"sample.arms\", split = \";\" }\n"
            "\"Completion %\" = { field = \"attrition.completion\", percent = true, decimal = \",\", split = \"/\" }\n"
            "\"Coded on\" = \"coding.date\"\n\"Coder\" = \"coding.coder\"\n"
            "\"Blind\" = \"blinding.assessors\"\n\"Outcome\" = { field = \"outcomes.id\", outcome = 1 }\n"
            "\"Means\" = { field = \"outcomes.means\", split = \";\", outcome = 1 }\n",
            "map.toml", problems);
        appraise::fuzz::require(parsed.has_value());
        return *parsed;
    }();
    return map;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace appraise;
    const std::string_view bytes = fuzz::as_text(data, size);
    sheet_limits limits;
    limits.max_rows = 2000;
    limits.max_columns = 64;
    limits.max_cells = 20000;
    limits.max_part_bytes = std::size_t{4} << 20;
    limits.max_unzipped_bytes = std::size_t{8} << 20;
    diagnostics problems;
    std::optional<sheet_table> table;
    if (bytes.substr(0, 2) == "PK")
        table = read_xlsx_bytes(std::string(bytes), "fuzz.xlsx", "", limits, problems);
    else
        table = parse_csv_sheet(bytes, "fuzz.csv", 0, limits, problems);
    if (table) {
        const sheet_import result = import_sheet(*table, fixed_map());
        problems.insert(problems.end(), result.problems.begin(), result.problems.end());
        for (const auto& study : result.studies) {
            const loaded_file loaded = load_study_text(study.text, study.file_name);
            fuzz::require(!has_errors(loaded.problems));
            for (const auto& s : loaded.studies) fuzz::require(!has_errors(s.problems));
        }
    }
    for (const auto& d : problems) fuzz::require(valid_utf8(d.message) && valid_utf8(d.hint));
    return 0;
}
