// Helpers shared by the test programs: temporary folders, running the CLI,
// loading the bundled plugins.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "appraise/host/plugin_host.hpp"
#include "appraise/host/rubric_loading.hpp"
#include "appraise/model/rubric_registry.hpp"

namespace appraise::test {

namespace fs = std::filesystem;

inline const fs::path data_dir{APPRAISE_TEST_DATA};
inline const fs::path source_dir{APPRAISE_SOURCE_DIR};
inline const fs::path appraise_binary{APPRAISE_BINARY};
inline const fs::path plugin_dir{APPRAISE_PLUGIN_DIR};
inline const fs::path test_plugin_dir{APPRAISE_TEST_PLUGIN_DIR};

// A fresh folder under the system temp dir, removed with the object.
class temp_dir {
public:
    temp_dir() {
        std::random_device seed;
        path_ =
            fs::temp_directory_path() / ("appraise-test-" + std::to_string(::getpid()) + "-" + std::to_string(seed()));
        fs::create_directories(path_);
    }
    ~temp_dir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    [[nodiscard]] const fs::path& path() const { return path_; }
    // Writes `text` to a file below the folder (creating subfolders) and returns its path.
    fs::path write(const std::string& name, const std::string& text) const {
        const fs::path file = path_ / name;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }

private:
    fs::path path_;
};

inline std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct command_result {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a shell command line with stdout and stderr captured separately.
inline command_result run_shell(const std::string& command) {
    const fs::path err_file = fs::temp_directory_path() / ("appraise-test-stderr-" + std::to_string(::getpid()));
    command_result result;
    const std::string full = command + " 2>" + err_file.string();
    FILE* pipe = ::popen(full.c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.err = read_file(err_file);
    fs::remove(err_file);
    return result;
}

// Single-quotes a path for a shell command line (run_shell, run_appraise).
inline std::string shell_quote(const fs::path& path) {
    std::string quoted = "'";
    for (const char c : path.string()) {
        if (c == '\'')
            quoted += "'\\''";
        else
            quoted += c;
    }
    return quoted + "'";
}

// Runs the built `appraise` with `arguments` (already shell-quoted where
// needed) from the source folder, with colour off.
inline command_result run_appraise(const std::string& arguments) {
    return run_shell("cd '" + source_dir.string() + "' && NO_COLOR=1 '" + appraise_binary.string() + "' " + arguments);
}

// A registry with the bundled plugins of this build loaded.
inline void load_bundled(rubric_registry& registry) {
    load_plugin_directory(plugin_dir, registry);
}

// 900 small [[study]] tables padded to over 1 MiB: a file the engine reads
// one study at a time (engine_options::stream_file_bytes).
inline std::string many_studies_text() {
    std::string text = "# many studies in one file\n";
    const std::string padding(1100, 'x');
    for (int i = 0; i < 900; ++i) {
        text += "\n[[study]]\nid = \"many-" + std::to_string(i) + "\"\nyear = 2010\ntitle = \"" + padding + "\"\n";
        text += "[study.design]\ntype = \"rct\"\nallocation = \"" + std::string(i % 3 == 0 ? "random" : "none") +
                "\"\ncomparator = \"usual-care\"\nunit = \"individual\"\n[study.sample]\narms = [" +
                std::to_string(10 + i % 40) + ", 20]\n";
    }
    return text;
}

}  // namespace appraise::test
