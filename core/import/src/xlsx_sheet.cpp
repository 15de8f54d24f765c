#include "appraise/import/xlsx_sheet.hpp"

#include <zip.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <pugixml.hpp>
#include <set>

#include "appraise/model/suggest.hpp"
#include "appraise/text/utf8.hpp"

namespace appraise {
namespace {

struct zip_closer {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct entry_closer {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

class workbook_reader {
public:
    workbook_reader(std::string display, const sheet_limits& limits, diagnostics& problems)
        : display_(std::move(display)), limits_(limits), problems_(problems) {}

    // The workbook from its bytes (kept by the reader while it reads).
    bool open(std::string bytes) {
        if (bytes.size() > limits_.max_file_bytes)
            return fail("import/sheet-too-large",
                        "the sheet is over " + std::to_string(limits_.max_file_bytes >> 20) + " MiB",
                        "split the sheet");
        bytes_ = std::move(bytes);
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error);
        if (source != nullptr) {
            archive_.reset(zip_open_from_source(source, ZIP_RDONLY, &error));
            if (!archive_) zip_source_free(source);
        }
        zip_error_fini(&error);
        if (!archive_)
            return fail("import/unreadable-sheet", "not an XLSX file (not a zip archive)",
                        "save the sheet as Excel 2007-365 (.xlsx), or export it as CSV");
        return true;
    }

    // A part's text, or nullopt (with a diagnostic when `required`).
    std::optional<std::string> part(const std::string& name, bool required) {
        const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
        if (index < 0) {
            if (required)
                fail("import/unreadable-sheet", "not an XLSX workbook: it has no part `" + name + "`",
                     "save the sheet as Excel 2007-365 (.xlsx)");
            return std::nullopt;
        }
        std::unique_ptr<zip_file_t, entry_closer> entry(
            zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0));
        if (!entry) {
            fail("import/unreadable-sheet", "the part `" + name + "` cannot be read (encrypted, or a damaged archive)",
                 "save the sheet again without a password");
            return std::nullopt;
        }
        std::string text;
        std::string buffer(std::size_t{1} << 16, '\0');
        for (;;) {
            const zip_int64_t n = zip_fread(entry.get(), buffer.data(), buffer.size());
            if (n < 0) {
                fail("import/unreadable-sheet", "the part `" + name + "` is damaged", "save the sheet again");
                return std::nullopt;
            }
            if (n == 0) break;
            text.append(buffer.data(), static_cast<std::size_t>(n));
            unzipped_ += static_cast<std::size_t>(n);
            // Counted as read, not as the archive's headers claim: they can lie.
            if (text.size() > limits_.max_part_bytes || unzipped_ > limits_.max_unzipped_bytes) {
                fail("import/sheet-too-large",
                     "the part `" + name + "` decompresses to over " +
                         std::to_string((text.size() > limits_.max_part_bytes ? limits_.max_part_bytes
                                                                              : limits_.max_unzipped_bytes) >>
                                        20) +
                         " MiB (a zip bomb, or a sheet too large to import)",
                     "split the sheet");
                return std::nullopt;
            }
        }
        return text;
    }

    bool parse(const std::string& name, pugi::xml_document& doc, bool required) {
        const auto text = part(name, required);
        if (!text) return false;
        // Each '<' opens at most one node; a tree of tiny elements (<c/>)
        // costs many times the part's bytes.
        if (static_cast<std::size_t>(std::count(text->begin(), text->end(), '<')) > limits_.max_elements)
            return fail("import/sheet-too-large",
                        "the part `" + name + "` has over " + std::to_string(limits_.max_elements) +
                            " XML elements (a sheet too large to import)",
                        "remove the empty or unused rows and columns, or split the sheet");
        const pugi::xml_parse_result parsed =
            doc.load_buffer(text->data(), text->size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
        if (!parsed) {
            fail("import/unreadable-sheet",
                 "the part `" + name + "` is not well-formed XML (" + parsed.description() + " at byte " +
                     std::to_string(parsed.offset) + ")",
                 "save the sheet again");
            return false;
        }
        return true;
    }

    bool fail(std::string code, std::string message, std::string hint) {
        problems_.push_back({severity::error, std::move(code), std::move(message), {display_, 0, 0}, std::move(hint)});
        return false;
    }

    const std::string& display() const { return display_; }
    const sheet_limits& limits() const { return limits_; }
    diagnostics& problems() { return problems_; }

private:
    std::string display_;
    const sheet_limits& limits_;
    diagnostics& problems_;
    std::string bytes_;  // before archive_: the archive reads them until it is closed
    std::unique_ptr<zip_t, zip_closer> archive_;
    std::size_t unzipped_ = 0;
};

// The local name of an element (spreadsheetml may come with a prefix: x:row).
std::string_view local(const pugi::xml_node& node) {
    std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
    for (const auto& c : node.children())
        if (local(c) == name) return c;
    return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& node, std::string_view name) {
    std::vector<pugi::xml_node> found;
    for (const auto& c : node.children())
        if (local(c) == name) found.push_back(c);
    return found;
}

// An attribute by local name (r:id is "id" in the relationships namespace).
const char* attribute(const pugi::xml_node& node, std::string_view name) {
    for (const auto& a : node.attributes()) {
        std::string_view n = a.name();
        const auto colon = n.find(':');
        if ((colon == std::string_view::npos ? n : n.substr(colon + 1)) == name) return a.value();
    }
    return "";
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// OOXML writes a character XML cannot hold as _xHHHH_ (Excel's "_x000D_"
// for a carriage return), and a literal "_x" as "_x005F_x".
std::string decode_escapes(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 2) == "_x" && i + 6 < text.size() && text[i + 6] == '_') {
            int code = 0;
            bool hex = true;
            for (std::size_t k = 2; k < 6; ++k) {
                const int d = hex_digit(text[i + k]);
                hex = hex && d >= 0;
                code = code * 16 + d;
            }
            if (hex && code < 0x80) {
                out += static_cast<char>(code);
                i += 6;
                continue;
            }
            if (hex && code < 0x800) {
                out += static_cast<char>(0xC0 | (code >> 6));
                out += static_cast<char>(0x80 | (code & 0x3F));
                i += 6;
                continue;
            }
            if (hex && (code < 0xD800 || code > 0xDFFF)) {
                out += static_cast<char>(0xE0 | (code >> 12));
                out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (code & 0x3F));
                i += 6;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

// The text of a string item: <t>, or the runs' <t> (phonetic runs left out).
std::string string_item(const pugi::xml_node& item) {
    if (auto t = child(item, "t")) return decode_escapes(t.text().get());
    std::string text;
    for (const auto& run : children(item, "r"))
        if (auto t = child(run, "t")) text += t.text().get();
    return decode_escapes(text);
}

// "D12" -> (11, 3); false when it is not a cell reference.
bool parse_reference(std::string_view ref, std::size_t& row, std::size_t& column) {
    std::size_t i = 0;
    std::size_t col = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 4)
        col = col * 26 + static_cast<std::size_t>(ref[i++] - 'A' + 1);
    if (i == 0 || i == ref.size()) return false;
    std::size_t r = 0;
    for (; i < ref.size(); ++i) {
        if (ref[i] < '0' || ref[i] > '9' || r > 10000000) return false;
        r = r * 10 + static_cast<std::size_t>(ref[i] - '0');
    }
    if (r == 0) return false;
    row = r - 1;
    column = col - 1;
    return true;
}

bool builtin_date(int id) {
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

bool percent_format_code(const std::string& code) {
    bool quoted = false;
    for (const char c : code) {
        if (c == '"') quoted = !quoted;
        if (!quoted && c == '%') return true;
    }
    return false;
}

struct cell_format {
    bool date = false;
    bool percent = false;
};

std::vector<cell_format> read_styles(workbook_reader& reader) {
    std::vector<cell_format> formats;
    pugi::xml_document doc;
    if (!reader.parse("xl/styles.xml", doc, false)) return formats;
    const auto sheet = doc.first_child();
    std::map<int, std::string> codes;
    for (const auto& f : children(child(sheet, "numFmts"), "numFmt"))
        codes[std::atoi(attribute(f, "numFmtId"))] = attribute(f, "formatCode");
    for (const auto& xf : children(child(sheet, "cellXfs"), "xf")) {
        const int id = std::atoi(attribute(xf, "numFmtId"));
        cell_format format;
        if (const auto code = codes.find(id); code != codes.end()) {
            format.date = date_format_code(code->second);
            format.percent = percent_format_code(code->second);
        } else {
            format.date = builtin_date(id);
            format.percent = id == 9 || id == 10;
        }
        formats.push_back(format);
    }
    return formats;
}

// "worksheets/sheet1.xml" (relative to xl/) or "/xl/worksheets/sheet1.xml".
std::string part_path(std::string_view target) {
    if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
    std::string path = "xl/";
    path += target;
    return path;
}

}  // namespace

bool date_format_code(const std::string& code) {
    bool quoted = false;
    int bracket = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '\\') {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == '[') {
            ++bracket;
        } else if (!quoted && c == ']') {
            bracket = std::max(0, bracket - 1);
        } else if (!quoted && bracket == 0 && (c == 'd' || c == 'D' || c == 'y' || c == 'Y')) {
            return true;
        }
    }
    return false;
}

std::string spreadsheet_date(double serial, bool date1904) {
    if (!std::isfinite(serial) || serial < 0 || serial > 3000000) return {};
    double whole = std::floor(serial);
    const double seconds = std::round((serial - whole) * 86400);
    long long days = static_cast<long long>(whole);
    if (!date1904) {
        if (days == 60 || days == 0) return {};  // 1900-02-29 does not exist; 0 is 1900-01-00
        // Days from 1970-01-01: serial 25569 is 1970-01-01 (after the leap day that never was).
        days = days < 60 ? days - 25568 : days - 25569;
    } else {
        days -= 24107;  // 1904-01-01 is 24107 days before 1970-01-01
    }
    // Howard Hinnant's civil_from_days.
    const long long z = days + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long d = doy - (153 * mp + 2) / 5 + 1;
    const long long m = mp < 10 ? mp + 3 : mp - 9;
    const long long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    // Zero-padded to `width` digits (the serial bound keeps every part positive and short).
    const auto padded = [](long long value, std::size_t width) {
        std::string digits = std::to_string(value);
        return std::string(digits.size() < width ? width - digits.size() : 0, '0') + digits;
    };
    std::string out = padded(y, 4) + "-" + padded(m, 2) + "-" + padded(d, 2);
    if (seconds > 0 && seconds < 86400) {
        const auto s = static_cast<long long>(seconds);
        out += "T" + padded(s / 3600, 2) + ":" + padded(s / 60 % 60, 2) + ":" + padded(s % 60, 2);
    }
    return out;
}

std::optional<sheet_table> read_xlsx_sheet(const std::string& path, const std::string& display_path,
                                           const std::string& sheet_name, const sheet_limits& limits,
                                           diagnostics& problems) {
    auto bytes = read_sheet_file(path, display_path, limits.max_file_bytes, problems);
    if (!bytes) return std::nullopt;
    return read_xlsx_bytes(std::move(*bytes), display_path, sheet_name, limits, problems);
}

std::optional<sheet_table> read_xlsx_bytes(std::string bytes, const std::string& display_path,
                                           const std::string& sheet_name, const sheet_limits& limits,
                                           diagnostics& problems) {
    workbook_reader reader(display_path, limits, problems);
    if (!reader.open(std::move(bytes))) return std::nullopt;

    pugi::xml_document workbook;
    if (!reader.parse("xl/workbook.xml", workbook, true)) return std::nullopt;
    const auto book = workbook.first_child();
    const std::string date_system = attribute(child(book, "workbookPr"), "date1904");
    const bool date1904 = date_system == "1" || date_system == "true";
    std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
    for (const auto& s : children(child(book, "sheets"), "sheet"))
        sheets.emplace_back(attribute(s, "name"), attribute(s, "id"));
    if (sheets.empty()) {
        reader.fail("import/unreadable-sheet", "the workbook has no sheets", "save the sheet again");
        return std::nullopt;
    }
    auto chosen = sheets.begin();
    if (!sheet_name.empty()) {
        chosen = std::find_if(sheets.begin(), sheets.end(), [&](const auto& s) { return s.first == sheet_name; });
        if (chosen == sheets.end()) {
            std::vector<std::string> names;
            std::string list;
            for (const auto& s : sheets) {
                names.push_back(s.first);
                list += (list.empty() ? "`" : ", `") + s.first + "`";
            }
            std::string message = "the workbook has no sheet `" + sheet_name + "`; its sheets: " + list;
            if (auto near = nearest(sheet_name, names)) message += "; did you mean `" + *near + "`?";
            problems.push_back({severity::error,
                                "import/unknown-sheet",
                                message,
                                {display_path, 0, 0},
                                "name one with --sheet (the first is read by default)"});
            return std::nullopt;
        }
    }

    pugi::xml_document rels;
    if (!reader.parse("xl/_rels/workbook.xml.rels", rels, true)) return std::nullopt;
    std::string target;
    for (const auto& r : children(rels.first_child(), "Relationship"))
        if (chosen->second == attribute(r, "Id")) target = attribute(r, "Target");
    if (target.empty()) {
        reader.fail("import/unreadable-sheet", "the workbook names no part for sheet `" + chosen->first + "`",
                    "save the sheet again");
        return std::nullopt;
    }

    std::vector<std::string> shared;
    {
        pugi::xml_document strings;
        if (reader.parse("xl/sharedStrings.xml", strings, false))
            for (const auto& si : children(strings.first_child(), "si")) shared.push_back(string_item(si));
        else if (!problems.empty() && has_errors(problems))
            return std::nullopt;
    }
    const std::vector<cell_format> formats = read_styles(reader);
    if (has_errors(problems)) return std::nullopt;

    pugi::xml_document sheet_doc;
    if (!reader.parse(part_path(target), sheet_doc, true)) return std::nullopt;
    const auto worksheet = sheet_doc.first_child();

    sheet_table table;
    table.file = display_path;
    table.sheet = valid_utf8(chosen->first) ? chosen->first : repair_utf8(chosen->first);
    const auto too_large = [&](const std::string& what) {
        reader.fail("import/sheet-too-large", "sheet `" + table.sheet + "` has " + what,
                    "remove the empty or unused rows and columns, or split the sheet");
        return std::nullopt;
    };
    std::size_t next_row = 0;
    std::size_t cells = 0;
    std::size_t seen = 0;  // <c> elements, empty ones included
    std::size_t text_bytes = 0;
    for (const auto& row : children(child(worksheet, "sheetData"), "row")) {
        std::size_t r = next_row;
        if (const std::string number = attribute(row, "r"); !number.empty()) {
            const long long n = std::atoll(number.c_str());
            if (n < 1) continue;
            r = static_cast<std::size_t>(n - 1);
        }
        std::size_t next_column = 0;
        for (const auto& c : children(row, "c")) {
            if (++seen > limits.max_cells) return too_large("over " + std::to_string(limits.max_cells) + " cells");
            std::size_t ref_row = r;
            std::size_t column = next_column;
            if (const std::string ref = attribute(c, "r"); !ref.empty() && !parse_reference(ref, ref_row, column))
                continue;
            next_column = column + 1;
            const std::string type = attribute(c, "t");
            sheet_cell cell;
            const std::string value = child(c, "v").text().get();
            if (type == "s") {
                const auto index = static_cast<std::size_t>(std::strtoull(value.c_str(), nullptr, 10));
                if (value.empty() || index >= shared.size()) continue;
                cell.text = shared[index];
            } else if (type == "inlineStr") {
                cell.text = string_item(child(c, "is"));
            } else if (type == "str" || type == "e") {
                cell.text = value;
            } else if (type == "b") {
                cell.text = value == "1" ? "TRUE" : "FALSE";
            } else if (type == "d") {
                cell.text = value.substr(0, value.find('T') == 10 && value.find("T00:00:00") == 10 ? 10 : value.size());
                cell.date = true;
            } else {
                if (value.empty()) continue;
                cell.text = value;
                cell.number = true;
                const auto style = static_cast<std::size_t>(std::strtoull(attribute(c, "s"), nullptr, 10));
                if (style < formats.size()) {
                    if (formats[style].date) {
                        char* end = nullptr;
                        const double serial = std::strtod(value.c_str(), &end);
                        std::string date = end != nullptr && *end == '\0' ? spreadsheet_date(serial, date1904) : "";
                        if (!date.empty()) {
                            cell.text = std::move(date);
                            cell.number = false;
                            cell.date = true;
                        }
                    } else {
                        cell.fraction = formats[style].percent;
                    }
                }
            }
            if (cell.text.empty()) continue;
            if (ref_row >= limits.max_rows) return too_large("over " + std::to_string(limits.max_rows) + " rows");
            if (column >= limits.max_columns)
                return too_large("a cell beyond column " + column_letters(limits.max_columns - 1));
            if (cell.text.size() > limits.max_cell_bytes)
                return too_large("a cell over " + std::to_string(limits.max_cell_bytes / 1024) + " KiB (" +
                                 column_letters(column) + std::to_string(ref_row + 1) + ")");
            text_bytes += cell.text.size();
            if (text_bytes > limits.max_text_bytes)
                return too_large("over " + std::to_string(limits.max_text_bytes >> 20) +
                                 " MiB of text in its cells (a shared string repeated in many cells counts each time)");
            if (!valid_utf8(cell.text)) cell.text = repair_utf8(cell.text);
            if (table.rows.size() <= ref_row) table.rows.resize(ref_row + 1);
            auto& row_cells = table.rows[ref_row];
            if (row_cells.size() <= column) {
                cells += column + 1 - row_cells.size();
                if (cells > limits.max_cells) return too_large("over " + std::to_string(limits.max_cells) + " cells");
                row_cells.resize(column + 1);
            }
            row_cells[column] = std::move(cell);
        }
        next_row = r + 1;
    }
    for (const auto& merge : children(child(worksheet, "mergeCells"), "mergeCell")) {
        const std::string ref = attribute(merge, "ref");
        const auto colon = ref.find(':');
        sheet_range range;
        if (colon == std::string::npos ||
            !parse_reference(std::string_view(ref).substr(0, colon), range.first_row, range.first_column) ||
            !parse_reference(std::string_view(ref).substr(colon + 1), range.last_row, range.last_column))
            continue;
        if (range.last_row < range.first_row || range.last_column < range.first_column) continue;
        table.merges.push_back(range);
        // Header names are resolved against every merge: their number is bounded too.
        if (table.merges.size() > limits.max_columns * 16)
            return too_large("over " + std::to_string(limits.max_columns * 16) + " merged ranges");
    }
    return table;
}

}  // namespace appraise
