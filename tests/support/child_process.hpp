// Waiting for a test's child process without letting a stuck one hang the suite.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

namespace appraise::test {

// Waits up to `seconds` for `pid` to exit, polling every `poll_ms`, then
// kills it with SIGKILL and reaps it; returns waitpid's status.
inline int wait_or_kill(pid_t pid, int seconds, int poll_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        ::usleep(static_cast<useconds_t>(poll_ms) * 1000);
    }
    return status;
}

}  // namespace appraise::test
