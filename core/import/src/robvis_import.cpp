#include "appraise/import/robvis_import.hpp"

#include <algorithm>
#include <cctype>

#include "appraise/model/robvis_templates.hpp"
#include "appraise/text/utf8.hpp"

namespace appraise {
namespace {

std::string lower(std::string_view text) {
    std::string out;
    for (const char c : trimmed(text)) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// "Randomisation process" matches "randomisation process" and "d1".
bool names_domain(std::string_view header, const sdk::domain_spec& domain) {
    const std::string h = lower(header);
    return h == lower(domain.id) || h == lower(domain.name);
}

// "reading (assignment)" -> outcome and effect; "effect not coded" is no effect.
void split_result(std::string_view text, result_name& out) {
    text = trimmed(text);
    const auto open = text.rfind(" (");
    if (open != std::string_view::npos && !text.empty() && text.back() == ')') {
        out.outcome = std::string(trimmed(text.substr(0, open)));
        out.effect = std::string(trimmed(text.substr(open + 2, text.size() - open - 3)));
        if (out.effect == "effect not coded" || out.effect == "unknown effect") out.effect.clear();
    } else {
        out.outcome = std::string(text);
    }
}

}  // namespace

const std::vector<std::string>& robvis_tool_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        for (const auto& t : robvis_templates()) all.emplace_back(t.name);
        all.emplace_back("ROB1");
        return all;
    }();
    return names;
}

std::string default_rubric_for(std::string_view tool) {
    if (tool == "ROB2" || tool == "ROB2-Cluster") return "rob2";
    if (tool == "ROBINS-I") return "robins-i";
    return {};
}

result_name parse_result_name(std::string_view cell) {
    cell = trimmed(cell);
    // " #2": robvis rows of one study that share a label; the number is the export's, not the study's.
    const auto hash = cell.rfind(" #");
    if (hash != std::string_view::npos && hash + 2 < cell.size() &&
        std::all_of(cell.begin() + static_cast<std::ptrdiff_t>(hash) + 2, cell.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
        cell = cell.substr(0, hash);
    result_name out;
    // "Zhou 2019, loneliness": the part before the comma is an author and a year ("Brown, A 2015" is one name).
    const auto comma = cell.find(", ");
    if (comma != std::string_view::npos && parse_study_name(cell.substr(0, comma)).year) {
        out.study = std::string(trimmed(cell.substr(0, comma)));
        split_result(cell.substr(comma + 2), out);
        return out;
    }
    // The id form: "chen-2017 (depression (assignment))".
    const auto open = cell.find(" (");
    if (open != std::string_view::npos && cell.back() == ')' &&
        std::all_of(cell.begin(), cell.begin() + static_cast<std::ptrdiff_t>(open), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
        })) {
        out.study = std::string(cell.substr(0, open));
        split_result(cell.substr(open + 2, cell.size() - open - 3), out);
        return out;
    }
    out.study = std::string(cell);
    return out;
}

import_result import_robvis(std::string_view text, const std::string& display, const std::string& source,
                            std::string_view tool_name, const sdk::rubric_description& rubric) {
    import_result out;
    out.rubric = rubric.id;
    out.tool = "robvis";
    out.source = source;
    const std::string tool(tool_name == "ROB1" ? std::string_view("Generic") : tool_name);
    const csv_table table = read_import_table(text, display, out.problems);
    if (table.error) return out;
    std::vector<const csv_record*> records;
    for (const auto& r : table.records)
        if (!blank_record(r)) records.push_back(&r);
    if (records.empty()) {
        out.problems.push_back(table_problem(severity::error, "import/bad-header", "the table is empty", display, 1, 0,
                                             "robvis's CSV: Study, the domain columns, Overall"));
        return out;
    }
    const csv_record& header = *records.front();
    const auto header_error = [&](std::size_t column, const std::string& message) {
        out.problems.push_back(table_problem(severity::error, "import/bad-header", message, display, header.row, column,
                                             "robvis's CSV: Study, the domain columns, Overall"));
        return out;
    };
    if (header.fields.empty() || lower(header.fields.front()) != "study")
        return header_error(1, "the first column is not `Study`: robvis's CSV starts with a header row, Study first");

    // The domain columns: the rubric's layout for this template, or Generic over its domains.
    std::vector<const sdk::domain_spec*> layout;
    const auto declared = std::find_if(rubric.robvis_layouts.begin(), rubric.robvis_layouts.end(),
                                       [&](const sdk::robvis_layout& l) { return l.template_name == tool; });
    std::size_t columns = header.fields.size();
    const bool weighted = columns > 1 && lower(header.fields.back()) == "weight";
    if (weighted) --columns;
    if (declared != rubric.robvis_layouts.end()) {
        for (const auto& id : declared->domains)
            for (const auto& spec : rubric.domains)
                if (spec.id == id) layout.push_back(&spec);
    } else if (tool == "Generic") {
        // Generic: headers name the domains; the last column may be Overall.
        const std::size_t last = columns > 1 && lower(header.fields[columns - 1]) == "overall" ? columns - 1 : columns;
        for (std::size_t c = 1; c < last; ++c) {
            const auto spec =
                std::find_if(rubric.domains.begin(), rubric.domains.end(),
                             [&](const sdk::domain_spec& d) { return names_domain(header.fields[c], d); });
            if (spec == rubric.domains.end()) {
                std::string names;
                for (const auto& d : rubric.domains) names += (names.empty() ? "" : "; ") + d.name + " (" + d.id + ")";
                return header_error(c + 1, "the column `" + std::string(trimmed(header.fields[c])) +
                                               "` names no domain of " + rubric.id + " (its domains: " + names + ")");
            }
            layout.push_back(&*spec);
        }
    } else {
        std::string declared_names;
        for (const auto& l : rubric.robvis_layouts)
            declared_names += (declared_names.empty() ? "" : ", ") + l.template_name;
        out.problems.push_back(table_problem(
            severity::error, "import/bad-header",
            rubric.id + " has no robvis layout for the " + tool + " template (it has: " +
                (declared_names.empty() ? std::string("none; use --tool Generic") : declared_names + ", Generic") + ")",
            display, header.row, 0, "pass --tool with the template the file was made for, or --rubric"));
        return out;
    }
    const std::size_t domains = layout.size();
    bool overall = false;
    if (columns == domains + 2)
        overall = true;
    else if (columns != domains + 1)
        return header_error(columns, "the header has " + std::to_string(columns) +
                                         " columns besides any Weight; robvis's " + tool + " layout of " + rubric.id +
                                         " has Study, " + std::to_string(domains) + " domain columns" +
                                         " and Overall (" + std::to_string(domains + 2) + ")");

    const judgement_reader words(rubric, tool);
    for (std::size_t i = 1; i < records.size(); ++i) {
        const csv_record& record = *records[i];
        ++out.rows;
        const auto row_error = [&](std::size_t column, const std::string& message, const std::string& hint) {
            out.problems.push_back(table_problem(severity::error, "import/bad-row", message + "; the row is skipped",
                                                 display, record.row, column, hint));
            ++out.skipped;
        };
        if (record.fields.size() != header.fields.size()) {
            row_error(0,
                      "the row has " + std::to_string(record.fields.size()) + " fields, the header " +
                          std::to_string(header.fields.size()),
                      "every row has one field per column; quote a field that holds a comma");
            continue;
        }
        if (const auto bad = std::find_if(record.fields.begin(), record.fields.end(),
                                          [](const std::string& f) { return !valid_utf8(f); });
            bad != record.fields.end()) {
            row_error(static_cast<std::size_t>(bad - record.fields.begin()) + 1, "the field is not UTF-8",
                      "save the file as UTF-8");
            continue;
        }
        const result_name name = parse_result_name(record.fields[0]);
        const study_name study = parse_study_name(name.study);
        if (study.id.empty()) {
            row_error(1, "the Study field `" + std::string(trimmed(record.fields[0])) + "` gives no study id",
                      "name the study with letters or digits");
            continue;
        }
        imported_result result;
        result.row = record.row;
        result.outcome = as_id(name.outcome);
        if (result.outcome != trimmed(name.outcome)) result.outcome_name = name.outcome;
        result.effect = name.effect;
        // Drawn with this template again, not the rubric's first (ROB2-Cluster rows of rob2).
        if (declared != rubric.robvis_layouts.end() && declared != rubric.robvis_layouts.begin())
            result.robvis_template = declared->template_name;
        bool ok = true;
        for (std::size_t c = 1; c < 1 + domains + (overall ? 1 : 0) && ok; ++c) {
            const std::string& cell = record.fields[c];
            const std::string key = c <= domains ? layout[c - 1]->id : std::string("overall");
            if (judgement_reader::no_judgement(cell)) continue;  // not applicable: recorded as no judgement
            const auto word = words.word(cell);
            if (!word) {
                std::string message = "`" + std::string(trimmed(cell)) + "` in " +
                                      std::string(trimmed(header.fields[c])) + " is not a judgement of " + rubric.id;
                if (auto near = words.nearest_word(cell)) message += "; did you mean `" + *near + "`?";
                row_error(c + 1, message, rubric.id + "'s judgements: " + words.words());
                ok = false;
                break;
            }
            result.judgements.emplace_back(key, *word);
        }
        if (!ok) continue;
        if (result.judgements.empty()) {
            row_error(0, "the row records no judgement", "fill in the domain and Overall columns");
            continue;
        }
        add_result(out, study, name.study, std::move(result));
    }
    return out;
}

}  // namespace appraise
