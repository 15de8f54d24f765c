// Every `appraise agree --format` by name, with its description and writer
// (format_registry.hpp: the same shape as run's and audit's formats).
#pragma once

#include <functional>
#include <iosfwd>

#include "appraise/agreement/agreement_report.hpp"
#include "appraise/reports/format_registry.hpp"

namespace appraise {

using agreement_writer = std::function<void(std::ostream& out, const agreement_report& report)>;

[[nodiscard]] const format_registry<agreement_writer>& agreement_formats();

}  // namespace appraise
