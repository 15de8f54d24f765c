#include "appraise/text/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ext/stdio_filebuf.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>  // renameat2, RENAME_EXCHANGE (glibc 2.28)
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "appraise/text/file_release.hpp"
#include "appraise/text/report_stdout.hpp"

namespace appraise {

namespace fs = std::filesystem;

namespace {

// Temporary files still to remove if the process is interrupted. A signal
// handler may only use async-signal-safe calls, so the paths are kept in
// fixed buffers, claimed and released with atomics.
constexpr std::size_t max_pending = 16;
struct pending_slot {
    std::atomic<bool> used{false};
    std::array<char, 4096> path{};
};
std::array<pending_slot, max_pending> pending;

void remove_pending_and_reraise(int signal_number) {
    for (auto& slot : pending)
        if (slot.used.load()) ::unlink(slot.path.data());
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

// For the signals that end a run from outside (Ctrl-C, kill), checked at each
// new output file: a handler someone else installed is left alone.
void install_interrupt_cleanup() {
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction previous {};
        if (::sigaction(signal_number, nullptr, &previous) != 0 || previous.sa_handler != SIG_DFL) continue;
        struct sigaction action {};
        action.sa_handler = remove_pending_and_reraise;
        sigemptyset(&action.sa_mask);
        ::sigaction(signal_number, &action, nullptr);
    }
}

int claim_slot(const fs::path& path) {
    const std::string text = path.string();
    if (text.size() >= pending[0].path.size()) return -1;
    for (std::size_t i = 0; i < pending.size(); ++i) {
        bool expected = false;
        if (pending[i].used.load()) continue;
        std::memcpy(pending[i].path.data(), text.c_str(), text.size() + 1);
        if (pending[i].used.compare_exchange_strong(expected, true)) return static_cast<int>(i);
    }
    return -1;  // more than max_pending open at once: still removed on every normal path
}

void release_slot(int slot) {
    if (slot >= 0) pending[static_cast<std::size_t>(slot)].used.store(false);
}

// The mode a newly created file would get (0666 less the umask), for the
// report: mkstemp creates 0600.
mode_t default_file_mode() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

// Moves the finished report onto the target's name. On ext4, rename() over
// an existing file makes the kernel allocate and start writing the new
// file's blocks inside the call (its auto_da_alloc heuristic, for programs
// that never fsync): 150 ms for a 135 MB report here, a serial 12 % of the
// whole run, paid on every re-run to the same file. renameat2's
// RENAME_EXCHANGE swaps the two names as atomically (a reader sees the old
// report or the new one, never neither, never part of one) without that
// flush; the old report, now under the temporary name, is then removed
// (file_release.hpp: a large one's blocks are freed after this returns). A
// report is never fsynced either way: it is made again by re-running.
// Only a regular file is swapped (plain rename() refuses a directory, and
// so must this); anything else, or a file system without the flag, takes
// plain rename().
void replace_with(const fs::path& temporary, const fs::path& target, std::error_code& error) {
    struct stat existing {};
    if (::lstat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode) &&
        ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
        struct stat swapped {};
        if (::lstat(temporary.c_str(), &swapped) == 0 && S_ISREG(swapped.st_mode)) {
            remove_without_waiting(temporary);  // a large old report's blocks are freed by a helper
            error.clear();
            return;
        }
        // Something other than a file took the target's name between the
        // two calls: swap back, and let rename() say what it says.
        ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE);
    }
    fs::rename(temporary, target, error);
}

}  // namespace

output_file::output_file(const std::string& path) {
    if (path.empty() || path == "-") return;
    target_ = path;
    std::error_code error;
    const auto status = fs::status(target_, error);
    const bool special = !error && fs::exists(status) && !fs::is_regular_file(status);
    if (special) {
        file_.emplace(target_, std::ios::binary);
        if (!*file_) throw std::runtime_error("cannot write " + target_.generic_string() + ": " + std::strerror(errno));
        return;
    }
    // A fresh name in the target's folder, created exclusively (mkstemp uses
    // O_CREAT|O_EXCL): nothing planted there, a symlink included, is followed
    // or truncated.
    const fs::path folder = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    std::string name = (folder / ("." + target_.filename().string() + ".tmp-XXXXXX")).string();
    install_interrupt_cleanup();
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("cannot write a file in " + folder.generic_string() + ": " + std::strerror(errno));
    temporary_ = name;
    slot_ = claim_slot(temporary_);
    ::fchmod(fd, default_file_mode());
    buffer_ = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd, std::ios::out | std::ios::binary);
    stream_ = std::make_unique<std::ostream>(buffer_.get());
}

output_file::~output_file() {
    if (!committed_ && !temporary_.empty()) {
        stream_.reset();
        buffer_.reset();
        std::error_code ignored;
        fs::remove(temporary_, ignored);
    }
    release_slot(slot_);
}

std::ostream& output_file::stream() {
    if (stream_) return *stream_;
    if (file_) return *file_;
    if (report_stdout_fd() == STDOUT_FILENO) return std::cout;
    // stdout was reserved for reports: write to the kept descriptor (a copy,
    // which the buffer owns and closes).
    buffer_ = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(::fcntl(report_stdout_fd(), F_DUPFD_CLOEXEC, 3),
                                                               std::ios::out | std::ios::binary);
    stream_ = std::make_unique<std::ostream>(buffer_.get());
    return *stream_;
}

void output_file::commit() {
    stream().flush();
    if (!stream()) throw std::runtime_error("writing " + target_.generic_string() + " failed");
    if (file_) file_->close();
    if (buffer_) {
        const bool closed = buffer_->close() != nullptr;
        stream_.reset();
        buffer_.reset();
        if (!closed) throw std::runtime_error("writing " + target_.generic_string() + " failed");
        if (temporary_.empty()) {  // the reserved stdout: nothing to move
            committed_ = true;
            return;
        }
        std::error_code error;
        replace_with(temporary_, target_, error);
        if (error)
            throw std::runtime_error("cannot move the report into " + target_.generic_string() + ": " +
                                     error.message());
    }
    committed_ = true;
}

}  // namespace appraise
