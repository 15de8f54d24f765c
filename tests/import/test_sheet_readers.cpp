// The sheet readers of core/import: CSV as RFC 4180 writes it (quotes,
// doubled quotes, line breaks in cells, CRLF, BOM, ';' detection) and XLSX
// through libzip and pugixml (shared strings, numbers, dates by number
// format, percentages, merged ranges, several sheets), with their bounds.
#include <zip.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

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

namespace {

// A workbook written part by part (libzip), for what LibreOffice's file does not hold.
void write_zip(const std::filesystem::path& file, const std::vector<std::pair<std::string, std::string>>& parts) {
    int error = 0;
    zip_t* archive = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(archive != nullptr);
    for (const auto& [name, text] : parts) {
        zip_source_t* source = zip_source_buffer(archive, text.data(), text.size(), 0);
        REQUIRE(source != nullptr);
        REQUIRE(zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE) >= 0);
    }
    REQUIRE(zip_close(archive) == 0);  // reads the buffers, which outlive it
}

const std::string spreadsheetml = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";

std::vector<std::pair<std::string, std::string>> workbook_parts(const std::string& sheet_xml, bool date1904) {
    return {
        {"xl/workbook.xml", "<workbook " + spreadsheetml +
                                " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
                                (date1904 ? "<workbookPr date1904=\"1\"/>" : "") +
                                "<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
         "Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/styles.xml",
         "<styleSheet " + spreadsheetml +
             "><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"9\"/></cellXfs></styleSheet>"},
        {"xl/worksheets/sheet1.xml",
         "<worksheet " + spreadsheetml + "><sheetData>" + sheet_xml + "</sheetData></worksheet>"},
    };
}

}  // namespace

TEST_CASE("XLSX cells of every kind: inline strings, booleans, a formula's cached value, _x000D_, the 1904 system",
          "[import][xlsx]") {
    const temp_dir dir;
    const auto file = dir.path() / "kinds.xlsx";
    write_zip(file, workbook_parts("<row r=\"1\">"
                                   "<c r=\"A1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
                                   "<c r=\"B1\" t=\"b\"><v>1</v></c>"
                                   "<c r=\"C1\" t=\"str\"><f>A1&amp;\"!\"</f><v>inline!</v></c>"
                                   "<c r=\"D1\" s=\"1\"><v>0</v></c>"
                                   "<c r=\"F1\" t=\"inlineStr\"><is><t>two_x000D_lines</t></is></c>"
                                   "<c r=\"G1\" s=\"2\"><v>0.5</v></c>"
                                   "</row><row r=\"3\"><c r=\"B3\"><v>7</v></c></row>",
                                   true));
    diagnostics problems;
    const auto t = appraise::read_xlsx_sheet(file.string(), "kinds.xlsx", "", sheet_limits{}, problems);
    INFO((problems.empty() ? std::string() : problems.front().message));
    REQUIRE(t);
    CHECK(text_at(*t, 0, 0) == "inline");
    CHECK(text_at(*t, 0, 1) == "TRUE");
    CHECK(text_at(*t, 0, 2) == "inline!");  // never evaluated: the value the file holds
    CHECK(text_at(*t, 0, 3) == "1904-01-01");
    CHECK(text_at(*t, 0, 4).empty());  // E1 was not written
    CHECK(text_at(*t, 0, 5) == "two\rlines");
    CHECK(t->cell(0, 6)->fraction);
    CHECK(t->rows.size() == 3);  // row 2 was not written; B3 keeps its place
    CHECK(text_at(*t, 2, 1) == "7");
}

TEST_CASE("an XLSX part that decompresses past the bound is refused while it is read (a zip bomb)", "[import][xlsx]") {
    const temp_dir dir;
    const auto file = dir.path() / "bomb.xlsx";
    // 16 MiB of spaces compress to a few kilobytes.
    write_zip(file, workbook_parts("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>" +
                                       std::string(std::size_t{16} << 20, ' '),
                                   false));
    REQUIRE(std::filesystem::file_size(file) < 100000);
    diagnostics problems;
    sheet_limits limits;
    limits.max_part_bytes = std::size_t{1} << 20;
    CHECK_FALSE(appraise::read_xlsx_sheet(file.string(), "bomb.xlsx", "", limits, problems));
    REQUIRE(has_code(problems, "import/sheet-too-large"));
    CHECK(problems.back().message.find("zip bomb") != std::string::npos);
    // With the default bounds the same file is read.
    problems.clear();
    CHECK(appraise::read_xlsx_sheet(file.string(), "bomb.xlsx", "", sheet_limits{}, problems));
}

TEST_CASE("one shared string in many cells is bounded by the total text, not per cell", "[import][xlsx]") {
    const temp_dir dir;
    const auto file = dir.path() / "amp.xlsx";
    auto parts = workbook_parts("", false);
    std::string cells;
    for (int i = 0; i < 200; ++i) cells += "<c t=\"s\"><v>0</v></c>";
    parts.back().second =
        "<worksheet " + spreadsheetml + "><sheetData><row>" + cells + "</row></sheetData></worksheet>";
    parts.emplace_back("xl/sharedStrings.xml",
                       "<sst " + spreadsheetml + "><si><t>" + std::string(1000, 'A') + "</t></si></sst>");
    write_zip(file, parts);
    diagnostics problems;
    sheet_limits limits;
    limits.max_text_bytes = 100000;  // 200 cells of 1,000 bytes are 200,000
    CHECK_FALSE(appraise::read_xlsx_sheet(file.string(), "amp.xlsx", "", limits, problems));
    REQUIRE(has_code(problems, "import/sheet-too-large"));
    CHECK(problems.back().message.find("of text") != std::string::npos);
    problems.clear();
    CHECK(appraise::read_xlsx_sheet(file.string(), "amp.xlsx", "", sheet_limits{}, problems));
}

TEST_CASE("empty <c/> cells count against the cells bound, and elements are counted before parsing", "[import][xlsx]") {
    const temp_dir dir;
    const auto file = dir.path() / "dom.xlsx";
    std::string cells;
    for (int i = 0; i < 100; ++i) cells += "<c/>";
    write_zip(file, workbook_parts("<row>" + cells + "</row>", false));
    diagnostics problems;
    sheet_limits limits;
    limits.max_cells = 50;
    CHECK_FALSE(appraise::read_xlsx_sheet(file.string(), "dom.xlsx", "", limits, problems));
    REQUIRE(has_code(problems, "import/sheet-too-large"));
    problems.clear();
    limits = sheet_limits{};
    limits.max_elements = 80;
    CHECK_FALSE(appraise::read_xlsx_sheet(file.string(), "dom.xlsx", "", limits, problems));
    REQUIRE(has_code(problems, "import/sheet-too-large"));
    CHECK(problems.back().message.find("XML elements") != std::string::npos);
    problems.clear();
    CHECK(appraise::read_xlsx_sheet(file.string(), "dom.xlsx", "", sheet_limits{}, problems));
}

TEST_CASE("a CSV sheet's total text is bounded", "[import][csv]") {
    diagnostics problems;
    sheet_limits limits;
    limits.max_text_bytes = 10;
    CHECK_FALSE(appraise::parse_csv_sheet("id,name\nx,abcdefghij\n", "x.csv", 0, limits, problems));
    CHECK(has_code(problems, "import/sheet-too-large"));
}
