#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "appraise/reports/judgement_words.hpp"
#include "appraise/reports/report_writer.hpp"
#include "appraise/reports/screening.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/reports/support_text.hpp"
#include "appraise/text/escape.hpp"

namespace appraise {
namespace {

// One line of the per-study listing: a loader diagnostic or a rubric finding.
struct line_item {
    source_location where;
    severity level;
    std::string message;
    std::string code;
    std::string hint;
    std::string quote = {};    // the reviewer's quote for the coded answer the finding points at
    std::string concern = {};  // a finding's concern when not bias ("precision", ...); else empty
};

// The quote of the coded answer written on the line a finding points at, with its place.
std::string quote_at(const sdk::appraisal& appraisal, const source_location& where) {
    if (where.line <= 0) return {};
    for (const auto& domain : appraisal.domains)
        for (const auto& answer : domain.answers) {
            const auto& e = answer.evidence;
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
        std::ostringstream out;
        if (!file.problems.empty()) {
            for (const auto& problem : file.problems)
                print(out, {problem.where, problem.level, problem.message, problem.code, problem.hint});
            out << '\n';
        }
        for (const auto& study : file.studies) render_study(out, study);
        return out.str();
    }

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

    void print(std::ostream& out, const line_item& item) const {
        // Text from the input (values, names, plugin messages) is escaped for the terminal.
        // Bias is what a finding threatens unless it says otherwise, so only other concerns are written.
        out << paint(terminal_text(format_location(item.where)) + ":", "1") << ' ' << severity_word(item.level) << ' '
            << (item.concern.empty() ? "" : "(" + item.concern + ") ") << terminal_text(item.message) << " ["
            << terminal_text(item.code) << "]\n";
        if (!item.hint.empty()) out << "    hint: " << terminal_text(item.hint) << '\n';
        if (!item.quote.empty()) out << "    quote: " << terminal_text(item.quote) << '\n';
    }

    void render_study(std::ostream& out, const study_result& study) const {
        std::vector<line_item> items;
        for (const auto& problem : study.problems)
            items.push_back({problem.where, problem.level, problem.message, problem.code, problem.hint});
        for (const auto& appraisal : study.appraisals) {
            const std::string prefix = appraisal.label.empty() ? "" : "(" + appraisal.label + ") ";
            for (const auto& finding : appraisal.findings)
                items.push_back({finding.where,
                                 finding.level,
                                 prefix + finding.message,
                                 finding.id,
                                 {},
                                 quote_at(appraisal, finding.where),
                                 finding.concern == sdk::finding_concern::bias
                                     ? std::string()
                                     : std::string(sdk::to_string(finding.concern))});
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
        std::stable_sort(items.begin(), items.end(), [](const line_item& a, const line_item& b) {
            return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
        });
        const std::string label = base_label(study, style_);
        out << paint(terminal_text(study.file) + ":", "1") << " in study \""
            << (study.id.empty() ? "?" : terminal_text(study.id))
            << "\""
            // The author-year label beside the id (streamed: a clash's letter is in the other formats).
            << (label == study.id ? std::string() : " (" + terminal_text(label) + ")")
            << (study.appraised ? "" : " (skipped: its coding has errors)") << ":\n";
        if (study.screened_out)
            out << "    " << paint(terminal_text(screening_text(*study.screened_out)), "1;31") << '\n';
        for (const auto& item : items) print(out, item);
        for (const auto& line : unjudged) out << "    not assessed: " << terminal_text(line) << '\n';
        for (const auto& line : judged) out << "    judged: " << terminal_text(line) << '\n';
        for (const auto& line : recorded) out << "    recorded: " << terminal_text(line) << '\n';
        out << '\n';
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
