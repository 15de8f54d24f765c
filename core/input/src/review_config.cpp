#include "appraise/input/review_config.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "appraise/input/toml_reader.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/text/csv_reader.hpp"
#include "appraise/text/excerpt.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

void error(diagnostics& problems, std::string message, const sdk::source_location& where, std::string hint = {}) {
    problems.push_back({severity::error, "config/invalid", std::move(message), where, std::move(hint)});
}

void unknown_key(diagnostics& problems, const std::string& table, const std::string& key, const sdk::node& value,
                 const std::vector<std::string>& known) {
    std::string message = "unknown key `" + excerpt(key) + "` in `" + table + "`";
    if (auto near = nearest(key, known)) message += "; did you mean `" + *near + "`?";
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    error(problems, message, value.where, "known keys: " + list + " (docs/grade.md)");
}

bool id_text(const std::string& text) {
    return !text.empty() && text.size() <= 200 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

std::optional<std::string> text_of(const sdk::node& value, const std::string& key, diagnostics& problems) {
    if (value.type != kind::string) {
        error(problems, "`" + key + "` must be a string", value.where);
        return std::nullopt;
    }
    if (value.text.size() > max_review_text) {
        error(problems, "`" + key + "` is longer than " + std::to_string(max_review_text) + " bytes", value.where);
        return std::nullopt;
    }
    return value.text;
}

// An array of ids (rubric ids, outcome ids, tags).
std::vector<located_text> id_list(const sdk::node& value, const std::string& key, diagnostics& problems) {
    std::vector<located_text> list;
    if (value.type != kind::array) {
        error(problems, "`" + key + "` must be an array of strings", value.where,
              "for example " + key + " = [\"depression\", \"anxiety\"]");
        return list;
    }
    if (value.items.size() > max_review_list) {
        error(problems,
              "`" + key + "` has " + std::to_string(value.items.size()) + " entries; at most " +
                  std::to_string(max_review_list),
              value.where);
        return list;
    }
    for (const auto& item : value.items) {
        if (item.type != kind::string || !id_text(item.text))
            error(problems, "`" + key + "` must hold ids (letters, digits, `.`, `_`, `-`)", item.where);
        else
            list.push_back({item.text, item.where});
    }
    return list;
}

std::optional<located_text> field_name(const sdk::node& value, const std::string& key, diagnostics& problems) {
    if (value.type != kind::string || value.text.empty() || value.text.size() > 200 ||
        !std::all_of(value.text.begin(), value.text.end(), [](char c) { return c != ' ' && c > 0x20 && c < 0x7f; })) {
        error(problems, "`" + key + "` must name a study field, such as \"sample.enrolled\"", value.where);
        return std::nullopt;
    }
    return located_text{value.text, value.where};
}

std::optional<counts_as> counts_word(const sdk::node& value, const std::string& key, diagnostics& problems) {
    if (value.type == kind::string && value.text == "low") return counts_as::low;
    if (value.type == kind::string && value.text == "high") return counts_as::high;
    error(problems, "`" + key + "` must be \"low\" or \"high\"", value.where,
          "how such a result counts in the low/high split: a protocol setting (docs/grade.md)");
    return std::nullopt;
}

std::optional<grade_rating> rating_word(const std::string& word) {
    if (word == "not-serious") return grade_rating::not_serious;
    if (word == "serious") return grade_rating::serious;
    if (word == "very-serious") return grade_rating::very_serious;
    return std::nullopt;
}

std::optional<reviewer_rating> read_rating(const sdk::node& value, const std::string& key, diagnostics& problems) {
    const std::string hint = "write " + key + " = { rating = \"serious\", reason = \"...\" }";
    if (value.type != kind::table) {
        error(problems, "`" + key + "` must be a table with `rating` and `reason`", value.where, hint);
        return std::nullopt;
    }
    reviewer_rating rating;
    rating.where = value.where;
    bool rated = false;
    for (const auto& [name, item] : value.members) {
        if (name == "rating") {
            const auto word = item.type == kind::string ? rating_word(item.text) : std::nullopt;
            if (!word) {
                std::string message = "`" + key + ".rating` must be \"not-serious\", \"serious\" or \"very-serious\"";
                if (item.type == kind::string)
                    if (auto near = nearest(item.text, {"not-serious", "serious", "very-serious"}))
                        message += "; did you mean \"" + *near + "\"?";
                error(problems, message, item.where);
                return std::nullopt;
            }
            rating.rating = *word;
            rated = true;
        } else if (name == "reason") {
            auto text = text_of(item, key + ".reason", problems);
            if (!text) return std::nullopt;
            rating.reason = std::move(*text);
        } else {
            unknown_key(problems, key, name, item, {"rating", "reason"});
            return std::nullopt;
        }
    }
    if (!rated) {
        error(problems, "`" + key + "` has no `rating`", value.where, hint);
        return std::nullopt;
    }
    // A rating down goes into a footnote: GRADE asks for the reason.
    if (rating.rating != grade_rating::not_serious && rating.reason.empty()) {
        error(problems, "`" + key + "` rates down without a `reason`", value.where,
              "a rating down needs its reason: it becomes the summary-of-findings footnote");
        return std::nullopt;
    }
    return rating;
}

std::optional<reviewer_upgrade> read_upgrade(const sdk::node& value, const std::string& key, diagnostics& problems) {
    const std::string hint = "write " + key + " = { levels = 1, reason = \"...\" }";
    if (value.type != kind::table) {
        error(problems, "`" + key + "` must be a table with `levels` and `reason`", value.where, hint);
        return std::nullopt;
    }
    reviewer_upgrade upgrade;
    upgrade.where = value.where;
    for (const auto& [name, item] : value.members) {
        if (name == "levels") {
            const std::int64_t most = key.ends_with("large_effect") ? 2 : 1;
            if (item.type != kind::integer || item.integer < 0 || item.integer > most) {
                error(problems, "`" + key + ".levels` must be an integer from 0 to " + std::to_string(most), item.where,
                      most == 2 ? "2 only for a very large effect" : "");
                return std::nullopt;
            }
            upgrade.levels = static_cast<int>(item.integer);
        } else if (name == "reason") {
            auto text = text_of(item, key + ".reason", problems);
            if (!text) return std::nullopt;
            upgrade.reason = std::move(*text);
        } else {
            unknown_key(problems, key, name, item, {"levels", "reason"});
            return std::nullopt;
        }
    }
    if (upgrade.levels > 0 && upgrade.reason.empty()) {
        error(problems, "`" + key + "` rates up without a `reason`", value.where, hint);
        return std::nullopt;
    }
    return upgrade;
}

void read_grade(const sdk::node& value, review_outcome& outcome, diagnostics& problems) {
    const std::string table = "review.outcomes.grade";
    if (value.type != kind::table) {
        error(problems, "`" + table + "` must be a table", value.where);
        return;
    }
    std::vector<std::string> known(grade_domain_keys.begin(), grade_domain_keys.end());
    known.emplace_back("upgrades");
    for (const auto& [name, item] : value.members) {
        const auto domain = std::find(grade_domain_keys.begin(), grade_domain_keys.end(), name);
        if (domain != grade_domain_keys.end()) {
            outcome.ratings[static_cast<std::size_t>(domain - grade_domain_keys.begin())] =
                read_rating(item, table + "." + name, problems);
        } else if (name == "upgrades") {
            if (item.type != kind::table) {
                error(problems, "`" + table + ".upgrades` must be a table", item.where);
                continue;
            }
            const std::vector<std::string> reasons(grade_upgrade_keys.begin(), grade_upgrade_keys.end());
            for (const auto& [reason, entry] : item.members) {
                const auto at = std::find(grade_upgrade_keys.begin(), grade_upgrade_keys.end(), reason);
                if (at == grade_upgrade_keys.end())
                    unknown_key(problems, table + ".upgrades", reason, entry, reasons);
                else
                    outcome.upgrades[static_cast<std::size_t>(at - grade_upgrade_keys.begin())] =
                        read_upgrade(entry, table + ".upgrades." + reason, problems);
            }
        } else {
            unknown_key(problems, table, name, item, known);
        }
    }
}

// A CSV of one row per study: a header of exactly `columns` (the first is
// `study`), then rows of a study id and numbers, each row handed to `take`
// with a function giving the place of its field i (the row, and the field's
// number as a spreadsheet shows it); `take` returns false to stop at its own
// located error. Every problem is a config/invalid error. `key` names the setting.
template <typename Take>
void read_study_csv(const located_text& name, const std::filesystem::path& base, const std::string& key,
                    const std::vector<std::string>& columns, diagnostics& problems, Take take) {
    const std::filesystem::path relative(name.text);
    const bool inside = !relative.is_absolute() &&
                        std::none_of(relative.begin(), relative.end(), [](const auto& part) { return part == ".."; });
    std::string header_text;
    for (const auto& c : columns) header_text += (header_text.empty() ? "" : ",") + c;
    if (!inside) {
        error(problems, "`" + key + "` must be a file in the configuration's folder or below it", name.where,
              "write a relative path without `..`, e.g. " + key.substr(key.rfind('.') + 1) + " = \"" +
                  key.substr(key.rfind('.') + 1) + "/mental-health.csv\"");
        return;
    }
    const std::filesystem::path file = base / relative;
    const std::string display = file.lexically_normal().generic_string();
    const auto text = read_text_file(file.string(), display, std::size_t{1} << 20, problems);
    if (!text) {
        if (!problems.empty()) problems.back().code = "config/invalid";
        return;
    }
    // The project's one CSV reader (RFC 4180: quoted fields, a byte-order mark, CRLF).
    csv_limits bounds;
    bounds.max_records = max_weight_rows + 1;  // and the header
    bounds.max_fields = columns.size() + 1;
    bounds.max_field_bytes = 1000;
    const csv_table csv = read_csv(*text, bounds);
    const auto place = [&](std::size_t row, std::size_t column) {
        return sdk::source_location{display, static_cast<int>(row), static_cast<int>(column)};
    };
    bool header = true;
    for (const auto& record : csv.records) {
        if (blank_record(record)) continue;
        const auto at = [&](std::size_t field) { return place(record.row, field + 1); };
        std::vector<std::string> cells;
        for (const auto& field : record.fields) cells.emplace_back(trimmed(field));
        if (cells.size() != columns.size()) {
            static constexpr std::array<const char*, 5> counts = {"no", "one", "two", "three", "four"};
            error(problems,
                  "a row of `" + key + "` must be " +
                      (columns.size() < counts.size() ? std::string(counts[columns.size()])
                                                      : std::to_string(columns.size())) +
                      " fields: " + header_text,
                  at(0));
            return;
        }
        if (header) {
            header = false;
            if (cells != columns) {
                error(problems, "the CSV of `" + key + "` must start with the header `" + header_text + "`", at(0));
                return;
            }
            continue;
        }
        if (!id_text(cells[0])) {
            error(problems, "`" + excerpt(cells[0]) + "` is not a study id (letters, digits, `.`, `_`, `-`)", at(0));
            return;
        }
        if (!take(cells, at)) return;
    }
    if (csv.error) {
        error(problems, "the CSV of `" + key + "`: " + csv.error->message, place(csv.error->row, csv.error->column),
              "at most " + std::to_string(max_weight_rows) + " rows of " + header_text);
        return;
    }
    if (header)
        error(problems, "the CSV of `" + key + "` is empty: write the header `" + header_text + "` and a row per study",
              sdk::source_location{display, 1, 1});
}

// A plain decimal number: digits with at most one point, a leading minus
// only when `signed_ok`; no exponent, at most 30 characters.
std::optional<double> plain_number(const std::string& text, bool signed_ok) {
    const std::string_view digits =
        signed_ok && !text.empty() && text.front() == '-' ? std::string_view(text).substr(1) : std::string_view(text);
    const bool plain = !digits.empty() && digits.find_first_not_of("0123456789.") == std::string_view::npos &&
                       digits.front() != '.' && digits.back() != '.' &&
                       std::count(digits.begin(), digits.end(), '.') <= 1 && text.size() <= 30;
    if (!plain) return std::nullopt;
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);  // checked plain above
    return value;
}

// The weights CSV: `study,weight`, a plain number of zero or more per study.
void read_weights_csv(const located_text& name, const std::filesystem::path& base, review_outcome& outcome,
                      diagnostics& problems) {
    read_study_csv(name, base, "review.outcomes.weights", {"study", "weight"}, problems,
                   [&](const std::vector<std::string>& cells, const auto& at) {
                       const auto value = plain_number(cells[1], false);
                       if (!value) {
                           error(problems,
                                 "`" + excerpt(cells[1]) + "` is not a weight: one plain number of zero or more", at(1),
                                 "write it as 12.5 (no sign, no exponent)");
                           return false;
                       }
                       if (!outcome.csv_weights.emplace(cells[0], *value).second) {
                           error(problems, "study \"" + cells[0] + "\" has two weights", at(0));
                           return false;
                       }
                       return true;
                   });
}

// The estimates CSV: `study,estimate,lower,upper`, the 95% CI around the
// estimate; on a ratio scale all three above 0.
void read_estimates_csv(const located_text& name, const std::filesystem::path& base, review_outcome& outcome,
                        diagnostics& problems) {
    read_study_csv(
        name, base, "review.outcomes.estimates", {"study", "estimate", "lower", "upper"}, problems,
        [&](const std::vector<std::string>& cells, const auto& at) {
            std::array<double, 3> values{};
            for (std::size_t i = 1; i < 4; ++i) {
                const auto value = plain_number(cells[i], true);
                if (!value) {
                    error(problems, "`" + excerpt(cells[i]) + "` is not a number", at(i),
                          "write it as -0.35 or 1.2 (no exponent, a point for the decimals)");
                    return false;
                }
                values[i - 1] = *value;
            }
            const auto [estimate, lower, upper] = values;
            if (!(lower <= estimate && estimate <= upper && lower < upper)) {
                error(problems,
                      "study \"" + cells[0] +
                          "\": the interval must hold the estimate (lower <= estimate "
                          "<= upper, lower < upper)",
                      at(1));
                return false;
            }
            if (outcome.scale == effect_scale::ratio && lower <= 0) {
                error(problems, "study \"" + cells[0] + "\": a ratio and its interval must be above 0", at(2),
                      "or write scale = \"difference\" for mean differences and SMDs");
                return false;
            }
            if (!outcome.csv_estimates.emplace(cells[0], study_estimate{estimate, lower, upper, at(0)}).second) {
                error(problems, "study \"" + cells[0] + "\" has two estimates", at(0));
                return false;
            }
            return true;
        });
}

std::optional<review_outcome> read_outcome(const sdk::node& value, const std::filesystem::path& base,
                                           diagnostics& problems) {
    const std::string table = "review.outcomes";
    if (value.type != kind::table) {
        error(problems, "each `[[review.outcomes]]` element must be a table", value.where);
        return std::nullopt;
    }
    review_outcome outcome;
    bool has_id = false;
    const std::vector<std::string> known = {"id",      "name",      "outcomes", "tags", "weight",
                                            "weights", "estimates", "scale",    "grade"};
    std::optional<located_text> estimates;
    for (const auto& [name, item] : value.members) {
        if (name == "id") {
            if (item.type != kind::string || !id_text(item.text)) {
                error(problems, "`review.outcomes.id` must be an id (letters, digits, `.`, `_`, `-`)", item.where);
                return std::nullopt;
            }
            outcome.id = {item.text, item.where};
            has_id = true;
        } else if (name == "name") {
            if (auto text = text_of(item, table + ".name", problems)) outcome.name = std::move(*text);
        } else if (name == "outcomes" || name == "tags") {
            auto& list = name == "outcomes" ? outcome.outcomes : outcome.tags;
            for (auto& entry : id_list(item, table + "." + name, problems)) list.push_back(std::move(entry.text));
        } else if (name == "weight") {
            outcome.weight = field_name(item, table + ".weight", problems);
        } else if (name == "weights") {
            if (item.type != kind::string || item.text.empty() || item.text.size() > 1000) {
                error(problems, "`review.outcomes.weights` must name a CSV file of study ids and weights", item.where);
                continue;
            }
            outcome.weights_csv = located_text{item.text, item.where};
            read_weights_csv(*outcome.weights_csv, base, outcome, problems);
        } else if (name == "estimates") {
            if (item.type != kind::string || item.text.empty() || item.text.size() > 1000) {
                error(problems, "`review.outcomes.estimates` must name a CSV file of study ids and estimates",
                      item.where);
                continue;
            }
            estimates = located_text{item.text, item.where};  // read once `scale` is known
        } else if (name == "scale") {
            if (item.type != kind::string || (item.text != "difference" && item.text != "ratio")) {
                error(problems, "`review.outcomes.scale` must be \"difference\" or \"ratio\"", item.where,
                      "difference: mean differences, SMDs, risk differences; ratio: risk, odds or hazard ratios "
                      "(pooled on the log scale)");
                continue;
            }
            outcome.scale = item.text == "ratio" ? effect_scale::ratio : effect_scale::difference;
        } else if (name == "grade") {
            read_grade(item, outcome, problems);
        } else {
            unknown_key(problems, table, name, item, known);
        }
    }
    if (estimates) {
        outcome.estimates_csv = std::move(estimates);
        read_estimates_csv(*outcome.estimates_csv, base, outcome, problems);
    }
    if (!has_id) {
        error(problems, "a `[[review.outcomes]]` element has no `id`", value.where,
              "write id = \"mental-health\" (the id `grade --outcome` takes)");
        return std::nullopt;
    }
    if (outcome.outcomes.empty() && outcome.tags.empty()) {
        error(problems, "review outcome \"" + outcome.id.text + "\" names no study outcome ids and no tags",
              outcome.id.where, "write outcomes = [\"depression\", \"anxiety\"] (study [[outcomes]] ids), or tags");
        return std::nullopt;
    }
    return outcome;
}

}  // namespace

const char* rating_key(grade_rating rating) {
    switch (rating) {
        case grade_rating::not_serious:
            return "not-serious";
        case grade_rating::serious:
            return "serious";
        case grade_rating::very_serious:
            return "very-serious";
    }
    return "not-serious";
}

review_config read_review_config(const sdk::node& review, const std::filesystem::path& base, diagnostics& problems) {
    review_config config;
    config.present = true;
    config.where = review.where;
    if (review.type != kind::table) {
        error(problems, "`review` must be a table", review.where, "write [review] and [[review.outcomes]]");
        return config;
    }
    const std::vector<std::string> known = {
        "rubrics",      "robins_i", "weight",   "concerns_count_as", "no_information_counts_as",
        "serious_from", "pooling",  "differ_p", "outcomes"};
    std::set<std::string> ids;
    for (const auto& [name, value] : review.members) {
        if (name == "rubrics" || name == "robins_i") {
            auto& list = name == "rubrics" ? config.rubrics : config.robins_i;
            list = id_list(value, "review." + name, problems);
            if (name == "robins_i") config.robins_i_set = true;
        } else if (name == "weight") {
            config.weight = field_name(value, "review.weight", problems);
        } else if (name == "concerns_count_as") {
            if (auto word = counts_word(value, "review." + name, problems)) {
                config.concerns = *word;
                config.concerns_set = true;
            }
        } else if (name == "no_information_counts_as") {
            if (auto word = counts_word(value, "review." + name, problems)) {
                config.no_information = *word;
                config.no_information_set = true;
            }
        } else if (name == "serious_from") {
            if (!value.is_number() || !(value.number > 0 && value.number <= 1)) {
                error(problems, "`review.serious_from` must be a number above 0 and at most 1", value.where,
                      "the share of weight at high risk of bias from which `serious` is proposed, e.g. 0.25");
                continue;
            }
            config.serious_from = value.number;
            config.serious_from_set = true;
        } else if (name == "pooling") {
            if (value.type != kind::string || (value.text != "random" && value.text != "fixed")) {
                error(problems, "`review.pooling` must be \"random\" or \"fixed\"", value.where,
                      "how the estimates of `estimates` files are pooled: random effects (DerSimonian-Laird) or "
                      "fixed effect (inverse variance)");
                continue;
            }
            config.pooling = value.text == "fixed" ? pooling_model::fixed : pooling_model::random;
            config.pooling_set = true;
        } else if (name == "differ_p") {
            if (!value.is_number() || !(value.number > 0 && value.number < 1)) {
                error(problems, "`review.differ_p` must be a number above 0 and below 1", value.where,
                      "the p value of the test of the low- and high-risk estimates' difference below which they "
                      "differ, e.g. 0.10");
                continue;
            }
            config.differ_p = value.number;
            config.differ_p_set = true;
        } else if (name == "outcomes") {
            if (value.type != kind::array) {
                error(problems, "`review.outcomes` must be an array of tables", value.where,
                      "write each as [[review.outcomes]]");
                continue;
            }
            if (value.items.size() > max_review_outcomes) {
                error(problems,
                      "`review.outcomes` has " + std::to_string(value.items.size()) + " entries; at most " +
                          std::to_string(max_review_outcomes),
                      value.where);
                continue;
            }
            for (const auto& item : value.items) {
                auto outcome = read_outcome(item, base, problems);
                if (!outcome) continue;
                if (!ids.insert(outcome->id.text).second) {
                    error(problems, "review outcome id \"" + outcome->id.text + "\" is used twice", outcome->id.where,
                          "give each [[review.outcomes]] its own id");
                    continue;
                }
                config.outcomes.push_back(std::move(*outcome));
            }
        } else {
            unknown_key(problems, "review", name, value, known);
        }
    }
    return config;
}

}  // namespace appraise
