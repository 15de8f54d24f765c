// `appraise import sheet` end to end: the messy fixture as CSV and as the
// XLSX LibreOffice wrote (the same studies from both), atomic output and
// --keep-going, the template, and the must-show: the example corpus's facts
// as a sheet import to the same facts as the TOML corpus, then check clean
// and run.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "appraise/input/study_loader.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using appraise::sdk::node;
using appraise::test::data_dir;
using appraise::test::read_file;
using appraise::test::run_appraise;
using appraise::test::shell_quote;
using appraise::test::source_dir;
using appraise::test::temp_dir;

const fs::path messy_xlsx = APPRAISE_IMPORT_XLSX;
const fs::path messy_csv = data_dir / "import" / "messy.csv";
const fs::path messy_map = data_dir / "import" / "messy-map.toml";

std::string import_args(const fs::path& sheet, const fs::path& map, const fs::path& out) {
    return "import sheet " + shell_quote(sheet) + " --map " + shell_quote(map) + " -o " + shell_quote(out);
}

// Every study under a folder (or file), by id; `appraisal` left out: a sheet holds facts.
std::map<std::string, node> studies_in(const fs::path& where) {
    std::map<std::string, node> studies;
    std::vector<fs::path> files;
    if (fs::is_directory(where)) {
        for (const auto& entry : fs::recursive_directory_iterator(where))
            if (entry.path().extension() == ".toml") files.push_back(entry.path());
    } else {
        files.push_back(where);
    }
    for (const auto& file : files) {
        const auto loaded = appraise::load_study_file(file, file.string());
        for (const auto& s : loaded.studies) {
            node root = s.study.root;
            root.members.erase(std::remove_if(root.members.begin(), root.members.end(),
                                              [](const auto& m) { return m.first == "appraisal"; }),
                               root.members.end());
            studies[s.study.id] = root;
        }
    }
    return studies;
}

// The differences between two trees (values, types, evidence), not their order or place.
void compare(const node& a, const node& b, const std::string& path, std::vector<std::string>& diffs) {
    const auto differ = [&](const std::string& what) { diffs.push_back(path + ": " + what); };
    if (a.is_number() && b.is_number()) {
        if (a.number != b.number) differ(std::to_string(a.number) + " vs " + std::to_string(b.number));
    } else if (a.type != b.type) {
        differ("different types");
        return;
    }
    if (a.text != b.text) differ("\"" + a.text + "\" vs \"" + b.text + "\"");
    if (a.boolean != b.boolean) differ("booleans differ");
    if (a.evidence->support != b.evidence->support || a.evidence->at != b.evidence->at ||
        a.evidence->source != b.evidence->source)
        differ("evidence differs");
    if (a.items.size() != b.items.size()) differ("list lengths differ");
    for (std::size_t i = 0; i < std::min(a.items.size(), b.items.size()); ++i)
        compare(a.items[i], b.items[i], path + "[" + std::to_string(i) + "]", diffs);
    for (const auto& [key, value] : a.members) {
        const node* other = b.get(key);
        if (other == nullptr)
            diffs.push_back(path + "." + key + ": only in the first");
        else
            compare(value, *other, path + "." + key, diffs);
    }
    for (const auto& [key, value] : b.members)
        if (a.get(key) == nullptr) diffs.push_back(path + "." + key + ": only in the second");
}

std::vector<std::string> differences(const std::map<std::string, node>& a, const std::map<std::string, node>& b) {
    std::vector<std::string> diffs;
    for (const auto& [id, study] : a) {
        const auto other = b.find(id);
        if (other == b.end())
            diffs.push_back(id + ": only in the first");
        else
            compare(study, other->second, id, diffs);
    }
    for (const auto& [id, study] : b)
        if (a.count(id) == 0) diffs.push_back(id + ": only in the second");
    return diffs;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

}  // namespace

TEST_CASE("import sheet: a bad cell of the messy sheet is an error at its cell, and nothing is written",
          "[import][cli]") {
    const temp_dir dir;
    const auto xlsx = run_appraise(import_args(messy_xlsx, messy_map, dir.path() / "out"));
    CHECK(xlsx.exit_code == 2);
    CHECK(xlsx.err.find(":Coding!D5: error: 'Randomised?' = \"maybe\": not one of `Yes`, `No`, `random`, "
                        "`quasi-random`, `non-random`, `none` [import/not-in-enum]") != std::string::npos);
    CHECK(xlsx.err.find("nothing written") != std::string::npos);
    const auto csv = run_appraise(import_args(messy_csv, messy_map, dir.path() / "out"));
    CHECK(csv.exit_code == 2);
    CHECK(csv.err.find("messy.csv:5:4: error: 'Randomised?' = \"maybe\"") != std::string::npos);
    // All or none: no output folder, and no temporary folder left beside it.
    CHECK_FALSE(fs::exists(dir.path() / "out"));
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("import sheet --keep-going imports the other rows, and the messy CSV and XLSX give the same studies",
          "[import][cli]") {
    const temp_dir dir;
    const auto xlsx = run_appraise(import_args(messy_xlsx, messy_map, dir.path() / "xlsx") + " --keep-going");
    CHECK(xlsx.exit_code == 2);  // a row had an error
    CHECK(xlsx.err.find("imported 3 studies") != std::string::npos);
    const auto csv = run_appraise(import_args(messy_csv, messy_map, dir.path() / "csv") + " --keep-going");
    CHECK(csv.exit_code == 2);
    const auto from_xlsx = studies_in(dir.path() / "xlsx");
    const auto from_csv = studies_in(dir.path() / "csv");
    REQUIRE(from_xlsx.size() == 3);
    const auto diffs = differences(from_xlsx, from_csv);
    INFO(joined(diffs));
    CHECK(diffs.empty());
    // The messy cells, read: a trailing space, a merged header, a percent cell, a quote with a line break, a date.
    const node& smith = from_xlsx.at("smith-2020");
    CHECK(smith.find("design.type")->text == "cluster-rct");
    CHECK(smith.find("design.allocation")->text == "random");
    CHECK(smith.find("design.allocation")->evidence->support == "schools were \"randomly assigned\"\nby lottery");
    CHECK(smith.find("attrition.completion")->number == 0.945);
    CHECK(smith.find("coding.date")->text == "2026-11-03");
    CHECK(smith.find("coding.coder")->text == "MW");
    const node& wu = from_xlsx.at("wu-2021");
    CHECK(wu.find("attrition.completion")->number == 0.9025);      // "90,25" with decimal = ","
    CHECK(wu.find("sample.arms")->items.size() == 2);              // "25 ; 27 ;"
    CHECK(wu.find("coding.coder") == nullptr);                     // "n/a"
    CHECK(from_xlsx.at("lee-2019").find("attrition") == nullptr);  // "NR"
    // The written files name their cells.
    const std::string text = read_file(dir.path() / "xlsx" / "smith-2020.toml");
    CHECK(text.find("type = \"cluster-rct\"  # Coding!C3 'Design'") != std::string::npos);
    CHECK(text.find("# Imported by appraise import sheet from ") == 0);
}

TEST_CASE("import sheet: the output must be new or empty: a folder with files is never replaced", "[import][cli]") {
    const temp_dir dir;
    dir.write("out/keep.toml", "id = \"keep\"\n");
    const auto result = run_appraise(import_args(messy_csv, messy_map, dir.path() / "out") + " --keep-going");
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("[import/output-exists]") != std::string::npos);
    CHECK(fs::exists(dir.path() / "out" / "keep.toml"));
    CHECK_FALSE(fs::exists(dir.path() / "out" / "smith-2020.toml"));
    // An empty folder is filled.
    fs::create_directories(dir.path() / "empty");
    CHECK(run_appraise(import_args(messy_csv, messy_map, dir.path() / "empty") + " --keep-going").exit_code == 2);
    CHECK(fs::exists(dir.path() / "empty" / "smith-2020.toml"));
}

TEST_CASE("import sheet usage errors: no MAP, --sheet with a CSV, an unknown sheet, a bad delimiter", "[import][cli]") {
    const temp_dir dir;
    const auto out = shell_quote(dir.path() / "out");
    const auto no_map = run_appraise("import sheet " + shell_quote(messy_csv) + " -o " + out);
    CHECK(no_map.exit_code == 2);
    CHECK(no_map.err.find("[import/usage]") != std::string::npos);
    CHECK(run_appraise(import_args(messy_csv, messy_map, dir.path() / "out") + " --sheet Coding").exit_code == 2);
    const auto sheet = run_appraise(import_args(messy_xlsx, messy_map, dir.path() / "out") + " --sheet Lists");
    CHECK(sheet.exit_code == 2);
    CHECK(sheet.err.find("[import/unknown-column]") != std::string::npos);  // the MAP's headers are not Lists'
    CHECK(run_appraise(import_args(messy_csv, messy_map, dir.path() / "out") + " --delimiter '|'").exit_code == 2);
    CHECK(run_appraise("import").exit_code == 2);
    CHECK_FALSE(fs::exists(dir.path() / "out"));
}

TEST_CASE("import sheet --template writes a MAP and an empty sheet with a column per field, and a filled row imports",
          "[import][cli][template]") {
    const temp_dir dir;
    const auto written = run_appraise("import sheet --template -o " + shell_quote(dir.path() / "t"));
    REQUIRE(written.exit_code == 0);
    const std::string map = read_file(dir.path() / "t" / "sheet-map.toml");
    const std::string sheet = read_file(dir.path() / "t" / "sheet.csv");
    CHECK(map.find("\"design.allocation\" = \"design.allocation\"") != std::string::npos);
    CHECK(map.find("\"sample.arms\" = { field = \"sample.arms\", split = \";\" }") != std::string::npos);
    CHECK(sheet.rfind("id,", 0) == 0);
    CHECK(sheet.find(",design.allocation,") != std::string::npos);
    // The empty sheet imports to nothing (a warning); one row with an id and a year imports and checks.
    const auto empty = run_appraise(
        import_args(dir.path() / "t" / "sheet.csv", dir.path() / "t" / "sheet-map.toml", dir.path() / "none"));
    CHECK(empty.exit_code == 0);
    CHECK(empty.err.find("[import/no-rows]") != std::string::npos);
    const std::size_t columns = static_cast<std::size_t>(std::count(sheet.begin(), sheet.end(), ',')) + 1;
    std::string row = "t-1";
    for (std::size_t i = 1; i < columns; ++i) row += ",";
    dir.write("t/filled.csv", sheet + row + "\r\n");
    const auto filled = run_appraise(
        import_args(dir.path() / "t" / "filled.csv", dir.path() / "t" / "sheet-map.toml", dir.path() / "one"));
    INFO(filled.err);
    CHECK(filled.exit_code == 0);
    CHECK(run_appraise("check --rubric design-weakness " + shell_quote(dir.path() / "one")).exit_code == 0);
}

TEST_CASE(
    "import sheet: the example corpus as a sheet imports to the same facts as the TOML corpus, checks clean and runs",
    "[import][cli][example]") {
    const temp_dir dir;
    const fs::path example = source_dir / "examples" / "left-behind-children-sheet";
    const auto imported = run_appraise(
        import_args(example / "characteristics.csv", example / "characteristics-map.toml", dir.path() / "studies"));
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    CHECK(imported.err.find("warning") == std::string::npos);  // every column mapped
    const auto from_sheet = studies_in(dir.path() / "studies");
    const auto corpus = studies_in(source_dir / "examples" / "left-behind-children" / "studies");
    REQUIRE(corpus.size() == 18);
    const auto diffs = differences(corpus, from_sheet);
    INFO(joined(diffs));
    CHECK(diffs.empty());
    // The comparison can fail: one fact changed in the sheet is found.
    std::string sheet = read_file(example / "characteristics.csv");
    const auto at = sheet.find(",124,");
    REQUIRE(at != std::string::npos);
    sheet.replace(at, 5, ",125,");
    dir.write("changed.csv", sheet);
    REQUIRE(run_appraise(
                import_args(dir.path() / "changed.csv", example / "characteristics-map.toml", dir.path() / "changed"))
                .exit_code == 0);
    CHECK(differences(corpus, studies_in(dir.path() / "changed")).size() == 1);

    // Round trip: check is clean (no coding error or warning), run appraises every study.
    const auto checked = run_appraise("check --config " +
                                      shell_quote(source_dir / "examples" / "left-behind-children" / "appraise.toml") +
                                      " " + shell_quote(dir.path() / "studies"));
    CHECK(checked.exit_code == 0);
    CHECK((checked.out + checked.err)
              .find("18 valid, 0 with coding errors, 0 skipped; 0 input errors, 0 input warnings") !=
          std::string::npos);
    const auto run =
        run_appraise("run --rubric design-weakness --rubric rob2 --format json " + shell_quote(dir.path() / "studies"));
    REQUIRE(run.exit_code == 0);
    const auto report = nlohmann::json::parse(run.out);
    CHECK(report["studies"].size() == 18);
    for (const auto& study : report["studies"]) CHECK(study["errors"].empty());
}

TEST_CASE("import sheet: a sheet that cannot be read says so, not '0 of 0 row(s) have errors'", "[import][cli]") {
    const temp_dir dir;
    const auto sheet = dir.write("bad.csv", "ID,X\nx,1\n");
    const auto map = dir.write("map.toml", "[columns]\nID = \"id\"\nY = \"custom.y\"\n");  // no column Y
    const auto result = run_appraise(import_args(sheet, map, dir.path() / "out"));
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("0 of 0") == std::string::npos);
    CHECK(result.err.find("the sheet could not be imported") != std::string::npos);
}
