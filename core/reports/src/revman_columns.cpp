#include "appraise/reports/revman_columns.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace appraise {
namespace {

// "D1_Judgement" and "d1 judgement" are one name.
std::string name_key(std::string_view header) {
    std::string key;
    for (const char c : header)
        if (std::string_view(" _-.\t").find(c) == std::string_view::npos)
            key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

struct header_cell {
    std::string text;
    std::size_t column;  // 1-based byte column of the cell on line 1
};

// The first record of a CSV (RFC 4180: quoted cells, doubled quotes, a
// quoted line break); stops at the first line break outside quotes.
std::vector<header_cell> first_record(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<header_cell> cells;
    header_cell cell{"", 1};
    bool quoted = false;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                cell.text += text[++i];
            else if (c == '"')
                quoted = false;
            else
                cell.text += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.push_back(std::move(cell));
            cell = {"", i + 2};
        } else if (c == '\n' || c == '\r') {
            break;
        } else {
            cell.text += c;
        }
    }
    if (quoted) throw std::invalid_argument("a quoted header is not closed");
    cells.push_back(std::move(cell));
    return cells;
}

}  // namespace

std::vector<revman_layout_column> revman_layout(std::string_view template_text, const std::string& source) {
    const auto place = [&](std::size_t column) { return source + ":1:" + std::to_string(column) + ": "; };
    std::vector<header_cell> cells;
    try {
        cells = first_record(template_text);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(place(1) + e.what());
    }
    if (cells.size() == 1 && cells.front().text.empty())
        throw std::invalid_argument(place(1) + "the RevMan template has no header row");
    std::vector<revman_layout_column> layout;
    for (const auto& cell : cells) {
        const auto key = name_key(cell.text);
        const auto known = std::find_if(revman_columns.begin(), revman_columns.end(),
                                        [&](const revman_column& c) { return name_key(c.header) == key; });
        if (known == revman_columns.end()) {
            std::string names;
            for (const auto& c : revman_columns) names += (names.empty() ? "" : ", ") + std::string(c.header);
            throw std::invalid_argument(place(cell.column) + "the RevMan template's header \"" + cell.text +
                                        "\" is no column appraise knows how to fill (it knows: " + names +
                                        "); if RevMan names a column so, correct revman_columns in "
                                        "core/reports/include/appraise/reports/revman_columns.hpp");
        }
        if (std::any_of(layout.begin(), layout.end(),
                        [&](const revman_layout_column& l) { return l.column == &*known; }))
            throw std::invalid_argument(place(cell.column) + "the RevMan template names column \"" +
                                        std::string(known->header) + "\" twice");
        layout.push_back({&*known, cell.text});
    }
    for (const auto& c : revman_columns)
        if (c.required &&
            std::none_of(layout.begin(), layout.end(), [&](const revman_layout_column& l) { return l.column == &c; }))
            throw std::invalid_argument(place(1) + "the RevMan template has no column \"" + std::string(c.header) +
                                        "\" (" + std::string(c.holds) + "): writing it would lose that");
    return layout;
}

}  // namespace appraise
