#include <ostream>
#include <sstream>

#include "appraise/reports/json_convert.hpp"
#include "appraise/reports/report_writer.hpp"

namespace appraise {
namespace {

// Streams one object: the tool, then each study as it arrives, then the
// problems of whole files and the run's totals.
class json_report final : public report_writer {
public:
    json_report(std::ostream& out, report_context context) : out_(out), context_(std::move(context)) {
        out_ << "{\n  \"tool\": " << tool_json().dump() << ",\n  \"studies\": [";
    }

    // The file's studies as array elements, one compact line each (a run
    // writes thousands: whitespace was a third of the bytes and the time).
    std::string render(const file_result& file) const override {
        std::string rendered;
        for (const auto& study : file.studies) {
            rendered += rendered.empty() ? "    " : ",\n    ";
            json_text_writer out(rendered, 0, json_text_writer::layout::compact);
            write_json(out, study);
        }
        return rendered;
    }

    void add(const file_result& file, std::string_view rendered) override {
        for (const auto& problem : file.problems) file_errors_.push_back(to_json(problem));
        if (rendered.empty()) return;
        out_ << (first_ ? "\n" : ",\n") << rendered;
        first_ = false;
    }

    void finish(const run_summary& summary) override {
        out_ << (first_ ? "],\n" : "\n  ],\n");
        out_ << "  \"errors\": ";
        write_indented(out_, file_errors_, 2, /*pad_first_line=*/false);
        json rubrics = json::array();
        for (const auto& rubric : context_.rubrics) rubrics.push_back({{"id", rubric.id}, {"version", rubric.version}});
        out_ << ",\n  \"rubrics\": " << rubrics.dump();
        json totals{
            {"files", summary.files},
            {"studies", summary.studies},
            {"appraised", summary.appraised},
            {"skipped", summary.skipped},
            {"input_errors", summary.input_errors},
            {"input_warnings", summary.input_warnings},
            {"findings",
             {{"error", summary.findings[2]}, {"warning", summary.findings[1]}, {"info", summary.findings[0]}}}};
        out_ << ",\n  \"summary\": " << totals.dump() << "\n}\n";
    }

private:
    std::ostream& out_;
    report_context context_;
    bool first_ = true;
    json file_errors_ = json::array();
};

}  // namespace

std::unique_ptr<report_writer> make_json_report(std::ostream& out, report_context context) {
    return std::make_unique<json_report>(out, std::move(context));
}

}  // namespace appraise
