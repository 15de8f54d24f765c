// A codebook field in the words `appraise fields` and `appraise template`
// show: a short type name and its range.
#pragma once

#include <string>

#include "appraise/model/codebook.hpp"

namespace appraise::cli {

// "string", "integer", "array of enums", ...
[[nodiscard]] std::string type_name(field_type type);
// "0 to 1", ">= 1", or empty.
[[nodiscard]] std::string range_words(const field_def& field);

}  // namespace appraise::cli
