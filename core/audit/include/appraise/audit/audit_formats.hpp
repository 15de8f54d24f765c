// The corpus audit in the formats beyond text and JSON (corpus_audit.hpp):
// Markdown tables, one long CSV, and a self-contained HTML page with
// prevalence charts and judgement distributions per group.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "appraise/audit/corpus_audit.hpp"
#include "appraise/reports/format_registry.hpp"

namespace appraise {

using audit_writer = std::function<void(std::ostream& out, const corpus_audit& audit, const std::string& palette)>;

// Every `appraise audit --format`: name, description, writer.
[[nodiscard]] const format_registry<audit_writer>& audit_formats();

// Writes the audit as `format` (one of audit_formats()); throws std::invalid_argument otherwise.
void write_audit(const std::string& format, std::ostream& out, const corpus_audit& audit,
                 const std::string& palette = "cochrane");

void write_audit_markdown(std::ostream& out, const corpus_audit& audit);
// Long form, one row per (group, finding) and per (group, rubric, domain, judgement);
// the whole corpus is the group "(all)".
void write_audit_csv(std::ostream& out, const corpus_audit& audit);
void write_audit_html(std::ostream& out, const corpus_audit& audit, const std::string& palette);

}  // namespace appraise
