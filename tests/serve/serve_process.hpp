// `appraise serve` as a child process for the tests: started on --port 0, its
// printed URL read (within a time limit), stopped by SIGTERM (then SIGKILL)
// whatever happens to the test, so no server outlives its test.
#pragma once

#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "test_support.hpp"

namespace appraise::test {

class serve_process {
public:
    explicit serve_process(const fs::path& corpus, std::vector<std::string> extra = {}) {
        int out[2];
        if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
        log_ = fs::temp_directory_path() /
               ("appraise-serve-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++) + ".log");
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            ::dup2(out[1], 1);
            const int err = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (err >= 0) ::dup2(err, 2);
            ::close(out[0]);
            std::vector<std::string> args{appraise_binary.string(), "serve", corpus.string(), "--port", "0"};
            args.insert(args.end(), extra.begin(), extra.end());
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::setenv("NO_COLOR", "1", 1);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        out_ = out[0];
        // The first line of stdout is the URL; 60 s covers loading every bundled plugin under a sanitizer.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        std::string line;
        while (line.find('\n') == std::string::npos) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd fd{out_, POLLIN, 0};
            if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
            char chunk[512];
            const auto n = ::read(out_, chunk, sizeof chunk);
            if (n <= 0) break;
            line.append(chunk, static_cast<std::size_t>(n));
        }
        url = line.substr(0, line.find('\n'));
        const auto colon = url.rfind(':');
        const auto slash = url.find('/', colon);
        const auto equals = url.find("?token=");
        if (url.rfind("http://127.0.0.1:", 0) != 0 || colon == std::string::npos || equals == std::string::npos) {
            stop();
            throw std::runtime_error("appraise serve printed no URL: '" + line + "'; its log: " + read_file(log_));
        }
        port = std::stoi(url.substr(colon + 1, slash - colon - 1));
        token = url.substr(equals + 7);
    }
    ~serve_process() {
        stop();
        std::error_code ignored;
        fs::remove(log_, ignored);
    }
    serve_process(const serve_process&) = delete;
    serve_process& operator=(const serve_process&) = delete;

    // A client with short time-outs: a test never waits long on a stuck server.
    [[nodiscard]] httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_connection_timeout(5);
        c.set_read_timeout(60);
        c.set_write_timeout(10);
        return c;
    }
    // The headers a page of the server sends once it has its cookie.
    [[nodiscard]] httplib::Headers with_token() const { return {{"X-Appraise-Token", token}}; }

    // SIGTERM, then SIGKILL after 10 s; returns the exit status (-1 when killed or already stopped).
    int stop() {
        if (pid_ <= 0) return exit_status_;
        ::kill(pid_, SIGTERM);
        const int status = appraise::test::wait_or_kill(pid_, 10, 20);
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        pid_ = -1;
        ::close(out_);
        return exit_status_;
    }
    [[nodiscard]] std::string log() const { return read_file(log_); }

    std::string url;
    std::string token;
    int port = 0;

private:
    static int& counter() {
        static int n = 0;
        return n;
    }
    pid_t pid_ = -1;
    int out_ = -1;
    int exit_status_ = -1;
    fs::path log_;
};

}  // namespace appraise::test
