#include <algorithm>
#include <array>
#include <charconv>
#include <iomanip>
#include <numeric>
#include <ostream>

#include "appraise/reports/judgement_words.hpp"
#include "appraise/reports/report_writer.hpp"
#include "appraise/reports/screening.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/reports/support_text.hpp"
#include "appraise/text/escape.hpp"

namespace appraise {
namespace {

// One line of the per-study listing: a loader diagnostic or a rubric finding.
// It points into the study's result (and `prefix` into the render's own
// strings), which outlive it: a study's lines are sorted, and copying their
// texts was most of what rendering a study cost.
struct line_item {
    const source_location* where;
    severity level;
    std::string_view prefix;  // "(label) " of the appraisal, or empty
    std::string_view message;
    std::string_view code;
    std::string_view hint;
    std::string quote = {};         // the reviewer's quote for the coded answer the finding points at
    std::string_view concern = {};  // a finding's concern when not bias ("precision", ...); else empty
};

void append_number(std::string& out, int number) {
    std::array<char, 16> digits{};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), number).ptr;
    out.append(digits.data(), end);
}

// The quote of the coded answer written on the line a finding points at, with its place.
std::string quote_at(const sdk::appraisal& appraisal, const source_location& where) {
    if (where.line <= 0) return {};
    for (const auto& domain : appraisal.domains)
        for (const auto& answer : domain.answers) {
            const sdk::value_evidence& e = answer.evidence;
            if (e.support.empty() || e.where.line != where.line || e.where.file != where.file) continue;
            const std::string place = evidence_place(e);
            return answer_name(answer) + " = " + answer.value + ", \"" + e.support + "\"" +
                   (place.empty() ? "" : " (" + place + ")");
        }
    return {};
}

class text_report final : public report_writer {
public:
    text_report(std::ostream& out, report_context context)
        : out_(out), context_(std::move(context)), style_(label_style_named(context_.label)) {}

    // Each block (a file's problems, a study) ends with a blank line.
    std::string render(const file_result& file) const override {
        std::string out;
        if (!file.problems.empty()) {
            for (const auto& problem : file.problems)
                print(out, {&problem.where, problem.level, {}, problem.message, problem.code, problem.hint});
            out += '\n';
        }
        for (const auto& study : file.studies) render_study(out, study);
        return out;
    }

    [[nodiscard]] bool adds_rendered_only() const override { return true; }

    void add(const file_result&, std::string_view rendered) override { out_ << rendered; }

    void finish(const run_summary& summary) override {
        out_ << summary.studies << (summary.studies == 1 ? " study" : " studies") << " in " << summary.files
             << (summary.files == 1 ? " file" : " files") << ": ";
        // A study a rubric found coding errors in was appraised, but it is not valid.
        if (context_.check_only)
            out_ << summary.appraised - summary.with_coding_errors << " valid, " << summary.with_coding_errors
                 << " with coding errors";
        else
            out_ << summary.appraised << " appraised";
        out_ << ", " << summary.skipped << " skipped; " << summary.input_errors << " input "
             << (summary.input_errors == 1 ? "error" : "errors") << ", " << summary.input_warnings << " input "
             << (summary.input_warnings == 1 ? "warning" : "warnings") << '\n';
        if (context_.check_only) return;
        const auto count = [](std::size_t n, const char* one, const char* many) {
            return std::to_string(n) + " " + (n == 1 ? one : many);
        };
        out_ << "findings: " << summary.total_findings() << " (" << count(summary.findings[2], "error", "errors")
             << ", " << count(summary.findings[1], "warning", "warnings") << ", " << summary.findings[0] << " info)\n";
        if (!summary.screened_out.empty()) {
            out_ << screening_mark_words << ": " << count(summary.screened_out.size(), "study", "studies") << " (";
            for (std::size_t i = 0; i < summary.screened_out.size(); ++i)
                out_ << (i == 0 ? "" : ", ") << terminal_text(summary.screened_out[i]);
            out_ << ")\n";
        }
        for (const auto& rubric : context_.rubrics) write_judgements(rubric, summary);
    }

private:
    std::string paint(const std::string& text, const char* code) const {
        return context_.colour ? std::string("\x1b[") + code + "m" + text + "\x1b[0m" : text;
    }
    // paint(), written straight into `out`: open, the text, close.
    void open_paint(std::string& out, const char* code) const {
        if (!context_.colour) return;
        out += "\x1b[";
        out += code;
        out += 'm';
    }
    void close_paint(std::string& out) const {
        if (context_.colour) out += "\x1b[0m";
    }
    std::string severity_word(severity level) const {
        switch (level) {
            case severity::error:
                return paint("error:", "1;31");
            case severity::warning:
                return paint("warning:", "1;35");
            case severity::info:
                return paint("info:", "1;36");
        }
        return "note:";
    }

    // `file:line:column: severity (concern) message [code]`, then its hint and quote.
    void print(std::string& out, const line_item& item) const {
        // Text from the input (values, names, plugin messages) is escaped for the terminal.
        // Bias is what a finding threatens unless it says otherwise, so only other concerns are written.
        open_paint(out, "1");
        append_terminal_text(out, item.where->file);  // format_location, escaped: the numbers need nothing
        if (item.where->line > 0) {
            out += ':';
            append_number(out, item.where->line);
            if (item.where->column > 0) {
                out += ':';
                append_number(out, item.where->column);
            }
        }
        out += ':';
        close_paint(out);
        out += ' ';
        out += severity_word(item.level);
        out += ' ';
        if (!item.concern.empty()) {
            out += '(';
            out += item.concern;
            out += ") ";
        }
        append_terminal_text(out, item.prefix);  // ends in a space: no UTF-8 sequence spans the two
        append_terminal_text(out, item.message);
        out += " [";
        append_terminal_text(out, item.code);
        out += "]\n";
        if (!item.hint.empty()) append_line(out, "    hint: ", item.hint);
        if (!item.quote.empty()) append_line(out, "    quote: ", item.quote);
    }

    static void append_line(std::string& out, std::string_view head, std::string_view text) {
        out += head;
        append_terminal_text(out, text);
        out += '\n';
    }

    void render_study(std::string& out, const study_result& study) const {
        std::vector<line_item> items;
        for (const auto& problem : study.problems)
            items.push_back({&problem.where, problem.level, {}, problem.message, problem.code, problem.hint});
        std::vector<std::string> prefixes;
        prefixes.reserve(study.appraisals.size());  // items point into it: never reallocated
        for (const auto& appraisal : study.appraisals) {
            const std::string& prefix =
                prefixes.emplace_back(appraisal.label.empty() ? "" : "(" + appraisal.label + ") ");
            for (const auto& finding : appraisal.findings)
                items.push_back({&finding.where,
                                 finding.level,
                                 prefix,
                                 finding.message,
                                 finding.id,
                                 {},
                                 quote_at(appraisal, finding.where),
                                 finding.concern == sdk::finding_concern::bias ? std::string_view()
                                                                               : sdk::to_string(finding.concern)});
        }
        // What the reviewer left unjudged is said, with why: never a silent gap.
        std::vector<std::string> unjudged;
        if (study.appraised)
            for (const auto& appraisal : study.appraisals) {
                const std::string who =
                    appraisal.rubric + (appraisal.label.empty() ? "" : " (" + appraisal.label + ")");
                for (const auto& d : appraisal.domains)
                    if (!d.not_assessed.empty())
                        unjudged.push_back(who + " " + d.name + ": " + not_assessed_reason(d.not_assessed));
                if (!appraisal.overall_not_assessed.empty())
                    unjudged.push_back(who + " overall: " + not_assessed_reason(appraisal.overall_not_assessed));
            }
        // One line per appraisal: its judgements in the rubric's own words.
        std::vector<std::string> judged;
        std::vector<std::string> recorded;
        if (study.appraised && !context_.check_only)  // `check` reports the coding, not judgements
            for (const auto& appraisal : study.appraisals) {
                if (appraisal.domains.empty() && !appraisal.overall) continue;
                std::string line =
                    appraisal.rubric + (appraisal.label.empty() ? "" : " (" + appraisal.label + ")") + ":";
                // A recorded judgement says where it came from: it was not computed here.
                if (const auto* mark = recorded_of(study, appraisal)) {
                    recorded.push_back(line + " " + recorded_rationale(mark->source));
                    line = std::string(recorded_marker) + " " + line;
                }
                if (appraisal.overall)
                    line +=
                        " overall " +
                        (appraisal.overall->empty() ? std::string("not assessed") : title_word(*appraisal.overall)) +
                        (appraisal.domains.empty() ? "" : ";");
                std::string domains;
                for (const auto& d : appraisal.domains)
                    domains += (domains.empty() ? " " : ", ") + d.id + " " +
                               (d.judgement.empty() ? std::string("not assessed") : title_word(d.judgement));
                judged.push_back(line + domains);
            }
        if (items.empty() && unjudged.empty() && judged.empty() && recorded.empty() && study.appraised &&
            !study.screened_out)
            return;
        // In the order of the coding, lines at one place in the order found.
        std::vector<std::size_t> order(items.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&items](std::size_t a, std::size_t b) {
            return std::tie(items[a].where->line, items[a].where->column) <
                   std::tie(items[b].where->line, items[b].where->column);
        });
        const std::string label = base_label(study, style_);
        open_paint(out, "1");
        append_terminal_text(out, study.file);
        out += ':';
        close_paint(out);
        out += " in study \"";
        if (study.id.empty())
            out += '?';
        else
            append_terminal_text(out, study.id);
        out += '"';
        // The author-year label beside the id (streamed: a clash's letter is in the other formats).
        if (label != study.id) {
            out += " (";
            append_terminal_text(out, label);
            out += ')';
        }
        if (!study.appraised) out += " (skipped: its coding has errors)";
        out += ":\n";
        if (study.screened_out) {
            out += "    ";
            open_paint(out, "1;31");
            append_terminal_text(out, screening_text(*study.screened_out));
            close_paint(out);
            out += '\n';
        }
        for (const std::size_t i : order) print(out, items[i]);
        for (const auto& line : unjudged) append_line(out, "    not assessed: ", line);
        for (const auto& line : judged) append_line(out, "    judged: ", line);
        for (const auto& line : recorded) append_line(out, "    recorded: ", line);
        out += '\n';
    }

    // The tally keeps a not-assessed judgement as an empty word: its column says so.
    static std::string header(const std::string& word) { return word.empty() ? "not-assessed" : word; }

    void write_judgements(const sdk::rubric_description& rubric, const run_summary& summary) {
        const auto found = summary.judgements.find(rubric.id);
        if (found == summary.judgements.end()) return;
        const judgement_tally& tally = found->second;
        // Columns: the rubric's scale first, then any other word that occurred.
        std::vector<std::string> columns = rubric.judgement_scale;
        const auto note = [&](const std::map<std::string, std::size_t>& counts) {
            for (const auto& [word, n] : counts)
                if (std::find(columns.begin(), columns.end(), word) == columns.end()) columns.push_back(word);
        };
        note(tally.overall);
        for (const auto& [domain, counts] : tally.domains) note(counts);

        std::vector<std::pair<std::string, const std::map<std::string, std::size_t>*>> rows;
        for (const auto& domain : rubric.domains) {
            const auto counts = tally.domains.find(domain.name);
            if (counts != tally.domains.end()) rows.emplace_back(domain.name, &counts->second);
        }
        for (const auto& entry : tally.domains)
            if (std::none_of(rows.begin(), rows.end(), [&entry](const auto& r) { return r.first == entry.first; }))
                rows.emplace_back(entry.first, &entry.second);
        if (!tally.overall.empty()) rows.emplace_back("Overall", &tally.overall);

        std::size_t name_width = 8;
        for (const auto& row : rows) name_width = std::max(name_width, row.first.size());
        out_ << '\n'
             << paint(rubric.id, "1") << ' ' << rubric.version << ": judgements over " << tally.appraisals
             << (tally.appraisals == 1 ? " appraisal" : " appraisals") << '\n';
        out_ << "  " << std::left << std::setw(static_cast<int>(name_width)) << "";
        for (const auto& column : columns) out_ << "  " << header(column);
        out_ << '\n';
        for (const auto& [name, counts] : rows) {
            out_ << "  " << std::left << std::setw(static_cast<int>(name_width)) << name;
            for (const auto& column : columns) {
                const auto n = counts->find(column);
                out_ << "  " << std::right << std::setw(static_cast<int>(header(column).size()))
                     << (n == counts->end() ? 0 : n->second);
            }
            out_ << '\n';
        }
    }

    std::ostream& out_;
    report_context context_;
    label_style style_;
};

}  // namespace

std::unique_ptr<report_writer> make_text_report(std::ostream& out, report_context context) {
    return std::make_unique<text_report>(out, std::move(context));
}

}  // namespace appraise
