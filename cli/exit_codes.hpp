// The process exit codes, documented in the README and `appraise --help`.
#pragma once

namespace appraise::cli {

enum exit_code : int {
    exit_ok = 0,           // the run completed; no finding at or above --fail-on
    exit_findings = 1,     // a finding at or above --fail-on
    exit_input_error = 2,  // bad arguments, configuration or coding (other studies were still appraised)
};

}  // namespace appraise::cli
