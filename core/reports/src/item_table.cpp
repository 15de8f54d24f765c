#include "appraise/reports/item_table.hpp"

#include <algorithm>
#include <array>
#include <ostream>
#include <sstream>

#include "appraise/model/version.hpp"
#include "appraise/reports/judgement_words.hpp"
#include "appraise/reports/report_tables.hpp"
#include "appraise/reports/support_text.hpp"
#include "appraise/text/csv_text.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/markdown_text.hpp"

namespace appraise {
namespace {

constexpr const char* not_assessed_words = "Not assessed";

// How each provenance is marked in a cell and what the mark means. A coded
// answer carries no mark: it is the reviewer's own. The mark is text, so a
// table copied as plain text keeps it.
struct provenance_mark {
    std::string_view provenance;
    std::string_view mark;
    std::string_view meaning;
};
constexpr std::array<provenance_mark, 5> marks{{
    {"coded", "", "the reviewer's answer"},
    {"derived", "d", "derived from the coded facts"},
    {"missing", "nr",
     "derived, but the facts the item reads are not reported, so it takes the scale's no-information word"},
    {"proposed", "p", "a proposal derived from the coded facts, not yet confirmed by the reviewer"},
    {"not-assessed", "", "an item only the reviewer answers, not answered: no answer is guessed"},
}};

const provenance_mark* mark_of(const std::string& provenance) {
    for (const auto& m : marks)
        if (m.provenance == provenance) return &m;
    return nullptr;
}

// One cell: the answer's code (empty: not assessed) and its provenance.
struct cell {
    std::string code;
    std::string provenance;
};

bool unanswered(const sdk::answer& answer) {
    return answer.provenance == "not-assessed" || answer.value.empty();
}

std::string answer_words(const cell& c) {
    return c.code.empty() ? std::string(not_assessed_words) : title_word(c.code);
}

// A provenance no mark is defined for (a plugin's own) is shown in full.
std::string mark_text(const cell& c) {
    if (c.code.empty()) return {};
    const provenance_mark* m = mark_of(c.provenance);
    return m == nullptr ? c.provenance : std::string(m->mark);
}

// The answer to `item` for `outcome` (empty: the study-level answer) among
// the result's domains: the outcome's own answer first, else the one given
// for the whole study.
cell find_cell(const sdk::appraisal& a, const std::string& item, const std::string& outcome) {
    const sdk::answer* study_level = nullptr;
    for (const auto& d : a.domains)
        for (const auto& ans : d.answers) {
            if (ans.id != item) continue;
            if (ans.outcome == outcome && !outcome.empty()) return {unanswered(ans) ? "" : ans.value, ans.provenance};
            if (ans.outcome.empty() && study_level == nullptr) study_level = &ans;
        }
    if (study_level != nullptr) return {unanswered(*study_level) ? "" : study_level->value, study_level->provenance};
    return {"", "not-assessed"};
}

// The outcomes a result is answered for, in the order its answers name them.
std::vector<std::string> outcomes_of(const sdk::appraisal& a) {
    std::vector<std::string> outcomes;
    for (const auto& d : a.domains)
        for (const auto& ans : d.answers)
            if (!ans.outcome.empty() && std::find(outcomes.begin(), outcomes.end(), ans.outcome) == outcomes.end())
                outcomes.push_back(ans.outcome);
    return outcomes;
}

// The checklist items a result was asked: those of the domains it was appraised on.
std::vector<std::size_t> asked_items(const sdk::rubric_description& rubric, const sdk::appraisal& a) {
    std::vector<std::size_t> asked;
    for (std::size_t i = 0; i < rubric.checklist.size(); ++i)
        if (std::any_of(a.domains.begin(), a.domains.end(),
                        [&](const sdk::domain_result& d) { return d.id == rubric.checklist[i].domain; }))
            asked.push_back(i);
    return asked;
}

struct table_row {
    std::string label;
    std::vector<cell> cells;  // parallel to the group's items
};

// Results asked the same items share a table.
struct row_group {
    std::vector<std::size_t> items;  // indexes into the rubric's checklist
    std::vector<table_row> rows;
    // "ma-2008: 3. Non-randomised: screening stopped: ...": a domain left
    // unjudged, so a reader does not take its listed answers for an appraisal.
    std::vector<std::string> unjudged = {};
};

// Calls `emit(label, outcome)` for each row of one result: one, or one per outcome answered.
template <typename F>
void each_row(const sdk::appraisal& a, const std::string& label, F&& emit) {
    const auto outcomes = outcomes_of(a);
    if (outcomes.empty()) emit(label, std::string());
    for (const auto& outcome : outcomes) emit(label + " [" + outcome + "]", outcome);
}

std::string domain_names(const sdk::rubric_description& rubric, const std::vector<std::size_t>& items) {
    std::vector<std::string> ids;
    for (const std::size_t i : items)
        if (std::find(ids.begin(), ids.end(), rubric.checklist[i].domain) == ids.end())
            ids.push_back(rubric.checklist[i].domain);
    std::string text;
    for (const auto& d : rubric.domains)
        if (std::find(ids.begin(), ids.end(), d.id) != ids.end())
            text += (text.empty() ? "" : "; ") + (d.name.empty() ? d.id : d.name);
    return text;
}

// The provenances used in a group, in the legend's order.
std::vector<const provenance_mark*> used_marks(const row_group& group) {
    std::vector<const provenance_mark*> used;
    for (const auto& m : marks) {
        const bool any = std::any_of(group.rows.begin(), group.rows.end(), [&](const table_row& row) {
            return std::any_of(row.cells.begin(), row.cells.end(), [&](const cell& c) {
                return m.provenance == "not-assessed" ? c.code.empty()
                                                      : (!c.code.empty() && c.provenance == m.provenance);
            });
        });
        if (any) used.push_back(&m);
    }
    return used;
}

// Provenances a plugin named that no mark is defined for, as they appear.
std::vector<std::string> other_provenances(const row_group& group) {
    std::vector<std::string> other;
    for (const auto& row : group.rows)
        for (const auto& c : row.cells)
            if (!c.code.empty() && mark_of(c.provenance) == nullptr &&
                std::find(other.begin(), other.end(), c.provenance) == other.end())
                other.push_back(c.provenance);
    return other;
}

std::string heading(int level) {
    return std::string(static_cast<std::size_t>(std::clamp(level, 1, 6)), '#');
}

}  // namespace

struct item_tables::rubric_rows {
    const sdk::rubric_description* rubric = nullptr;
    std::vector<row_group> groups;
};

item_tables::item_tables(const std::vector<sdk::rubric_description>& rubrics, label_style labels) : labels_(labels) {
    for (const auto& rubric : rubrics) {
        auto rows = std::make_unique<rubric_rows>();
        rows->rubric = &rubric;
        rubrics_.push_back(std::move(rows));
    }
}

item_tables::~item_tables() = default;

bool item_tables::is_checklist(std::size_t r) const {
    return r < rubrics_.size() && !rubrics_[r]->rubric->checklist.empty();
}

void item_tables::add(const file_result& file) {
    for (const auto& study : file.studies) {
        labels_.add(study);
        if (!study.appraised) continue;
        const auto labels = labelled_results(study, labels_.style());
        for (std::size_t k = 0; k < study.appraisals.size(); ++k) {
            const auto& a = study.appraisals[k];
            for (auto& entry : rubrics_) {
                const auto& rubric = *entry->rubric;
                if (rubric.id != a.rubric || rubric.checklist.empty()) continue;
                const auto items = asked_items(rubric, a);
                if (items.empty()) continue;  // nothing assessed (the rubric failed, or did not apply)
                auto group = std::find_if(entry->groups.begin(), entry->groups.end(),
                                          [&](const row_group& g) { return g.items == items; });
                if (group == entry->groups.end()) {
                    entry->groups.push_back({items, {}});
                    group = entry->groups.end() - 1;
                }
                for (const auto& d : a.domains)
                    if (!d.not_assessed.empty())
                        group->unjudged.push_back(labels[k] + ": " + (d.name.empty() ? d.id : d.name) + ": " +
                                                  not_assessed_reason(d.not_assessed));
                each_row(a, labels[k], [&](const std::string& label, const std::string& outcome) {
                    table_row row{label, {}};
                    for (const std::size_t i : items)
                        row.cells.push_back(find_cell(a, rubric.checklist[i].id, outcome));
                    group->rows.push_back(std::move(row));
                });
            }
        }
    }
}

void item_tables::write_markdown(std::ostream& out, std::size_t r, int level) const {
    if (!is_checklist(r) || rubrics_[r]->groups.empty()) return;
    const auto& entry = *rubrics_[r];
    const auto& rubric = *entry.rubric;
    out << '\n' << heading(level) << " Items\n\n";
    for (const auto& group : entry.groups) {
        if (entry.groups.size() > 1)
            out << heading(level + 1) << ' ' << markdown_cell(domain_names(rubric, group.items)) << "\n\n";
        std::vector<std::string> header{"Study"};
        for (const std::size_t i : group.items) header.push_back(markdown_cell(rubric.checklist[i].id));
        out << markdown_row(header) << markdown_row(std::vector<std::string>(header.size(), "---"));
        for (const auto& row : group.rows) {
            std::vector<std::string> cells{markdown_cell(with_labels(row.label, labels_))};
            for (const auto& c : row.cells) {
                const std::string mark = mark_text(c);
                cells.push_back(markdown_cell(answer_words(c) + (mark.empty() ? "" : " (" + mark + ")")));
            }
            out << markdown_row(cells);
        }
        if (!group.unjudged.empty()) {
            out << "\nDomains not assessed (their answers are listed as given):";
            for (const auto& note : group.unjudged) out << "\n- " << markdown_cell(with_labels(note, labels_));
            out << '\n';
        }
        out << "\nItems:";
        for (const std::size_t i : group.items)
            out << "\n- " << markdown_code(rubric.checklist[i].id) << ": " << markdown_cell(rubric.checklist[i].text);
        out << "\n\nMarks:";
        for (const auto* m : used_marks(group))
            out << "\n- "
                << (m->provenance == "not-assessed" ? std::string(not_assessed_words)
                    : m->mark.empty()               ? std::string("no mark")
                                                    : "(" + std::string(m->mark) + ")")
                << ": " << markdown_cell(m->meaning);
        for (const auto& other : other_provenances(group))
            out << "\n- (" << markdown_cell(other) << "): the rubric's own provenance word";
        out << "\n\n";
    }
}

void item_tables::write_html(std::ostream& out, std::size_t r, int level) const {
    if (!is_checklist(r) || rubrics_[r]->groups.empty()) return;
    const auto& entry = *rubrics_[r];
    const auto& rubric = *entry.rubric;
    const std::string h = std::to_string(std::clamp(level, 1, 5));
    const std::string sub = std::to_string(std::clamp(level + 1, 1, 6));
    out << "<h" << h << ">Items</h" << h << ">\n";
    for (const auto& group : entry.groups) {
        if (entry.groups.size() > 1)
            out << "<h" << sub << ">" << xml_escape(domain_names(rubric, group.items)) << "</h" << sub << ">\n";
        out << "<div class=\"plot-block\"><table class=\"items\"><thead><tr><th scope=\"col\">Study</th>";
        for (const std::size_t i : group.items)
            out << "<th scope=\"col\" title=\"" << xml_escape(rubric.checklist[i].text) << "\">"
                << xml_escape(rubric.checklist[i].id) << "</th>";
        out << "</tr></thead><tbody>\n";
        for (const auto& row : group.rows) {
            out << "<tr><th scope=\"row\">" << xml_escape(with_labels(row.label, labels_)) << "</th>";
            for (const auto& c : row.cells) {
                const std::string mark = mark_text(c);
                const provenance_mark* m = mark_of(c.provenance);
                const std::string meaning = c.code.empty() ? std::string(marks.back().meaning)
                                            : m == nullptr ? c.provenance
                                                           : std::string(m->meaning);
                out << "<td class=\"ans ans-" << xml_escape(c.code.empty() ? "not-assessed" : c.provenance)
                    << "\" title=\"" << xml_escape(meaning) << "\">" << xml_escape(answer_words(c))
                    << (mark.empty() ? "" : "<sup class=\"mark\">" + xml_escape(mark) + "</sup>") << "</td>";
            }
            out << "</tr>\n";
        }
        out << "</tbody></table></div>\n";
        if (!group.unjudged.empty()) {
            out << "<p>Domains not assessed (their answers are listed as given):</p>\n<ul class=\"unjudged\">";
            for (const auto& note : group.unjudged) out << "<li>" << xml_escape(with_labels(note, labels_)) << "</li>";
            out << "</ul>\n";
        }
        out << "<dl class=\"key\">";
        for (const std::size_t i : group.items)
            out << "<dt>" << xml_escape(rubric.checklist[i].id) << "</dt><dd>" << xml_escape(rubric.checklist[i].text)
                << "</dd>";
        out << "</dl>\n<dl class=\"key marks\">";
        for (const auto* m : used_marks(group))
            out << "<dt>"
                << (m->provenance == "not-assessed" ? std::string(not_assessed_words)
                    : m->mark.empty()               ? std::string("no mark")
                                                    : "<sup class=\"mark\">" + std::string(m->mark) + "</sup>")
                << "</dt><dd>" << xml_escape(m->meaning) << "</dd>";
        for (const auto& other : other_provenances(group))
            out << "<dt><sup class=\"mark\">" << xml_escape(other)
                << "</sup></dt><dd>the rubric's own provenance word</dd>";
        out << "</dl>\n";
    }
}

const char* item_table_css() {
    return R"(
table.items td.ans{white-space:nowrap}table.items thead th{text-align:center}
table.items th{white-space:nowrap;overflow-wrap:normal}
table.items td.ans-not-assessed{border:1px dashed #555;font-style:italic}table.items td.ans-coded{font-weight:600}
sup.mark{font-size:.75em;color:#444;margin-left:.15em}dl.marks dt{font-weight:normal}
@media print{table.items{font-size:6.5pt;width:100%}
table.items td.ans,table.items th{white-space:normal;overflow-wrap:anywhere;padding:1px 2px}})";
}

std::string item_csv_header() {
    return csv_line({"study", "result", "rubric", "rubric_version", "item", "item_text", "domain_id", "outcome",
                     "answer", "answer_code", "provenance", "tool"});
}

std::string item_csv_rows(const file_result& file, const std::vector<sdk::rubric_description>& rubrics) {
    const std::string stamp = std::string(tool_name) + " " + tool_version;
    std::string rows;
    for (const auto& study : file.studies) {
        if (!study.appraised) continue;
        for (const auto& a : study.appraisals) {
            const auto rubric = std::find_if(rubrics.begin(), rubrics.end(),
                                             [&](const sdk::rubric_description& d) { return d.id == a.rubric; });
            if (rubric == rubrics.end() || rubric->checklist.empty()) continue;
            const auto items = asked_items(*rubric, a);
            const auto outcomes = outcomes_of(a);
            for (const std::size_t i : items) {
                const auto& item = rubric->checklist[i];
                // A study-level item of a result answered per outcome is written once, for the study.
                const bool per_outcome =
                    std::any_of(a.domains.begin(), a.domains.end(), [&](const sdk::domain_result& d) {
                        return std::any_of(d.answers.begin(), d.answers.end(), [&](const sdk::answer& ans) {
                            return ans.id == item.id && !ans.outcome.empty();
                        });
                    });
                const std::vector<std::string> for_outcomes = per_outcome ? outcomes : std::vector<std::string>{""};
                for (const auto& outcome : for_outcomes) {
                    const cell c = find_cell(a, item.id, outcome);
                    rows += csv_line({study.id, a.label, a.rubric, a.rubric_version, item.id, item.text, item.domain,
                                      outcome, answer_words(c), c.code, c.code.empty() ? "not-assessed" : c.provenance,
                                      stamp});
                }
            }
        }
    }
    return rows;
}

namespace {

class item_table_report final : public report_writer {
public:
    item_table_report(std::ostream& out, report_context context, table_format format)
        : out_(out),
          context_(std::move(context)),
          format_(format),
          tables_(context_.rubrics, label_style_named(context_.label)) {
        if (format_ == table_format::csv) out_ << item_csv_header();
    }

    // CSV rows are made on the workers; the Markdown and HTML tables need the whole run.
    std::string render(const file_result& file) const override {
        return format_ == table_format::csv ? item_csv_rows(file, context_.rubrics) : std::string();
    }

    void add(const file_result& file, std::string_view rendered) override {
        if (format_ == table_format::csv)
            out_ << rendered;
        else
            tables_.add(file);
    }

    void finish(const run_summary& summary) override {
        if (format_ == table_format::markdown) write_markdown(summary);
        if (format_ == table_format::html) write_html(summary);
        if (format_ == table_format::csv) write_screening_note(out_, format_, summary, context_);
        out_.flush();
    }

private:
    void write_markdown(const run_summary& summary) {
        out_ << "# Item tables\n\n" << markdown_cell(table_stamp(context_)) << "\n";
        bool any = false;
        for (std::size_t r = 0; r < context_.rubrics.size(); ++r) {
            if (!tables_.is_checklist(r)) continue;
            any = true;
            const auto& rubric = context_.rubrics[r];
            out_ << "\n## " << markdown_cell(rubric.name.empty() ? rubric.id : rubric.name) << " (" << rubric.id << ' '
                 << rubric.version << ")\n";
            std::ostringstream tables;
            tables_.write_markdown(tables, r, 3);
            out_ << (tables.str().empty() ? "\nNo study was assessed with this rubric.\n" : tables.str());
        }
        if (!any) out_ << "\nNo rubric of this run is a checklist (`appraise explain ID` says whether one is).\n";
        write_screening_note(out_, format_, summary, context_);
    }

    void write_html(const run_summary& summary) {
        write_table_page_start(out_, "Item tables", context_);
        bool any = false;
        for (std::size_t r = 0; r < context_.rubrics.size(); ++r) {
            if (!tables_.is_checklist(r)) continue;
            any = true;
            const auto& rubric = context_.rubrics[r];
            out_ << "<section class=\"rubric\" id=\"items-" << xml_escape(rubric.id) << "\">\n<h2>"
                 << xml_escape(rubric.name.empty() ? rubric.id : rubric.name) << " (" << xml_escape(rubric.id) << ' '
                 << xml_escape(rubric.version) << ")</h2>\n";
            std::ostringstream tables;
            tables_.write_html(tables, r, 3);
            out_ << (tables.str().empty() ? "<p>No study was assessed with this rubric.</p>\n" : tables.str())
                 << "</section>\n";
        }
        if (!any)
            out_ << "<p>No rubric of this run is a checklist (<code>appraise explain ID</code> says whether one "
                    "is).</p>\n";
        write_screening_note(out_, format_, summary, context_);
        write_table_page_end(out_);
    }

    std::ostream& out_;
    report_context context_;
    table_format format_;
    item_tables tables_;
};

}  // namespace

std::unique_ptr<report_writer> make_item_table_report(std::ostream& out, report_context context, table_format format) {
    return std::make_unique<item_table_report>(out, std::move(context), format);
}

}  // namespace appraise
