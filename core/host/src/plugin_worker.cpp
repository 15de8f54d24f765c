#include "appraise/host/plugin_worker.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio_ext.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "appraise/host/stdout_capture.hpp"
#include "appraise/host/wire_format.hpp"
#include "appraise/model/log.hpp"

namespace appraise {
namespace {

// A reply larger than this is not a reply but a worker gone wrong.
constexpr std::uint64_t max_message = std::uint64_t{1} << 30;
// How much of a plugin's stdout travels back for the log.
constexpr std::size_t written_limit = 4096;

enum class server_op : std::uint8_t { spawn = 1, reap = 2 };

struct control_request {
    server_op op;
    std::int64_t argument;
};

// ------------------------------------------------------------- blocking I/O (server and worker)

bool read_all(int fd, void* data, std::size_t size) {
    auto* at = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t n = ::read(fd, at, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        at += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool write_all(int fd, const void* data, std::size_t size) {
    const auto* at = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::send(fd, at, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        at += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool read_frame(int fd, std::string& body) {
    std::uint64_t size = 0;
    if (!read_all(fd, &size, sizeof size) || size > max_message) return false;
    body.resize(size);
    return read_all(fd, body.data(), size);
}

bool write_frame(int fd, const std::string& body) {
    const std::uint64_t size = body.size();
    return write_all(fd, &size, sizeof size) && write_all(fd, body.data(), body.size());
}

// One integer with, optionally, a file descriptor beside it (SCM_RIGHTS).
bool send_with_fd(int socket, std::int64_t value, int fd) {
    iovec part{&value, sizeof value};
    msghdr message{};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (fd >= 0) {
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        cmsghdr* header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
    }
    for (;;) {
        const ssize_t n = ::sendmsg(socket, &message, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        return n == static_cast<ssize_t>(sizeof value);
    }
}

bool receive_with_fd(int socket, std::int64_t& value, int& fd) {
    fd = -1;
    iovec part{&value, sizeof value};
    msghdr message{};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    ssize_t n = 0;
    do {
        n = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC | MSG_WAITALL);
    } while (n < 0 && errno == EINTR);
    if (n != static_cast<ssize_t>(sizeof value)) return false;
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr; header = CMSG_NXTHDR(&message, header))
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS)
            std::memcpy(&fd, CMSG_DATA(header), sizeof fd);
    return true;
}

// ------------------------------------------------------------- the worker

// Appraises what it is sent until the host closes its end. Plugin stdout goes
// to memory and travels back with each reply; the host's exit handlers never
// run here (_exit), so nothing of the host's state is flushed twice.
[[noreturn]] void run_worker(const sdk::rubric& rubric, int socket) {
    stdout_capture capture;
    std::string request;
    for (;;) {
        if (!read_frame(socket, request)) ::_exit(0);
        wire::worker_reply reply;
        try {
            const sdk::study study = wire::decode_study(request);
            reply.appraisals = rubric.appraise(study);
        } catch (const std::exception& error) {
            reply.result = wire::worker_reply::outcome::threw;
            reply.message = error.what();
        } catch (...) {
            reply.result = wire::worker_reply::outcome::threw_unknown;
        }
        std::size_t total = 0;
        reply.written = capture.take(written_limit, &total);
        reply.written_total = total;
        if (!write_frame(socket, wire::encode_reply(reply))) ::_exit(0);
    }
}

// ------------------------------------------------------------- the fork server

[[noreturn]] void run_server(const std::vector<const sdk::rubric*>& rubrics, int control) {
    // Nothing of the host's goes to its stdout from here on: a worker's stdout is captured.
    std::fflush(stdout);
    ::__fpurge(stdout);
    if (const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC); null >= 0) ::dup2(null, 1);
    std::vector<pid_t> running;
    for (;;) {
        control_request request{};
        if (!read_all(control, &request, sizeof request)) break;
        if (request.op == server_op::spawn) {
            const auto index = static_cast<std::size_t>(request.argument);
            int pair[2] = {-1, -1};
            pid_t pid = -1;
            if (index < rubrics.size() && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0) {
                pid = ::fork();
                if (pid == 0) {
                    ::close(control);
                    ::close(pair[0]);
                    run_worker(*rubrics[index], pair[1]);
                }
                ::close(pair[1]);
            }
            const std::int64_t answer = pid > 0 ? pid : -errno;
            send_with_fd(control, answer, pid > 0 ? pair[0] : -1);
            if (pair[0] >= 0) ::close(pair[0]);
            if (pid > 0) running.push_back(pid);
        } else if (request.op == server_op::reap) {
            const auto pid = static_cast<pid_t>(request.argument);
            int status = 0;
            std::int64_t answer = -1;
            if (std::find(running.begin(), running.end(), pid) != running.end()) {
                while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
                }
                running.erase(std::find(running.begin(), running.end(), pid));
                answer = status;
            }
            send_with_fd(control, answer, -1);
        }
    }
    // The host is done (or gone): no worker outlives it.
    for (const pid_t pid : running) ::kill(pid, SIGKILL);
    for (const pid_t pid : running)
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    ::_exit(0);
}

std::size_t thread_count() {
    std::error_code error;
    std::size_t count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/task", error);
         !error && it != std::filesystem::directory_iterator(); it.increment(error))
        ++count;
    return count;
}

// Waits until `fd` is ready for `events` or the deadline passes.
bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        int timeout = -1;
        if (deadline != std::chrono::steady_clock::time_point::max()) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            timeout = static_cast<int>(std::min<std::int64_t>(left.count(), 1 << 30));
        }
        pollfd watched{fd, events, 0};
        const int n = ::poll(&watched, 1, timeout);
        if (n < 0 && errno == EINTR) continue;
        return n > 0;  // readiness, or an error or hang-up the next call reports
    }
}

}  // namespace

worker_spawner::worker_spawner(const std::vector<const sdk::rubric*>& rubrics) {
    if (const std::size_t threads = thread_count(); threads > 1)
        logger("host").warn("plugin isolation started with {} threads running; workers may inherit held locks",
                            threads);
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        throw std::runtime_error(std::string("cannot start plugin isolation: ") + std::strerror(errno));
    std::cout.flush();
    std::fflush(nullptr);  // else the children would hold copies of unwritten output
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int error = errno;
        ::close(pair[0]);
        ::close(pair[1]);
        throw std::runtime_error(std::string("cannot start plugin isolation: ") + std::strerror(error));
    }
    if (pid == 0) {
        ::close(pair[0]);
        run_server(rubrics, pair[1]);
    }
    ::close(pair[1]);
    server_ = pid;
    control_ = pair[0];
}

worker_spawner::~worker_spawner() {
    ::close(control_);
    while (::waitpid(server_, nullptr, 0) < 0 && errno == EINTR) {
    }
}

plugin_worker worker_spawner::spawn(std::size_t index) {
    std::lock_guard lock(mutex_);
    const control_request request{server_op::spawn, static_cast<std::int64_t>(index)};
    std::int64_t answer = 0;
    int fd = -1;
    if (!write_all(control_, &request, sizeof request) || !receive_with_fd(control_, answer, fd))
        throw std::runtime_error("the plugin worker server has ended");
    if (answer <= 0 || fd < 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error(std::string("cannot start a plugin worker: ") +
                                 std::strerror(static_cast<int>(-answer)));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return {static_cast<pid_t>(answer), fd};
}

int worker_spawner::stop(plugin_worker& worker, bool kill_it) {
    // The pid stays ours (unreaped) until the server waits for it, so this
    // signal cannot reach a process that reused the number.
    if (kill_it) ::kill(worker.pid, SIGKILL);
    if (worker.socket >= 0) ::close(worker.socket);
    worker.socket = -1;
    std::lock_guard lock(mutex_);
    const control_request request{server_op::reap, worker.pid};
    std::int64_t answer = -1;
    int fd = -1;
    if (!write_all(control_, &request, sizeof request) || !receive_with_fd(control_, answer, fd)) answer = -1;
    if (fd >= 0) ::close(fd);
    worker.pid = -1;
    return static_cast<int>(answer);
}

exchange_result exchange(const plugin_worker& worker, std::string_view request, std::string& reply,
                         std::chrono::steady_clock::time_point deadline) {
    std::string frame(sizeof(std::uint64_t), '\0');
    const std::uint64_t size = request.size();
    std::memcpy(frame.data(), &size, sizeof size);
    frame.append(request);
    std::size_t sent = 0;
    while (sent < frame.size()) {
        const ssize_t n = ::send(worker.socket, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!wait_for(worker.socket, POLLOUT, deadline)) return exchange_result::timed_out;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return exchange_result::ended;
        }
    }
    // The length, then the body.
    std::uint64_t expected = 0;
    std::string header(sizeof expected, '\0');
    std::string* into = &header;
    std::size_t got = 0;
    for (;;) {
        if (got == into->size()) {
            if (into == &reply) return exchange_result::replied;
            std::memcpy(&expected, header.data(), sizeof expected);
            if (expected > max_message) return exchange_result::ended;
            reply.assign(expected, '\0');
            into = &reply;
            got = 0;
            continue;
        }
        const ssize_t n = ::recv(worker.socket, into->data() + got, into->size() - got, MSG_DONTWAIT);
        if (n > 0) {
            got += static_cast<std::size_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!wait_for(worker.socket, POLLIN, deadline)) return exchange_result::timed_out;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return exchange_result::ended;  // 0: the worker closed its end (it died or exited)
        }
    }
}

std::string describe_wait_status(int status) {
    if (status < 0) return "ended (its status is unknown)";
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        const char* name = ::sigabbrev_np(signal);
        const char* text = ::sigdescr_np(signal);
        std::string described =
            "was killed by " + (name != nullptr ? "SIG" + std::string(name) : "signal " + std::to_string(signal));
        if (text != nullptr) described += " (" + std::string(text) + ")";
        return described;
    }
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    return "ended";
}

}  // namespace appraise
