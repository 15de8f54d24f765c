#include "appraise/agreement/agreement_report.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <tuple>

#include "appraise/reports/json_convert.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {

using json = nlohmann::ordered_json;
namespace {

// Rounded half away from zero at the fourth decimal first (format_fixed rounds the binary value).
std::string fixed3(double value) {
    return format_fixed(std::round(value * 1000.0) / 1000.0, 3);
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : separator) + part;
    return text;
}

const char* level_title(agreement_level level) {
    switch (level) {
        case agreement_level::facts:
            return "coded facts";
        case agreement_level::answers:
            return "reviewer answers";
        case agreement_level::judgements:
            return "judgements";
    }
    return "";
}

std::string item_label(const disagreement& d) {
    std::string label;
    if (d.level == agreement_level::answers)
        label = "[appraisal." + d.rubric + "] " + d.item;
    else if (d.level == agreement_level::judgements)
        label = d.rubric + " judgement: " + d.item;
    else
        label = d.item;
    if (!d.result.empty()) label += " (" + d.result + ")";
    return label;
}

std::string row_label(const item_agreement& row) {
    if (row.rubric.empty()) return row.item;
    return row.rubric + " " + row.item;
}

std::string side_text(const coded_value& v) {
    if (!v.present) return v.text;
    return v.text + "  " + format_location(v.where);
}

double rounded(double value) {
    const double r = std::round(value * 1e6) / 1e6;
    return r == 0 ? 0.0 : r;
}

json estimate_json(const agreement_estimate& e) {
    json out = json::object();
    if (!e.value) {
        out["value"] = nullptr;
        out["reason"] = e.reason;
        return out;
    }
    out["value"] = rounded(*e.value);
    out["standard_error"] = rounded(e.standard_error);
    out["ci95"] = json::array({rounded(e.low), rounded(e.high)});
    return out;
}

json side_json(const coded_value& v) {
    json out = json::object();
    if (v.present) {
        out["value"] = v.text;
        out["location"] = json::parse(json_text(v.where));
    } else {
        out["value"] = nullptr;
        out["missing"] = v.text;
    }
    return out;
}

// Where a disagreement or support difference is: study, level, rubric, item, result.
template <typename T>
json place_json(const T& d) {
    json entry = json::object();
    entry["study"] = d.study;
    entry["level"] = std::string(to_string(d.level));
    entry["rubric"] = d.rubric.empty() ? json(nullptr) : json(d.rubric);
    entry["item"] = d.item;
    entry["result"] = d.result.empty() ? json(nullptr) : json(d.result);
    return entry;
}

struct column {
    const char* title;
    const agreement_estimate agreement_statistics::*member;
};
constexpr std::array<column, 5> estimate_columns = {{
    {"agreement", &agreement_statistics::percent},
    {"kappa", &agreement_statistics::kappa},
    {"kappa, linear w.", &agreement_statistics::kappa_linear},
    {"kappa, quadratic w.", &agreement_statistics::kappa_quadratic},
    {"AC1", &agreement_statistics::ac1},
}};

std::string support_label(const support_difference& d) {
    disagreement as{d.study, d.level, d.rubric, d.item, d.result, {}, {}, false};
    return item_label(as);
}

std::string evidence_side(const std::string& text, const source_location& where) {
    if (text.empty()) return "(no support given)";
    return text + "  " + format_location(where);
}

bool small_sample(const item_agreement& row) {
    return row.stats.pairs > 0 && row.stats.pairs < small_sample_pairs;
}

const char* small_sample_note = "kappa and AC1 are unstable with fewer than 10 pairs";

std::string metadata_sentence(const agreement_report& report) {
    return report.metadata_counted
               ? "Metadata (title, authors, coding.*, custom.*) is counted in the statistics (--include-metadata)."
               : "Metadata (title, authors, coding.*, custom.*) is listed but not counted in the statistics "
                 "(--include-metadata counts it).";
}

}  // namespace

std::string format_estimate(const agreement_estimate& e) {
    if (!e.value) return "n/a";
    return fixed3(*e.value) + " [" + fixed3(e.low) + ", " + fixed3(e.high) + "]";
}

void write_agreement_text(std::ostream& out, const agreement_report& report) {
    out << "agreement between coder A (" << joined(report.a_paths, ", ") << ") and coder B ("
        << joined(report.b_paths, ", ") << ")\n";
    out << "studies: " << report.studies_a << " coded by A, " << report.studies_b << " by B, " << report.paired.size()
        << " paired\n";
    for (const auto& u : report.unpaired)
        out << "  only coded by " << u.coder << ": " << u.id << "  " << format_location(u.where) << '\n';
    out << "rubrics run on both: " << (report.rubrics.empty() ? "(none)" : joined(report.rubrics, ", ")) << '\n';
    out << "statistics: value [95% CI]; weighted kappas for ordered scales only; n/a = not defined (see notes)\n";
    out << terminal_text(metadata_sentence(report)) << '\n';

    for (const agreement_level level :
         {agreement_level::facts, agreement_level::answers, agreement_level::judgements}) {
        std::vector<const item_agreement*> rows;
        for (const auto& row : report.items)
            if (row.level == level) rows.push_back(&row);
        out << '\n' << level_title(level) << '\n';
        if (rows.empty()) {
            out << "  (nothing to compare)\n";
            continue;
        }
        std::size_t width = 4;
        for (const auto* row : rows) width = std::max(width, row_label(*row).size());
        const auto pad = [](std::string text, std::size_t n) {
            if (text.size() < n) text.append(n - text.size(), ' ');
            return text;
        };
        const auto line = [&out](std::string text) {
            text.erase(text.find_last_not_of(' ') + 1);  // no trailing blanks
            out << text << '\n';
        };
        // Every column as wide as its widest cell and two blanks, so no value
        // runs into the next (negative kappas and their intervals are wider).
        std::size_t n_width = 5;
        std::vector<std::size_t> widths;
        // At least "0.000 [0.000, 0.000]" and two blanks, so tables line up across levels.
        for (const auto& c : estimate_columns)
            widths.push_back(std::max<std::size_t>(22, std::string_view(c.title).size() + 2));
        for (const auto* row : rows) {
            n_width = std::max(n_width, std::to_string(row->stats.pairs).size());
            for (std::size_t k = 0; k < estimate_columns.size(); ++k)
                widths[k] = std::max(widths[k], format_estimate(row->stats.*estimate_columns[k].member).size() + 2);
        }
        std::string head = "  " + pad("item", width) + ' ' + std::string(n_width - 1, ' ') + "n  ";
        for (std::size_t k = 0; k < estimate_columns.size(); ++k) head += pad(estimate_columns[k].title, widths[k]);
        line(head);
        std::map<std::string, std::vector<std::string>> notes;  // "kappa n/a: reason" -> items
        for (const auto* row : rows) {
            const std::string n = std::to_string(row->stats.pairs);
            std::string text =
                "  " + pad(row_label(*row), width) + ' ' + std::string(n_width - n.size(), ' ') + n + "  ";
            for (std::size_t k = 0; k < estimate_columns.size(); ++k)
                text += pad(format_estimate(row->stats.*estimate_columns[k].member), widths[k]);
            line(text);
            if (small_sample(*row)) notes[std::string("n < 10: ") + small_sample_note].push_back(row_label(*row));
            for (const auto& c : {estimate_columns[1], estimate_columns[4]}) {
                const auto& e = row->stats.*c.member;
                if (!e.value && row->stats.pairs > 0)
                    notes[std::string(c.title) + " n/a: " + e.reason].push_back(row_label(*row));
            }
        }
        for (const auto& [note, items] : notes) out << "  note: " << note << " (" << joined(items, ", ") << ")\n";
    }

    const auto list = [&](bool metadata) {
        for (const auto& d : report.disagreements) {
            if (d.metadata != metadata) continue;
            out << "  " << terminal_text(d.study) << "  " << terminal_text(item_label(d)) << '\n';
            out << "    A: " << terminal_text(side_text(d.a)) << '\n';
            out << "    B: " << terminal_text(side_text(d.b)) << '\n';
        }
    };
    std::size_t metadata = 0;
    for (const auto& d : report.disagreements) metadata += d.metadata ? 1 : 0;
    out << "\ndisagreements: " << report.disagreements.size() - metadata << '\n';
    list(false);
    if (metadata > 0) {
        out << "\nmetadata differences" << (report.metadata_counted ? "" : " (not in the statistics)") << ": "
            << metadata << '\n';
        list(true);
    }
    if (!report.support_differences.empty()) {
        out << "\nsupport differences (the evidence differs; not a disagreement about the value): "
            << report.support_differences.size() << '\n';
        for (const auto& d : report.support_differences) {
            out << "  " << terminal_text(d.study) << "  " << terminal_text(support_label(d))
                << (d.values_agree ? "" : "  (the values differ too)") << '\n';
            out << "    A: " << terminal_text(evidence_side(d.a, d.a_where)) << '\n';
            out << "    B: " << terminal_text(evidence_side(d.b, d.b_where)) << '\n';
        }
    }
}

void write_agreement_json(std::ostream& out, const agreement_report& report) {
    json doc = json::object();
    doc["tool"] = json::parse(tool_json_text());
    doc["a"] = {{"paths", report.a_paths}, {"studies", report.studies_a}};
    doc["b"] = {{"paths", report.b_paths}, {"studies", report.studies_b}};
    doc["paired"] = report.paired;
    json unpaired = json::array();
    for (const auto& u : report.unpaired)
        unpaired.push_back(
            {{"id", u.id}, {"coder", std::string(1, u.coder)}, {"location", json::parse(json_text(u.where))}});
    doc["unpaired"] = unpaired;
    doc["rubrics"] = report.rubrics;
    json items = json::array();
    for (const auto& row : report.items) {
        json item = json::object();
        item["level"] = std::string(to_string(row.level));
        item["rubric"] = row.rubric.empty() ? json(nullptr) : json(row.rubric);
        item["item"] = row.item;
        item["pooled"] = row.pooled;
        item["scale"] = row.scale;
        item["pairs"] = row.stats.pairs;
        item["agreements"] = row.stats.agreements;
        item["categories"] = row.stats.categories;
        item["percent_agreement"] = estimate_json(row.stats.percent);
        item["kappa"] = estimate_json(row.stats.kappa);
        item["kappa_linear"] = estimate_json(row.stats.kappa_linear);
        item["kappa_quadratic"] = estimate_json(row.stats.kappa_quadratic);
        item["ac1"] = estimate_json(row.stats.ac1);
        if (small_sample(row)) item["warning"] = small_sample_note;
        items.push_back(std::move(item));
    }
    doc["statistics"] = items;
    json list = json::array();
    for (const auto& d : report.disagreements) {
        json entry = place_json(d);
        entry["a"] = side_json(d.a);
        entry["b"] = side_json(d.b);
        entry["metadata"] = d.metadata;
        list.push_back(std::move(entry));
    }
    doc["disagreements"] = list;
    doc["metadata_counted"] = report.metadata_counted;
    json warnings = json::array();
    for (const auto& row : report.items)
        if (small_sample(row)) {
            warnings.push_back(std::string(small_sample_note) + ": " + row_label(row));
        }
    doc["warnings"] = warnings;
    json support = json::array();
    for (const auto& d : report.support_differences) {
        json entry = place_json(d);
        entry["values_agree"] = d.values_agree;
        for (const auto& [key, text, where] : {std::tuple{"a", &d.a, &d.a_where}, std::tuple{"b", &d.b, &d.b_where}})
            entry[key] =
                text->empty() ? json(nullptr) : json{{"support", *text}, {"location", json::parse(json_text(*where))}};
        support.push_back(std::move(entry));
    }
    doc["support_differences"] = support;
    out << doc.dump(2) << '\n';
}

void write_agreement_csv(std::ostream& out, const agreement_report& report) {
    out << "level,rubric,item,pooled,scale,pairs,agreements";
    for (const char* name : {"agreement", "kappa", "kappa_linear", "kappa_quadratic", "ac1"})
        out << ',' << name << ',' << name << "_se," << name << "_low," << name << "_high";
    out << ",notes\n";
    for (const auto& row : report.items) {
        out << to_string(row.level) << ',' << csv_field(row.rubric) << ',' << csv_field(row.item) << ','
            << (row.pooled ? "true" : "false") << ',' << csv_field(row.scale) << ',' << row.stats.pairs << ','
            << row.stats.agreements;
        std::vector<std::string> notes;
        const char* names[] = {"agreement", "kappa", "kappa_linear", "kappa_quadratic", "ac1"};
        for (std::size_t i = 0; i < estimate_columns.size(); ++i) {
            const auto& e = row.stats.*estimate_columns[i].member;
            if (e.value) {
                out << ',' << fixed3(*e.value) << ',' << fixed3(e.standard_error) << ',' << fixed3(e.low) << ','
                    << fixed3(e.high);
            } else {
                out << ",,,,";
                notes.push_back(std::string(names[i]) + ": " + e.reason);
            }
        }
        if (small_sample(row)) notes.emplace_back(std::string("n < 10: ") + small_sample_note);
        out << ',' << csv_field(joined(notes, "; ")) << '\n';
    }
}

void write_agreement_markdown(std::ostream& out, const agreement_report& report) {
    out << "## Agreement between coders\n\n";
    const auto code_list = [](const std::vector<std::string>& items) {
        std::vector<std::string> spans;
        for (const auto& item : items) spans.push_back(markdown_code(item));
        return joined(spans, ", ");
    };
    out << "Coder A: " << code_list(report.a_paths) << "; coder B: " << code_list(report.b_paths) << ". "
        << report.paired.size() << " studies paired (" << report.studies_a << " coded by A, " << report.studies_b
        << " by B). Rubrics run on both: " << (report.rubrics.empty() ? "none" : joined(report.rubrics, ", "))
        << ".\n\n";
    out << "Each statistic: value [95% CI]. Weighted kappas are given for ordered scales only; n/a marks a "
           "statistic that is not defined for the data. "
        << metadata_sentence(report) << '\n';
    if (!report.unpaired.empty()) {
        out << "\nStudies coded by one coder only:\n\n";
        for (const auto& u : report.unpaired)
            out << "- " << markdown_code(u.id) << " (coder " << u.coder << ", "
                << markdown_code(format_location(u.where)) << ")\n";
    }
    for (const agreement_level level :
         {agreement_level::facts, agreement_level::answers, agreement_level::judgements}) {
        std::string title = level_title(level);
        title.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(title.front())));
        out << "\n### " << title << "\n\n";
        out << "| Item | n | Agreement | Cohen's kappa | Weighted kappa (linear) | Weighted kappa (quadratic) | "
               "Gwet's AC1 |\n|---|---:|---|---|---|---|---|\n";
        for (const auto& row : report.items) {
            if (row.level != level) continue;
            const std::string label =
                row.pooled ? "**" + markdown_cell(row_label(row)) + "**" : markdown_cell(row_label(row));
            out << "| " << label << " | " << row.stats.pairs << (small_sample(row) ? "†" : "");
            for (const auto& c : estimate_columns) out << " | " << format_estimate(row.stats.*c.member);
            out << " |\n";
        }
        bool any_small = false;
        for (const auto& row : report.items) any_small = any_small || (row.level == level && small_sample(row));
        if (any_small) out << "\n† n < 10: " << small_sample_note << ".\n";
    }
    std::size_t metadata = 0;
    for (const auto& d : report.disagreements) metadata += d.metadata ? 1 : 0;
    out << "\n### Disagreements (" << report.disagreements.size() - metadata;
    if (metadata > 0) out << ", and " << metadata << (metadata == 1 ? " metadata difference" : " metadata differences");
    out << ")\n\n";
    if (report.disagreements.empty()) {
        out << "None.\n";
        return;
    }
    out << "| Study | Item | Coder A | Coder B |\n|---|---|---|---|\n";
    const auto cell = [](const coded_value& v) {
        if (!v.present) return markdown_cell(v.text);
        return markdown_cell(v.text) + " (" + markdown_code(format_location(v.where)) + ")";
    };
    for (const auto& d : report.disagreements)
        out << "| " << markdown_cell(d.study) << " | " << markdown_cell(item_label(d))
            << (d.metadata && !report.metadata_counted ? " (metadata, not counted)" : "") << " | " << cell(d.a) << " | "
            << cell(d.b) << " |\n";
    if (report.support_differences.empty()) return;
    out << "\n### Support differences (" << report.support_differences.size()
        << ")\n\nThe coders' evidence differs; these are not disagreements about the value.\n\n"
           "| Study | Item | Coder A's support | Coder B's support |\n|---|---|---|---|\n";
    const auto evidence_cell = [](const std::string& text, const source_location& where) {
        if (text.empty()) return std::string("(none)");
        return markdown_cell(text) + " (" + markdown_code(format_location(where)) + ")";
    };
    for (const auto& d : report.support_differences)
        out << "| " << markdown_cell(d.study) << " | " << markdown_cell(support_label(d))
            << (d.values_agree ? "" : " (values differ too)") << " | " << evidence_cell(d.a, d.a_where) << " | "
            << evidence_cell(d.b, d.b_where) << " |\n";
}

}  // namespace appraise
