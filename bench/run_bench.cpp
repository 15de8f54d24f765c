// run_bench: end-to-end benchmark of the appraise executable on synthetic corpora.
//
//   run_bench --appraise PATH --generator PATH [--sizes 10000,100000] [--work DIR]
//             [--jobs N] [--repeats R]
//
// For each corpus size it generates the corpus once (kept in the work directory and
// reused when it already holds the right number of studies), then runs, R times
// each (default 3), and keeps the median wall time and the largest peak RSS:
//   parse-only:  appraise check DIR
//   appraisal:   appraise run DIR --rubric design-weakness -j N --format json -o /dev/null
// It prints a table and the two targets (appraisal overhead over parse-only at most
// 25%; peak memory of `run` grows at most 1.5x from the smallest to the largest size).
// A missed target is reported, not fatal: the exit code is 0 unless a command fails
// (1) or the arguments are wrong (2).
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using sv = std::string_view;

constexpr double overhead_target_percent = 25.0;
constexpr double memory_growth_target = 1.5;

struct bench_options {
    std::string appraise;
    std::string generator;
    std::vector<std::uint64_t> sizes{10000, 100000};
    fs::path work{"bench-work"};
    unsigned jobs = 0;
    int repeats = 3;
};

// ---------------------------------------------------------------- processes

struct measurement {
    double seconds = 0;
    long max_rss_kib = 0;  // ru_maxrss: KiB on Linux
};

std::string shell_quote(const std::string& s) {
    const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::strchr("-_./=,:+@%", c) != nullptr;
    });
    if (plain) return s;
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

std::string command_line(const std::vector<std::string>& argv) {
    std::string out;
    for (const auto& a : argv) {
        if (!out.empty()) out += ' ';
        out += shell_quote(a);
    }
    return out;
}

// Thrown when a child cannot be started or does not exit with status 0.
struct command_failed {
    std::string message;
};

// Runs argv to completion; with quiet, its stdin, stdout and stderr are /dev/null.
// Measures wall time (steady_clock, fork to reap) and the child's peak RSS as
// reported by wait4(). Throws command_failed unless the child exits with 0.
measurement run_measured(const std::vector<std::string>& argv, bool quiet) {
    std::vector<char*> cargv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);

    // A close-on-exec pipe tells the parent whether execvp failed, and why.
    int report[2];
    if (pipe(report) != 0) throw command_failed{std::string("pipe: ") + std::strerror(errno)};
    fcntl(report[0], F_SETFD, FD_CLOEXEC);
    fcntl(report[1], F_SETFD, FD_CLOEXEC);

    std::cout.flush();
    std::cerr.flush();
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        const int err = errno;
        close(report[0]);
        close(report[1]);
        throw command_failed{std::string("fork: ") + std::strerror(err)};
    }
    if (pid == 0) {  // child: only async-signal-safe calls from here on
        close(report[0]);
        if (quiet) {
            const int null_fd = open("/dev/null", O_RDWR);
            if (null_fd >= 0) {
                dup2(null_fd, STDIN_FILENO);
                dup2(null_fd, STDOUT_FILENO);
                dup2(null_fd, STDERR_FILENO);
                if (null_fd > STDERR_FILENO) close(null_fd);
            }
        }
        execvp(cargv[0], cargv.data());
        const int err = errno;
        ssize_t ignored = write(report[1], &err, sizeof err);
        (void)ignored;
        _exit(127);
    }
    close(report[1]);
    int exec_errno = 0;
    ssize_t got;
    do {
        got = read(report[0], &exec_errno, sizeof exec_errno);
    } while (got < 0 && errno == EINTR);
    close(report[0]);

    int status = 0;
    rusage usage{};
    pid_t waited;
    do {
        waited = wait4(pid, &status, 0, &usage);
    } while (waited < 0 && errno == EINTR);
    const auto end = std::chrono::steady_clock::now();
    if (waited < 0) throw command_failed{std::string("wait4: ") + std::strerror(errno) + ": " + command_line(argv)};

    if (got == static_cast<ssize_t>(sizeof exec_errno))
        throw command_failed{"cannot execute (" + std::string(std::strerror(exec_errno)) + "): " + command_line(argv)};
    const std::string hint =
        quiet ? "\nrun_bench: (its output went to /dev/null; run the command by hand to see it)" : "";
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        throw command_failed{"command failed with exit code " + std::to_string(WEXITSTATUS(status)) + ": " +
                             command_line(argv) + hint};
    if (WIFSIGNALED(status))
        throw command_failed{"command killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
                             strsignal(WTERMSIG(status)) + "): " + command_line(argv) + hint};

    return {std::chrono::duration<double>(end - start).count(), usage.ru_maxrss};
}

// ---------------------------------------------------------------- corpora

std::uint64_t count_studies(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return 0;
    std::uint64_t n = 0;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->path().extension() == ".toml" && it->is_regular_file(ec)) ++n;
    }
    return n;
}

fs::path ensure_corpus(const bench_options& opt, std::uint64_t size) {
    fs::path dir = opt.work / ("corpus-" + std::to_string(size));
    if (count_studies(dir) == size) {
        std::cout << "corpus " << dir.string() << ": " << size << " studies (cached)\n";
        return dir;
    }
    // Generate into a temporary directory and rename, so an interrupted run never
    // leaves a corpus that looks complete.
    const fs::path tmp = opt.work / ("corpus-" + std::to_string(size) + ".partial");
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::remove_all(dir, ec);
    fs::create_directories(opt.work, ec);
    if (ec) throw command_failed{"cannot create " + opt.work.string() + ": " + ec.message()};
    std::cout << "corpus " << dir.string() << ": generating " << size << " studies..." << std::flush;
    const measurement m = run_measured({opt.generator, tmp.string(), std::to_string(size)}, false);
    const std::uint64_t written = count_studies(tmp);
    if (written != size)
        throw command_failed{"generator wrote " + std::to_string(written) + " studies instead of " +
                             std::to_string(size) + ": " + opt.generator};
    fs::rename(tmp, dir, ec);
    if (ec) throw command_failed{"cannot rename " + tmp.string() + " to " + dir.string() + ": " + ec.message()};
    std::printf(" done in %.1f s\n", m.seconds);
    return dir;
}

// ---------------------------------------------------------------- measuring

struct bench_result {
    std::uint64_t size = 0;
    std::string mode;
    double median_seconds = 0;
    long max_rss_kib = 0;
};

bench_result measure(const bench_options& opt, std::uint64_t size, const std::string& mode,
                     const std::vector<std::string>& argv) {
    std::vector<double> times;
    bench_result r{size, mode, 0, 0};
    for (int i = 0; i < opt.repeats; ++i) {
        const measurement m = run_measured(argv, true);
        times.push_back(m.seconds);
        r.max_rss_kib = std::max(r.max_rss_kib, m.max_rss_kib);
        std::printf("  %-6s %8llu studies, run %d/%d: %8.3f s, %8.1f MiB\n", mode.c_str(),
                    static_cast<unsigned long long>(size), i + 1, opt.repeats, m.seconds,
                    static_cast<double>(m.max_rss_kib) / 1024.0);
        std::fflush(stdout);
    }
    std::sort(times.begin(), times.end());
    const std::size_t n = times.size();
    r.median_seconds = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    return r;
}

std::string short_size(std::uint64_t n) {
    if (n >= 1000000 && n % 1000000 == 0) return std::to_string(n / 1000000) + "M";
    if (n >= 1000 && n % 1000 == 0) return std::to_string(n / 1000) + "k";
    return std::to_string(n);
}

// ---------------------------------------------------------------- arguments

std::optional<std::uint64_t> parse_count(sv text) {
    std::uint64_t mult = 1;
    if (!text.empty() && (text.back() == 'k' || text.back() == 'K')) {
        mult = 1000;
        text.remove_suffix(1);
    } else if (!text.empty() && (text.back() == 'm' || text.back() == 'M')) {
        mult = 1000000;
        text.remove_suffix(1);
    }
    std::uint64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || v == 0) return std::nullopt;
    return v * mult;
}

void usage(std::ostream& os) {
    os << "usage: run_bench --appraise PATH --generator PATH [--sizes 10000,100000] [--work DIR]\n"
          "                 [--jobs N] [--repeats R]\n"
          "  --appraise PATH    the appraise executable to measure\n"
          "  --generator PATH   the generate_studies executable\n"
          "  --sizes LIST       comma-separated corpus sizes (10k and 1M suffixes accepted)\n"
          "  --work DIR         where corpora are generated and kept (default ./bench-work)\n"
          "  --jobs N           -j for `appraise run` (default: hardware threads)\n"
          "  --repeats R        runs per measurement; median time, max RSS (default 3)\n";
}

std::optional<bench_options> parse_args(int argc, char** argv, int& exit_code) {
    bench_options opt;
    exit_code = 2;
    for (int i = 1; i < argc; ++i) {
        sv arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            usage(std::cout);
            exit_code = 0;
            return std::nullopt;
        }
        std::string value;
        const auto eq = arg.find('=');
        const sv name = arg.substr(0, eq);
        if (!name.starts_with("--")) {
            std::cerr << "run_bench: unexpected argument " << arg << "\n";
            usage(std::cerr);
            return std::nullopt;
        }
        if (eq != sv::npos) {
            value = std::string(arg.substr(eq + 1));
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            std::cerr << "run_bench: " << name << " needs a value\n";
            return std::nullopt;
        }
        if (name == "--appraise") {
            opt.appraise = value;
        } else if (name == "--generator") {
            opt.generator = value;
        } else if (name == "--work") {
            opt.work = value;
        } else if (name == "--sizes") {
            opt.sizes.clear();
            sv rest = value;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const auto n = parse_count(rest.substr(0, comma));
                if (!n) {
                    std::cerr << "run_bench: bad size in --sizes " << value << "\n";
                    return std::nullopt;
                }
                opt.sizes.push_back(*n);
                rest = comma == sv::npos ? sv{} : rest.substr(comma + 1);
            }
            std::sort(opt.sizes.begin(), opt.sizes.end());
            opt.sizes.erase(std::unique(opt.sizes.begin(), opt.sizes.end()), opt.sizes.end());
            if (opt.sizes.empty()) {
                std::cerr << "run_bench: --sizes is empty\n";
                return std::nullopt;
            }
        } else if (name == "--jobs" || name == "--repeats") {
            const auto n = parse_count(value);
            if (!n || *n > 100000) {
                std::cerr << "run_bench: " << name << " needs a positive integer\n";
                return std::nullopt;
            }
            if (name == "--jobs")
                opt.jobs = static_cast<unsigned>(*n);
            else
                opt.repeats = static_cast<int>(*n);
        } else {
            std::cerr << "run_bench: unknown option " << name << "\n";
            usage(std::cerr);
            return std::nullopt;
        }
    }
    if (opt.appraise.empty() || opt.generator.empty()) {
        std::cerr << "run_bench: --appraise and --generator are required\n";
        usage(std::cerr);
        return std::nullopt;
    }
    if (opt.jobs == 0) opt.jobs = std::max(1u, std::thread::hardware_concurrency());
    // A bare name is looked up in PATH by execvp; a path with a slash is made
    // absolute so it still works whatever the current directory.
    for (std::string* exe : {&opt.appraise, &opt.generator}) {
        if (exe->find('/') != std::string::npos) *exe = fs::absolute(*exe).lexically_normal().string();
    }
    // Fail before spending minutes on a corpus if an executable given by path is unusable.
    for (const std::string* exe : {&opt.appraise, &opt.generator}) {
        if (exe->find('/') != std::string::npos && access(exe->c_str(), X_OK) != 0) {
            std::cerr << "run_bench: cannot execute " << *exe << ": " << std::strerror(errno) << "\n";
            exit_code = 1;
            return std::nullopt;
        }
    }
    exit_code = 0;
    return opt;
}

}  // namespace

int main(int argc, char** argv) {
    int exit_code = 0;
    const std::optional<bench_options> parsed = parse_args(argc, argv, exit_code);
    if (!parsed) return exit_code;
    const bench_options& opt = *parsed;

    std::cout << "appraise:  " << opt.appraise << "\n"
              << "generator: " << opt.generator << "\n"
              << "work dir:  " << opt.work.string() << "\n"
              << "jobs: " << opt.jobs << ", repeats: " << opt.repeats << " (median wall time, max peak RSS)\n\n";

    std::vector<bench_result> results;
    try {
        for (std::uint64_t size : opt.sizes) {
            const fs::path corpus = ensure_corpus(opt, size);
            const std::string dir = corpus.string();
            // Same threads and output for both, so the difference is the appraisal.
            results.push_back(measure(
                opt, size, "check",
                {opt.appraise, "check", dir, "-j", std::to_string(opt.jobs), "--format", "json", "-o", "/dev/null"}));
            results.push_back(measure(opt, size, "run",
                                      {opt.appraise, "run", dir, "--rubric", "design-weakness", "-j",
                                       std::to_string(opt.jobs), "--format", "json", "-o", "/dev/null"}));
        }
    } catch (const command_failed& e) {
        std::cout.flush();
        std::cerr << "\nrun_bench: " << e.message << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "\nrun_bench: " << e.what() << "\n";
        return 1;
    }

    std::printf("\n%10s  %-6s  %10s  %12s  %13s\n", "studies", "mode", "wall s", "studies/s", "peak RSS MiB");
    for (const bench_result& r : results) {
        const double rate = r.median_seconds > 0 ? static_cast<double>(r.size) / r.median_seconds : 0.0;
        std::printf("%10llu  %-6s  %10.3f  %12.1f  %13.1f\n", static_cast<unsigned long long>(r.size), r.mode.c_str(),
                    r.median_seconds, rate, static_cast<double>(r.max_rss_kib) / 1024.0);
    }
    std::printf("\n");

    auto find = [&](std::uint64_t size, sv mode) -> const bench_result& {
        return *std::find_if(results.begin(), results.end(),
                             [&](const bench_result& r) { return r.size == size && r.mode == mode; });
    };
    for (std::uint64_t size : opt.sizes) {
        const bench_result& check = find(size, "check");
        const bench_result& run = find(size, "run");
        const double overhead =
            check.median_seconds > 0 ? (run.median_seconds - check.median_seconds) / check.median_seconds * 100.0 : 0.0;
        std::printf("%s: appraisal overhead vs parse-only: %.1f%% (target <= %.0f%%) %s\n", short_size(size).c_str(),
                    overhead, overhead_target_percent, overhead <= overhead_target_percent ? "PASS" : "FAIL");
    }
    if (opt.sizes.size() >= 2) {
        const std::uint64_t small = opt.sizes.front();
        const std::uint64_t large = opt.sizes.back();
        const long small_rss = find(small, "run").max_rss_kib;
        const long large_rss = find(large, "run").max_rss_kib;
        const double growth = small_rss > 0 ? static_cast<double>(large_rss) / static_cast<double>(small_rss) : 0.0;
        std::printf("peak memory growth %s->%s: %.2f x (target <= %.1fx) %s\n", short_size(small).c_str(),
                    short_size(large).c_str(), growth, memory_growth_target,
                    growth <= memory_growth_target ? "PASS" : "FAIL");
    } else {
        std::printf("peak memory growth: needs at least two sizes (skipped)\n");
    }
    return 0;
}
