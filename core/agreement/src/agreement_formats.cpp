#include "appraise/agreement/agreement_formats.hpp"

namespace appraise {

const format_registry<agreement_writer>& agreement_formats() {
    static const format_registry<agreement_writer> formats(
        "agreement",
        {
            {"text", "statistics per item and the disagreements, for the terminal", write_agreement_text},
            {"json", "the same as one JSON document, for programs (n/a is null with its reason)", write_agreement_json},
            {"csv", "the statistics table, one row per item", write_agreement_csv},
            {"markdown", "the appendix table of a review, with the disagreements", write_agreement_markdown},
        });
    return formats;
}

}  // namespace appraise
