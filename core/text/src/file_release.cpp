#include "appraise/text/file_release.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace appraise {

namespace {

// The helper: holds `held` until `released` reads end of file (the caller
// has removed the name and closed its end), then exits, dropping the last
// reference. Runs after fork() in a process that may have had threads, so
// only async-signal-safe calls; it keeps no descriptor but those two (a
// pipe it kept open, stdout to a test harness say, would hold its reader
// until the helper ends) and none of the caller's signal handlers (the
// interrupt clean-up removes temporary files by name).
[[noreturn]] void hold_until_released(int held, int released) {
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        struct sigaction action {};
        action.sa_handler = SIG_DFL;
        sigemptyset(&action.sa_mask);
        ::sigaction(signal_number, &action, nullptr);
    }
    const unsigned low = static_cast<unsigned>(held < released ? held : released);
    const unsigned high = static_cast<unsigned>(held < released ? released : held);
    if (low > 0) ::close_range(0, low - 1, 0);
    if (high > low + 1) ::close_range(low + 1, high - 1, 0);
    ::close_range(high + 1, ~0U, 0);
    char byte = 0;
    while (::read(released, &byte, 1) < 0 && errno == EINTR) {
    }
    ::_exit(0);
}

}  // namespace

bool remove_without_waiting(const std::filesystem::path& file, std::uintmax_t elsewhere_from) {
    const int held = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat status {};
    int ends[2] = {-1, -1};
    if (held < 0 || ::fstat(held, &status) != 0 || !S_ISREG(status.st_mode) ||
        static_cast<std::uintmax_t>(status.st_size) < elsewhere_from || ::pipe2(ends, O_CLOEXEC) != 0) {
        if (held >= 0) ::close(held);
        return ::unlink(file.c_str()) == 0;
    }
    // Two forks: the middle process exits at once, so the helper is adopted
    // by init and nobody waits for it; this process waits only for the middle.
    const pid_t middle = ::fork();
    if (middle == 0) {
        if (::fork() == 0) hold_until_released(held, ends[0]);
        ::_exit(0);
    }
    ::close(ends[0]);
    if (middle > 0) {
        int ignored = 0;
        while (::waitpid(middle, &ignored, 0) < 0 && errno == EINTR) {
        }
    }
    ::close(held);
    const bool removed = ::unlink(file.c_str()) == 0;  // the helper's reference keeps the blocks
    ::close(ends[1]);                                  // and now it lets go of them
    return removed;
}

}  // namespace appraise
