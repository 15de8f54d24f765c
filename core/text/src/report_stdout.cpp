#include "appraise/text/report_stdout.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace appraise {
namespace {

int reserved = -1;

}  // namespace

void reserve_report_stdout() {
    if (reserved >= 0) return;
    std::cout.flush();
    std::fflush(stdout);
    // Above 2, and closed in anything exec'd: only this process writes reports there.
    const int kept = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    if (kept < 0) return;  // no stdout at all: nothing to protect
    if (::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        ::close(kept);
        return;
    }
    reserved = kept;
}

int report_stdout_fd() {
    return reserved >= 0 ? reserved : STDOUT_FILENO;
}

}  // namespace appraise
