// robvis's reading of a CSV, restated from its code (mcguinlu/robvis
// c7c1bdd, 0.3.0.900: R/helpers.R clean_data, check_first_row, check_cols,
// tidy_data_*; R/rob_traffic_light.R and R/rob_summary.R for Generic; see
// ../shared/reference/robvis.md), so a test can tell which cells robvis
// would misread: columns are positional, each judgement keeps only the first
// letter of its words of two letters or more, and the letter means what the
// template says. The oracle of what a cell should mean is the hand-written
// table meant_code(), not the writer's own mapping.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace appraise::test {

// A small RFC 4180 reader: rows of fields (quotes, doubled quotes, commas, quoted line breaks).
inline std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += text[++i];
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            field += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(field.empty());  // every row ends in a newline
    return rows;
}

inline std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// \pL for the bytes our files hold: ASCII letters, and any UTF-8 byte (part of a letter, near enough).
inline bool r_letter(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80;
}
inline bool r_word(char c) {
    return r_letter(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// robvis's clean_data() on one cell; `na` is read.csv's NA (the text "NA").
//   gsub("\\b(\\pL)\\pL{1,}|.", "\\U\\1", col, perl = TRUE); trimws(tolower());
//   "na", "n" or NA -> "x"; substr(col, 0, 1)
inline std::string clean_data(const std::string& cell) {
    if (cell == "NA") return "x";
    std::string kept;
    for (std::size_t i = 0; i < cell.size();) {
        const bool boundary = i == 0 || !r_word(cell[i - 1]);
        if (boundary && r_letter(cell[i]) && i + 1 < cell.size() && r_letter(cell[i + 1])) {
            kept += cell[i];
            ++i;
            while (i < cell.size() && r_letter(cell[i])) ++i;
        } else {
            ++i;  // any other character is replaced by an empty \1
        }
    }
    kept = lower(kept);
    if (kept == "na" || kept == "n") kept = "x";
    return kept.substr(0, 1);
}

// rob_traffic_light_generic: gsub("\\bse", "High", tolower()), clean_data, u -> s, m -> s.
inline std::string generic_traffic_code(const std::string& cell) {
    if (cell == "NA") return "x";
    std::string text = lower(cell);
    std::string replaced;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((i == 0 || !r_word(text[i - 1])) && text.compare(i, 2, "se") == 0) {
            replaced += "High";
            ++i;
        } else {
            replaced += text[i];
        }
    }
    std::string code = clean_data(replaced);
    if (code == "u" || code == "m") code = "s";
    return code;
}

// rob_summary_generic: tolower, trimws, substr(0, 2), "se" -> "h", substr(0, 1), u -> s, m -> s.
inline std::string generic_summary_code(const std::string& cell) {
    if (cell == "NA") return "";  // NA stays NA: no level
    std::string text = lower(cell);
    const auto first = text.find_first_not_of(" \t\n\r");
    const auto last = text.find_last_not_of(" \t\n\r");
    text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    text = text.substr(0, 2);
    if (text == "se") text = "h";
    std::string code = text.substr(0, 1);
    if (code == "u" || code == "m") code = "s";
    return code;
}

enum class robvis_plot { traffic_light, summary };

struct robvis_tool {
    std::string name;
    std::size_t columns;  // Study, domains, Overall; 0: any (Generic)
    std::string traffic_levels;
    std::string summary_levels;  // empty: no rob_summary() template
};

inline const robvis_tool* find_tool(const std::string& name) {
    static const std::vector<robvis_tool> tools{
        {"ROB2", 7, "hslnx", "xnhsl"},       {"ROB2-Cluster", 8, "hslnx", ""},  {"ROBINS-I", 9, "csmlnx", "xncsml"},
        {"ROBINS-E", 9, "vhslnx", "xnvhsl"}, {"QUADAS-2", 6, "hslnx", "xnhsl"}, {"QUIPS", 8, "hmlnx", "xnhml"},
        {"Generic", 0, "chslnx", "nchsl"},
    };
    for (const auto& t : tools)
        if (t.name == name) return &t;
    return nullptr;
}

// The robvis code of what a rubric's word means under `tool`: the canonical
// words of robvis.md for the named templates; for Generic, each shipped
// rubric's words placed by hand on robvis's levels. Empty: no word for it.
inline std::string meant_code(const std::string& tool, const std::string& kebab) {
    static const std::map<std::string, std::map<std::string, std::string>> named{
        {"ROB2",
         {{"low", "l"}, {"some-concerns", "s"}, {"high", "h"}, {"no-information", "n"}, {"not-applicable", "x"}}},
        {"ROBINS-I",
         {{"low", "l"},
          {"moderate", "m"},
          {"serious", "s"},
          {"critical", "c"},
          {"no-information", "n"},
          {"not-applicable", "x"}}},
    };
    static const std::map<std::string, std::string> generic{
        // low
        {"low", "l"},
        {"low-except-uncontrolled-confounding", "l"},
        {"strong", "l"},
        {"no-concern", "l"},
        {"no-concerns", "l"},
        {"met", "l"},
        {"all-met", "l"},
        {"all-yes", "l"},
        {"complete", "l"},
        // the middle level
        {"some-concerns", "s"},
        {"moderate", "s"},
        {"unclear", "s"},
        {"minor", "s"},
        {"some-cant-tell", "s"},
        {"partial", "s"},
        // high
        {"high", "h"},
        {"serious", "h"},
        {"weak", "h"},
        {"major", "h"},
        {"not-met", "h"},
        {"some-not-met", "h"},
        {"some-no", "h"},
        {"incomplete", "h"},
        // critical (trustworthiness places serious-concerns there)
        {"critical", "c"},
        {"very-high", "c"},
        {"serious-concerns", "c"},
        // not ratings
        {"no-information", "n"},
        {"not-reported", "n"},
        {"not-applicable", "x"},
        {"not-rated", "x"},
    };
    const std::string key = tool == "ROB2-Cluster" ? "ROB2" : tool;
    if (tool == "Generic") {
        const auto at = generic.find(kebab);
        return at == generic.end() ? "" : at->second;
    }
    const auto t = named.find(key);
    if (t == named.end()) return "";
    const auto at = t->second.find(kebab);
    return at == t->second.end() ? "" : at->second;
}

// What robvis reads of a CSV given read.csv(header = TRUE).
struct robvis_reading {
    std::vector<std::string> errors;              // where robvis would stop or warn
    std::vector<std::string> header;              // the judgement columns' headers
    std::vector<std::string> studies;             // column 1 of each data row
    std::vector<std::vector<std::string>> cells;  // the judgement cells as written
    std::vector<std::vector<std::string>> codes;  // robvis's code of each; "" when it reads none
};

inline robvis_reading robvis_read(const std::string& csv, const std::string& tool_name, robvis_plot plot, bool overall,
                                  bool weighted) {
    robvis_reading reading;
    const robvis_tool* tool = find_tool(tool_name);
    if (tool == nullptr) {
        reading.errors.push_back("Tool name \"" + tool_name + "\" not recognised");
        return reading;
    }
    const bool summary = plot == robvis_plot::summary;
    if (summary && tool->summary_levels.empty()) {
        reading.errors.push_back(tool_name + " has no rob_summary() template");
        return reading;
    }
    const auto rows = csv_rows(csv);
    if (rows.size() < 2) {
        reading.errors.push_back("no data row");
        return reading;
    }
    const auto& head = rows.front();
    for (const auto& row : rows)
        if (row.size() != head.size()) reading.errors.push_back("a row has " + std::to_string(row.size()) + " cells");
    if (head.front() != "Study") reading.errors.push_back("the first column is not called Study");
    // check_first_row: any cell of data row 1 that reads as a heading.
    for (const auto& cell : rows[1]) {
        const auto l = lower(cell);
        if (l == "study" || l == "overall" || l == "weight")
            reading.errors.push_back("It looks like the first row of your dataset contains column headings");
    }
    std::size_t judgement_end = head.size();  // one past the last judgement column
    const std::regex number(R"(^[-]{0,1}[0-9]{0,}.{0,1}[0-9]{1,}$)");
    const auto numeric_last = [&] {
        return std::all_of(rows.begin() + 1, rows.end(),
                           [&](const std::vector<std::string>& r) { return std::regex_match(r.back(), number); });
    };
    if (tool->columns != 0) {
        // check_cols: Study, domains, Overall (unless overall = FALSE), Weight (weighted summaries only);
        // an unweighted summary drops one extra trailing column (tidy_data_summ's "legacy" path).
        const std::size_t expected = tool->columns - (overall ? 0 : 1);
        if (summary && weighted) {
            if (head.size() != expected + 1)
                reading.errors.push_back("The number of columns in your data (" + std::to_string(head.size()) +
                                         ") does not match " + std::to_string(expected + 1));
            else if (!numeric_last())
                reading.errors.push_back("The final column does not seem to contain numeric values");
            judgement_end = expected;
        } else if (summary && head.size() == expected + 1) {
            judgement_end = expected;
        } else if (head.size() != expected) {
            reading.errors.push_back("The number of columns in your data (" + std::to_string(head.size()) +
                                     ") does not match the number expected for this tool (" + std::to_string(expected) +
                                     ")");
        }
    } else if (weighted) {
        if (!numeric_last()) reading.errors.push_back("The final column does not seem to contain numeric values");
        judgement_end = head.size() - 1;
    } else if (numeric_last()) {
        judgement_end = head.size() - 1;  // a numeric last column is taken for weights and dropped
    }
    if (!reading.errors.empty()) return reading;
    const std::string& levels = summary ? tool->summary_levels : tool->traffic_levels;
    reading.header.assign(head.begin() + 1, head.begin() + static_cast<std::ptrdiff_t>(judgement_end));
    for (std::size_t r = 1; r < rows.size(); ++r) {
        reading.studies.push_back(rows[r][0]);
        std::vector<std::string> cells(rows[r].begin() + 1,
                                       rows[r].begin() + static_cast<std::ptrdiff_t>(judgement_end));
        std::vector<std::string> codes;
        for (const auto& cell : cells) {
            std::string code = tool->columns != 0 ? clean_data(cell)
                               : summary          ? generic_summary_code(cell)
                                                  : generic_traffic_code(cell);
            if (code.empty() || levels.find(code) == std::string::npos) code.clear();
            codes.push_back(code);
        }
        reading.cells.push_back(std::move(cells));
        reading.codes.push_back(std::move(codes));
    }
    return reading;
}

// What a cell should say: the rubric's word for (study label, column header),
// "not-applicable" where the rubric gave none; nullopt when no result has that label.
using robvis_meaning = std::function<std::optional<std::string>(const std::string& study, const std::string& header)>;

// Every cell robvis would read as other than what the rubric meant: "study /
// header: "Serious" reads as s, meant h (serious)"; empty when robvis reads
// every cell right. Reading errors come first.
inline std::vector<std::string> robvis_misreads(const std::string& csv, const std::string& tool, robvis_plot plot,
                                                bool overall, bool weighted, const robvis_meaning& meaning) {
    const auto reading = robvis_read(csv, tool, plot, overall, weighted);
    std::vector<std::string> wrong = reading.errors;
    for (std::size_t r = 0; r < reading.studies.size(); ++r)
        for (std::size_t c = 0; c < reading.header.size(); ++c) {
            const auto word = meaning(reading.studies[r], reading.header[c]);
            const std::string where =
                reading.studies[r] + " / " + reading.header[c] + ": \"" + reading.cells[r][c] + "\"";
            if (!word) {
                wrong.push_back(where + ": no result or column of that name");
                continue;
            }
            const std::string meant = meant_code(tool, *word);
            if (meant.empty())
                wrong.push_back(where + ": no known meaning of " + *word + " under " + tool);
            else if (reading.codes[r][c] != meant)
                wrong.push_back(where + " reads as " + (reading.codes[r][c].empty() ? "nothing" : reading.codes[r][c]) +
                                ", meant " + meant + " (" + *word + ")");
        }
    return wrong;
}

}  // namespace appraise::test
