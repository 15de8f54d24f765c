// The sheet readers of core/import: CSV as RFC 4180 writes it (quotes,
// doubled quotes, line breaks in cells, CRLF, BOM, ';' detection) and XLSX
// through libzip and pugixml (shared strings, numbers, dates by number
// format, percentages, merged ranges, several sheets), with their bounds.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "appraise/import/csv_sheet.hpp"
#include "appraise/import/xlsx_sheet.hpp"
#include "test_support.hpp"

namespace {

using appraise::diagnostics;
using appraise::sheet_limits;
using appraise::sheet_table;
using appraise::test::data_dir;
using appraise::test::temp_dir;

const std::string messy_xlsx = APPRAISE_IMPORT_XLSX;

std::string text_at(const sheet_table& t, std::size_t row, std::size_t column) {
    const auto* cell = t.cell(row, column);
    return cell == nullptr ? std::string("<none>") : cell->text;
}

bool has_code(const diagnostics& list, const std::string& code) {
    for (const auto& d : list)
        if (d.code == code) return true;
    return false;
}

}  // namespace

TEST_CASE("CSV cells follow RFC 4180: quotes, doubled quotes, line breaks inside quotes, CRLF", "[import][csv]") {
    diagnostics problems;
    const auto t = appraise::parse_csv_sheet("a,\"b, c\",\"say \"\"hi\"\"\"\r\n1,\"two\r\nlines\",\r\n3", "x.csv", 0,
                                             sheet_limits{}, problems);
    REQUIRE(t);
    CHECK(problems.empty());
    REQUIRE(t->rows.size() == 3);
    CHECK(text_at(*t, 0, 1) == "b, c");
    CHECK(text_at(*t, 0, 2) == "say \"hi\"");
    CHECK(text_at(*t, 1, 1) == "two\nlines");  // a CRLF in a quoted cell is one line break
    CHECK(text_at(*t, 1, 2).empty());
    CHECK(text_at(*t, 2, 0) == "3");
    // A cell is named by record and field, as a spreadsheet shows the row.
    CHECK(appraise::format_location(appraise::cell_location(*t, 2, 0)) == "x.csv:3:1");
}

TEST_CASE("the CSV delimiter is the most frequent of comma, semicolon and tab in the first record, outside quotes",
          "[import][csv]") {
    CHECK(appraise::detect_csv_delimiter("a;b;\"c,d,e\"\n1,2,3,4") == ';');
    CHECK(appraise::detect_csv_delimiter("a,b;c,d") == ',');
    CHECK(appraise::detect_csv_delimiter("a\tb\tc") == '\t');
    CHECK(appraise::detect_csv_delimiter("one column") == ',');
    diagnostics problems;
    // A byte-order mark is not part of the first header; --delimiter overrides detection.
    const auto t = appraise::parse_csv_sheet("\xEF\xBB\xBFid;year\nx;2020\n", "x.csv", ',', sheet_limits{}, problems);
    REQUIRE(t);
    CHECK(text_at(*t, 0, 0) == "id;year");
}

TEST_CASE("bad CSV is refused with a located diagnostic: an unclosed quote, bytes that are not UTF-8, a bound",
          "[import][csv]") {
    diagnostics problems;
    CHECK_FALSE(appraise::parse_csv_sheet("id,q\nx,\"never closed\n", "x.csv", 0, sheet_limits{}, problems));
    REQUIRE(has_code(problems, "import/csv-syntax"));
    CHECK(problems.back().where.line == 2);
    CHECK(problems.back().where.column == 2);
    problems.clear();
    CHECK_FALSE(appraise::parse_csv_sheet("id\n\xff\xfe\n", "x.csv", 0, sheet_limits{}, problems));
    CHECK(has_code(problems, "import/invalid-utf8"));
    problems.clear();
    sheet_limits small;
    small.max_columns = 3;
    CHECK_FALSE(appraise::parse_csv_sheet("a,b,c,d\n", "x.csv", 0, small, problems));
    CHECK(has_code(problems, "import/sheet-too-large"));
    problems.clear();
    small = sheet_limits{};
    small.max_cells = 5;
    CHECK_FALSE(appraise::parse_csv_sheet("a,b,c\nd,e,f\n", "x.csv", 0, small, problems));
    CHECK(has_code(problems, "import/sheet-too-large"));
    problems.clear();
    small = sheet_limits{};
    small.max_rows = 2;
    CHECK_FALSE(appraise::parse_csv_sheet("a\nb\nc\nd\n", "x.csv", 0, small, problems));
    CHECK(has_code(problems, "import/sheet-too-large"));
}

TEST_CASE("the messy fixture's CSV: two header rows, a BOM, semicolons, quotes with line breaks, trailing spaces",
          "[import][csv]") {
    diagnostics problems;
    const auto t = appraise::parse_csv_sheet(appraise::test::read_file(data_dir / "import" / "messy.csv"), "messy.csv",
                                             0, sheet_limits{}, problems);
    REQUIRE(t);
    CHECK(problems.empty());
    REQUIRE(t->rows.size() == 6);
    CHECK(text_at(*t, 0, 0) == "Study");
    CHECK(text_at(*t, 0, 8) == "Coder  ");
    CHECK(text_at(*t, 2, 4) == "schools were \"randomly assigned\"\nby lottery");
    CHECK(text_at(*t, 2, 5) == "60; 58");
    CHECK(text_at(*t, 2, 6) == "94,5");
}

TEST_CASE("spreadsheet date serials: the 1900 system with its phantom leap day, and the 1904 system",
          "[import][xlsx]") {
    CHECK(appraise::spreadsheet_date(1, false) == "1900-01-01");
    CHECK(appraise::spreadsheet_date(59, false) == "1900-02-28");
    CHECK(appraise::spreadsheet_date(60, false).empty());  // 1900-02-29 never was
    CHECK(appraise::spreadsheet_date(61, false) == "1900-03-01");
    CHECK(appraise::spreadsheet_date(25569, false) == "1970-01-01");
    CHECK(appraise::spreadsheet_date(46329, false) == "2026-11-03");  // as LibreOffice wrote the fixture
    CHECK(appraise::spreadsheet_date(0, true) == "1904-01-01");
    CHECK(appraise::spreadsheet_date(44867, true) == "2026-11-03");
    CHECK(appraise::spreadsheet_date(46329.5, false) == "2026-11-03T12:00:00");
    CHECK(appraise::date_format_code("yyyy\\-mm\\-dd"));
    CHECK(appraise::date_format_code("[$-409]d mmm yyyy"));
    CHECK_FALSE(appraise::date_format_code("0.0%"));
    CHECK_FALSE(appraise::date_format_code("General"));
    CHECK_FALSE(appraise::date_format_code("\"day\" 0"));  // quoted text is not a date part
}

TEST_CASE("the messy XLSX written by LibreOffice: shared strings, numbers, a date cell, a percent cell, merges",
          "[import][xlsx]") {
    diagnostics problems;
    const auto t = appraise::read_xlsx_sheet(messy_xlsx, "messy.xlsx", "", sheet_limits{}, problems);
    INFO((problems.empty() ? std::string() : problems.front().message));
    REQUIRE(t);
    CHECK(t->sheet == "Coding");  // the first sheet by default
    CHECK(text_at(*t, 0, 0) == "Study");
    CHECK(text_at(*t, 2, 0) == "smith-2020 ");
    CHECK(text_at(*t, 2, 1) == "2020");
    CHECK(t->cell(2, 1)->number);
    CHECK(text_at(*t, 2, 4) == "schools were \"randomly assigned\"\nby lottery");
    CHECK(text_at(*t, 2, 6) == "0.945");
    CHECK(t->cell(2, 6)->fraction);
    CHECK(text_at(*t, 2, 7) == "2026-11-03");
    CHECK(t->cell(2, 7)->date);
    CHECK(text_at(*t, 4, 6) == "88,0");  // text, as typed
    CHECK(t->merges.size() == 7);
    CHECK(appraise::format_location(appraise::cell_location(*t, 4, 3)) == "messy.xlsx:Coding!D5");
    const auto lists = appraise::read_xlsx_sheet(messy_xlsx, "messy.xlsx", "Lists", sheet_limits{}, problems);
    REQUIRE(lists);
    CHECK(text_at(*lists, 1, 0) == "RCT");
}

TEST_CASE("an XLSX that is not one, a missing sheet and a zip bomb are refused with a diagnostic", "[import][xlsx]") {
    const temp_dir dir;
    diagnostics problems;
    CHECK_FALSE(appraise::read_xlsx_sheet(dir.write("fake.xlsx", "id,year\n").string(), "fake.xlsx", "", sheet_limits{},
                                          problems));
    CHECK(has_code(problems, "import/unreadable-sheet"));
    problems.clear();
    CHECK_FALSE(appraise::read_xlsx_sheet(messy_xlsx, "messy.xlsx", "Codign", sheet_limits{}, problems));
    REQUIRE(has_code(problems, "import/unknown-sheet"));
    CHECK(problems.back().message.find("did you mean `Coding`?") != std::string::npos);
    // The parts decompress to more than the bound allows: refused while reading, whatever the headers say.
    problems.clear();
    sheet_limits small;
    small.max_part_bytes = 1000;
    CHECK_FALSE(appraise::read_xlsx_sheet(messy_xlsx, "messy.xlsx", "", small, problems));
    CHECK(has_code(problems, "import/sheet-too-large"));
    problems.clear();
    small = sheet_limits{};
    small.max_unzipped_bytes = 4000;
    CHECK_FALSE(appraise::read_xlsx_sheet(messy_xlsx, "messy.xlsx", "", small, problems));
    CHECK(has_code(problems, "import/sheet-too-large"));
}
