#include "appraise/reports/characteristics_table.hpp"

#include <array>
#include <ostream>
#include <string_view>
#include <utility>

#include "appraise/model/version.hpp"
#include "appraise/reports/report_tables.hpp"
#include "appraise/reports/support_text.hpp"
#include "appraise/text/csv_text.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/markdown_text.hpp"
#include "appraise/text/node_text.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

const sdk::node* fact(const study_result& study, std::string_view path) {
    for (const auto& [field, value] : study.facts)
        if (field == path) return &value;
    return nullptr;
}

// design.type as a review's table writes it; a value outside the list (a
// newer codebook) as coded.
std::string design_words(const std::string& type) {
    constexpr std::array<std::pair<std::string_view, std::string_view>, 13> words{{
        {"rct", "RCT"},
        {"cluster-rct", "Cluster RCT"},
        {"crossover-rct", "Crossover RCT"},
        {"non-randomised-controlled", "Non-randomised controlled"},
        {"controlled-before-after", "Controlled before-after"},
        {"interrupted-time-series", "Interrupted time series"},
        {"pre-post", "Pre-post"},
        {"cohort", "Cohort"},
        {"case-control", "Case-control"},
        {"cross-sectional", "Cross-sectional"},
        {"case-series", "Case series"},
        {"qualitative", "Qualitative"},
        {"mixed-methods", "Mixed methods"},
    }};
    for (const auto& [kebab, text] : words)
        if (kebab == type) return std::string(text);
    return type;
}

std::string weeks(double n) {
    return format_number(n) + (n == 1 ? " week" : " weeks");
}

std::string text_of(const study_result& study, std::string_view path) {
    const sdk::node* value = fact(study, path);
    return value == nullptr ? std::string(not_reported_words) : coding_value_text(*value);
}

std::string design_cell(const study_result& study) {
    const sdk::node* type = fact(study, "design.type");
    return type == nullptr ? std::string(not_reported_words) : design_words(node_text(*type));
}

// "52 / 48": intervention arm(s) first, comparator last, as sample.arms orders them.
std::string arms_cell(const study_result& study) {
    const sdk::node* arms = fact(study, "sample.arms");
    if (arms == nullptr || arms->items.empty()) return not_reported_words;
    std::string text;
    for (const auto& arm : arms->items) text += (text.empty() ? "" : " / ") + node_text(arm);
    return text;
}

std::string duration_cell(const study_result& study) {
    const sdk::node* value = fact(study, "intervention.weeks");
    return value == nullptr || !value->is_number() ? std::string(not_reported_words) : weeks(value->number);
}

// Each outcome's name (its id when unnamed), with its instrument: "depression (CES-D)".
std::string outcomes_cell(const study_result& study) {
    const sdk::node* outcomes = fact(study, "outcomes");
    if (outcomes == nullptr || outcomes->items.empty()) return not_reported_words;
    std::string text;
    for (const auto& outcome : outcomes->items) {
        const sdk::node* name = outcome.get("name");
        const sdk::node* id = outcome.get("id");
        const sdk::node* instrument = outcome.get("instrument");
        std::string one = name != nullptr ? node_text(*name) : id != nullptr ? node_text(*id) : "?";
        if (instrument != nullptr) one += " (" + node_text(*instrument) + ")";
        text += (text.empty() ? "" : "; ") + one;
    }
    return text;
}

std::string followup_cell(const study_result& study) {
    const sdk::node* value = fact(study, "followup.weeks_after");
    if (value == nullptr || !value->is_number()) return not_reported_words;
    return value->number == 0 ? std::string("post-test only") : weeks(value->number) + " after the intervention";
}

}  // namespace

const std::vector<std::string>& characteristics_fields() {
    static const std::vector<std::string> fields{
        "design.type",        "country",  "intervention.setting", "sample.arms", "intervention.name",
        "intervention.weeks", "outcomes", "followup.weeks_after"};
    return fields;
}

const std::vector<characteristics_column>& characteristics_columns() {
    static const std::vector<characteristics_column> columns{
        {"Study", "the study's id"},
        {"Design", "design.type"},
        {"Country", "country"},
        {"Setting", "intervention.setting"},
        {"n per arm", "sample.arms, at allocation, intervention arm(s) first, comparator last"},
        {"Intervention", "intervention.name"},
        {"Duration", "intervention.weeks"},
        {"Outcomes", "outcomes.name (outcomes.id when unnamed) and outcomes.instrument"},
        {"Follow-up", "followup.weeks_after: weeks after the intervention ended; 0 is a post-test only"},
    };
    return columns;
}

std::vector<std::string> characteristics_cells(const study_result& study) {
    return {study.id,
            design_cell(study),
            text_of(study, "country"),
            text_of(study, "intervention.setting"),
            arms_cell(study),
            text_of(study, "intervention.name"),
            duration_cell(study),
            outcomes_cell(study),
            followup_cell(study)};
}

namespace {

class characteristics_report final : public report_writer {
public:
    characteristics_report(std::ostream& out, report_context context, table_format format)
        : out_(out), context_(std::move(context)), format_(format) {
        std::vector<std::string> header;
        for (const auto& column : characteristics_columns()) header.push_back(column.title);
        if (format_ == table_format::csv) {
            header.emplace_back("tool");  // the version stamp is a column: a trailing comment would break CSV readers
            out_ << csv_line(header);
        } else if (format_ == table_format::markdown) {
            out_ << "# Characteristics of included studies\n\n"
                 << markdown_cell(table_stamp(context_)) << "\n\n"
                 << markdown_row(escaped(header)) << markdown_row(std::vector<std::string>(header.size(), "---"));
        } else {
            write_table_page_start(out_, "Characteristics of included studies", context_);
            out_ << "<div class=\"plot-block\"><table class=\"characteristics\"><thead><tr>";
            for (const auto& title : header) out_ << "<th scope=\"col\">" << xml_escape(title) << "</th>";
            out_ << "</tr></thead><tbody>\n";
        }
    }

    // Rows are made on the workers, in corpus order; the table needs nothing of the whole run.
    std::string render(const file_result& file) const override {
        std::string rows;
        for (const auto& study : file.studies) {
            if (!study.appraised) continue;
            auto cells = characteristics_cells(study);
            if (format_ == table_format::csv) {
                cells.push_back(std::string(tool_name) + " " + tool_version);
                rows += csv_line(cells);
            } else if (format_ == table_format::markdown) {
                rows += markdown_row(escaped(cells));
            } else {
                rows += "<tr><th scope=\"row\">" + xml_escape(cells.front()) + "</th>";
                for (std::size_t i = 1; i < cells.size(); ++i)
                    rows += std::string(cells[i] == not_reported_words ? "<td class=\"nr\">" : "<td>") +
                            xml_escape(cells[i]) + "</td>";
                rows += "</tr>\n";
            }
        }
        return rows;
    }

    void add(const file_result& file, std::string_view rendered) override {
        out_ << rendered;
        for (const auto& study : file.studies) skipped_ += study.appraised ? 0 : 1;
    }

    void finish(const run_summary& summary) override {
        const std::string skipped = skipped_ == 0
                                        ? std::string()
                                        : std::to_string(skipped_) + (skipped_ == 1 ? " study is" : " studies are") +
                                              " not listed: the coding has errors (appraise check lists them).";
        if (format_ == table_format::markdown) {
            out_ << "\nColumns:";
            for (const auto& column : characteristics_columns())
                out_ << "\n- " << markdown_cell(column.title) << ": " << markdown_cell(column.fields);
            out_ << "\n\nA field the study does not code reads \"" << not_reported_words << "\".\n";
            if (!skipped.empty()) out_ << '\n' << markdown_cell(skipped) << '\n';
            write_screening_note(out_, format_, summary, context_);
        } else if (format_ == table_format::html) {
            out_ << "</tbody></table></div>\n<dl class=\"key\">";
            for (const auto& column : characteristics_columns())
                out_ << "<dt>" << xml_escape(column.title) << "</dt><dd>" << xml_escape(column.fields) << "</dd>";
            out_ << "</dl>\n<p>A field the study does not code reads \"" << not_reported_words << "\".</p>\n";
            if (!skipped.empty()) out_ << "<p>" << xml_escape(skipped) << "</p>\n";
            write_screening_note(out_, format_, summary, context_);
            write_table_page_end(out_);
        } else {
            if (!skipped.empty() && context_.notes != nullptr)
                *context_.notes << "characteristics: " << skipped << '\n';  // a CSV has no place for it
            write_screening_note(out_, format_, summary, context_);
        }
        out_.flush();
    }

private:
    static std::vector<std::string> escaped(const std::vector<std::string>& cells) {
        std::vector<std::string> out;
        for (const auto& c : cells) out.push_back(markdown_cell(c));
        return out;
    }

    std::ostream& out_;
    report_context context_;
    table_format format_;
    std::size_t skipped_ = 0;
};

}  // namespace

std::unique_ptr<report_writer> make_characteristics_report(std::ostream& out, report_context context,
                                                           table_format format) {
    return std::make_unique<characteristics_report>(out, std::move(context), format);
}

}  // namespace appraise
