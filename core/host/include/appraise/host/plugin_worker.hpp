// The processes behind --isolate. A fork server is forked from the host once,
// while the host is still single-threaded and every plugin is loaded and its
// rubric created; it forks one worker per request, so a worker starts with
// the plugin mapped and its rubric built, and no worker is ever forked from a
// process with other threads (whose locks it would inherit held). A worker
// appraises the studies it is sent, one at a time, over a socket.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

// One worker as the host sees it.
struct plugin_worker {
    pid_t pid = -1;
    int socket = -1;  // the host's end
};

class worker_spawner {
public:
    // Forks the server. `rubrics` are the rubrics workers may run, by index;
    // the server and its workers use their own copies of them.
    explicit worker_spawner(const std::vector<const sdk::rubric*>& rubrics);
    // Ends the server and with it every worker still running.
    ~worker_spawner();
    worker_spawner(const worker_spawner&) = delete;
    worker_spawner& operator=(const worker_spawner&) = delete;

    // A new worker for rubric `index` (thread-safe). Throws std::runtime_error
    // when no worker can be started.
    [[nodiscard]] plugin_worker spawn(std::size_t index);
    // Stops a worker (SIGKILL unless it has ended already) and returns its wait
    // status; closes the host's end.
    int stop(plugin_worker& worker, bool kill_it);

private:
    std::mutex mutex_;
    pid_t server_ = -1;
    int control_ = -1;
};

enum class exchange_result { replied, ended, timed_out };

// Sends one request and reads one reply, giving up at `deadline`
// (time_point::max(): never). `ended`: the worker closed its end or sent half a message.
[[nodiscard]] exchange_result exchange(const plugin_worker& worker, std::string_view request, std::string& reply,
                                       std::chrono::steady_clock::time_point deadline);

// "killed by SIGSEGV (Segmentation fault)", "exited with status 0".
[[nodiscard]] std::string describe_wait_status(int status);

}  // namespace appraise
