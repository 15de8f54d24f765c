#include "appraise/import/revman_import.hpp"

#include <algorithm>
#include <stdexcept>

#include "appraise/reports/revman_columns.hpp"
#include "appraise/text/utf8.hpp"

namespace appraise {

import_result import_revman(std::string_view text, const std::string& display, const std::string& source,
                            const sdk::rubric_description& rubric, const std::string& tool) {
    import_result out;
    out.rubric = rubric.id;
    out.tool = tool;
    out.source = source;
    const csv_table table = read_import_table(text, display, out.problems);
    if (table.error) return out;
    std::vector<const csv_record*> records;
    for (const auto& r : table.records)
        if (!blank_record(r)) records.push_back(&r);
    // The header as the exporter's template reader takes it: names matched, required columns checked.
    std::vector<revman_layout_column> layout;
    try {
        layout = revman_layout(text, display);
    } catch (const std::invalid_argument& bad) {
        out.problems.push_back({severity::error,
                                "import/bad-header",
                                bad.what(),
                                {display, 1, 0},
                                "the columns are those `appraise run --format revman` writes "
                                "(docs/import.md, \"import revman\")"});
        return out;
    }
    if (records.empty() || records.front()->row != 1) return out;
    const std::size_t width = records.front()->fields.size();
    const judgement_reader words(rubric, "");
    const auto has_domain = [&](std::string_view id) {
        return id == "overall" || std::any_of(rubric.domains.begin(), rubric.domains.end(),
                                              [&](const sdk::domain_spec& d) { return d.id == id; });
    };
    for (std::size_t i = 1; i < records.size(); ++i) {
        const csv_record& record = *records[i];
        ++out.rows;
        const auto row_error = [&](std::size_t column, const std::string& message, const std::string& hint) {
            out.problems.push_back(table_problem(severity::error, "import/bad-row", message + "; the row is skipped",
                                                 display, record.row, column, hint));
            ++out.skipped;
        };
        if (record.fields.size() != width) {
            row_error(
                0,
                "the row has " + std::to_string(record.fields.size()) + " fields, the header " + std::to_string(width),
                "every row has one field per column; quote a field that holds a comma or a line break");
            continue;
        }
        if (const auto bad = std::find_if(record.fields.begin(), record.fields.end(),
                                          [](const std::string& f) { return !valid_utf8(f); });
            bad != record.fields.end()) {
            row_error(static_cast<std::size_t>(bad - record.fields.begin()) + 1, "the field is not UTF-8",
                      "save the file as UTF-8");
            continue;
        }
        imported_result result;
        result.row = record.row;
        std::string study_text;
        std::string result_text;
        bool ok = true;
        for (std::size_t c = 0; c < layout.size() && ok; ++c) {
            const revman_column& column = *layout[c].column;
            const std::string cell(trimmed(record.fields[c]));
            switch (column.field) {
                case revman_field::study:
                    study_text = cell;
                    break;
                case revman_field::outcome:
                    result.outcome = as_id(cell);
                    if (result.outcome != cell) result.outcome_name = cell;
                    break;
                case revman_field::result:
                    result_text = cell;
                    break;
                case revman_field::effect:
                    result.effect = cell;
                    break;
                case revman_field::judgement: {
                    if (!has_domain(column.domain) || judgement_reader::no_judgement(cell)) break;
                    const auto word = words.word(cell);
                    if (!word) {
                        std::string message =
                            "`" + cell + "` in " + layout[c].header + " is not a judgement of " + rubric.id;
                        if (auto near = words.nearest_word(cell)) message += "; did you mean `" + *near + "`?";
                        row_error(c + 1, message, "RevMan's RoB 2 levels: " + words.words());
                        ok = false;
                        break;
                    }
                    result.judgements.emplace_back(std::string(column.domain), *word);
                    break;
                }
                case revman_field::support:
                    // Kept as written: the reviewer's text, and the answers the export listed.
                    if (has_domain(column.domain) && !record.fields[c].empty())
                        result.support.emplace_back(std::string(column.domain), record.fields[c]);
                    break;
            }
        }
        if (!ok) continue;
        const study_name study = parse_study_name(study_text);
        if (study.id.empty()) {
            row_error(1, "the Study field `" + study_text + "` gives no study id",
                      "name the study as the review does (its id)");
            continue;
        }
        // A Result column alone ("reading (assignment)") still gives outcome and effect.
        if (result.outcome.empty() && !result_text.empty()) {
            const auto open = result_text.rfind(" (");
            const std::string outcome = open == std::string::npos ? result_text : result_text.substr(0, open);
            result.outcome = as_id(outcome);
            if (result.outcome != outcome) result.outcome_name = outcome;
            if (result.effect.empty() && open != std::string::npos && result_text.back() == ')')
                result.effect = result_text.substr(open + 2, result_text.size() - open - 3);
        }
        if (result.judgements.empty()) {
            row_error(0, "the row records no judgement", "fill in the judgement columns");
            continue;
        }
        // Support for a domain with no judgement says nothing a report can show beside it.
        std::erase_if(result.support, [&](const auto& s) {
            return std::none_of(result.judgements.begin(), result.judgements.end(),
                                [&](const auto& j) { return j.first == s.first; });
        });
        add_result(out, study, study_text, std::move(result));
    }
    return out;
}

}  // namespace appraise
