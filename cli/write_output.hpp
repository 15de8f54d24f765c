// The last step of a command that writes one document: to `-o FILE`
// (replaced atomically, so a failed write leaves the old file) or stdout.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace appraise::cli {

// Runs `write` on the output and commits it. exit_ok, or exit_input_error
// with "appraise: error: <why>" on stderr when the file cannot be written.
[[nodiscard]] int write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace appraise::cli
