#include "appraise/input/study_loader.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "appraise/input/arm_lists.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/model/log.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/text/excerpt.hpp"
#include "appraise/text/node_text.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

std::string kind_name(kind k) {
    switch (k) {
        case kind::table:
            return "a table";
        case kind::array:
            return "an array";
        case kind::string:
            return "a string";
        case kind::integer:
            return "an integer";
        case kind::number:
            return "a decimal number";
        case kind::boolean:
            return "a boolean";
    }
    return "a value";
}

// The key a path ends with: "date" for coding.date.
std::string leaf_key(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
}

std::string join_path(std::string_view section, std::string_view key) {
    return section.empty() ? std::string(key) : std::string(section) + "." + std::string(key);
}

bool valid_id(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

bool earlier_place(const sdk::source_location& a, const sdk::source_location& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
}

// Validates one study's table against the codebook, collecting diagnostics.
class study_checker {
public:
    study_checker(diagnostics& out, const load_options& options, const std::vector<sdk::source_location>& dates)
        : out_(out), options_(options), dates_(dates) {}

    void check_table(const sdk::node& table, const std::string& section) {
        std::string path = section;  // section.key, built in one buffer for each key
        if (!section.empty()) path += '.';
        const std::size_t stem = path.size();
        for (const auto& [key, value] : table.members) {
            path.resize(stem);
            path += key;
            const field_def* def = codebook::v1().find(path);
            if (def == nullptr) {
                unknown_key(key, section, value);
                continue;
            }
            check_value(*def, value);
        }
    }

private:
    void error(std::string code, std::string message, const sdk::source_location& where, std::string hint = {}) {
        out_.push_back({severity::error, std::move(code), std::move(message), where, std::move(hint)});
    }

    void unknown_key(const std::string& key, const std::string& section, const sdk::node& value) {
        const std::string place = section.empty() ? "at the top level" : "in [" + section + "]";
        std::string message = "unknown key `" + excerpt(key) + "` " + place;
        // A field written under another table: `key` under [parent], or the table itself.
        const auto elsewhere = [&section](const std::string& path) -> std::string {
            const auto dot = path.rfind('.');
            const std::string parent = dot == std::string::npos ? "" : path.substr(0, dot);
            const std::string leaf = dot == std::string::npos ? path : path.substr(dot + 1);
            if (parent == section) return "; did you mean `" + leaf + "`?";
            if (parent.empty()) return "; did you mean `" + path + "` (at the top level)?";
            return "; did you mean `" + path + "` (key `" + leaf + "` under [" + parent + "])?";
        };
        if (const field_synonym* meant = synonym_of(key); meant != nullptr && meant->path != join_path(section, key)) {
            // A word that is no typo but another name for a field (codebook synonyms).
            message += elsewhere(meant->path);
        } else if (auto near = nearest(key, codebook::v1().keys_in(section))) {
            message += "; did you mean `" + *near + "`?";
        } else {
            // The key may belong to another table: `allocation` at the top level.
            for (const auto& f : codebook::v1().fields()) {
                const auto dot = f.path.rfind('.');
                if (dot != std::string::npos && f.path.substr(dot + 1) == key) {
                    message += elsewhere(f.path);
                    break;
                }
            }
        }
        out_.push_back({severity::warning, "coding/unknown-key", message, value.where,
                        "put fields of your own under [custom], which is never checked"});
    }

    void wrong_type(const field_def& def, const sdk::node& value) {
        error("coding/wrong-type",
              "`" + def.path + "` must be " + describe_type(def) + ", not " + kind_name(value.type), value.where);
    }

    void check_range(const field_def& def, const sdk::node& value) {
        if ((def.min && value.number < *def.min) || (def.max && value.number > *def.max)) {
            error("coding/out-of-range",
                  "`" + def.path + "` = " + node_text(value) + " is out of range: must be " + describe_type(def),
                  value.where, def.max == 1.0 ? "a fraction is written 0.85, not 85" : "");
        }
    }

    void check_enum(const field_def& def, const sdk::node& value) {
        if (std::find(def.values.begin(), def.values.end(), value.text) != def.values.end()) return;
        std::string message = "`" + def.path + "` = \"" + excerpt(value.text) + "\" is not an allowed value";
        if (auto near = nearest(value.text, def.values)) message += "; did you mean \"" + *near + "\"?";
        error("coding/not-in-enum", message, value.where, "allowed: " + describe_type(def));
    }

    void check_value(const field_def& def, const sdk::node& value) {
        for (const auto& screen : options_.screens)
            if (screen.claims(value)) return;  // the screen reports it, not as a wrong type
        switch (def.type) {
            case field_type::free_section:
                if (value.type != kind::table) wrong_type(def, value);
                return;
            case field_type::section:
                if (value.type != kind::table) return wrong_type(def, value);
                return check_table(value, def.path);
            case field_type::section_array:
                return check_outcomes(def, value);
            case field_type::string:
                if (value.type != kind::string) wrong_type(def, value);
                return;
            case field_type::date:
                if (value.type != kind::string) return wrong_type(def, value);
                if (!is_toml_date_text(value.text))
                    error("coding/wrong-type", "`" + def.path + "` = \"" + excerpt(value.text) + "\" is not a date",
                          value.where, "write a TOML date, year-month-day, without quotes: 2026-11-03");
                else if (!written_as_date(value))
                    error("coding/quoted-date",
                          "`" + def.path + "` = \"" + excerpt(value.text) + "\" is a quoted string, not a TOML date",
                          value.where, "remove the quotes: " + leaf_key(def.path) + " = " + value.text);
                return;
            case field_type::boolean:
                if (value.type != kind::boolean) wrong_type(def, value);
                return;
            case field_type::integer:
                if (value.type != kind::integer) return wrong_type(def, value);
                return check_range(def, value);
            case field_type::number:
                if (!value.is_number()) return wrong_type(def, value);
                return check_range(def, value);
            case field_type::enumeration:
                if (value.type != kind::string) return wrong_type(def, value);
                return check_enum(def, value);
            case field_type::number_or_list:
                if (value.is_number()) return check_range(def, value);
                if (value.type != kind::array) return wrong_type(def, value);
                for (const auto& item : value.items) {
                    if (!item.is_number()) return wrong_type(def, item);
                    check_range(def, item);
                }
                return;
            case field_type::string_list:
            case field_type::integer_list:
            case field_type::enumeration_list:
                if (value.type != kind::array) return wrong_type(def, value);
                for (const auto& item : value.items) {
                    const bool ok =
                        def.type == field_type::integer_list ? item.type == kind::integer : item.type == kind::string;
                    if (!ok) return wrong_type(def, item);
                    if (def.type == field_type::integer_list) check_range(def, item);
                    if (def.type == field_type::enumeration_list) check_enum(def, item);
                }
                return;
        }
    }

    void check_outcomes(const field_def& def, const sdk::node& value) {
        if (value.type != kind::array) return wrong_type(def, value);
        std::map<std::string, sdk::source_location> seen;
        for (const auto& outcome : value.items) {
            if (outcome.type != kind::table) return wrong_type(def, outcome);
            check_table(outcome, def.path);
            const sdk::node* id = outcome.get("id");
            if (id == nullptr) {
                error("coding/missing-outcome-id", "an [[outcomes]] entry has no `id`", outcome.where,
                      "add e.g. id = \"depression\": answers and reports refer to outcomes by id");
            } else if (id->type == kind::string) {
                // Outcome ids name answers and report rows, as study ids name studies.
                if (!valid_id(id->text))
                    error("coding/invalid-outcome-id",
                          "outcome id \"" + id->text + "\" may use only letters, digits, '.', '_' and '-'", id->where,
                          "for example id = \"depression-6m\"");
                const auto [it, inserted] = seen.emplace(id->text, id->where);
                if (!inserted)
                    error("coding/duplicate-outcome-id",
                          "outcome id \"" + id->text + "\" is used twice in this study; first at " +
                              format_location(it->second),
                          id->where, "give each [[outcomes]] entry its own id");
            }
        }
    }

    // A date field's value must be written as a TOML date; the tree keeps dates
    // as text, so only where it was written tells it from a quoted string.
    bool written_as_date(const sdk::node& value) const {
        // Sorted by place (load_study_text, study_stream): a search, not a scan
        // of every date of a [[study]] file for each date of each study.
        return std::binary_search(dates_.begin(), dates_.end(), value.where, earlier_place);
    }

    diagnostics& out_;
    const load_options& options_;
    const std::vector<sdk::source_location>& dates_;
};

void record_headers(const sdk::node& table, const std::string& prefix, sdk::study& study) {
    for (const auto& [key, value] : table.members) {
        // Only tables and arrays of tables have headers: no path for any other value.
        if (value.type == kind::table) {
            const std::string path = join_path(prefix, key);
            study.table_headers.emplace(path, value.where);
            record_headers(value, path, study);
        } else if (value.type == kind::array && !value.items.empty() && value.items.front().type == kind::table) {
            study.table_headers.emplace(join_path(prefix, key), value.items.front().where);
        }
    }
}

}  // namespace

loaded_study load_study_table(sdk::node table, const std::string& file, const sdk::source_location& fallback,
                              const load_options& options, const std::vector<sdk::source_location>& dates) {
    loaded_study result;
    result.study.file = file;
    result.commentary = take_commentary(table, result.problems);
    result.may_hold_evidence = unwrap_evidence(table, result.problems, options.consensus_corpus) > 0;
    study_checker(result.problems, options, dates).check_table(table, "");
    check_arm_lists(table, result.problems);
    for (const auto& screen : options.screens) screen.report(table, result.problems);
    const sdk::node* id = table.get("id");
    if (id == nullptr) {
        result.problems.push_back({severity::error, "coding/missing-id", "the study has no `id`", fallback,
                                   "add a line such as id = \"lan-2009\" (letters, digits, '.', '_' and '-')"});
        result.study.id_where = fallback;
    } else {
        result.study.id_where = id->where;
        if (id->type == kind::string) {
            result.study.id = id->text;
            if (!valid_id(id->text))
                result.problems.push_back(
                    {severity::error, "coding/invalid-id",
                     "study id \"" + id->text + "\" may use only letters, digits, '.', '_' and '-'", id->where,
                     "for example id = \"lan-2009-sport\""});
        }
    }
    record_headers(table, "", result.study);
    result.study.root = std::move(table);
    // Problems in document order, whatever order the checks ran in.
    std::stable_sort(result.problems.begin(), result.problems.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    result.usable = !has_errors(result.problems);
    return result;
}

void sort_by_place(std::vector<sdk::source_location>& places) {
    std::sort(places.begin(), places.end(), earlier_place);
}

loaded_file load_study_text(std::string_view text, const std::string& display_path, const load_options& options) {
    loaded_file file;
    file.path = display_path;
    toml_document document = parse_toml(text, display_path);
    file.problems = std::move(document.problems);
    if (!document.root) return file;
    sort_by_place(document.dates);
    sdk::node& root = *document.root;
    const sdk::source_location file_start{display_path, 1, 1};

    if (root.members.empty()) {
        file.problems.push_back({severity::error, "coding/empty-file", "the file holds no study", file_start,
                                 "write one study (id = \"...\" and its tables) or several as [[study]] tables"});
        return file;
    }
    // A declarative rubric kept beside the studies (a review folder's rubrics/)
    // is not a study: skipped, and said so under -v.
    if (const sdk::node* rubric = root.get("rubric");
        rubric != nullptr && rubric->type == kind::table && root.get("id") == nullptr && root.get("study") == nullptr) {
        logger("corpus").info("skipping {}: a declarative rubric (top-level [rubric] table), not a study",
                              display_path);
        return file;
    }
    const sdk::node* many = root.get("study");
    if (many == nullptr) {
        file.studies.push_back(load_study_table(std::move(root), display_path, file_start, options, document.dates));
        return file;
    }
    if (many->type != kind::array ||
        std::any_of(many->items.begin(), many->items.end(), [](const sdk::node& n) { return n.type != kind::table; })) {
        file.problems.push_back({severity::error, "coding/wrong-type",
                                 "`study` must be an array of tables, written [[study]]", many->where,
                                 "start each study with a [[study]] line"});
        return file;
    }
    for (const auto& [key, value] : root.members) {
        if (key != "study")
            file.problems.push_back({severity::error, "coding/key-outside-study",
                                     "`" + key + "` is outside every [[study]] table in a multi-study file",
                                     value.where, "move it under the [[study]] it belongs to"});
    }
    const auto entry = std::find_if(root.members.begin(), root.members.end(),
                                    [](const auto& member) { return member.first == "study"; });
    for (auto& element : entry->second.items) {
        const sdk::source_location header = element.where;
        file.studies.push_back(load_study_table(std::move(element), display_path, header, options, document.dates));
    }
    return file;
}

loaded_file load_study_file(const std::filesystem::path& path, const std::string& display_path,
                            const load_options& options) {
    diagnostics problems;
    std::optional<std::string> text = read_text_file(path.string(), display_path, options.max_file_bytes, problems);
    if (!text) {
        loaded_file file;
        file.path = display_path;
        file.problems = std::move(problems);
        return file;
    }
    return load_study_text(*text, display_path, options);
}

}  // namespace appraise
