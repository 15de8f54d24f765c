// In process (no --isolate), a plugin that calls exit(0) while it appraises
// would end the run with status 0 and half a report, defeating --fail-on in
// CI. The guard counts calls into plugin rubrics; an exit() while one is
// running ends the process with a failure status and a message instead.
// (_exit, quick_exit, signals and hangs it cannot catch: that is --isolate.)
#pragma once

#include <vector>

#include "appraise/host/rubric_loading.hpp"

namespace appraise {

// The status a run ends with when a plugin called exit() during it.
inline constexpr int plugin_exit_status = 2;

// Wraps every native plugin rubric in `rubrics` so that its calls are counted.
void guard_plugin_exit(std::vector<rubric_instance>& rubrics);

}  // namespace appraise
