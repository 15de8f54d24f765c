#include "terminal.hpp"

#include "appraise/text/escape.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace appraise::cli {

bool use_colour(int fd) {
    const char* no_colour = std::getenv("NO_COLOR");
    if (no_colour != nullptr && *no_colour != '\0') return false;
    return ::isatty(fd) == 1;
}

void print_diagnostics(const diagnostics& list) {
    if (list.empty()) return;  // most files: no isatty() system call for them
    const bool colour = use_colour(STDERR_FILENO);
    for (const auto& d : list) {
        const char* word = d.level == severity::error ? "error" : d.level == severity::warning ? "warning" : "info";
        const char* paint = d.level == severity::error ? "1;31" : d.level == severity::warning ? "1;35" : "1;36";
        std::cerr << terminal_text(format_location(d.where)) << ": ";
        if (colour)
            std::cerr << "\x1b[" << paint << 'm' << word << ":\x1b[0m ";
        else
            std::cerr << word << ": ";
        // Messages quote values and file names from the input: escaped, so
        // no escape sequence runs and no newline forges a diagnostic line.
        std::cerr << terminal_text(d.message) << " [" << terminal_text(d.code) << "]\n";
        if (!d.hint.empty()) std::cerr << "    hint: " << terminal_text(d.hint) << '\n';
    }
}

}  // namespace appraise::cli
