// `appraise run --format fhir`: one FHIR R5 Bundle (type collection, JSON) of
// ArtifactAssessment resources claiming the HL7 EBM implementation guide's
// RiskOfBias profile (../shared/reference/instruments-2.md section 8), one
// per study and rubric, or per result for per-result rubrics (RoB 2,
// ROBINS-I), with a Citation per study and an Evidence per result for them
// to point at. docs/reports.md ("FHIR") says what goes where and what has no
// code in the guide.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "appraise/reports/report_writer.hpp"

namespace appraise {

// The study fields a Citation is made of: the run copies them into study_result::facets.
[[nodiscard]] const std::vector<std::string>& fhir_citation_fields();

// Notes (what was left out and why) go to context.notes.
[[nodiscard]] std::unique_ptr<report_writer> make_fhir_report(std::ostream& out, report_context context);

}  // namespace appraise
