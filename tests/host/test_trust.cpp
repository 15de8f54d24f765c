// Configuration trust through the appraise executable (docs/trust.md): a
// planted appraise.toml in a group-writable folder above a corpus loads no
// plugin, and says so once; the same file named with --config, or trusted in
// the user's configuration, loads it; `check` loads no plugin a configuration
// names. Mode bits, not ownership, make the folder untrusted, so the tests
// mean something when run as root (as CI does).
#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

using namespace appraise;
namespace fs = std::filesystem;

namespace {

void set_mode(const fs::path& path, unsigned mode) {
    fs::permissions(path, static_cast<fs::perms>(mode), fs::perm_options::replace);
}

std::size_t occurrences(const std::string& text, const std::string& word) {
    std::size_t count = 0;
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + word.size())) ++count;
    return count;
}

// temp/shared/{appraise.toml, plugins/test-good.so, corpus/s1.toml}; the
// user's home and configuration folders are temp/home and temp/xdg.
struct planted {
    test::temp_dir dir;
    fs::path shared = dir.path() / "shared";

    explicit planted(unsigned shared_mode, const std::string& config = "plugin_dirs = [\"plugins\"]\n") {
        dir.write("shared/appraise.toml", config);
        dir.write("shared/corpus/s1.toml", "id = \"s1\"\nyear = 2001\n");
        fs::create_directories(shared / "plugins");
        fs::copy_file(test::test_plugin_dir / "test-good.so", shared / "plugins/test-good.so");
        fs::create_directories(dir.path() / "home");
        fs::create_directories(dir.path() / "xdg");
        set_mode(shared / "appraise.toml", 0644);
        set_mode(shared / "plugins", 0755);
        set_mode(shared, shared_mode);
    }

    [[nodiscard]] test::command_result appraise(const std::string& arguments) const {
        return test::run_shell("cd '" + test::source_dir.string() + "' && NO_COLOR=1 HOME='" +
                               (dir.path() / "home").string() + "' XDG_CONFIG_HOME='" + (dir.path() / "xdg").string() +
                               "' APPRAISE_PLUGIN_PATH= '" + test::appraise_binary.string() + "' " + arguments);
    }
    [[nodiscard]] std::string corpus() const { return "'" + (shared / "corpus").string() + "'"; }
};

}  // namespace

TEST_CASE("a planted appraise.toml in a group-writable folder loads no plugin and says so once", "[host][trust][cli]") {
    const planted corpus(0775);
    const auto result = corpus.appraise("run --format json " + corpus.corpus());
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("\"test-good\"") == std::string::npos);
    CHECK(occurrences(result.err, "[config/untrusted-dir]") == 1);
    CHECK_THAT(result.err,
               Catch::Contains("ignored plugin_dirs entry " + (corpus.shared / "plugins").generic_string()) &&
                   Catch::Contains("writable by its group") && Catch::Contains("--plugin-dir") &&
                   Catch::Contains("APPRAISE_PLUGIN_PATH") && Catch::Contains("trusted"));
    // `list` (which finds the configuration from the working folder) refuses it too.
    const auto list =
        test::run_shell("cd " + corpus.corpus() + " && NO_COLOR=1 HOME='" + (corpus.dir.path() / "home").string() +
                        "' XDG_CONFIG_HOME='" + (corpus.dir.path() / "xdg").string() + "' '" +
                        test::appraise_binary.string() + "' list");
    CHECK(list.out.find("test-good") == std::string::npos);
    CHECK(occurrences(list.err, "[config/untrusted-dir]") == 1);
}

TEST_CASE("the same appraise.toml named with --config loads its plugin", "[host][trust][cli]") {
    const planted corpus(0775);
    const auto result = corpus.appraise("run --format json --config '" + (corpus.shared / "appraise.toml").string() +
                                        "' " + corpus.corpus());
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("\"test-good\"") != std::string::npos);
    CHECK(result.err.find("untrusted-dir") == std::string::npos);
}

TEST_CASE("a folder in the user's trusted list is trusted whatever its mode", "[host][trust][cli]") {
    const planted corpus(0775);
    corpus.dir.write("xdg/appraise/config.toml", "trusted = [\"" + corpus.shared.generic_string() + "\"]\n");
    const auto result = corpus.appraise("run --format json " + corpus.corpus());
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("\"test-good\"") != std::string::npos);
    CHECK(result.err.find("untrusted-dir") == std::string::npos);
}

TEST_CASE("a private folder's appraise.toml is trusted: the control", "[host][trust][cli]") {
    const planted corpus(0755);
    const auto result = corpus.appraise("run --format json " + corpus.corpus());
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("\"test-good\"") != std::string::npos);
}

TEST_CASE("check loads no plugin a configuration names, even a trusted one", "[host][trust][cli]") {
    // A folder that does not exist: `run` must look for it (an error), `check` never does.
    const planted corpus(0755, "plugin_dirs = [\"plugins\", \"no-such-plugins\"]\n");
    const auto run = corpus.appraise("run " + corpus.corpus());
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("config/missing-plugin-dir"));
    const auto check = corpus.appraise("check " + corpus.corpus());
    INFO(check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.err.find("missing-plugin-dir") == std::string::npos);
}
