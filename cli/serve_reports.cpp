#include "serve_reports.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere else

namespace appraise::cli {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A temporary folder removed with the object.
class scratch {
public:
    scratch() {
        std::string pattern = (fs::temp_directory_path() / "appraise-serve-XXXXXX").string();
        if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    ~scratch() {
        std::error_code ignored;
        if (!path_.empty()) fs::remove_all(path_, ignored);
    }
    scratch(const scratch&) = delete;
    scratch& operator=(const scratch&) = delete;
    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

}  // namespace

std::vector<std::string> setup_arguments(const session_options& setup, bool with_rubrics) {
    std::vector<std::string> args;
    if (!setup.config_file.empty()) args.insert(args.end(), {"--config", setup.config_file});
    for (const auto& dir : setup.plugin_dirs) args.insert(args.end(), {"--plugin-dir", dir});
    for (const auto& dir : setup.rubric_dirs) args.insert(args.end(), {"--rubric-dir", dir});
    if (!with_rubrics) return args;  // `figure` takes its one --rubric, and no isolation options
    for (const auto& id : setup.rubrics) args.insert(args.end(), {"--rubric", id});
    if (setup.isolate == isolation_scope::all_plugins) args.emplace_back("--isolate");
    if (setup.isolate == isolation_scope::none) args.emplace_back("--in-process");
    std::ostringstream timeout;
    timeout << setup.plugin_timeout;
    args.insert(args.end(), {"--plugin-timeout", timeout.str()});
    return args;
}

std::optional<std::string> run_self(const std::vector<std::string>& args, const std::string& output_name, int seconds,
                                    std::string& why) {
    const scratch folder;
    if (folder.path().empty()) {
        why = "no temporary folder";
        return std::nullopt;
    }
    const fs::path output = folder.path() / output_name;
    const fs::path errors = folder.path() / "stderr.txt";
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (error) {
        why = "cannot find this executable";
        return std::nullopt;
    }
    std::vector<std::string> all{self.string()};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), {"-o", output.string()});
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&files, 2, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    // The child must not inherit the server's blocked stop signals.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    pid_t child = 0;
    const int spawned = posix_spawn(&child, argv[0], &files, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        why = "cannot start appraise";
        return std::nullopt;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    int status = 0;
    while (::waitpid(child, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(child, SIGKILL);
            ::waitpid(child, &status, 0);
            why = "the report took longer than " + std::to_string(seconds) + " s";
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Exit 1 is a finding at --fail-on: never asked for here; 2 with a file is a report with input errors.
    if (!fs::exists(output, error)) {
        why = read_all(errors);
        if (why.empty()) why = "appraise wrote no report";
        return std::nullopt;
    }
    return read_all(output);
}

}  // namespace appraise::cli
