// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe
// (file descriptors 3 and 4, messages ended by NUL): no network port, no
// WebSocket, no node. Enough to load a page, watch its console, log and
// requests, evaluate JavaScript and take a screenshot.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace appraise::test {

// Finds an executable on PATH; empty when absent.
inline std::string find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path == nullptr ? "/usr/bin:/bin" : path;
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto end = dirs.find(':', start);
        const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {};
}

class cdp_browser {
public:
    using json = nlohmann::json;
    using event_handler = std::function<void(const json&)>;

    // Starts the browser and waits until it answers. A browser that has not
    // answered within the start-up time (seen once on a loaded 2-core CI
    // machine) is killed and started once more with a fresh profile; the
    // second failure is thrown with the tail of the browser's log.
    cdp_browser(const std::string& executable, const std::string& profile_dir, const std::string& log_file,
                int start_up_seconds = 45)
        : log_file_(log_file) {
        launch(executable, profile_dir, O_TRUNC);
        if (answers_within(start_up_seconds)) return;
        stop();
        launch(executable, profile_dir + "-again", O_APPEND);
        if (answers_within(start_up_seconds)) return;
        stop();
        throw std::runtime_error("the browser did not answer within " + std::to_string(start_up_seconds) +
                                 " s, twice; the end of its log:\n" + log_tail());
    }

    ~cdp_browser() { stop(); }
    cdp_browser(const cdp_browser&) = delete;
    cdp_browser& operator=(const cdp_browser&) = delete;

    // Every event (a message without an id) goes here while waiting.
    void on_event(event_handler handler) { handler_ = std::move(handler); }

    // Sends a command and waits for its reply; throws on a protocol error or timeout.
    json call(const std::string& method, const json& params = json::object(), const std::string& session = "",
              int timeout_seconds = 30) {
        const int id = send(method, params, session);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
        for (;;) {
            json message;
            try {
                message = next(deadline);
            } catch (const timeout&) {
                throw std::runtime_error("the browser did not answer " + method + " within " +
                                         std::to_string(timeout_seconds) + " s; the end of its log:\n" + log_tail());
            }
            if (message.contains("id") && message["id"] == id) {
                if (message.contains("error")) throw std::runtime_error(method + ": " + message["error"].dump());
                return message.value("result", json::object());
            }
            dispatch(message);
        }
    }

    // Handles events until `done` returns true for one, or the time runs out (returns false).
    bool wait_for(const std::function<bool(const json&)>& done, int timeout_milliseconds) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_milliseconds);
        try {
            for (;;) {
                json message = next(deadline);
                dispatch(message);
                if (!message.contains("id") && done(message)) return true;
            }
        } catch (const timeout&) {
            return false;
        }
    }

    // The last lines of the browser's own log, for a failure message.
    std::string log_tail() const {
        std::FILE* file = std::fopen(log_file_.c_str(), "rb");
        if (file == nullptr) return "(no log)";
        std::string text;
        char chunk[4096];
        std::size_t n = 0;
        while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) text.append(chunk, n);
        std::fclose(file);
        constexpr std::size_t keep = 2000;
        return text.size() > keep ? text.substr(text.size() - keep) : text;
    }

private:
    struct timeout : std::runtime_error {
        timeout() : std::runtime_error("timed out waiting for the browser") {}
    };

    // True once the browser has answered a first command.
    bool answers_within(int seconds) {
        const int id = send("Browser.getVersion", json::object(), "");
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        try {
            for (;;) {
                json message = next(deadline);
                if (message.contains("id") && message["id"] == id) return true;
                dispatch(message);
            }
        } catch (const std::exception&) {  // a timeout, or the browser exited
            return false;
        }
    }

    // log_mode: O_TRUNC for the first start, O_APPEND to keep its log on a second.
    void launch(const std::string& executable, const std::string& profile_dir, int log_mode) {
        buffer_.clear();
        int to_browser[2];
        int from_browser[2];
        if (::pipe(to_browser) != 0 || ::pipe(from_browser) != 0) throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            // The browser reads commands on fd 3 and writes replies on fd 4.
            const int in = ::dup(to_browser[0]);
            const int out = ::dup(from_browser[1]);
            ::dup2(in, 3);
            ::dup2(out, 4);
            const int log = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | log_mode, 0644);
            if (log >= 0) {
                ::dup2(log, 1);
                ::dup2(log, 2);
            }
            for (int fd = 5; fd < 256; ++fd) ::close(fd);
            const std::string profile = "--user-data-dir=" + profile_dir;
            ::execl(executable.c_str(), executable.c_str(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", profile.c_str(), "--remote-debugging-pipe", "--no-first-run",
                    "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars", "about:blank",
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(to_browser[0]);
        ::close(from_browser[1]);
        write_fd_ = to_browser[1];
        read_fd_ = from_browser[0];
        ::signal(SIGPIPE, SIG_IGN);
    }

    // Asks the browser to close, then kills it if it has not within 5 s.
    void stop() {
        if (pid_ <= 0) return;
        try {
            send("Browser.close", json::object(), "");
        } catch (...) {
        }
        ::close(write_fd_);
        appraise::test::wait_or_kill(pid_, 5, 50);
        ::close(read_fd_);
        pid_ = -1;
    }

    int send(const std::string& method, const json& params, const std::string& session) {
        json message{{"id", ++last_id_}, {"method", method}, {"params", params}};
        if (!session.empty()) message["sessionId"] = session;
        std::string text = message.dump();
        text.push_back('\0');
        std::size_t written = 0;
        while (written < text.size()) {
            const auto n = ::write(write_fd_, text.data() + written, text.size() - written);
            if (n <= 0) throw std::runtime_error("the browser closed its command pipe (see its log)");
            written += static_cast<std::size_t>(n);
        }
        return last_id_;
    }

    json next(std::chrono::steady_clock::time_point deadline) {
        for (;;) {
            const auto end = buffer_.find('\0');
            if (end != std::string::npos) {
                json message = json::parse(buffer_.substr(0, end));
                buffer_.erase(0, end + 1);
                return message;
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) throw timeout();
            pollfd fd{read_fd_, POLLIN, 0};
            if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
            char chunk[65536];
            const auto n = ::read(read_fd_, chunk, sizeof chunk);
            if (n <= 0) throw std::runtime_error("the browser exited (see its log)");
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    void dispatch(const json& message) {
        if (!message.contains("id") && handler_) handler_(message);
    }

    std::string log_file_;
    pid_t pid_ = -1;
    int write_fd_ = -1;
    int read_fd_ = -1;
    int last_id_ = 0;
    std::string buffer_;
    event_handler handler_;
};

inline std::string base64_decode(const std::string& text) {
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned value = 0;
    int bits = -8;
    for (const char c : text) {
        const auto at = alphabet.find(c);
        if (at == std::string::npos) continue;  // padding, line breaks
        value = (value << 6) | static_cast<unsigned>(at);
        bits += 6;
        if (bits >= 0) {
            out.push_back(static_cast<char>((value >> bits) & 0xFF));
            bits -= 8;
        }
    }
    return out;
}

}  // namespace appraise::test
