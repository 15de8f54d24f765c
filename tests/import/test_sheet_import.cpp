// The MAP and the conversion of rows (core/import): fields checked against
// the codebook with the nearest path, value maps against allowed values,
// cells converted by type (decimal commas, percentages moved exactly, lists,
// yes/no, dates, not-reported words), evidence columns as the 1.1 wrapper,
// headers over two rows, and every bad cell a diagnostic at its cell.
#include <catch2/catch.hpp>

#include <string>

#include "appraise/import/csv_sheet.hpp"
#include "appraise/import/sheet_import.hpp"
#include "appraise/import/sheet_map.hpp"
#include "appraise/input/study_loader.hpp"
#include "test_support.hpp"

namespace {

using appraise::diagnostics;

bool has_code(const diagnostics& list, const std::string& code) {
    for (const auto& d : list)
        if (d.code == code) return true;
    return false;
}

const appraise::diagnostic* find_code(const diagnostics& list, const std::string& code) {
    for (const auto& d : list)
        if (d.code == code) return &d;
    return nullptr;
}

appraise::sheet_import import_csv(const std::string& map_text, const std::string& csv) {
    diagnostics problems;
    auto map = appraise::parse_sheet_map(map_text, "map.toml", problems);
    INFO((problems.empty() ? std::string() : problems.front().message));
    REQUIRE(map);
    auto table = appraise::parse_csv_sheet(csv, "s.csv", 0, appraise::sheet_limits{}, problems);
    REQUIRE(table);
    return appraise::import_sheet(*table, *map);
}

// The one study written, loaded back.
appraise::sdk::node only_study(const appraise::sheet_import& result) {
    REQUIRE(result.studies.size() == 1);
    const auto loaded = appraise::load_study_text(result.studies.front().text, "x.toml");
    REQUIRE(loaded.studies.size() == 1);
    REQUIRE(loaded.studies.front().usable);
    return loaded.studies.front().study.root;
}

}  // namespace

TEST_CASE("MAP fields are checked against the codebook, with the nearest path or the synonym's field",
          "[import][map]") {
    diagnostics problems;
    CHECK_FALSE(appraise::parse_sheet_map("[columns]\nID = \"id\"\nR = \"design.alocation\"\n", "m.toml", problems));
    const auto* unknown = find_code(problems, "import/unknown-field");
    REQUIRE(unknown != nullptr);
    CHECK(unknown->message.find("did you mean `design.allocation`?") != std::string::npos);
    CHECK(unknown->where.line == 3);
    problems.clear();
    CHECK_FALSE(
        appraise::parse_sheet_map("[columns]\nID = \"id\"\nJ = \"journal\"\nD = \"design\"\n", "m.toml", problems));
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].message.find("did you mean `source`?") != std::string::npos);
    CHECK(problems[1].message.find("is a table") != std::string::npos);
    problems.clear();
    CHECK(appraise::parse_sheet_map("[columns]\nID = \"id\"\nX = \"custom.my_note\"\n", "m.toml", problems));
    CHECK(problems.empty());
}

TEST_CASE("MAP value maps are checked against the field's allowed values and type", "[import][map]") {
    diagnostics problems;
    CHECK_FALSE(appraise::parse_sheet_map(
        "[columns]\nID = \"id\"\nR = { field = \"design.allocation\", values = { Yes = \"randon\" } }\n", "m.toml",
        problems));
    const auto* bad = find_code(problems, "import/unknown-value");
    REQUIRE(bad != nullptr);
    CHECK(bad->message.find("did you mean `random`?") != std::string::npos);
    problems.clear();
    CHECK_FALSE(appraise::parse_sheet_map(
        "[columns]\nID = \"id\"\nC = { field = \"design.concealment\", values = { Yes = \"yes\" } }\n", "m.toml",
        problems));
    CHECK(has_code(problems, "import/unknown-value"));
}

TEST_CASE("MAP options must fit their field, evidence needs its value's column, and id must be mapped",
          "[import][map]") {
    const auto refused = [](const std::string& text, const std::string& words) {
        diagnostics problems;
        CHECK_FALSE(appraise::parse_sheet_map(text, "m.toml", problems));
        bool found = false;
        for (const auto& d : problems) found = found || d.message.find(words) != std::string::npos;
        INFO(text << " -> " << (problems.empty() ? std::string("(none)") : problems.front().message));
        CHECK(found);
    };
    refused("[columns]\nID = \"id\"\nY = { field = \"year\", split = \";\" }\n", "split applies to a field");
    refused("[columns]\nID = \"id\"\nY = { field = \"year\", percent = true }\n", "percent = true applies");
    refused("[columns]\nID = \"id\"\nQ = { support_for = \"design.allocation\" }\n", "no column fills");
    refused("[columns]\nY = \"year\"\n", "no column maps `id`");
    refused("[columns]\nID = \"id\"\nA = \"year\"\nB = \"year\"\n", "already fills");
    refused("[columns]\nID = \"id\"\nN = { field = \"outcomes.name\", outcome = 2 }\n", "has no outcomes.id");
    refused("[columns]\nID = { field = \"id\", feild = 1 }\n", "did you mean `field`?");
    refused("header_row = 2\n[columns]\nID = \"id\"\n", "did you mean `header_rows`?");
    refused("[columns\n", "");  // not TOML
    diagnostics problems;
    CHECK_FALSE(appraise::parse_sheet_map("[columns\n", "m.toml", problems));
    CHECK(has_code(problems, "import/map-syntax"));
}

TEST_CASE("cells become typed values: lists, decimal commas, percentages moved exactly, yes/no, dates",
          "[import][cells]") {
    const auto result = import_csv(
        "[columns]\n"
        "ID = \"id\"\n"
        "Authors = { field = \"authors\", split = \";\" }\n"
        "Arms = { field = \"sample.arms\", split = \";\" }\n"
        "Done = { field = \"attrition.completion\", percent = true, decimal = \",\", split = \"/\" }\n"
        "ICC = { field = \"design.icc\", decimal = \",\" }\n"
        "Conc = \"design.concealment\"\n"
        "Reg = \"design.registration_date\"\n"
        "Part = { field = \"sample.participation\", percent = true }\n",
        "ID;Authors;Arms;Done;ICC;Conc;Reg;Part\n"
        "s-1;\"Chen, G.; Sun, W. \";\"64; 60\";94,5 / 90;0,04;Y;2017-05-10;0.1234%\n");
    INFO((result.problems.empty() ? std::string() : result.problems.front().message));
    CHECK(result.problems.empty());
    const auto root = only_study(result);
    REQUIRE(root.find("authors") != nullptr);
    CHECK(root.find("authors")->items.size() == 2);
    CHECK(root.find("authors")->items[1].text == "Sun, W.");
    CHECK(root.find("sample.arms")->items[1].integer == 60);
    CHECK(root.find("attrition.completion")->items[0].number == 0.945);
    CHECK(root.find("attrition.completion")->items[1].number == 0.9);
    CHECK(root.find("design.icc")->number == 0.04);
    CHECK(root.find("design.concealment")->boolean);
    CHECK(root.find("design.registration_date")->text == "2017-05-10");
    CHECK(root.find("sample.participation")->number == 0.001234);  // the point moved, no division
}

TEST_CASE("not-reported words leave the field out: the defaults, without case, and the MAP's own", "[import][cells]") {
    const auto result = import_csv(
        "missing = [\"not stated\"]\n[columns]\nID = \"id\"\nY = \"year\"\nA = "
        "\"design.allocation\"\nC = \"design.clusters\"\nS = \"design.sites\"\n",
        "ID,Y,A,C,S\ns-1,Not Stated,nr,N/A,-\n");
    CHECK(result.problems.empty());
    const auto root = only_study(result);
    CHECK(root.find("year") == nullptr);
    CHECK(root.find("design") == nullptr);
}

TEST_CASE("every bad cell is an error at its cell naming the column and the value, and its row is skipped",
          "[import][cells]") {
    const auto result = import_csv(
        "[columns]\nID = \"id\"\n\"Randomised?\" = { field = \"design.allocation\", values = { Yes = \"random\" } "
        "}\nY = \"year\"\nC = { field = \"attrition.completion\", percent = true }\nD = \"coding.date\"\nB = "
        "\"design.concealment\"\n",
        "ID,Randomised?,Y,C,D,B\n"
        "ok-1,Yes,2020,90,2026-11-03,no\n"
        "bad-1,maybe,2020,90,,\n"
        "bad-2,Yes,twenty,120,03/11/2026,perhaps\n"
        ",Yes,2020,,,\n"
        "ok-1,Yes,2021,,,\n");
    CHECK(result.rows == 5);
    CHECK(result.rows_skipped == 4);
    REQUIRE(result.studies.size() == 1);
    const auto* enum_error = find_code(result.problems, "import/not-in-enum");
    REQUIRE(enum_error != nullptr);
    CHECK(appraise::format_location(enum_error->where) == "s.csv:3:2");
    CHECK(enum_error->message.rfind("'Randomised?' = \"maybe\": not one of `Yes`, `random`", 0) == 0);
    CHECK(has_code(result.problems, "import/not-a-number"));
    CHECK(has_code(result.problems, "import/out-of-range"));
    CHECK(has_code(result.problems, "import/not-a-date"));
    CHECK(has_code(result.problems, "import/not-a-boolean"));
    CHECK(has_code(result.problems, "import/missing-id"));
    const auto* duplicate = find_code(result.problems, "import/duplicate-id");
    REQUIRE(duplicate != nullptr);
    CHECK(duplicate->message.find("row 2") != std::string::npos);
}

TEST_CASE("the loader has the last word: a per-arm list of the wrong length is the row's error", "[import][cells]") {
    const auto result = import_csv(
        "[columns]\nID = \"id\"\nA = { field = \"sample.arms\", split = \";\" }\nL = { field = \"sample.arms_lost\", "
        "split = \";\" }\n",
        "ID,A,L\ns-1,30;30,1;2;3\n");
    CHECK(result.studies.empty());
    const auto* problem = find_code(result.problems, "import/study-problem");
    REQUIRE(problem != nullptr);
    CHECK(problem->message.find("coding/arm-count-mismatch") != std::string::npos);
}

TEST_CASE("evidence columns become the 1.1 wrapper of their field's value, and without a value they are a warning",
          "[import][evidence]") {
    const auto result = import_csv(
        "[columns]\nID = \"id\"\nA = { field = \"design.allocation\", values = { Yes = \"random\" } }\n"
        "Q = { support_for = \"design.allocation\" }\nP = { at_for = \"design.allocation\" }\n"
        "S = { source_for = \"design.allocation\", values = { Paper = \"full-text\" } }\n",
        "ID,A,Q,P,S\ns-1,Yes,\"\"\"randomly divided\"\"\",p. 3,Paper\ns-2,NR,a quote,,\n");
    REQUIRE(result.studies.size() == 2);
    const auto loaded = appraise::load_study_text(result.studies.front().text, "x.toml");
    const auto* allocation = loaded.studies.front().study.root.find("design.allocation");
    REQUIRE(allocation != nullptr);
    CHECK(allocation->text == "random");
    CHECK(allocation->evidence->support == "\"randomly divided\"");
    CHECK(allocation->evidence->at == "p. 3");
    CHECK(allocation->evidence->source == "full-text");
    // The comment names the cells of the value and its evidence.
    CHECK(result.studies.front().text.find("# row 2, column 2 'A'; support from row 2, column 3 'Q'") !=
          std::string::npos);
    CHECK(has_code(result.problems, "import/evidence-without-value"));
}

TEST_CASE("two header rows: a column is named by both joined with ' / ', or by the last when that is unique",
          "[import][headers]") {
    const std::string csv =
        "Study,,Allocation,,Other\n"
        "ID,Year,Randomised?,Quote,Quote\n"
        "s-1,2020,random,q1,q2\n";
    const std::string head = "header_rows = 2\n[columns]\nID = \"id\"\n\"Study / Year\" = \"year\"\n";
    const auto result = import_csv(head +
                                       "\"Randomised?\" = \"design.allocation\"\n\"Allocation / Quote\" = { "
                                       "support_for = \"design.allocation\" }\n",
                                   csv);
    REQUIRE(result.studies.size() == 1);
    const auto root = only_study(result);
    CHECK(root.find("year")->integer == 2020);
    CHECK(root.find("design.allocation")->evidence->support == "q1");
    // An empty upper cell of a CSV continues the one to its left; "Other / Quote" is not mapped.
    const auto* unmapped = find_code(result.problems, "import/unmapped-column");
    REQUIRE(unmapped != nullptr);
    CHECK(unmapped->message.find("`Other / Quote`") != std::string::npos);

    const auto ambiguous = import_csv(head + "Quote = \"title\"\n", csv);
    CHECK(ambiguous.studies.empty());
    CHECK(has_code(ambiguous.problems, "import/ambiguous-column"));
    const auto unknown = import_csv(head + "Randomised = \"design.allocation\"\n", csv);
    const auto* near = find_code(unknown.problems, "import/unknown-column");
    REQUIRE(near != nullptr);
    CHECK(near->message.find("did you mean `Randomised?`?") != std::string::npos);
}

TEST_CASE("ids differing only in case are duplicates: they name one file on a case-insensitive file system",
          "[import][cells]") {
    const auto result = import_csv("[columns]\nID = \"id\"\n", "ID\nLan-2009\nlan-2009\n");
    const auto* dup = find_code(result.problems, "import/duplicate-id");
    REQUIRE(dup != nullptr);
    CHECK(dup->message.find("row 2") != std::string::npos);
    CHECK(result.studies.size() == 1);
}

TEST_CASE("headers in messages are shortened, listed at most 20 at a time, and once for all missing MAP columns",
          "[import][map]") {
    std::string header_row = "ID";
    for (int i = 0; i < 30; ++i)
        header_row += "," + std::string(500, static_cast<char>('a' + i % 26)) + std::to_string(i);
    std::string map = "[columns]\nID = \"id\"\n";
    for (int i = 0; i < 5; ++i) map += "miss" + std::to_string(i) + " = \"custom.m" + std::to_string(i) + "\"\n";
    const auto result = import_csv(map, header_row + "\nx\n");
    std::size_t total = 0;
    std::size_t listed = 0;
    for (const auto& d : result.problems) {
        total += d.message.size() + d.hint.size();
        if (d.hint.find("the sheet's headers: ") != std::string::npos) {
            ++listed;
            CHECK(d.hint.find("... and 11 more") != std::string::npos);
        }
    }
    CHECK(listed == 1);
    CHECK(total < 8000);  // 30 headers of 500 bytes, 5 times, would be 75,000
}

TEST_CASE("outcome comments follow the outcome build() writes: outcome 1 not reported, outcome 2 is the first",
          "[import][cells]") {
    const auto result = import_csv(
        "[columns]\nID = \"id\"\n"
        "O1 = { field = \"outcomes.id\", outcome = 1 }\n"
        "N1 = { field = \"outcomes.name\", outcome = 1 }\n"
        "O2 = { field = \"outcomes.id\", outcome = 2 }\n"
        "N2 = { field = \"outcomes.name\", outcome = 2 }\n",
        "ID,O1,N1,O2,N2\nx,NR,NR,pain,Pain at 6 weeks\n");
    INFO((result.problems.empty() ? std::string() : result.problems.front().message));
    REQUIRE(result.studies.size() == 1);
    const std::string& text = result.studies.front().text;
    INFO(text);
    CHECK(text.find("'O2'") != std::string::npos);
    CHECK(text.find("'N2'") != std::string::npos);
    CHECK(text.find("'O1'") == std::string::npos);
}
