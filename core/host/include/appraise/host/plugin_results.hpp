// The host's checks on what a plugin hands back: rubric descriptions at
// registration, and appraisals after every call. A plugin is code the host
// runs but does not trust to keep the contract (plugins/README.md): a
// severity outside the enum, a finding id of another rubric, bytes that are
// not UTF-8 or a location in another file must not reach a report.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"
#include "appraise/text/utf8.hpp"

namespace appraise {

// Why a plugin's rubric description cannot be registered, or nullopt: an id
// that is not kebab-case, text that is not UTF-8, an option whose default does
// not parse as its type or lies outside its range, a severity or option kind
// outside its enum. The reason names the option or field.
[[nodiscard]] std::optional<std::string> check_description(const sdk::rubric_description& description);

// Makes `produced` (what rubric `rubric_id` returned for `study`) keep the
// contract: each finding whose severity is outside the enum or whose id does
// not start with "<rubric_id>/" is replaced by a `<rubric>/rubric-invalid-result`
// error finding saying so; text that is not UTF-8 is repaired (and noted once);
// a location in another file is moved to the study's id line, with a note;
// a robvis template the description did not declare (`layouts`; none declared
// means Generic only) is dropped, with an error finding saying so.
void check_results(const std::string& rubric_id, const std::vector<sdk::robvis_layout>& layouts,
                   const sdk::study& study, std::vector<sdk::appraisal>& produced);

// A plugin's rubric behind check_results (exceptions' messages repaired too).
[[nodiscard]] std::unique_ptr<sdk::rubric> checked_rubric(std::unique_ptr<sdk::rubric> inner, std::string rubric_id,
                                                          std::vector<sdk::robvis_layout> layouts);

}  // namespace appraise
