#include "appraise/import/covidence_import.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <tuple>

#include "appraise/import/revman_import.hpp"
#include "appraise/reports/revman_columns.hpp"
#include "appraise/text/utf8.hpp"

namespace appraise {
namespace {

// "Study_ID" and "study id" are one name.
std::string name_key(std::string_view header) {
    std::string key;
    for (const char c : trimmed(header))
        if (std::string_view(" _-.\t").find(c) == std::string_view::npos)
            key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

// Letters and digits only, lower case, US spellings as British: for matching domain names.
std::string words_key(std::string_view text) {
    std::string key;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0) key += static_cast<char>(std::tolower(u));
    }
    for (std::size_t at = key.find("iz"); at != std::string::npos; at = key.find("iz", at + 1)) key[at + 1] = 's';
    return key;
}

// The domain a Domain cell names: its id ("d1", "D1", "Domain 1"), its name,
// or a longer name that holds it ("Bias arising from the randomisation process"); "overall".
std::optional<std::string> domain_of(std::string_view cell, const sdk::rubric_description& rubric) {
    const std::string key = words_key(cell);
    if (key.empty()) return std::nullopt;
    if (key.rfind("overall", 0) == 0) return std::string("overall");
    for (const auto& d : rubric.domains) {
        const std::string id = words_key(d.id);
        if (key == id || (id.size() > 1 && id[0] == 'd' && key == "domain" + id.substr(1))) return d.id;
    }
    for (const auto& d : rubric.domains) {
        const std::string name = words_key(d.name);
        if (!name.empty() && key.find(name) != std::string::npos) return d.id;
    }
    return std::nullopt;
}

bool revman_form(std::string_view text) {
    try {
        (void)revman_layout(text, "");
        return true;
    } catch (const std::invalid_argument&) {
        return false;
    }
}

bool consensus(std::string_view reviewer) {
    return name_key(reviewer) == "consensus";
}

}  // namespace

import_result import_covidence(std::string_view text, const std::string& display, const std::string& source,
                               const sdk::rubric_description& rubric) {
    if (revman_form(text)) return import_revman(text, display, source, rubric, "covidence");
    import_result out;
    out.rubric = rubric.id;
    out.tool = "covidence";
    out.source = source;
    const csv_table table = read_import_table(text, display, out.problems);
    if (table.error) return out;
    std::vector<const csv_record*> records;
    for (const auto& r : table.records)
        if (!blank_record(r)) records.push_back(&r);
    const auto header_error = [&](std::size_t column, const std::string& message) {
        std::string names;
        for (const auto& c : covidence_columns) names += (names.empty() ? "" : ", ") + std::string(c.header);
        out.problems.push_back(table_problem(severity::error, "import/bad-header", message, display, 1, column,
                                             "Covidence's RevMan Web \"Risk of bias\" CSV (the columns of `import "
                                             "revman`), or its quality-assessment CSV with: " +
                                                 names));
        return out;
    };
    if (records.empty() || records.front()->row != 1) return header_error(0, "the table has no header row");
    const csv_record& header = *records.front();
    std::map<covidence_field, std::size_t> at;  // field -> column (0-based)
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
        const auto key = name_key(header.fields[c]);
        const auto known = std::find_if(covidence_columns.begin(), covidence_columns.end(),
                                        [&](const covidence_column& k) { return name_key(k.header) == key; });
        if (known == covidence_columns.end()) continue;  // an extraction CSV has many other columns
        if (!at.emplace(known->field, c).second)
            return header_error(c + 1, "the header names the column of `" + std::string(known->header) + "` twice");
    }
    for (const auto& [field, name] :
         {std::pair{covidence_field::study, "Study ID"}, std::pair{covidence_field::domain, "Domain"},
          std::pair{covidence_field::judgement, "Judgement"}})
        if (at.count(field) == 0)
            return header_error(0,
                                std::string("the header has no `") + name +
                                    "` column: neither a RevMan Web \"Risk of bias\" CSV nor a quality-assessment CSV");
    const judgement_reader words(rubric, "");
    const auto cell_of = [&](const csv_record& r, covidence_field f) -> std::string {
        const auto c = at.find(f);
        return c == at.end() ? std::string() : std::string(trimmed(r.fields[c->second]));
    };
    // Every row's judgement, by study, outcome and domain.
    struct judged {
        std::string word;
        std::string support;
        std::size_t row = 0;
        bool consensus = false;
        std::string reviewer;
    };
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<judged>> cells;
    std::vector<std::pair<std::string, std::string>> order;  // (study, outcome) in first-seen order
    std::map<std::pair<std::string, std::string>, std::pair<study_name, std::string>> names;
    for (std::size_t i = 1; i < records.size(); ++i) {
        const csv_record& record = *records[i];
        ++out.rows;
        const auto row_error = [&](covidence_field field, const std::string& message, const std::string& hint) {
            const auto c = at.find(field);
            out.problems.push_back(table_problem(severity::error, "import/bad-row", message + "; the row is skipped",
                                                 display, record.row, c == at.end() ? 0 : c->second + 1, hint));
            ++out.skipped;
        };
        if (record.fields.size() != header.fields.size()) {
            row_error(covidence_field::study,
                      "the row has " + std::to_string(record.fields.size()) + " fields, the header " +
                          std::to_string(header.fields.size()),
                      "every row has one field per column; quote a field that holds a comma");
            continue;
        }
        if (std::any_of(record.fields.begin(), record.fields.end(),
                        [](const std::string& f) { return !valid_utf8(f); })) {
            row_error(covidence_field::study, "the row is not UTF-8", "save the file as UTF-8");
            continue;
        }
        const std::string study_text = cell_of(record, covidence_field::study);
        const study_name study = parse_study_name(study_text);
        if (study.id.empty()) {
            row_error(covidence_field::study, "the Study ID `" + study_text + "` gives no study id",
                      "name the study with letters or digits");
            continue;
        }
        const std::string domain_text = cell_of(record, covidence_field::domain);
        const auto domain = domain_of(domain_text, rubric);
        if (!domain) {
            std::string known;
            for (const auto& d : rubric.domains) known += (known.empty() ? "" : "; ") + d.id + " " + d.name;
            row_error(covidence_field::domain, "the domain `" + domain_text + "` is none of " + rubric.id + "'s",
                      "its domains: " + known + "; or Overall");
            continue;
        }
        const std::string judgement_text = cell_of(record, covidence_field::judgement);
        if (judgement_reader::no_judgement(judgement_text)) continue;  // not judged: nothing recorded
        const auto word = words.word(judgement_text);
        if (!word) {
            std::string message = "`" + judgement_text + "` is not a judgement of " + rubric.id;
            if (auto near = words.nearest_word(judgement_text)) message += "; did you mean `" + *near + "`?";
            row_error(covidence_field::judgement, message, rubric.id + "'s judgements: " + words.words());
            continue;
        }
        const std::string outcome = cell_of(record, covidence_field::outcome);
        const std::string reviewer = cell_of(record, covidence_field::reviewer);
        judged cell{*word, cell_of(record, covidence_field::support), record.row, consensus(reviewer), reviewer};
        const auto key = std::make_tuple(study.id, outcome, *domain);
        cells[key].push_back(std::move(cell));
        const auto which = std::make_pair(study.id, outcome);
        if (names.emplace(which, std::make_pair(study, study_text)).second) order.push_back(which);
    }
    // One judgement per study, outcome and domain: the consensus row's, else the one every reviewer gave.
    std::map<std::tuple<std::string, std::string, std::string>, judged> settled;
    for (const auto& entry : cells) {
        const auto& key = entry.first;
        const std::vector<judged>& rows = entry.second;  // not a structured binding: a lambda reads it
        const auto agreed = std::find_if(rows.begin(), rows.end(), [](const judged& j) { return j.consensus; });
        if (agreed != rows.end()) {
            settled[key] = *agreed;
            continue;
        }
        const auto differs =
            std::find_if(rows.begin(), rows.end(), [&](const judged& j) { return j.word != rows.front().word; });
        if (differs == rows.end()) {
            settled[key] = rows.front();
            continue;
        }
        const auto column = at.find(covidence_field::judgement)->second + 1;
        out.problems.push_back(table_problem(
            severity::error, "import/bad-row",
            "reviewers differ on " + std::get<2>(key) + " of " + std::get<0>(key) +
                (std::get<1>(key).empty() ? "" : " (" + std::get<1>(key) + ")") + ": " + rows.front().word + " by " +
                (rows.front().reviewer.empty() ? std::string("a reviewer") : rows.front().reviewer) + " in row " +
                std::to_string(rows.front().row) + ", " + differs->word + " by " +
                (differs->reviewer.empty() ? std::string("a reviewer") : differs->reviewer) +
                ", and there is no consensus row; the domain is left out",
            display, differs->row, column,
            "export the consensus judgements, or resolve the conflict in Covidence first"));
        ++out.skipped;
    }
    for (const auto& which : order) {
        imported_result result;
        result.outcome = as_id(which.second);
        if (result.outcome != which.second) result.outcome_name = which.second;
        std::size_t first_row = 0;
        // Domains in the rubric's order, then the overall.
        std::vector<std::string> keys;
        for (const auto& d : rubric.domains) keys.push_back(d.id);
        keys.emplace_back("overall");
        for (const auto& key : keys) {
            const auto found = settled.find(std::make_tuple(which.first, which.second, key));
            if (found == settled.end()) continue;
            result.judgements.emplace_back(key, found->second.word);
            if (!found->second.support.empty()) result.support.emplace_back(key, found->second.support);
            if (first_row == 0 || found->second.row < first_row) first_row = found->second.row;
        }
        if (result.judgements.empty()) continue;
        result.row = first_row;
        const auto& [study, label] = names.at(which);
        add_result(out, study, label, std::move(result));
    }
    return out;
}

}  // namespace appraise
