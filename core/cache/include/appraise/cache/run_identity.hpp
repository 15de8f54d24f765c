// What a file's results depend on besides its bytes and name: the build of
// appraise (the executable's own bytes, so a rebuilt binary with the same
// version number never reuses an older build's results), every rubric's id,
// version, provider, options and the bytes of the file it came from (a
// plugin library or a declarative rubric), the configuration file's bytes,
// and what the command adds to each study (`purpose`: the command and the
// options that change results, e.g. --weight). One SHA-256 of all of it.
// The files' digests come from `digests` when given (file_digests.hpp: kept
// between runs while each file's stat is unchanged and settled).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "appraise/cache/file_digests.hpp"
#include "appraise/host/rubric_loading.hpp"
#include "appraise/input/project_config.hpp"

namespace appraise {

[[nodiscard]] std::string run_identity(const std::vector<rubric_instance>& rubrics, const project_config& config,
                                       std::string_view purpose, file_digests* digests = nullptr);

}  // namespace appraise
