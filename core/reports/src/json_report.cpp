#include <ostream>
#include <vector>

#include "appraise/reports/json_catalogue.hpp"
#include "appraise/reports/json_convert.hpp"
#include "appraise/reports/report_writer.hpp"

namespace appraise {
namespace {

// Streams one object: the tool, then each study as it arrives, then the
// problems of whole files and the run's totals. With --messages catalogue,
// long texts are named by key and defined once (json_catalogue.hpp).
class json_report final : public report_writer {
public:
    json_report(std::ostream& out, report_context context)
        : out_(out),
          context_(std::move(context)),
          catalogue_(context_.catalogue_keys == 0 ? catalogue_default_keys : context_.catalogue_keys) {
        out_ << "{\n  \"tool\": " << tool_json_text();
        if (context_.catalogue) out_ << ",\n  \"messages\": \"catalogue\"";
        out_ << ",\n  \"studies\": [";
    }

    // The file's studies as array elements, one compact line each (a run
    // writes thousands: whitespace was a third of the bytes and the time).
    std::string render(const file_result& file) const override {
        std::string rendered;
        if (context_.catalogue) {
            for (const auto& study : file.studies) append_catalogue_study(rendered, study);
            return rendered;
        }
        for (const auto& study : file.studies) {
            rendered += rendered.empty() ? "    " : ",\n    ";
            json_text_writer out(rendered, 0, json_text_writer::layout::compact);
            write_json(out, study);
        }
        return rendered;
    }

    [[nodiscard]] bool adds_rendered_only() const override { return true; }

    void add(const file_result& file, std::string_view rendered) override {
        file_errors_.insert(file_errors_.end(), file.problems.begin(), file.problems.end());
        if (rendered.empty()) return;
        if (context_.catalogue) {
            catalogue_.write(out_, rendered, first_);
            return;
        }
        out_ << (first_ ? "\n" : ",\n") << rendered;
        first_ = false;
    }

    void finish(const run_summary& summary) override {
        out_ << (first_ ? "],\n" : "\n  ],\n");
        std::string tail;
        json_text_writer errors(tail, 2);
        errors.begin_array();
        for (const auto& problem : file_errors_) write_json(errors, problem);
        errors.end_array();
        std::string rubrics;
        json_text_writer list(rubrics, 0, json_text_writer::layout::compact);
        list.begin_array();
        for (const auto& rubric : context_.rubrics)
            list.begin_object().field("id", rubric.id).field("version", rubric.version).end_object();
        list.end_array();
        std::string totals;
        json_text_writer sum(totals, 0, json_text_writer::layout::compact);
        sum.begin_object()
            .field("files", summary.files)
            .field("studies", summary.studies)
            .field("appraised", summary.appraised)
            .field("skipped", summary.skipped)
            .field("input_errors", summary.input_errors)
            .field("input_warnings", summary.input_warnings)
            .key("findings")
            .begin_object()
            .field("error", summary.findings[2])
            .field("warning", summary.findings[1])
            .field("info", summary.findings[0])
            .end_object();
        if (!summary.screened_out.empty()) {
            sum.key("excluded_pending_review").begin_array();
            for (const auto& id : summary.screened_out) sum.value(id);
            sum.end_array();
        }
        sum.end_object();
        out_ << "  \"errors\": " << tail << ",\n  \"rubrics\": " << rubrics << ",\n  \"summary\": " << totals
             << "\n}\n";
    }

private:
    std::ostream& out_;
    report_context context_;
    catalogue_sink catalogue_;
    bool first_ = true;
    std::vector<diagnostic> file_errors_;
};

}  // namespace

std::unique_ptr<report_writer> make_json_report(std::ostream& out, report_context context) {
    return std::make_unique<json_report>(out, std::move(context));
}

}  // namespace appraise
