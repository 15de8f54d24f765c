// run_bench: end-to-end benchmark of the appraise executable on synthetic corpora.
//
//   run_bench --appraise PATH --generator PATH --parser PATH [--sizes 20000]
//             [--work DIR] [--threads 1,2] [--repeats R]
//
// For each corpus size it generates the corpus once (kept in the work directory and
// reused when it already holds the right number of studies), then, for each thread
// count, runs each command R times (default 3) and keeps the median wall time and
// the largest peak RSS: the bare toml++ parse (toml_parse, the floor), `check`,
// `run` with design-weakness, `run` with every shipped rubric, and `audit`. Each
// figure is printed beside the bare parse measured in the same run ("x parse"),
// with the targets of issue 17. A missed target is reported, not fatal: the exit
// code is 0 unless a command fails (1) or the arguments are wrong (2).
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
#include <fstream>
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

// Issue 17's targets, as multiples of the bare parse at one thread.
constexpr double check_target = 1.15;
constexpr double run_dw_target = 1.25;
constexpr double run_all_target = 2.0;
constexpr double two_thread_speedup_target = 1.8;
constexpr double memory_growth_target = 1.5;

struct bench_options {
    std::string appraise;
    std::string generator;
    std::string parser;
    std::vector<std::uint64_t> sizes{20000};
    fs::path work{"bench-work"};
    std::vector<unsigned> threads{1, 2};
    int repeats = 3;
    bool instructions = false;  // --instructions: count them with callgrind instead of timing
};

// ---------------------------------------------------------------- processes

struct measurement {
    double seconds = 0;
    long max_rss_kib = 0;       // ru_maxrss: KiB on Linux
    double cpu_seconds = 0;     // user + system time of the child: more than wall when threads run at once
    long context_switches = 0;  // voluntary + involuntary: a wake-up per file shows here
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

    const auto seconds_of = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return {std::chrono::duration<double>(end - start).count(), usage.ru_maxrss,
            seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime), usage.ru_nvcsw + usage.ru_nivcsw};
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
    unsigned threads = 1;
    std::string mode;
    double median_seconds = 0;  // with --instructions: instructions (callgrind's Ir), not seconds
    long max_rss_kib = 0;
    double median_cpu_seconds = 0;  // not with --instructions
    long median_switches = 0;
};

// Instructions the command executes (callgrind's "Collected" total; stable on a
// shared machine, unlike wall time). Threads add up; the process itself only.
double instructions_of(const bench_options& opt, const std::vector<std::string>& argv) {
    const std::string log = (opt.work / "callgrind.log").string();
    std::vector<std::string> wrapped{"valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                                     "--log-file=" + log};
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    run_measured(wrapped, true);
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line)) {
        const auto at = line.find("Collected : ");
        if (at == std::string::npos) continue;
        std::uint64_t n = 0;
        const char* first = line.c_str() + at + 12;
        std::from_chars(first, line.c_str() + line.size(), n);
        return static_cast<double>(n);
    }
    throw command_failed{"no instruction count in " + log + " for: " + command_line(wrapped)};
}

bench_result measure(const bench_options& opt, std::uint64_t size, unsigned threads, const std::string& mode,
                     const std::vector<std::string>& argv) {
    std::vector<double> times;
    std::vector<double> cpu_times;
    std::vector<long> switches;
    bench_result r{size, threads, mode, 0, 0, 0, 0};
    if (opt.instructions) {
        r.median_seconds = instructions_of(opt, argv);
        std::printf("  %-10s -j %-3u %8llu studies: %.0f instructions\n", mode.c_str(), threads,
                    static_cast<unsigned long long>(size), r.median_seconds);
        std::fflush(stdout);
        return r;
    }
    for (int i = 0; i < opt.repeats; ++i) {
        const measurement m = run_measured(argv, true);
        times.push_back(m.seconds);
        cpu_times.push_back(m.cpu_seconds);
        switches.push_back(m.context_switches);
        r.max_rss_kib = std::max(r.max_rss_kib, m.max_rss_kib);
        std::printf("  %-10s -j %-3u %8llu studies, run %d/%d: %8.3f s, %8.1f MiB\n", mode.c_str(), threads,
                    static_cast<unsigned long long>(size), i + 1, opt.repeats, m.seconds,
                    static_cast<double>(m.max_rss_kib) / 1024.0);
        std::fflush(stdout);
    }
    const auto median = [](auto values) {
        std::sort(values.begin(), values.end());
        const std::size_t n = values.size();
        return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    };
    r.median_seconds = median(times);
    r.median_cpu_seconds = median(cpu_times);
    r.median_switches = median(switches);
    return r;
}

std::string short_size(std::uint64_t n) {
    if (n >= 1000000 && n % 1000000 == 0) return std::to_string(n / 1000000) + "M";
    if (n >= 1000 && n % 1000 == 0) return std::to_string(n / 1000) + "k";
    return std::to_string(n);
}

// The commands of one corpus size and thread count, in table order. `parse`
// (the bare toml++ parse) comes first: every other row is read against it.
std::vector<std::pair<std::string, std::vector<std::string>>> commands(const bench_options& opt, const std::string& dir,
                                                                       unsigned threads) {
    const std::string j = std::to_string(threads);
    const std::string out = (opt.work / "out.json").string();
    const std::string text_out = (opt.work / "out.txt").string();
    const std::string& a = opt.appraise;
    // `check` is issue 17's `check -j 1`: its own report (the findings about
    // the coding); check-json and run-text are shown beside the targets.
    return {
        {"parse", {opt.parser, "-j", j, dir}},
        {"check", {a, "check", dir, "-j", j, "-o", "/dev/null"}},
        {"check-json", {a, "check", dir, "-j", j, "--format", "json", "-o", "/dev/null"}},
        {"run-dw", {a, "run", dir, "--rubric", "design-weakness", "-j", j, "--format", "json", "-o", out}},
        {"run-all", {a, "run", dir, "-j", j, "--format", "json", "-o", out}},
        {"run-text", {a, "run", dir, "-j", j, "-o", text_out}},
        {"audit", {a, "audit", dir, "-j", j, "--format", "json", "-o", out}},
    };
}

const char* describe(const std::string& mode) {
    if (mode == "parse") return "toml_parse (bare toml++ parse, every value visited)";
    if (mode == "check") return "appraise check -o /dev/null (its text report)";
    if (mode == "check-json") return "appraise check --format json -o /dev/null (every appraisal too)";
    if (mode == "run-dw") return "appraise run --rubric design-weakness --format json -o FILE";
    if (mode == "run-all") return "appraise run --format json -o FILE (every shipped rubric)";
    if (mode == "run-text") return "appraise run -o FILE (every shipped rubric, the text report)";
    if (mode == "audit") return "appraise audit --format json -o FILE (every shipped rubric)";
    return "";
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
    os << "usage: run_bench --appraise PATH --generator PATH --parser PATH [--sizes 20000] [--work DIR]\n"
          "                 [--threads 1,2] [--repeats R]\n"
          "  --appraise PATH    the appraise executable to measure\n"
          "  --generator PATH   the generate_studies executable\n"
          "  --parser PATH      the toml_parse executable (the bare toml++ parse)\n"
          "  --sizes LIST       comma-separated corpus sizes (10k and 1M suffixes accepted)\n"
          "  --work DIR         where corpora are generated and kept (default ./bench-work)\n"
          "  --threads LIST     comma-separated thread counts, -j of every command (default 1,2)\n"
          "  --repeats R        runs per measurement; median time, max RSS (default 3)\n"
          "  --instructions     count instructions with callgrind (valgrind) instead of timing: stable\n"
          "                     on a busy machine; one run each, no RSS\n";
}

std::optional<std::vector<std::uint64_t>> parse_list(const std::string& value) {
    std::vector<std::uint64_t> out;
    sv rest = value;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto n = parse_count(rest.substr(0, comma));
        if (!n) return std::nullopt;
        out.push_back(*n);
        rest = comma == sv::npos ? sv{} : rest.substr(comma + 1);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.empty()) return std::nullopt;
    return out;
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
        if (arg == "--instructions") {
            opt.instructions = true;
            continue;
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
        } else if (name == "--parser") {
            opt.parser = value;
        } else if (name == "--sizes" || name == "--threads") {
            const auto list = parse_list(value);
            if (!list || (name == "--threads" && list->back() > 1024)) {
                std::cerr << "run_bench: bad list in " << name << " " << value << "\n";
                return std::nullopt;
            }
            if (name == "--sizes")
                opt.sizes = *list;
            else
                opt.threads.assign(list->begin(), list->end());
        } else if (name == "--repeats") {
            const auto n = parse_count(value);
            if (!n || *n > 100000) {
                std::cerr << "run_bench: " << name << " needs a positive integer\n";
                return std::nullopt;
            }
            opt.repeats = static_cast<int>(*n);
        } else {
            std::cerr << "run_bench: unknown option " << name << "\n";
            usage(std::cerr);
            return std::nullopt;
        }
    }
    if (opt.appraise.empty() || opt.generator.empty() || opt.parser.empty()) {
        std::cerr << "run_bench: --appraise, --generator and --parser are required\n";
        usage(std::cerr);
        return std::nullopt;
    }
    // A bare name is looked up in PATH by execvp; a path with a slash is made
    // absolute so it still works whatever the current directory.
    for (std::string* exe : {&opt.appraise, &opt.generator, &opt.parser}) {
        if (exe->find('/') != std::string::npos) *exe = fs::absolute(*exe).lexically_normal().string();
    }
    // Fail before spending minutes on a corpus if an executable given by path is unusable.
    for (const std::string* exe : {&opt.appraise, &opt.generator, &opt.parser}) {
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
              << "parser:    " << opt.parser << "\n"
              << "work dir:  " << opt.work.string() << "\n"
              << "repeats: " << opt.repeats
              << " (median wall time, max peak RSS); hardware threads: " << std::thread::hardware_concurrency()
              << "\n\n";

    std::vector<bench_result> results;
    try {
        for (std::uint64_t size : opt.sizes) {
            const fs::path corpus = ensure_corpus(opt, size);
            for (unsigned threads : opt.threads)
                for (const auto& [mode, argv] : commands(opt, corpus.string(), threads))
                    results.push_back(measure(opt, size, threads, mode, argv));
        }
    } catch (const command_failed& e) {
        std::cout.flush();
        std::cerr << "\nrun_bench: " << e.message << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "\nrun_bench: " << e.what() << "\n";
        return 1;
    }

    const auto find = [&](std::uint64_t size, unsigned threads, sv mode) -> const bench_result* {
        const auto at = std::find_if(results.begin(), results.end(), [&](const bench_result& r) {
            return r.size == size && r.threads == threads && r.mode == mode;
        });
        return at == results.end() ? nullptr : &*at;
    };
    std::printf("\ncommands:\n");
    for (const auto& [mode, argv] : commands(opt, "DIR", 1)) std::printf("  %-10s %s\n", mode.c_str(), describe(mode));
    const unsigned base_threads = opt.threads.front();
    std::printf(
        "\n| studies | -j | command | %s | x parse | speed-up vs -j %u | peak RSS MiB | cpu s | context "
        "switches |\n",
        opt.instructions ? "instructions (M)" : "wall s", base_threads);
    std::printf("|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (const bench_result& r : results) {
        const bench_result* parse = find(r.size, r.threads, "parse");
        const bench_result* base = find(r.size, base_threads, r.mode);
        const double ratio = parse && parse->median_seconds > 0 ? r.median_seconds / parse->median_seconds : 0.0;
        const double speedup = base && r.median_seconds > 0 ? base->median_seconds / r.median_seconds : 0.0;
        std::printf("| %s | %u | %s | %.3f | %.2f | %.2f | %.1f | ", short_size(r.size).c_str(), r.threads,
                    r.mode.c_str(), opt.instructions ? r.median_seconds / 1e6 : r.median_seconds, ratio, speedup,
                    static_cast<double>(r.max_rss_kib) / 1024.0);
        if (opt.instructions)
            std::printf("- | - |\n");  // callgrind's run: neither figure means anything
        else
            std::printf("%.3f | %ld |\n", r.median_cpu_seconds, r.median_switches);
    }
    std::printf("\n");

    const auto verdict = [](bool pass) { return pass ? "PASS" : "FAIL"; };
    for (std::uint64_t size : opt.sizes) {
        const std::string n = short_size(size);
        const bench_result* parse = find(size, 1, "parse");
        if (parse != nullptr && parse->median_seconds > 0) {
            for (const auto& [mode, target] : std::vector<std::pair<sv, double>>{
                     {"check", check_target}, {"run-dw", run_dw_target}, {"run-all", run_all_target}}) {
                const bench_result* r = find(size, 1, mode);
                const double ratio = r->median_seconds / parse->median_seconds;
                std::printf("%s: %s -j 1: %.2f x parse (target <= %.2f) %s\n", n.c_str(), std::string(mode).c_str(),
                            ratio, target, verdict(ratio <= target));
            }
            const bench_result* run = find(size, 1, "run-all");
            const bench_result* audit = find(size, 1, "audit");
            std::printf("%s: audit -j 1 %.2f x parse, run-all -j 1 %.2f x parse (target audit <= run) %s\n", n.c_str(),
                        audit->median_seconds / parse->median_seconds, run->median_seconds / parse->median_seconds,
                        verdict(audit->median_seconds <= run->median_seconds));
        } else {
            std::printf("%s: the x parse targets need --threads to include 1 (skipped)\n", n.c_str());
        }
        const bench_result* one = find(size, 1, "run-all");
        const bench_result* two = find(size, 2, "run-all");
        if (opt.instructions) {
            std::printf(
                "%s: instructions add up over threads: the -j 2 speed-up needs wall times (no --instructions)\n",
                n.c_str());
        } else if (one != nullptr && two != nullptr && two->median_seconds > 0) {
            const double speedup = one->median_seconds / two->median_seconds;
            std::printf("%s: run-all -j 2 speed-up over -j 1: %.2f (target >= %.1f) %s\n", n.c_str(), speedup,
                        two_thread_speedup_target, verdict(speedup >= two_thread_speedup_target));
        }
    }
    if (opt.sizes.size() >= 2) {
        const std::uint64_t small = opt.sizes.front();
        const std::uint64_t large = opt.sizes.back();
        const long small_rss = find(small, base_threads, "run-all")->max_rss_kib;
        const long large_rss = find(large, base_threads, "run-all")->max_rss_kib;
        const double growth = small_rss > 0 ? static_cast<double>(large_rss) / static_cast<double>(small_rss) : 0.0;
        std::printf("peak memory growth of run-all %s->%s: %.2f x (target <= %.1fx) %s\n", short_size(small).c_str(),
                    short_size(large).c_str(), growth, memory_growth_target, verdict(growth <= memory_growth_target));
    } else {
        std::printf("peak memory growth: needs at least two sizes (skipped)\n");
    }
    return 0;
}
