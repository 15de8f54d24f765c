// The codes a FHIR export (`run --format fhir`) writes, from the HL7 EBM
// implementation guide's RiskOfBias profile and the examples it ships
// (../shared/reference/instruments-2.md section 8). A judgement, bias type or
// rating system gets a code only where the guide has one that means the same
// thing; everything else is written as text, never as the nearest code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace appraise {

// Code systems.
inline constexpr std::string_view sevco_system = "https://fevir.net/sevco";
inline constexpr std::string_view certainty_type_system = "http://terminology.hl7.org/CodeSystem/certainty-type";
inline constexpr std::string_view content_type_system = "https://fevir.net/resources/CodeSystem/179423";
inline constexpr std::string_view rating_system_system =
    "http://hl7.org/fhir/uv/ebm/CodeSystem/evidence-rating-system-classifier-codesystem";
// Unverified (R5's Evidence.variableDefinition.variableRole, from the R5 specification, not the reference).
inline constexpr std::string_view variable_role_system = "http://terminology.hl7.org/CodeSystem/variable-role";
inline constexpr std::string_view doi_system = "https://doi.org";
inline constexpr std::string_view risk_of_bias_profile = "http://hl7.org/fhir/uv/ebm/StructureDefinition/risk-of-bias";

// Codes are written without a display: the guide's examples spell the
// displays inconsistently, and a display is optional.

// The SEVCO risk-of-bias level of a risk-of-bias rubric's judgement word:
// RoB 2's "low" and "high", ROBINS-I's (and V2's) "low", "moderate" and
// "critical". RoB 2's "Some concerns", ROBINS-I's "Serious" and "No
// information", and every word of other rubrics (EPHPP's "moderate" is a
// quality rating) have no code of the same meaning: nullopt, written as text.
[[nodiscard]] std::optional<std::string_view> sevco_level(std::string_view rubric, std::string_view judgement);

// The SEVCO code of a direction of bias (format 1.1's words): favours-experimental
// and unpredictable have one; the others nullopt (text only).
[[nodiscard]] std::optional<std::string_view> sevco_direction(std::string_view direction);

// The SEVCO bias type of a domain: RoB 2's D1-D5 only (appraise's mapping
// from the reference, not an official crosswalk); nullopt for every other
// rubric and for RoB 2's cluster (1b) and crossover (S) domains.
[[nodiscard]] std::optional<std::string_view> sevco_bias_type(std::string_view rubric, std::string_view domain);

// The rating-system code of a rubric in the guide's code system: CochraneRoB2
// for rob2, ROBINSI for ROBINS-I (2016 and V2: the code names no version),
// CASP for casp-qual; nullopt for the rest (text only).
[[nodiscard]] std::optional<std::string_view> rating_system_code(std::string_view rubric);

}  // namespace appraise
