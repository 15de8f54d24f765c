// Terminal conventions: colour only on a terminal and never with NO_COLOR;
// diagnostics for people on stderr.
#pragma once

#include "appraise/model/diagnostic.hpp"

namespace appraise::cli {

// True when the descriptor is a terminal and NO_COLOR is unset or empty.
[[nodiscard]] bool use_colour(int fd);

// Prints diagnostics to stderr, compiler style, with their hints.
void print_diagnostics(const diagnostics& list);

}  // namespace appraise::cli
