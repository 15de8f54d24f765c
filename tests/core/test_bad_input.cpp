// Input that must never crash, hang or be taken for data: nesting past the
// limit, characters toml++ 3.3.0 cannot parse safely, numbers that are not
// finite. Each case was found by fuzzing or by hand against version 0.1.
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <string>

#include "appraise/declarative/rubric_file.hpp"
#include "appraise/input/corpus.hpp"
#include "appraise/input/project_config.hpp"
#include "appraise/input/study_loader.hpp"
#include "test_support.hpp"

using namespace appraise;
namespace fs = std::filesystem;

namespace {

// `[custom.a.a.a...]` with `levels` parts after `custom`, then one key.
std::string deep_header(std::size_t levels) {
    std::string text = "id = \"deep\"\n[custom";
    for (std::size_t i = 0; i < levels; ++i) text += ".a";
    return text + "]\nx = 1\n";
}

// The same depth as a dotted key.
std::string deep_dotted_key(std::size_t levels) {
    std::string text = "id = \"deep\"\ncustom";
    for (std::size_t i = 0; i < levels; ++i) text += ".a";
    return text + " = 1\n";
}

// Every problem of a one-file load, file-level and per study.
diagnostics all_problems(const loaded_file& file) {
    diagnostics out = file.problems;
    for (const auto& study : file.studies) out.insert(out.end(), study.problems.begin(), study.problems.end());
    return out;
}

}  // namespace

TEST_CASE("a study nested 10,000 levels deep is refused at its place, not a crash", "[core][loader][bad-input]") {
    for (const auto& text : {deep_header(10'000), deep_dotted_key(10'000)}) {
        const loaded_file file = load_study_text(text, "deep.toml");
        const diagnostics problems = all_problems(file);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "coding/too-deep");
        CHECK(problems[0].where.line == 2);
        CHECK(problems[0].message.find("64 levels") != std::string::npos);
        CHECK(file.studies.empty());
    }
}

TEST_CASE("nesting up to the limit loads", "[core][loader][bad-input]") {
    // custom + 62 parts + the key: 64 levels below the root.
    const loaded_file file = load_study_text(deep_dotted_key(62), "ok.toml");
    CHECK(file.problems.empty());
    REQUIRE(file.studies.size() == 1);
    const loaded_file over = load_study_text(deep_dotted_key(64), "over.toml");
    REQUIRE_FALSE(all_problems(over).empty());
    CHECK(all_problems(over)[0].code == "coding/too-deep");
}

TEST_CASE("a configuration and a rubric file nested 10,000 levels deep are refused", "[core][config][bad-input]") {
    const test::temp_dir dir;
    const fs::path config = dir.path() / "appraise.toml";
    std::string text = "[options";
    for (int i = 0; i < 10'000; ++i) text += ".a";
    text += "]\nx = 1\n";
    std::ofstream(config) << text;
    diagnostics problems;
    (void)load_config(config, problems);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems[0].code == "config/syntax-error");
    CHECK(problems[0].message.find("nested more than 64 levels") != std::string::npos);

    std::string rubric = "id = \"deep\"\nname = \"x\"\nversion = \"1\"\n[items";
    for (int i = 0; i < 10'000; ++i) rubric += ".a";
    rubric += "]\nx = 1\n";
    const auto compiled = declarative::compile_rubric(rubric, "deep.toml");
    REQUIRE_FALSE(compiled.problems.empty());
    CHECK(compiled.problems[0].code == "rubric/syntax-error");
    CHECK(compiled.problems[0].message.find("nested more than 64 levels") != std::string::npos);
}

TEST_CASE("a non-ASCII character outside strings and comments is refused by name, before toml++ sees it",
          "[core][loader][bad-input]") {
    struct bad_case {
        const char* text;
        int line;
        int column;
    };
    // The forms that reach toml++ 3.3.0's TOML_UNREACHABLE.
    for (const bad_case& c :
         {bad_case{"id = \"x\"\ntitle = \"x\" \u00e9\n", 2, 13}, bad_case{"\u00e9 = 1\n", 1, 1},
          bad_case{"id = \"x\"\na = 1\u00e9\n", 2, 6}, bad_case{"[t\u00e9]\n", 1, 3},
          bad_case{"a = [1,\u00e9]\n", 1, 8}, bad_case{"a = \"\u00e9\" # \u00e9\nb = '\u00e9' \u0416\n", 2, 9},
          bad_case{"a = \"\"\"\u00e9\n\u00e9\"\"\"\u00e9\n", 2, 5}, bad_case{"a = \"\\\"\u00e9\" \u00e9\n", 1, 11}}) {
        INFO(c.text);
        const loaded_file file = load_study_text(c.text, "bad.toml");
        REQUIRE(file.problems.size() == 1);
        CHECK(file.problems[0].code == "coding/non-ascii-outside-string");
        CHECK(file.problems[0].where.line == c.line);
        CHECK(file.problems[0].where.column == c.column);
        CHECK(file.problems[0].message.find("U+") != std::string::npos);
    }
    CHECK(load_study_text("id = \"x\"\na = 1\u00e9\n", "bad.toml").problems[0].message.find("\"\u00e9\" (U+00E9)") !=
          std::string::npos);
}

TEST_CASE("non-ASCII text inside strings, literal strings, multi-line strings and comments still loads",
          "[core][loader][bad-input]") {
    const char* text =
        "id = \"x\"  # r\u00e9sum\u00e9\ntitle = \"\u00c9tude \\\"\u4e2d\u6587\\\" \u0416\"\n"
        "[custom]\nnote = '\u00e9'\n\"t\u00e9\" = 1\nlong = \"\"\"\n\u00e9 \"\" \u00e9\"\"\"\"\nraw = '''\u00e9'''\n";
    const loaded_file file = load_study_text(text, "ok.toml");
    INFO((file.problems.empty() ? std::string() : file.problems[0].message));
    CHECK(file.problems.empty());
    REQUIRE(file.studies.size() == 1);
}

TEST_CASE("nan and inf are refused wherever a number is read", "[core][loader][config][bad-input]") {
    // Version 0.1 gave design-weakness "nan% completed" and EPHPP "Strong" for this.
    const loaded_file file =
        load_study_text("id = \"x\"\n[design]\ntype = \"rct\"\n[sample]\ncompletion = [nan, nan]\n", "nan.toml");
    REQUIRE(file.problems.size() == 1);
    CHECK(file.problems[0].code == "coding/non-finite-number");
    CHECK(file.problems[0].where.line == 5);
    CHECK(file.problems[0].message.find("`nan`") != std::string::npos);
    for (const char* value : {"inf", "-inf", "+inf", "-nan"}) {
        const loaded_file other = load_study_text(std::string("id = \"x\"\n[custom]\nv = ") + value + "\n", "x.toml");
        REQUIRE(other.problems.size() == 1);
        CHECK(other.problems[0].code == "coding/non-finite-number");
    }
    // An option in appraise.toml: `min_completion = nan` fired high-attrition on 17 of 18 studies.
    const test::temp_dir dir;
    const fs::path config = dir.path() / "appraise.toml";
    std::ofstream(config) << "[options.design-weakness]\nmin_completion = nan\n";
    diagnostics problems;
    (void)load_config(config, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].where.line == 2);
    CHECK(problems[0].message.find("`nan` is not a number") != std::string::npos);
}

TEST_CASE("outcome ids are validated like study ids, so no escape sequence reaches a report",
          "[core][loader][bad-input]") {
    const loaded_file file = load_study_text(
        "id = \"x\"\n[[outcomes]]\nid = \"dep\\u001b[2J\"\n[[outcomes]]\nid = \"ok-1.a_b\"\n", "o.toml");
    REQUIRE(file.studies.size() == 1);
    const auto& problems = file.studies[0].problems;
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "coding/invalid-outcome-id");
    CHECK(problems[0].where.line == 3);
}

namespace {

// Runs `body` in a child process that cannot bypass file permissions: as root
// (CI runs as root, and root reads any folder) the child first becomes
// `nobody`. Returns the child's exit status (body's result), or -1.
int run_unprivileged(const std::function<int()>& body) {
    const pid_t child = ::fork();
    if (child == 0) {
        if (::geteuid() == 0) {
            const gid_t nobody = 65534;
            if (::setgroups(0, nullptr) != 0 || ::setresgid(nobody, nobody, nobody) != 0 ||
                ::setresuid(nobody, nobody, nobody) != 0)
                ::_exit(100);
        }
        ::_exit(body());
    }
    int status = 0;
    if (child < 0 || ::waitpid(child, &status, 0) != child || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

}  // namespace

// Issue 12: a sub-folder that could not be listed was skipped silently (exit
// 0, its studies missing from the report), and one named directly "held no
// coded studies".
TEST_CASE("a folder that cannot be listed is an error at its path, never an empty folder",
          "[core][corpus][bad-input]") {
    const test::temp_dir dir;
    fs::permissions(dir.path(), fs::perms::all);  // nobody may enter the test's own folder
    dir.write("corpus/a.toml", "id = \"a\"\n");
    dir.write("corpus/locked/b.toml", "id = \"b\"\n");
    fs::permissions(dir.path() / "corpus", fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(dir.path() / "corpus" / "locked", fs::perms::none);
    const std::string corpus = (dir.path() / "corpus").string();
    const std::string locked = (dir.path() / "corpus" / "locked").string();

    // 1: the file outside the locked folder is still listed; 2: the locked
    // folder is reported by path and code.
    const int nested = run_unprivileged([&] {
        const corpus_listing listing = list_corpus({corpus});
        if (listing.files.size() != 1 || listing.files[0].path.filename() != "a.toml") return 1;
        if (listing.problems.size() != 1 || listing.problems[0].code != "coding/unreadable-directory" ||
            listing.problems[0].where.file != fs::path(locked).lexically_normal().generic_string())
            return 2;
        return 0;
    });
    CHECK(nested == 0);

    const int named = run_unprivileged([&] {
        const corpus_listing listing = list_corpus({locked});
        if (!listing.files.empty()) return 1;
        if (listing.problems.size() != 1 || listing.problems[0].code != "coding/unreadable-directory") return 2;
        return 0;
    });
    CHECK(named == 0);
    fs::permissions(dir.path() / "corpus" / "locked", fs::perms::owner_all);  // so that it can be removed
}
