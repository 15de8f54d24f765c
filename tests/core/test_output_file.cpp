// Report destinations: atomic files, standard output, and devices.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "appraise/text/file_release.hpp"
#include "appraise/text/output_file.hpp"
#include "test_support.hpp"

using appraise::output_file;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("a report file appears only when committed", "[core][output]") {
    const appraise::test::temp_dir dir;
    const fs::path target = dir.path() / "report.json";
    {
        output_file out(target.string());
        out.stream() << "{\"complete\": ";
        out.stream().flush();
        CHECK_FALSE(fs::exists(target));  // written beside it, not in place
        CHECK(names_in(dir.path()).size() == 1);
        out.stream() << "true}\n";
        out.commit();
        CHECK(fs::exists(target));
        CHECK(appraise::test::read_file(target) == "{\"complete\": true}\n");
    }
    // Nothing else is left in the folder.
    CHECK(names_in(dir.path()) == std::vector<std::string>{"report.json"});
    CHECK(appraise::test::read_file(target) == "{\"complete\": true}\n");
}

TEST_CASE("an uncommitted report leaves no file behind", "[core][output]") {
    const appraise::test::temp_dir dir;
    const fs::path target = dir.path() / "report.txt";
    {
        output_file out(target.string());
        out.stream() << "half a report";
    }
    CHECK_FALSE(fs::exists(target));
    CHECK(names_in(dir.path()).empty());
}

TEST_CASE("an uncommitted report leaves the previous report unchanged", "[core][output]") {
    const appraise::test::temp_dir dir;
    const fs::path target = dir.write("report.txt", "previous run\n");
    {
        output_file out(target.string());
        out.stream() << "half of the new one";
        out.stream().flush();
        CHECK(appraise::test::read_file(target) == "previous run\n");
    }
    CHECK(appraise::test::read_file(target) == "previous run\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"report.txt"});
}

TEST_CASE("a committed report replaces the previous one", "[core][output]") {
    const appraise::test::temp_dir dir;
    const fs::path target = dir.write("report.txt", "previous run, a longer text than the new one\n");
    {
        output_file out(target.string());
        out.stream() << "new\n";
        out.commit();
    }
    CHECK(appraise::test::read_file(target) == "new\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"report.txt"});
}

TEST_CASE("a committed report replaces the name, never the old file's bytes", "[core][output]") {
    // The old report is swapped out whole (renameat2 RENAME_EXCHANGE, else
    // rename): another name for it, and a reader holding it open, keep the
    // old bytes, and no temporary name is left behind.
    const appraise::test::temp_dir dir;
    const fs::path target = dir.write("report.txt", "previous run\n");
    const fs::path other_name = dir.path() / "kept.txt";
    fs::create_hard_link(target, other_name);
    std::ifstream reader(target, std::ios::binary);
    {
        output_file out(target.string());
        out.stream() << "new\n";
        out.commit();
    }
    CHECK(appraise::test::read_file(target) == "new\n");
    CHECK(appraise::test::read_file(other_name) == "previous run\n");
    CHECK(fs::hard_link_count(other_name) == 1);  // the target's old name is gone with the swap
    std::string held((std::istreambuf_iterator<char>(reader)), std::istreambuf_iterator<char>());
    CHECK(held == "previous run\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"kept.txt", "report.txt"});
}

TEST_CASE("a report written over a symlink replaces the link, as rename does", "[core][output]") {
    const appraise::test::temp_dir dir;
    const fs::path pointed = dir.write("elsewhere.txt", "not ours\n");
    const fs::path target = dir.path() / "report.txt";
    fs::create_symlink(pointed, target);
    {
        output_file out(target.string());
        out.stream() << "new\n";
        out.commit();
    }
    CHECK_FALSE(fs::is_symlink(target));
    CHECK(appraise::test::read_file(target) == "new\n");
    CHECK(appraise::test::read_file(pointed) == "not ours\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"elsewhere.txt", "report.txt"});
}

TEST_CASE("\"-\" and an empty path mean standard output", "[core][output]") {
    for (const std::string& path : std::vector<std::string>{"-", ""}) {
        INFO("path '" << path << "'");
        output_file out(path);
        CHECK(&out.stream() == &std::cout);
        CHECK_NOTHROW(out.commit());
    }
    CHECK_FALSE(fs::exists("-"));
}

TEST_CASE("writing to /dev/null leaves it a device", "[core][output]") {
    if (!fs::is_character_file("/dev/null")) {
        WARN("/dev/null is not a character device here; skipping");
        return;
    }
    {
        output_file out("/dev/null");
        out.stream() << "discarded\n";
        out.commit();
    }
    CHECK(fs::is_character_file("/dev/null"));
    {
        output_file out("/dev/null");
        out.stream() << "discarded, uncommitted\n";
    }
    CHECK(fs::is_character_file("/dev/null"));
    // No temporary file was made beside it.
    for (const auto& name : names_in("/dev")) CHECK(name.find("null.tmp") == std::string::npos);
}

TEST_CASE("a report in a folder that does not exist fails at once", "[core][output]") {
    const appraise::test::temp_dir dir;
    const fs::path target = dir.path() / "no-such-folder" / "report.txt";
    CHECK_THROWS_AS(output_file(target.string()), std::runtime_error);
    CHECK_FALSE(fs::exists(target));
}

TEST_CASE("a symlink planted at a guessable temporary name is not followed", "[core][output]") {
    // Version 0.1 wrote <target>.tmp-<pid>, opened with truncate: a link
    // planted there made the run overwrite the file it pointed at.
    const appraise::test::temp_dir dir;
    const fs::path victim = dir.path() / "victim.txt";
    { std::ofstream(victim) << "precious\n"; }
    const fs::path target = dir.path() / "report.json";
    fs::create_symlink(victim, fs::path(target.string() + ".tmp-" + std::to_string(::getpid())));
    fs::create_symlink(victim, dir.path() / ".report.json.tmp-XXXXXX");
    {
        output_file out(target.string());
        out.stream() << "{}\n";
        out.commit();
    }
    CHECK(appraise::test::read_file(victim) == "precious\n");
    CHECK(appraise::test::read_file(target) == "{}\n");
    CHECK(fs::is_regular_file(fs::symlink_status(target)));
}

TEST_CASE("a committed report has the usual file mode, not the temporary's 0600", "[core][output]") {
    const appraise::test::temp_dir dir;
    const fs::path target = dir.path() / "report.txt";
    const mode_t old_mask = ::umask(022);
    {
        output_file out(target.string());
        out.stream() << "x\n";
        out.commit();
    }
    ::umask(old_mask);
    CHECK((fs::status(target).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read));
}

TEST_CASE("no temporary file survives SIGINT or SIGTERM", "[core][output]") {
    for (const int signal_number : {SIGINT, SIGTERM}) {
        const appraise::test::temp_dir dir;
        const fs::path target = dir.path() / "report.csv";
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            // As in the appraise executable: no handler installed before (Catch2 has its own).
            for (const int s : {SIGINT, SIGTERM, SIGHUP}) ::signal(s, SIG_DFL);
            output_file out(target.string());
            out.stream() << "half a report";
            out.stream().flush();
            ::raise(signal_number);
            ::_exit(3);  // not reached: the signal ends the process
        }
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        INFO("signal " << signal_number);
        REQUIRE(WIFSIGNALED(status));  // it died of the signal, as without appraise's handler
        CHECK(WTERMSIG(status) == signal_number);
        CHECK(names_in(dir.path()).empty());
    }
}

namespace {

// Processes holding `file` open after its name was removed (Linux shows the
// link of such a descriptor as "<path> (deleted)"); this one included.
std::size_t holders_of_deleted(const fs::path& file) {
    const std::string deleted = file.string() + " (deleted)";
    std::size_t holders = 0;
    std::error_code error;
    for (const auto& process : fs::directory_iterator("/proc", error)) {
        const std::string name = process.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        std::error_code unreadable;  // a process that ended meanwhile, or not ours to read
        for (const auto& fd : fs::directory_iterator(process.path() / "fd", unreadable)) {
            std::error_code no_link;
            if (fs::read_symlink(fd.path(), no_link).string() == deleted) {
                ++holders;
                break;
            }
        }
    }
    return holders;
}

// Polls until no process holds the deleted file, for up to ten seconds.
bool released_soon(const fs::path& file) {
    for (int tries = 0; tries < 1000; ++tries) {
        if (holders_of_deleted(file) == 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("a large file's name goes at once and the helper holding its blocks lets go", "[core][output]") {
    const appraise::test::temp_dir dir;
    const fs::path file = dir.path() / "old-report.json";
    {
        std::ofstream out(file, std::ios::binary);
        out << std::string(64 * 1024, 'x');
    }
    // From 1 byte: this file takes the helper's way.
    CHECK(appraise::remove_without_waiting(file, 1));
    CHECK_FALSE(fs::exists(file));
    CHECK(names_in(dir.path()).empty());
    // This process kept no descriptor of it, and the helper ends.
    std::size_t mine = 0;
    for (const auto& fd : fs::directory_iterator("/proc/self/fd")) {
        std::error_code no_link;
        if (fs::read_symlink(fd.path(), no_link).string() == file.string() + " (deleted)") ++mine;
    }
    CHECK(mine == 0);
    CHECK(released_soon(file));
    // A name that is not there is reported, on either way.
    CHECK_FALSE(appraise::remove_without_waiting(file, 1));
    CHECK_FALSE(appraise::remove_without_waiting(file));
}

TEST_CASE("a report replacing a large one leaves the folder clean and the old blocks released", "[core][output]") {
    const appraise::test::temp_dir dir;
    const fs::path target = dir.path() / "report.json";
    {
        std::ofstream old(target, std::ios::binary);
        old << std::string(static_cast<std::size_t>(appraise::release_elsewhere_from), 'o');
    }
    std::string old_temporary;
    {
        output_file out(target.string());
        for (const auto& name : names_in(dir.path()))
            if (name != "report.json") old_temporary = (dir.path() / name).string();
        out.stream() << "{\"new\": true}";
        out.commit();
    }
    REQUIRE_FALSE(old_temporary.empty());
    CHECK(names_in(dir.path()) == std::vector<std::string>{"report.json"});
    std::ifstream in(target, std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "{\"new\": true}");
    // The old report went under the temporary's name (RENAME_EXCHANGE), and that is released too.
    CHECK(released_soon(old_temporary));
}
