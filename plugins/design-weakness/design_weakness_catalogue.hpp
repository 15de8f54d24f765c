// The design-weakness rubric's description: its domains, every finding it can
// emit (id, severity, fields read, designs it applies to, why it matters) and
// its options. `appraise explain design-weakness` prints this.
#pragma once

#include <appraise/sdk/rubric_api.hpp>

namespace design_weakness {

inline constexpr const char* rubric_id = "design-weakness";
inline constexpr const char* rubric_version = "1.0.0";

[[nodiscard]] appraise::sdk::rubric_description describe();

// What the checks need to know of each catalogue entry, looked up once per
// check and study (so: cheap).
struct check_info {
    std::string_view slug;
    std::string_view domain;
    appraise::sdk::severity level = appraise::sdk::severity::warning;
};
[[nodiscard]] const check_info& info_of(std::string_view slug);

}  // namespace design_weakness
