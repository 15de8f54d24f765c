// appraise.toml: finding it above the corpus, reading it, and trusting it
// (or not) to name code to load.
#include <catch2/catch.hpp>

#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "appraise/input/corpus.hpp"
#include "appraise/input/project_config.hpp"
#include "test_support.hpp"

using namespace appraise;
namespace fs = std::filesystem;

namespace {

std::string codes(const diagnostics& list) {
    std::string text;
    for (const auto& d : list) text += d.code + " at " + format_location(d.where) + ": " + d.message + "\n";
    return text;
}

void check_at(const sdk::source_location& where, const std::string& file, int line, int column) {
    CHECK(where.file == file);
    CHECK(where.line == line);
    CHECK(where.column == column);
}

// Loads a configuration text written to `dir`/appraise.toml.
project_config load_text(const test::temp_dir& dir, const std::string& text, diagnostics& problems) {
    const fs::path file = dir.write("appraise.toml", text);
    return load_config(file, problems);
}

// Whether any folder from `start` up holds an appraise.toml (outside our control).
bool config_above(fs::path start) {
    for (;;) {
        if (fs::exists(start / config_file_name)) return true;
        if (!start.has_parent_path() || start.parent_path() == start) return false;
        start = start.parent_path();
    }
}

}  // namespace

TEST_CASE("find_config walks up from a nested folder to the nearest appraise.toml", "[core][config]") {
    const test::temp_dir dir;
    const fs::path root = dir.path() / "review";
    dir.write("review/appraise.toml", "rubrics = []\n");
    dir.write("review/studies/2009/lan.toml", "id = \"lan\"\n");
    fs::create_directories(root / "studies/2009/deeper/still");

    SECTION("from a folder several levels down") {
        const auto found = find_config({(root / "studies/2009/deeper/still").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
    SECTION("from a study file: its folder first") {
        const auto found = find_config({(root / "studies/2009/lan.toml").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
    SECTION("from the folder that holds it") {
        const auto found = find_config({root.string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
    SECTION("the nearest one wins") {
        dir.write("review/studies/appraise.toml", "rubrics = []\n");
        const auto found = find_config({(root / "studies/2009/deeper").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "studies/appraise.toml");
    }
    SECTION("a folder named appraise.toml is not a configuration") {
        fs::create_directories(root / "studies/2009/appraise.toml");
        const auto found = find_config({(root / "studies/2009").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
    SECTION("only the first path is searched from") {
        const test::temp_dir other;
        fs::create_directories(other.path() / "elsewhere");
        const auto found = find_config({(root / "studies").string(), (other.path() / "elsewhere").string()});
        REQUIRE(found.has_value());
        CHECK(*found == root / "appraise.toml");
    }
}

TEST_CASE("find_config finds nothing when there is no appraise.toml above", "[core][config]") {
    CHECK_FALSE(find_config({}).has_value());
    const test::temp_dir dir;
    fs::create_directories(dir.path() / "a/b");
    if (config_above(dir.path())) {
        WARN("an appraise.toml exists above the temporary folder; skipping");
        return;
    }
    CHECK_FALSE(find_config({(dir.path() / "a/b").string()}).has_value());
}

TEST_CASE("load_config reads rubrics, directories and options", "[core][config]") {
    const test::temp_dir dir;
    diagnostics problems;
    const project_config config = load_text(dir, R"toml(rubrics = ["design-weakness", "rob2"]
plugin_dirs = ["plugins", "/opt/appraise/plugins"]
rubric_dirs = ["rubrics/local"]

[options.design-weakness]
min_participation = 0.6
strict = true

[options.rob2]
mode = "assignment"
)toml",
                                            problems);
    INFO(codes(problems));
    CHECK(problems.empty());
    const std::string file = (dir.path() / "appraise.toml").lexically_normal().generic_string();
    REQUIRE(config.file.has_value());
    CHECK(*config.file == dir.path() / "appraise.toml");

    REQUIRE(config.rubrics.size() == 2);
    CHECK(config.rubrics[0].name == "design-weakness");
    check_at(config.rubrics[0].where, file, 1, 12);
    CHECK(config.rubrics[1].name == "rob2");
    check_at(config.rubrics[1].where, file, 1, 31);

    // Relative to the configuration's folder; absolute ones stay.
    CHECK(config.plugin_dirs == std::vector<fs::path>{dir.path() / "plugins", "/opt/appraise/plugins"});
    CHECK(config.rubric_dirs == std::vector<fs::path>{dir.path() / "rubrics/local"});

    REQUIRE(config.options.size() == 2);
    REQUIRE(config.options.count("design-weakness") == 1);
    const sdk::node& weakness = config.options.at("design-weakness");
    REQUIRE(weakness.get("min_participation") != nullptr);
    CHECK(weakness.get("min_participation")->number == Approx(0.6));
    check_at(weakness.get("min_participation")->where, file, 6, 21);
    REQUIRE(weakness.get("strict") != nullptr);
    CHECK(weakness.get("strict")->boolean);
    REQUIRE(config.options.count("rob2") == 1);
    CHECK(config.options.at("rob2").get("mode")->text == "assignment");
}

TEST_CASE("plugin_dirs are resolved against the configuration's folder, not the working directory", "[core][config]") {
    const test::temp_dir dir;
    const fs::path file = dir.write("project/sub/appraise.toml", "plugin_dirs = [\"../plugins\"]\n");
    diagnostics problems;
    const project_config config = load_config(file, problems);
    CHECK(problems.empty());
    REQUIRE(config.plugin_dirs.size() == 1);
    CHECK(config.plugin_dirs[0].lexically_normal() == (dir.path() / "project/plugins").lexically_normal());
}

TEST_CASE("an empty configuration is valid", "[core][config]") {
    const test::temp_dir dir;
    diagnostics problems;
    const project_config config = load_text(dir, "# nothing configured\n", problems);
    CHECK(problems.empty());
    CHECK(config.file.has_value());
    CHECK(config.rubrics.empty());
    CHECK(config.plugin_dirs.empty());
    CHECK(config.options.empty());
}

TEST_CASE("an unknown configuration key is an error with a suggestion", "[core][config]") {
    const test::temp_dir dir;
    const std::string file = (dir.path() / "appraise.toml").lexically_normal().generic_string();
    SECTION("a typo") {
        diagnostics problems;
        const project_config config = load_text(dir, "# rubrics to run\nrubric = [\"design-weakness\"]\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        CHECK(problems[0].level == severity::error);
        CHECK_THAT(problems[0].message, Catch::Contains("`rubric`") && Catch::Contains("did you mean `rubrics`?"));
        check_at(problems[0].where, file, 2, 10);
        CHECK(config.rubrics.empty());
    }
    SECTION("a typo in a table name") {
        diagnostics problems;
        (void)load_text(dir, "rubrics = []\n\n[option.rob2]\nmode = 1\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        CHECK_THAT(problems[0].message, Catch::Contains("did you mean `options`?"));
        check_at(problems[0].where, file, 3, 1);
    }
    SECTION("nothing close") {
        diagnostics problems;
        (void)load_text(dir, "colour = true\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        CHECK_THAT(problems[0].message, !Catch::Contains("did you mean"));
        check_at(problems[0].where, file, 1, 10);
    }
}

TEST_CASE("configuration values of the wrong type are errors at the value", "[core][config]") {
    const test::temp_dir dir;
    const std::string file = (dir.path() / "appraise.toml").lexically_normal().generic_string();
    diagnostics problems;
    SECTION("rubrics as a string") {
        const project_config config = load_text(dir, "rubrics = \"design-weakness\"\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        check_at(problems[0].where, file, 1, 11);
        CHECK(config.rubrics.empty());
    }
    SECTION("a number among the rubrics: the strings still count") {
        const project_config config = load_text(dir, "rubrics = [\"rob2\", 3]\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        check_at(problems[0].where, file, 1, 20);
        REQUIRE(config.rubrics.size() == 1);
        CHECK(config.rubrics[0].name == "rob2");
    }
    SECTION("plugin_dirs holding a boolean") {
        const project_config config = load_text(dir, "plugin_dirs = [true]\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        check_at(problems[0].where, file, 1, 16);
        CHECK(config.plugin_dirs.empty());
    }
    SECTION("options that are not a table") {
        (void)load_text(dir, "options = 3\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        check_at(problems[0].where, file, 1, 11);
    }
    SECTION("one rubric's options that are not a table") {
        const project_config config = load_text(dir, "[options]\nrob2 = \"strict\"\n", problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        CHECK_THAT(problems[0].message, Catch::Contains("options.rob2"));
        check_at(problems[0].where, file, 2, 8);
        CHECK(config.options.empty());
    }
}

TEST_CASE("a configuration that is not TOML is a configuration syntax error", "[core][config]") {
    const test::temp_dir dir;
    diagnostics problems;
    (void)load_text(dir, "rubrics = [\"rob2\"\n", problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "config/syntax-error");
    CHECK(problems[0].level == severity::error);
    CHECK(problems[0].where.file == (dir.path() / "appraise.toml").lexically_normal().generic_string());
    CHECK(problems[0].where.line >= 1);
}

// ---------------------------------------------------------------- trust (docs/trust.md)

namespace {

// Sets an environment variable for one scope and puts the old value back.
class scoped_env {
public:
    scoped_env(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~scoped_env() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

void set_mode(const fs::path& path, unsigned mode) {
    fs::permissions(path, static_cast<fs::perms>(mode), fs::perm_options::replace);
}

// A corpus with an appraise.toml one level up that names a plugin and a rubric
// folder; `mode` is the mode of the folder holding the configuration.
struct planted_corpus {
    test::temp_dir dir;
    fs::path shared;
    fs::path config_file;

    explicit planted_corpus(unsigned mode) : shared(dir.path() / "shared") {
        config_file =
            dir.write("shared/appraise.toml",
                      "rubrics = [\"test-good\"]\nplugin_dirs = [\"plugins\"]\nrubric_dirs = [\"rubrics\"]\n\n"
                      "[options.test-good]\nthreshold = 2000\n");
        dir.write("shared/corpus/s1.toml", "id = \"s1\"\n");
        fs::create_directories(shared / "plugins");
        fs::create_directories(shared / "rubrics");
        set_mode(config_file, 0644);
        set_mode(shared / "plugins", 0755);
        set_mode(shared / "rubrics", 0755);
        set_mode(shared, mode);
    }

    project_config discovered(diagnostics& problems) const {
        const auto found = find_config({(shared / "corpus").string()});
        REQUIRE(found.has_value());
        CHECK(*found == config_file);
        project_config config = load_config(*found, problems);
        config.source = config_source::discovered;
        return config;
    }
};

std::size_t count_code(const diagnostics& list, const std::string& code) {
    return static_cast<std::size_t>(
        std::count_if(list.begin(), list.end(), [&](const diagnostic& d) { return d.code == code; }));
}

}  // namespace

TEST_CASE("a discovered configuration in a group-writable folder loses its plugin and rubric folders",
          "[core][config][trust]") {
    const planted_corpus corpus(0775);  // mode bits, not ownership: the test means something when run as root
    diagnostics problems;
    project_config config = corpus.discovered(problems);
    REQUIRE(problems.empty());
    REQUIRE(config.plugin_dirs.size() == 1);
    apply_trust(config, user_settings{}, problems);
    INFO(codes(problems));
    CHECK(config.plugin_dirs.empty());
    CHECK(config.rubric_dirs.empty());
    REQUIRE(problems.size() == 2);  // one warning per folder ignored
    CHECK(count_code(problems, "config/untrusted-dir") == 2);
    const diagnostic& plugin = problems[0];
    CHECK(plugin.level == severity::warning);
    CHECK_THAT(plugin.message, Catch::Contains("ignored plugin_dirs entry") &&
                                   Catch::Contains((corpus.shared / "plugins").generic_string()) &&
                                   Catch::Contains("writable by its group") && Catch::Contains("0775"));
    CHECK_THAT(plugin.hint, Catch::Contains("--plugin-dir") && Catch::Contains("APPRAISE_PLUGIN_PATH") &&
                                Catch::Contains("trusted") && Catch::Contains(corpus.shared.generic_string()));
    check_at(plugin.where, corpus.config_file.lexically_normal().generic_string(), 2, 16);
    CHECK_THAT(problems[1].hint, Catch::Contains("--rubric-dir") && Catch::Contains("APPRAISE_RUBRIC_PATH"));
    // It still chooses rubrics and options: those are data.
    REQUIRE(config.rubrics.size() == 1);
    CHECK(config.rubrics[0].name == "test-good");
    CHECK(config.options.count("test-good") == 1);
}

TEST_CASE("the same configuration is honoured when its folder is private, named, or trusted", "[core][config][trust]") {
    SECTION("a folder only its owner can write: the control") {
        const planted_corpus corpus(0755);
        diagnostics problems;
        project_config config = corpus.discovered(problems);
        apply_trust(config, user_settings{}, problems);
        INFO(codes(problems));
        CHECK(problems.empty());
        CHECK(config.plugin_dirs == std::vector<fs::path>{corpus.shared / "plugins"});
        CHECK(config.rubric_dirs == std::vector<fs::path>{corpus.shared / "rubrics"});
    }
    SECTION("named with --config") {
        const planted_corpus corpus(0777);
        diagnostics problems;
        project_config config = load_config(corpus.config_file, problems);
        CHECK(config.source == config_source::named);
        apply_trust(config, user_settings{}, problems);
        CHECK(problems.empty());
        CHECK(config.plugin_dirs.size() == 1);
    }
    SECTION("its folder in the user's trusted list") {
        const planted_corpus corpus(0775);
        diagnostics problems;
        project_config config = corpus.discovered(problems);
        user_settings user;
        user.trusted = {fs::weakly_canonical(corpus.shared)};
        apply_trust(config, user, problems);
        INFO(codes(problems));
        CHECK(problems.empty());
        CHECK(config.plugin_dirs.size() == 1);
        CHECK(config.rubric_dirs.size() == 1);
    }
    SECTION("a folder above it in the trusted list") {
        const planted_corpus corpus(0775);
        diagnostics problems;
        project_config config = corpus.discovered(problems);
        user_settings user;
        user.trusted = {fs::weakly_canonical(corpus.dir.path())};
        apply_trust(config, user, problems);
        CHECK(problems.empty());
        CHECK(config.plugin_dirs.size() == 1);
    }
    SECTION("trusted = [\"*\"]") {
        const planted_corpus corpus(0777);
        diagnostics problems;
        project_config config = corpus.discovered(problems);
        user_settings user;
        user.trust_all = true;
        apply_trust(config, user, problems);
        CHECK(problems.empty());
        CHECK(config.plugin_dirs.size() == 1);
    }
}

TEST_CASE("a trusted configuration still loses a named folder others can write", "[core][config][trust]") {
    const planted_corpus corpus(0755);
    set_mode(corpus.shared / "plugins", 0777);
    diagnostics problems;
    project_config config = corpus.discovered(problems);
    apply_trust(config, user_settings{}, problems);
    CHECK(config.plugin_dirs.empty());
    CHECK(config.rubric_dirs.size() == 1);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "config/untrusted-dir");
    CHECK_THAT(problems[0].message, Catch::Contains("the folder " + (corpus.shared / "plugins").generic_string()) &&
                                        Catch::Contains("writable by its group and others"));
    CHECK_THAT(problems[0].hint, Catch::Contains('"' + (corpus.shared / "plugins").generic_string() + '"'));
}

TEST_CASE("a configuration file others can write is not trusted, a sticky folder is", "[core][config][trust]") {
    const test::temp_dir dir;
    const fs::path file = dir.write("appraise.toml", "rubrics = []\n");
    set_mode(dir.path(), 0755);
    set_mode(file, 0664);
    CHECK_THAT(untrusted_reason(file).value_or(""), Catch::Contains("writable by its group (mode 0664)"));
    set_mode(file, 0644);
    CHECK_FALSE(untrusted_reason(file).has_value());
    set_mode(dir.path(), 01777);  // like /tmp
    CHECK(untrusted_reason(dir.path()).has_value());
    CHECK_FALSE(untrusted_reason(dir.path(), true).has_value());
    set_mode(dir.path(), 0777);
    CHECK(untrusted_reason(dir.path(), true).has_value());
    CHECK_THAT(untrusted_reason(dir.path() / "missing").value_or(""), Catch::Contains("cannot be examined"));
}

TEST_CASE("the walk up for appraise.toml stops at $HOME", "[core][config][trust]") {
    const test::temp_dir dir;
    dir.write("appraise.toml", "rubrics = []\n");  // above the home folder
    fs::create_directories(dir.path() / "home/reviews/corpus");
    const std::string corpus = (dir.path() / "home/reviews/corpus").string();
    {
        const scoped_env home("HOME", (dir.path() / "home").string());
        CHECK_FALSE(find_config({corpus}).has_value());
        dir.write("home/appraise.toml", "rubrics = []\n");  // $HOME itself is still looked in
        const auto found = find_config({corpus});
        REQUIRE(found.has_value());
        CHECK(*found == dir.path() / "home/appraise.toml");
        fs::remove(dir.path() / "home/appraise.toml");
    }
    const scoped_env home("HOME", (dir.path() / "elsewhere").string());
    const auto found = find_config({corpus});
    REQUIRE(found.has_value());
    CHECK(*found == dir.path() / "appraise.toml");
}

TEST_CASE("the user configuration lists trusted folders", "[core][config][trust]") {
    const test::temp_dir dir;
    SECTION("where it is") {
        {
            const scoped_env xdg("XDG_CONFIG_HOME", (dir.path() / "xdg").string());
            CHECK(user_config_path() == dir.path() / "xdg/appraise/config.toml");
        }
        const scoped_env xdg("XDG_CONFIG_HOME", "");
        const scoped_env home("HOME", (dir.path() / "me").string());
        CHECK(user_config_path() == dir.path() / "me/.config/appraise/config.toml");
    }
    SECTION("a missing file is no settings") {
        diagnostics problems;
        const user_settings user = load_user_settings(dir.path() / "none.toml", problems);
        CHECK(problems.empty());
        CHECK_FALSE(user.file.has_value());
        CHECK(user.trusted.empty());
    }
    SECTION("absolute folders, ~/ and *") {
        const scoped_env home("HOME", (dir.path() / "me").string());
        const fs::path file =
            dir.write("config.toml", "trusted = [\"" + (dir.path() / "shared").generic_string() + "\", \"~/team\"]\n");
        diagnostics problems;
        user_settings user = load_user_settings(file, problems);
        INFO(codes(problems));
        CHECK(problems.empty());
        REQUIRE(user.trusted.size() == 2);
        CHECK(user.trusted[0] == fs::weakly_canonical(dir.path() / "shared"));
        CHECK(user.trusted[1] == fs::weakly_canonical(dir.path() / "me/team"));
        CHECK_FALSE(user.trust_all);
        dir.write("config.toml", "trusted = [\"*\"]\n");
        user = load_user_settings(file, problems);
        CHECK(user.trust_all);
    }
    SECTION("mistakes are configuration errors at their place") {
        const fs::path file = dir.write("config.toml", "trusted = [\"relative/folder\"]\ntrustd = []\n");
        diagnostics problems;
        (void)load_user_settings(file, problems);
        REQUIRE(problems.size() == 2);  // in key order: `trustd`, then `trusted`
        CHECK(count_code(problems, "config/invalid") == 2);
        CHECK_THAT(problems[0].message, Catch::Contains("did you mean `trusted`?"));
        check_at(problems[0].where, file.generic_string(), 2, 10);
        CHECK_THAT(problems[1].message, Catch::Contains("absolute"));
        check_at(problems[1].where, file.generic_string(), 1, 12);
    }
}

// The walk up also stops where another filesystem is mounted, as git's
// discovery does: a corpus on a USB stick or a network share never picks up
// a configuration from the folder the share is mounted in. The child process
// mounts a tmpfs in a private mount namespace (root, or a user namespace),
// so the test needs no mount on the machine and leaves none behind.
TEST_CASE("the walk up for appraise.toml stops at a filesystem boundary", "[core][config][trust]") {
    const test::temp_dir dir;
    dir.write("appraise.toml", "rubrics = []\n");  // above the mount point
    const fs::path mount_point = dir.path() / "share";
    fs::create_directories(mount_point);
    const scoped_env home("HOME", (dir.path() / "elsewhere").string());
    // Without the mount, the walk finds the planted file: the control.
    fs::create_directories(mount_point / "corpus");
    REQUIRE(find_config({(mount_point / "corpus").string()}).value_or("") == dir.path() / "appraise.toml");
    fs::remove(mount_point / "corpus");

    enum : int { stopped = 0, crossed = 1, setup_failed = 3, no_namespace = 77 };
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        if (::geteuid() != 0 && ::unshare(CLONE_NEWUSER) != 0) ::_exit(no_namespace);
        if (::unshare(CLONE_NEWNS) != 0) ::_exit(no_namespace);
        // Our mounts must not propagate back to the machine's namespace.
        if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ::_exit(no_namespace);
        if (::mount("appraise-test", mount_point.c_str(), "tmpfs", 0, nullptr) != 0) ::_exit(no_namespace);
        std::error_code error;
        fs::create_directories(mount_point / "corpus", error);
        if (error) ::_exit(setup_failed);
        const auto found = find_config({(mount_point / "corpus").string()});
        ::_exit(found ? crossed : stopped);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    if (WEXITSTATUS(status) == no_namespace) {
        WARN("no private mount namespace here: the filesystem boundary was not exercised");
        return;
    }
    CHECK(WEXITSTATUS(status) == stopped);
}
