#include "appraise/reports/report_formats.hpp"

#include <stdexcept>

namespace appraise {

const std::vector<std::string>& run_formats() {
    static const std::vector<std::string> formats{"text", "json", "robvis", "html", "markdown", "csv"};
    return formats;
}

std::unique_ptr<report_writer> make_report(const std::string& format, std::ostream& out, report_context context) {
    if (format == "text") return make_text_report(out, std::move(context));
    if (format == "json") return make_json_report(out, std::move(context));
    if (format == "robvis") return make_robvis_report(out, std::move(context));
    if (format == "html") return make_html_report(out, std::move(context));
    if (format == "markdown") return make_markdown_report(out, std::move(context));
    if (format == "csv") return make_csv_report(out, std::move(context));
    throw std::invalid_argument("unknown report format \"" + format + "\"");
}

}  // namespace appraise
