#include "appraise/import/judgement_import.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <system_error>

#include "appraise/input/toml_writer.hpp"
#include "appraise/model/robvis_templates.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/reports/judgement_words.hpp"

namespace appraise {
namespace {

namespace fs = std::filesystem;

bool id_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
}

bool is_id(std::string_view text) {
    return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), id_char);
}

// Lower case, blanks trimmed, each run of spaces, '_' or '-' one '-', a final '.' dropped.
std::string normalised(std::string_view text) {
    text = trimmed(text);
    while (!text.empty() && text.back() == '.') text.remove_suffix(1);
    std::string out;
    bool gap = false;
    for (const char c : text) {
        if (c == ' ' || c == '_' || c == '-' || c == '\t') {
            gap = !out.empty();
            continue;
        }
        if (gap) out += '-';
        gap = false;
        const auto u = static_cast<unsigned char>(c);
        out += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
    }
    return out;
}

std::string toml_string(const std::string& text) {
    sdk::node value;
    value.type = sdk::node::kind::string;
    value.text = text;
    return toml_inline_value(value);
}

std::string rows_text(const imported_study& study) {
    std::string text;
    for (const auto& r : study.results) text += (text.empty() ? "" : ", ") + std::to_string(r.row);
    return (study.results.size() == 1 ? "row " : "rows ") + text;
}

}  // namespace

std::string as_id(std::string_view text) {
    text = trimmed(text);
    if (is_id(text)) return std::string(text);
    return slug(text);
}

std::string slug(std::string_view text) {
    std::string out;
    bool gap = false;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80 && std::isalnum(u) != 0) {
            if (gap && !out.empty()) out += '-';
            gap = false;
            out += static_cast<char>(std::tolower(u));
        } else {
            gap = true;
        }
        if (out.size() >= 64) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

study_name parse_study_name(std::string_view label) {
    label = trimmed(label);
    study_name name;
    // "Zhou 2019", "Lan 2009a", "van Dijk 2018": the family name and the year, as reports label studies.
    const auto space = label.rfind(' ');
    if (space != std::string_view::npos && space > 0) {
        const std::string_view tail = label.substr(space + 1);
        const bool year = tail.size() >= 4 && tail.size() <= 5 &&
                          std::all_of(tail.begin(), tail.begin() + 4,
                                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) &&
                          (tail.size() == 4 || (tail[4] >= 'a' && tail[4] <= 'z'));
        const int value = year ? std::stoi(std::string(tail.substr(0, 4))) : 0;
        if (year && value >= 1900 && value <= 2100) {
            name.authors.emplace_back(trimmed(label.substr(0, space)));
            name.year = value;
            name.id = slug(std::string(label.substr(0, space)) + "-" + std::string(tail));
            if (!name.id.empty()) return name;
            name.authors.clear();
            name.year.reset();
        }
    }
    name.id = as_id(label);
    return name;
}

judgement_reader::judgement_reader(const sdk::rubric_description& rubric, std::string_view robvis_tool) {
    const robvis_template_info* tool = robvis_tool.empty() ? nullptr : find_robvis_template(robvis_tool);
    std::set<std::string> ambiguous;
    std::set<std::string> own;  // the scale's own words: they always mean themselves
    for (const auto& word : rubric.judgement_scale) own.insert(normalised(word));
    const auto add = [&](const std::string& form, const std::string& word) {
        if (form.empty() || own.count(form) != 0 || ambiguous.count(form) != 0) return;
        const auto known = std::find_if(forms_.begin(), forms_.end(), [&](const auto& f) { return f.first == form; });
        if (known == forms_.end()) {
            forms_.emplace_back(form, word);
        } else if (known->second != word) {
            ambiguous.insert(form);  // two words of the scale read so: neither is guessed
            forms_.erase(known);
        }
    };
    // The scale's own words first: they are never ambiguous with a robvis spelling.
    for (const auto& word : rubric.judgement_scale) {
        forms_.emplace_back(normalised(word), word);
        titles_.push_back(title_word(word));
    }
    for (const auto& word : rubric.judgement_scale) {
        add(normalised(title_word(word)), word);
        if (tool != nullptr)
            if (auto spelled = robvis_word(*tool, word, rubric.judgement_scale, rubric.judgement_rungs))
                add(normalised(*spelled), word);
    }
}

std::optional<std::string> judgement_reader::word(std::string_view cell) const {
    std::string form = normalised(cell);
    for (const std::string_view suffix : {"-risk-of-bias", "-risk"})
        if (form.size() > suffix.size() && form.compare(form.size() - suffix.size(), suffix.size(), suffix) == 0) {
            const std::string shorter = form.substr(0, form.size() - suffix.size());
            if (std::any_of(forms_.begin(), forms_.end(), [&](const auto& f) { return f.first == shorter; }))
                form = shorter;
        }
    for (const auto& [known, word] : forms_)
        if (known == form) return word;
    return std::nullopt;
}

bool judgement_reader::no_judgement(std::string_view cell) {
    const std::string form = normalised(cell);
    return form.empty() || form == "na" || form == "not-applicable" || form == "n/a";
}

std::optional<std::string> judgement_reader::nearest_word(std::string_view cell) const {
    std::vector<std::string> forms;
    for (const auto& f : forms_) forms.push_back(f.first);
    const auto near = nearest(normalised(cell), forms);
    if (!near) return std::nullopt;
    for (const auto& [form, word] : forms_)
        if (form == *near) return title_word(word);
    return std::nullopt;
}

std::string judgement_reader::words() const {
    std::string text;
    for (const auto& t : titles_) text += (text.empty() ? "" : ", ") + t;
    return text;
}

diagnostic table_problem(severity level, std::string code, std::string message, const std::string& file,
                         std::size_t row, std::size_t column, std::string hint) {
    return {level,
            std::move(code),
            std::move(message),
            {file, static_cast<int>(std::min<std::size_t>(row, 1U << 30U)),
             static_cast<int>(std::min<std::size_t>(column, 1U << 30U))},
            std::move(hint)};
}

csv_table read_import_table(std::string_view text, const std::string& display, diagnostics& problems) {
    csv_table table = read_csv(text);
    if (table.error)
        problems.push_back(table_problem(severity::error, "import/bad-csv",
                                         "the table cannot be read as CSV: " + table.error->message, display,
                                         table.error->row, table.error->column,
                                         "RFC 4180: fields separated by commas, a field with a comma, quote or "
                                         "line break in double quotes, a quote in it doubled"));
    return table;
}

void add_result(import_result& import, const study_name& name, const std::string& label, imported_result result) {
    auto& studies = import.studies;
    const auto [known, added] = import.index.emplace(name.id, studies.size());
    if (added) {
        imported_study study;
        study.id = name.id;
        study.label = label == name.id ? std::string() : label;
        study.authors = name.authors;
        study.year = name.year;
        studies.push_back(std::move(study));
    }
    studies[known->second].results.push_back(std::move(result));
}

std::string study_file_text(const imported_study& study, const import_result& import) {
    std::string out = "# Imported by `appraise import " + import.tool + "` from " + import.source + " (" +
                      rows_text(study) + "): recorded\n# judgements of " + import.rubric +
                      ", made elsewhere and not computed from answers (docs/import.md).\n";
    out += "id = " + toml_string(study.id) + "\n";
    if (!study.label.empty() && study.authors.empty()) out += "title = " + toml_string(study.label) + "\n";
    if (!study.authors.empty()) {
        out += "authors = [";
        for (std::size_t i = 0; i < study.authors.size(); ++i)
            out += (i == 0 ? "" : ", ") + toml_string(study.authors[i]);
        out += "]\n";
    }
    if (study.year) out += "year = " + std::to_string(*study.year) + "\n";
    std::vector<std::string> outcomes;
    for (const auto& r : study.results) {
        if (r.outcome.empty() || std::find(outcomes.begin(), outcomes.end(), r.outcome) != outcomes.end()) continue;
        outcomes.push_back(r.outcome);
        out += "\n[[outcomes]]\nid = " + toml_string(r.outcome) + "\n";
        if (!r.outcome_name.empty()) out += "name = " + toml_string(r.outcome_name) + "\n";
    }
    const std::string table = "recorded." + toml_key(import.rubric);
    for (const auto& r : study.results) {
        out += "\n[[" + table + "]]  # " + import.source + " row " + std::to_string(r.row) + "\n";
        if (!r.outcome.empty()) out += "outcome = " + toml_string(r.outcome) + "\n";
        if (!r.effect.empty()) out += "effect = " + toml_string(r.effect) + "\n";
        if (!r.robvis_template.empty()) out += "robvis_template = " + toml_string(r.robvis_template) + "\n";
        for (const auto& [key, word] : r.judgements) out += toml_key(key) + " = " + toml_string(word) + "\n";
        out += "source = { file = " + toml_string(import.source) + ", row = " + std::to_string(r.row) +
               ", tool = " + toml_string(import.tool) + " }\n";
        if (!r.support.empty()) {
            out += "\n[" + table + ".support]\n";
            for (const auto& [key, text] : r.support) out += toml_key(key) + " = " + toml_string(text) + "\n";
        }
    }
    return out;
}

std::string study_file_name(const imported_study& study, std::size_t index, std::size_t count) {
    const std::size_t width = std::to_string(count).size();
    std::string number = std::to_string(index + 1);
    number.insert(0, width - number.size(), '0');
    return number + "-" + study.id + ".toml";
}

bool write_import(const import_result& import, const std::string& dir, diagnostics& problems) {
    const fs::path target(dir);
    const auto fail = [&](const std::string& message, const std::string& hint) {
        problems.push_back({severity::error, "import/write-failed", message, {dir, 0, 0}, hint});
        return false;
    };
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (!fs::is_directory(target, ec)) return fail("the output folder is a file", "name a new folder with -o DIR");
        if (!fs::is_empty(target, ec))
            return fail("the output folder is not empty: an import never mixes its files with others",
                        "name a new or empty folder with -o DIR");
    }
    for (const auto& study : import.studies) {
        const std::string text = study_file_text(study, import);
        const auto invalid = validate_toml(text, study.id + ".toml");
        if (!invalid.empty())  // the writer's own bug: never leave a file that does not parse
            return fail("the study file for " + study.id + " does not parse: " + invalid.front().message,
                        "please report this as a bug");
    }
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::random_device entropy;
    fs::path temporary;
    for (int attempt = 0; attempt < 16 && temporary.empty(); ++attempt) {
        const fs::path candidate =
            parent / (".appraise-import-" + std::to_string(::getpid()) + "-" + std::to_string(entropy() % 1000000U));
        if (fs::create_directory(candidate, ec)) temporary = candidate;
    }
    if (temporary.empty())
        return fail("cannot make a temporary folder beside the output folder: " + ec.message(),
                    "check that the folder above it exists and can be written");
    const auto clean = [&] { fs::remove_all(temporary, ec); };
    for (std::size_t i = 0; i < import.studies.size(); ++i) {
        const auto& study = import.studies[i];
        std::ofstream file(temporary / study_file_name(study, i, import.studies.size()), std::ios::binary);
        file << study_file_text(study, import);
        file.close();
        if (!file) {
            clean();
            return fail("cannot write the study file for " + study.id, "check the free space and permissions");
        }
    }
    if (fs::exists(target, ec)) fs::remove(target, ec);  // empty, checked above
    fs::rename(temporary, target, ec);
    if (ec) {
        const std::string why = ec.message();
        clean();
        return fail("cannot move the imported files into place: " + why, "check the permissions of the folder");
    }
    return true;
}

}  // namespace appraise
