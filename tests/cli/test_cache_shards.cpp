// `run --cache DIR` and `--shard I/N` + `merge`: a warm run and merged shards
// must write the very bytes a cold single run writes, for every format, after
// every kind of change; a damaged or foreign cache is rebuilt, never trusted.
// Each test also checks that the change it makes changes the report, so a
// cache that served stale results would fail it.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "appraise/cache/digest.hpp"
#include "appraise/cache/file_digests.hpp"
#include "appraise/cache/file_stat.hpp"
#include "appraise/cache/result_cache.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using appraise::test::read_file;
using appraise::test::run_appraise;
using appraise::test::shell_quote;
using appraise::test::source_dir;
using appraise::test::temp_dir;

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The example corpus, copied so that the tests can edit it.
fs::path copy_example(const temp_dir& dir) {
    const fs::path corpus = dir.path() / "corpus";
    fs::copy(source_dir / "examples" / "left-behind-children", corpus, fs::copy_options::recursive);
    return corpus;
}

void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = read_file(file);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

struct outputs {
    std::string cold;
    std::string warm;
    std::string err;
};

// The same run without and with the cache (-j 2 with it: order must not matter).
outputs cold_and_warm(const std::string& arguments, const fs::path& cache) {
    const auto cold = run_appraise("run " + arguments + " -j 1");
    const auto warm = run_appraise("run " + arguments + " -j 2 --cache " + shell_quote(cache));
    INFO(cold.err << warm.err);
    CHECK(cold.exit_code == warm.exit_code);
    return {cold.out, warm.out, warm.err};
}

const std::vector<std::string> formats = {"text", "json", "csv", "markdown", "html"};

}  // namespace

TEST_CASE("a warm cache gives the cold run's bytes in every format after a change and an addition and a removal",
          "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const fs::path cache = dir.path() / "cache";
    const std::string paths = shell_quote(corpus);
    for (const auto& format : formats) {
        INFO(format);
        const auto first = cold_and_warm(paths + " --format " + format, cache);  // fills the cache
        CHECK(first.cold == first.warm);
        const auto again = cold_and_warm(paths + " --format " + format, cache);  // every file from the cache
        CHECK(again.cold == again.warm);
        CHECK(again.cold == first.cold);
    }
    const auto robvis = cold_and_warm(paths + " --format robvis -r rob2", cache);
    CHECK(robvis.cold == robvis.warm);
    const std::string before = run_appraise("run " + paths + " --format json").out;

    // A changed study, a new one, a removed one.
    replace_in(corpus / "studies" / "chen-2017-sport.toml", "enrolled = 124", "enrolled = 12");
    fs::copy_file(corpus / "studies" / "lan-2009-sport.toml", corpus / "studies" / "lan-2010-sport.toml");
    replace_in(corpus / "studies" / "lan-2010-sport.toml", "id = \"lan-2009-sport\"", "id = \"lan-2010-sport\"");
    fs::remove(corpus / "studies" / "zhou-2019-cbt.toml");
    for (const auto& format : formats) {
        INFO(format);
        const auto changed = cold_and_warm(paths + " --format " + format, cache);
        CHECK(changed.cold == changed.warm);
    }
    const auto json = cold_and_warm(paths + " --format json", cache);
    CHECK(json.cold == json.warm);
    CHECK(json.cold != before);
    CHECK(has(json.cold, "lan-2010-sport"));
    CHECK_FALSE(has(json.cold, "zhou-2019-cbt"));
    CHECK(cold_and_warm(paths + " --format robvis -r rob2", cache).warm ==
          run_appraise("run " + paths + " --format robvis -r rob2").out);
}

TEST_CASE("the tables keep the coded facts through the cache, even after a run that did not ask for them",
          "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const fs::path cache = dir.path() / "cache";
    const std::string paths = shell_quote(corpus);
    // Filled by a run whose results hold no facts: the table's run must not be served those.
    CHECK(cold_and_warm(paths + " --format markdown", cache).warm.size() > 0);
    for (const std::string format : {"markdown", "csv", "html"}) {
        INFO(format);
        const auto first = cold_and_warm(paths + " --format " + format + " --table characteristics", cache);
        CHECK(first.cold == first.warm);
        const auto again = cold_and_warm(paths + " --format " + format + " --table characteristics", cache);
        CHECK(again.cold == again.warm);
        CHECK(has(again.warm, "Cluster RCT"));  // a coded design, not "not reported"
        const auto items = cold_and_warm(paths + " --format " + format + " --table items", cache);
        CHECK(items.cold == items.warm);
    }
}

TEST_CASE("a changed rubric option and a changed rubric file are never served from the cache", "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const fs::path cache = dir.path() / "cache";
    const std::string paths = shell_quote(corpus);

    const auto first = cold_and_warm(paths + " --format json -r design-weakness", cache);
    CHECK(first.cold == first.warm);
    replace_in(corpus / "appraise.toml", "min_arm_size = 30", "min_arm_size = 300");
    const auto option = cold_and_warm(paths + " --format json -r design-weakness", cache);
    CHECK(option.cold == option.warm);
    CHECK(option.cold != first.cold);

    // A declarative rubric from --rubric-dir, edited between runs.
    const fs::path rubrics = dir.path() / "rubrics";
    fs::create_directories(rubrics);
    fs::copy_file(source_dir / "rubrics" / "replication-barriers.toml", rubrics / "test-barriers.toml");
    replace_in(rubrics / "test-barriers.toml", "id = \"replication-barriers\"", "id = \"test-barriers\"");
    const std::string with_rubric = paths + " --format json -r test-barriers --rubric-dir " + shell_quote(rubrics);
    const auto rubric = cold_and_warm(with_rubric, cache);
    CHECK(rubric.cold == rubric.warm);
    CHECK(has(rubric.cold, "but not described: a team replicating"));
    replace_in(rubrics / "test-barriers.toml", "but not described: a team replicating",
               "yet never described: a team replicating");
    const auto edited = cold_and_warm(with_rubric, cache);
    CHECK(edited.cold == edited.warm);
    CHECK(has(edited.warm, "yet never described"));
    CHECK_FALSE(has(edited.warm, "but not described: a team replicating"));
}

TEST_CASE("a damaged or foreign or truncated cache is rebuilt with a note and never trusted", "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const fs::path cache = dir.path() / "cache";
    const fs::path file = cache / "appraise-cache.sqlite";
    const std::string arguments = shell_quote(corpus) + " --format json -r design-weakness";
    const auto cold = run_appraise("run " + arguments);
    REQUIRE(cold.exit_code == 0);
    const auto fill = run_appraise("run " + arguments + " --cache " + shell_quote(cache));
    REQUIRE(fill.out == cold.out);
    REQUIRE(fs::exists(file));
    const std::string good = read_file(file);

    const auto rerun = [&](const std::string& bytes, const std::string& why) {
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
        const auto warm = run_appraise("run " + arguments + " --cache " + shell_quote(cache));
        INFO(why << "\n" << warm.err);
        CHECK(warm.exit_code == 0);
        CHECK(warm.out == cold.out);
        CHECK(has(warm.err, "[cache/rebuilt]"));
        // Rebuilt: the next run uses it without a note.
        const auto next = run_appraise("run " + arguments + " --cache " + shell_quote(cache));
        CHECK(next.out == cold.out);
        CHECK_FALSE(has(next.err, "[cache/"));
    };
    rerun("not a database at all\n", "garbage");
    rerun(good.substr(0, good.size() / 2), "truncated");
    std::string foreign = good;
    const std::string version = "appraise 0.1.0";
    const auto at = foreign.find(version);
    REQUIRE(at != std::string::npos);
    foreign.replace(at, version.size(), "appraise 0.0.9");  // another version wrote it
    rerun(foreign, "another version");
}

TEST_CASE("no-cache and cache clear and bad cache and shard values", "[cli][cache][shard]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const fs::path cache = dir.path() / "cache";
    const std::string paths = shell_quote(corpus);
    REQUIRE(run_appraise("run " + paths + " --cache " + shell_quote(cache)).exit_code == 0);
    REQUIRE(fs::exists(cache / "appraise-cache.sqlite"));
    const auto none = run_appraise("run " + paths + " --no-cache");
    CHECK(none.exit_code == 0);
    const auto clear = run_appraise("cache clear " + shell_quote(cache));
    CHECK(clear.exit_code == 0);
    CHECK(has(clear.out, "removed"));
    CHECK_FALSE(fs::exists(cache / "appraise-cache.sqlite"));
    CHECK(fs::exists(cache));  // the folder itself is the user's

    const fs::path not_a_folder = dir.write("file.txt", "x");
    const auto bad_cache = run_appraise("run " + paths + " --cache " + shell_quote(not_a_folder));
    CHECK(bad_cache.exit_code == 2);
    CHECK(has(bad_cache.err, "is not a folder [usage/cache-dir]"));
    const auto below_file = run_appraise("run " + paths + " --cache " + shell_quote(not_a_folder / "sub"));
    CHECK(below_file.exit_code == 2);
    CHECK(has(below_file.err, "[usage/cache-dir]"));

    for (const std::string value : {"5/4", "0/4", "1/0", "x", "1/"}) {
        const auto bad = run_appraise("run " + paths + " --shard " + value);
        INFO(value << bad.err);
        CHECK(bad.exit_code == 2);
        CHECK(has(bad.err, "--shard"));
    }
    const auto format = run_appraise("run " + paths + " --shard 1/2 --format json");
    CHECK(format.exit_code == 2);
    CHECK(has(format.err, "[usage/shard-format]"));

    for (const std::string command : {"run", "audit", "check"}) {
        const auto help = run_appraise(command + " --help");
        CHECK(has(help.out, "--cache"));
        CHECK(has(help.out, "--no-cache"));
        CHECK(has(help.out, "--shard"));
    }
    CHECK(has(run_appraise("merge --help").out, "shard"));
    CHECK(has(run_appraise("cache clear --help").out, "DIR"));
}

TEST_CASE("four shards merged give the single run's bytes with duplicate ids across shards", "[cli][shard]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    // A duplicate id in a file that lands in another shard than the first use.
    fs::copy_file(corpus / "studies" / "chen-2017-sport.toml", corpus / "studies" / "chen-2017-sport-copy.toml");
    const std::string paths = shell_quote(corpus);
    const auto shards = [&](const std::string& command) {
        std::string files;
        for (int i = 4; i >= 1; --i) {  // any order
            const fs::path shard = dir.path() / (command + "-" + std::to_string(i) + ".json");
            const auto made =
                run_appraise(command + " " + paths + " --shard " + std::to_string(i) + "/4 -o " + shell_quote(shard));
            INFO(made.err);
            CHECK((made.exit_code == 0 || made.exit_code == 2));
            files += " " + shell_quote(shard);
        }
        return files;
    };
    const std::string run_shards = shards("run");
    for (const auto& format : formats) {
        INFO(format);
        const auto one = run_appraise("run " + paths + " --format " + format);
        const auto merged = run_appraise("merge" + run_shards + " --format " + format);
        INFO(merged.err);
        CHECK(merged.exit_code == one.exit_code);
        CHECK(merged.out == one.out);
        CHECK(has(one.err + one.out, "coding/duplicate-id"));
    }
    const std::string audit_shards = shards("audit");
    // An audit's shard holds each file's audit view, not its whole results.
    std::uintmax_t run_bytes = 0;
    std::uintmax_t audit_bytes = 0;
    for (int i = 1; i <= 4; ++i) {
        run_bytes += fs::file_size(dir.path() / ("run-" + std::to_string(i) + ".json"));
        audit_bytes += fs::file_size(dir.path() / ("audit-" + std::to_string(i) + ".json"));
    }
    INFO("run shards " << run_bytes << " bytes, audit shards " << audit_bytes);
    CHECK(audit_bytes * 2 < run_bytes);
    for (const std::string format : {"text", "json", "markdown", "csv", "html"}) {
        INFO(format);
        const auto one = run_appraise("audit " + paths + " --format " + format);
        const auto merged = run_appraise("merge" + audit_shards + " --format " + format);
        CHECK(merged.exit_code == one.exit_code);
        CHECK(merged.out == one.out);
    }

    // Three of four, two runs mixed, and a shard cut short are refused.
    const auto missing =
        run_appraise("merge " + shell_quote(dir.path() / "run-1.json") + " " + shell_quote(dir.path() / "run-2.json") +
                     " " + shell_quote(dir.path() / "run-3.json"));
    CHECK(missing.exit_code == 2);
    CHECK(has(missing.err, "missing: 4 [merge/missing-shard]"));
    const auto mixed = run_appraise(
        "merge " + shell_quote(dir.path() / "run-1.json") + " " + shell_quote(dir.path() / "audit-2.json") + " " +
        shell_quote(dir.path() / "run-3.json") + " " + shell_quote(dir.path() / "run-4.json"));
    CHECK(mixed.exit_code == 2);
    CHECK(has(mixed.err, "[merge/mismatch]"));
    const fs::path cut = dir.path() / "run-2.json";
    const std::string whole = read_file(cut);
    std::ofstream(cut, std::ios::binary | std::ios::trunc) << whole.substr(0, whole.size() / 2);
    const fs::path report = dir.path() / "merged.json";
    const auto truncated = run_appraise("merge" + run_shards + " --format json -o " + shell_quote(report));
    CHECK(truncated.exit_code == 2);
    CHECK(has(truncated.err, "a line that is not a shard item (cut short, or edited?) [merge/not-a-shard]"));
    CHECK_FALSE(fs::exists(report));  // -o is written whole or not at all
}

TEST_CASE("check and audit with a warm cache give their cold bytes with a duplicate id in another file",
          "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    fs::copy_file(corpus / "studies" / "chen-2017-sport.toml", corpus / "studies" / "zz-copy.toml");
    const std::string paths = shell_quote(corpus);
    const std::string cache = " --cache " + shell_quote(dir.path() / "cache");
    for (const std::string command : {"run --format json", "check", "audit --format json"}) {
        INFO(command);
        const auto cold = run_appraise(command + " " + paths);
        const auto fill = run_appraise(command + " " + paths + cache);
        const auto warm = run_appraise(command + " " + paths + cache + " -j 2");
        CHECK(fill.out == cold.out);
        CHECK(warm.out == cold.out);
        CHECK(warm.exit_code == cold.exit_code);
        CHECK(has(cold.out + cold.err, "coding/duplicate-id"));
    }
}

TEST_CASE("check's text report and its JSON share a cache folder but never each other's results",
          "[cli][cache][scope]") {
    // The text report asks the rubrics for the coding scope only (no
    // judgements, no rationales); its JSON shows every appraisal. One cache
    // folder keeps both under different run identities.
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const std::string paths = shell_quote(corpus);
    const std::string cache = " --cache " + shell_quote(dir.path() / "cache");
    const auto text_cold = run_appraise("check " + paths);
    const auto json_cold = run_appraise("check --format json " + paths);
    const auto text_fill = run_appraise("check " + paths + cache);
    const auto json_after_text = run_appraise("check --format json " + paths + cache);
    const auto text_after_json = run_appraise("check " + paths + cache + " -j 2");
    CHECK(text_fill.out == text_cold.out);
    CHECK(json_after_text.out == json_cold.out);
    CHECK(text_after_json.out == text_cold.out);
    // The JSON carries what the coding scope leaves out, so serving one for the other would show.
    CHECK(has(json_cold.out, "\"rationale\""));
    CHECK(has(text_cold.out, "not assessed:"));
}

namespace {

// The cache's count of files (`appraise -v`): "H files from the cache (U of them not read), R read".
std::string cache_counts(const std::string& err) {
    const auto at = err.find(" files from the cache");
    if (at == std::string::npos) return "no count";
    const auto start = err.rfind(' ', at - 1) + 1;
    return err.substr(start, err.find('\n', at) - start);
}

// Files written less than racy_margin_ns before a run are hashed again by
// the next one, so the tests that count unread files wait for them to settle.
void let_settle() {
    std::this_thread::sleep_for(std::chrono::milliseconds(2300));
}

}  // namespace

TEST_CASE(
    "an unchanged file is taken by its stat without being read, and a file changed keeping size and mtime is read",
    "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const std::string arguments = shell_quote(corpus) + " --format json --cache " + shell_quote(dir.path() / "cache");
    let_settle();
    const auto cold = run_appraise("run " + shell_quote(corpus) + " --format json");
    const auto fill = run_appraise("-v run " + arguments);
    CHECK(cache_counts(fill.err) == "0 files from the cache (0 of them not read), 17 read");
    const auto warm = run_appraise("-v run " + arguments + " -j 2");
    CHECK(cache_counts(warm.err) == "17 files from the cache (17 of them not read), 0 read");
    CHECK(warm.out == cold.out);

    // New bytes of the same size, the modification time set back to the
    // nanosecond: the change time (and for the second, the inode) gives it away.
    const fs::path chen = corpus / "studies" / "chen-2017-sport.toml";
    const auto chen_time = fs::last_write_time(chen);
    replace_in(chen, "enrolled = 124", "enrolled = 125");
    fs::last_write_time(chen, chen_time);
    const fs::path lan = corpus / "studies" / "lan-2009-sport.toml";
    const auto lan_time = fs::last_write_time(lan);
    std::string lan_text = read_file(lan);
    const auto year = lan_text.find("2009");
    REQUIRE(year != std::string::npos);
    lan_text.replace(year, 4, "2008");
    std::ofstream(dir.path() / "lan.new", std::ios::binary) << lan_text;
    fs::last_write_time(dir.path() / "lan.new", lan_time);
    fs::rename(dir.path() / "lan.new", lan);  // another inode, same size and mtime
    REQUIRE(fs::last_write_time(chen) == chen_time);
    REQUIRE(fs::last_write_time(lan) == lan_time);
    const auto changed_cold = run_appraise("run " + shell_quote(corpus) + " --format json");
    const auto changed = run_appraise("-v run " + arguments + " -j 2");
    CHECK(cache_counts(changed.err) == "15 files from the cache (15 of them not read), 2 read");
    CHECK(changed.out == changed_cold.out);
    CHECK(changed_cold.out != cold.out);
}

TEST_CASE("a file written just before the run that kept it is hashed again while its stat has not settled",
          "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const std::string arguments = shell_quote(corpus) + " --format json --cache " + shell_quote(dir.path() / "cache");
    let_settle();
    const fs::path chen = corpus / "studies" / "chen-2017-sport.toml";
    replace_in(chen, "enrolled = 124", "enrolled = 125");  // within a second of the run below
    const auto fill = run_appraise("-v run " + arguments);
    CHECK(cache_counts(fill.err) == "0 files from the cache (0 of them not read), 17 read");
    // Its stat is unchanged, yet not trusted: a write in the same clock tick
    // as the one it was hashed after would have left every field as it is.
    const auto next = run_appraise("-v run " + arguments);
    CHECK(cache_counts(next.err) == "17 files from the cache (16 of them not read), 0 read");
    replace_in(chen, "enrolled = 125", "enrolled = 126");  // same size, within the same second
    const auto cold = run_appraise("run " + shell_quote(corpus) + " --format json");
    const auto warm = run_appraise("-v run " + arguments);
    CHECK(cache_counts(warm.err) == "16 files from the cache (16 of them not read), 1 read");
    CHECK(warm.out == cold.out);
    CHECK(has(cold.out, "126"));
}

TEST_CASE("a [[study]] file read one study at a time is kept part by part and gives the cold bytes", "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = dir.path() / "corpus";
    fs::create_directories(corpus);
    std::string text = appraise::test::many_studies_text();
    REQUIRE(text.size() > (std::size_t{1} << 20));
    const fs::path many = corpus / "many.toml";
    std::ofstream(many, std::ios::binary) << text;
    std::ofstream(corpus / "small.toml", std::ios::binary) << "[study]\nid = \"small\"\nyear = 2011\n";
    const std::string cache = " --cache " + shell_quote(dir.path() / "cache");
    let_settle();
    for (const std::string format : {"json", "text"}) {
        INFO(format);
        const std::string arguments = shell_quote(corpus) + " --format " + format;
        const auto cold = run_appraise("run " + arguments);
        const auto fill = run_appraise("-v run " + arguments + cache + " -j 2");
        const auto warm = run_appraise("-v run " + arguments + cache + " -j 2");
        CHECK(fill.out == cold.out);
        CHECK(warm.out == cold.out);
        CHECK(warm.exit_code == cold.exit_code);
        CHECK(has(cold.out, "many-899"));
        if (format == "json") {
            CHECK(cache_counts(fill.err) == "0 files from the cache (0 of them not read), 2 read");
            CHECK(cache_counts(warm.err) == "2 files from the cache (2 of them not read), 0 read");
        }
    }
    // One study of the large file changed: the file is read again, the same bytes as cold.
    const auto at = text.find("arms = [17, 20]");
    REQUIRE(at != std::string::npos);
    text.replace(at, 15, "arms = [99, 20]");
    std::ofstream(many, std::ios::binary | std::ios::trunc) << text;
    for (const std::string format : {"json", "text"}) {
        INFO(format);
        const std::string arguments = shell_quote(corpus) + " --format " + format;
        const auto cold = run_appraise("run " + arguments);
        const auto warm = run_appraise("-v run " + arguments + cache + " -j 2");
        CHECK(warm.out == cold.out);
        CHECK(has(cold.out, "99"));
        if (format == "json") CHECK(cache_counts(warm.err) == "1 files from the cache (1 of them not read), 1 read");
    }
    const auto again = run_appraise("-v run " + shell_quote(corpus) + " --format json" + cache);
    CHECK(again.out == run_appraise("run " + shell_quote(corpus) + " --format json").out);
}

TEST_CASE("the cache reuses a kept digest of the executable or a plugin only while its stat is unchanged and settled",
          "[cache]") {
    using appraise::file_digests;
    temp_dir dir;
    const fs::path library = dir.path() / "plugin.so";
    const fs::path memo = dir.path() / appraise::file_digests_name;
    const auto write = [&](const std::string& bytes) {
        std::ofstream(library, std::ios::binary | std::ios::trunc) << bytes;
    };
    const auto real = [](const std::string& bytes) { return appraise::sha256().add(bytes).hex(); };
    write("one");
    const std::string forged(64, '0');
    const auto keep = [&](std::int64_t hashed_at_ns) {
        std::map<std::string, file_digests::entry> entries;
        entries[library.string()] = {*appraise::stat_file(library), hashed_at_ns, forged};
        std::ofstream(memo, std::ios::binary | std::ios::trunc) << file_digests::encode(entries);
    };
    // Settled (hashed long after its last write): the kept digest stands for the bytes.
    keep(appraise::wall_clock_ns() + 10 * appraise::racy_margin_ns);
    {
        file_digests digests(memo);
        CHECK(digests.digest(library, 1024) == forged);
        CHECK(digests.reused() == 1);
    }
    // Rebuilt with bytes of the same size: the change time moved, so it is hashed again.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    write("two");
    {
        file_digests digests(memo);
        CHECK(digests.digest(library, 1024) == real("two"));
        CHECK(digests.reused() == 0);
    }
    // Racily clean (hashed within the margin of its last write): never trusted.
    keep(appraise::wall_clock_ns());
    {
        file_digests digests(memo);
        CHECK(digests.digest(library, 1024) == real("two"));
        CHECK(digests.reused() == 0);
        CHECK_FALSE(digests.digest(library, 2).has_value());  // over the limit
    }
    // What a run computes is saved and read back; a damaged memo is ignored whole.
    fs::remove(memo);
    {
        file_digests digests(memo);
        CHECK(digests.digest(library, 1024) == real("two"));
        digests.save();
    }
    const std::string bytes = read_file(memo);
    const auto entries = file_digests::decode(bytes);
    REQUIRE(entries.has_value());
    REQUIRE(entries->size() == 1);
    CHECK(entries->begin()->second.digest == real("two"));
    CHECK(entries->begin()->second.stat == *appraise::stat_file(library));
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) CHECK_FALSE(file_digests::decode(bytes.substr(0, cut)));
    std::string bad_hex = bytes;
    bad_hex[bad_hex.size() - 1] = 'G';
    CHECK_FALSE(file_digests::decode(bad_hex));
    CHECK_FALSE(file_digests::decode(bytes + "x"));
}

TEST_CASE("a run with a cache keeps the files' digests beside it and cache clear removes them", "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const fs::path cache = dir.path() / "cache";
    const auto first = run_appraise("run " + shell_quote(corpus) + " --cache " + shell_quote(cache));
    CHECK(first.exit_code == 0);
    const auto entries = appraise::file_digests::decode(read_file(cache / appraise::file_digests_name));
    REQUIRE(entries.has_value());
    CHECK(entries->count("/proc/self/exe") == 1);
    CHECK(run_appraise("cache clear " + shell_quote(cache)).exit_code == 0);
    CHECK_FALSE(fs::exists(cache / appraise::file_digests_name));
}

namespace {

// One statement on the cache file, as another program (or an attacker) could.
// The counts without how many of the hits were not read: whether a file is
// read depends on whether its stat has settled (two seconds), which a slow
// run (a sanitizer build) may reach mid-test.
std::string hits_and_reads(const std::string& err) {
    std::string counts = cache_counts(err);
    const auto open = counts.find(" (");
    const auto close = counts.find(')', open);
    if (open != std::string::npos && close != std::string::npos) counts.erase(open, close + 1 - open);
    return counts;
}

void change_cache(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO((message != nullptr ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

std::string cache_query(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::string value = "no row";
    if (sqlite3_step(statement) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(statement, 0);
        value = text != nullptr ? reinterpret_cast<const char*>(text) : "null";
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

}  // namespace

TEST_CASE("a cache of more files than the dictionary's samples packs them with it and refuses a damaged one",
          "[cli][cache]") {
    // 140 copies of one example study, each with its own id: the 128th kept
    // entry trains the dictionary, the rest are packed with it.
    temp_dir dir;
    const fs::path corpus = dir.path() / "corpus";
    fs::create_directories(corpus);
    const std::string study =
        read_file(source_dir / "examples" / "left-behind-children" / "studies" / "chen-2017-sport.toml");
    const std::string id = "id = \"chen-2017-sport\"";
    REQUIRE(study.find(id) != std::string::npos);
    for (int n = 0; n < 140; ++n) {
        std::string text = study;
        text.replace(text.find(id), id.size(), "id = \"chen-2017-sport-" + std::to_string(n) + "\"");
        std::ofstream(corpus / ("study-" + std::to_string(1000 + n) + ".toml"), std::ios::binary) << text;
    }
    const fs::path cache = dir.path() / "cache";
    const fs::path file = cache / "appraise-cache.sqlite";
    const std::string arguments = shell_quote(corpus) + " --format json";
    const auto cold = run_appraise("run " + arguments);
    REQUIRE(cold.exit_code == 0);
    REQUIRE(has(cold.out, "chen-2017-sport-139"));
    // One shard of all 140: its items after the 128th are packed with the
    // dictionary its 129th line holds, and merge gives the single run's bytes.
    const fs::path shard = dir.path() / "shard.json";
    const auto made = run_appraise("run " + shell_quote(corpus) + " --shard 1/1 -o " + shell_quote(shard));
    REQUIRE(made.exit_code == 0);
    CHECK(has(read_file(shard), "{\"dictionary\":\""));
    const auto merged = run_appraise("merge " + shell_quote(shard) + " --format json");
    INFO(merged.err);
    CHECK(merged.out == cold.out);

    // One thread, so that exactly the 12 entries after the 128th are packed
    // with the dictionary (with more, a few may be packed while it is trained).
    const auto fill = run_appraise("-v run " + arguments + " -j 1 --cache " + shell_quote(cache));
    CHECK(fill.out == cold.out);
    CHECK(cache_counts(fill.err) == "0 files from the cache (0 of them not read), 140 read");
    // The dictionary is kept, and the 12 entries packed after it was trained
    // are a fraction of the 128 packed before (here about 250 bytes against
    // 8,100: the copies differ only in their ids).
    const std::string dictionary = cache_query(file, "SELECT length(dictionary) FROM dictionaries");
    INFO("dictionary " << dictionary);
    CHECK(std::stoi(dictionary) > 1000);
    CHECK(std::stoi(dictionary) <= 65536);
    const int largest = std::stoi(cache_query(file, "SELECT max(length(result)) FROM results"));
    const std::string small_ones =
        cache_query(file, "SELECT count(*) FROM results WHERE length(result) * 4 < " + std::to_string(largest));
    INFO("largest entry " << largest << " bytes");
    CHECK(small_ones == "12");

    const auto warm = run_appraise("-v run " + arguments + " -j 2 --cache " + shell_quote(cache));
    CHECK(warm.out == cold.out);
    CHECK(hits_and_reads(warm.err) == "140 files from the cache, 0 read");
    CHECK_FALSE(has(warm.err, "[cache/"));

    // A dictionary that is not one: the whole cache is rebuilt, once.
    change_cache(file, "UPDATE dictionaries SET dictionary = X'0011223344556677'");
    // (-j 1 again: the entries after the 128th are packed with the new
    // dictionary, which the last part of this test needs.)
    const auto damaged = run_appraise("-v run " + arguments + " -j 1 --cache " + shell_quote(cache));
    INFO(damaged.err);
    CHECK(damaged.out == cold.out);
    CHECK(has(damaged.err, "[cache/rebuilt]"));
    CHECK(has(damaged.err, "dictionary"));
    CHECK(cache_counts(damaged.err) == "0 files from the cache (0 of them not read), 140 read");
    const auto rebuilt = run_appraise("-v run " + arguments + " --cache " + shell_quote(cache));
    CHECK(rebuilt.out == cold.out);
    CHECK(hits_and_reads(rebuilt.err) == "140 files from the cache, 0 read");

    // The dictionary gone: its entries are refused one by one and read again
    // (two threads: a new dictionary is trained while the other thread packs
    // without one, which must be as readable).
    change_cache(file, "DELETE FROM dictionaries");
    const auto missing = run_appraise("-v run " + arguments + " -j 2 --cache " + shell_quote(cache));
    CHECK(missing.out == cold.out);
    CHECK(has(missing.err, "[cache/entry-refused]"));
    CHECK(has(missing.err, "dictionary this cache does not hold"));
    const auto after = run_appraise("-v run " + arguments + " --cache " + shell_quote(cache));
    CHECK(after.out == cold.out);
    CHECK_FALSE(has(after.err, "[cache/"));
    CHECK(hits_and_reads(after.err) == "140 files from the cache, 0 read");
}

TEST_CASE("an audit's cache keeps only what the audit reads and gives the cold bytes in every format and grouping",
          "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    // A study whose coding has errors (not appraised), and one id used twice.
    fs::copy_file(source_dir / "examples" / "broken-codings" / "enum-typo.toml", corpus / "studies" / "enum-typo.toml");
    fs::copy_file(corpus / "studies" / "lan-2009-sport.toml", corpus / "studies" / "zz-copy.toml");
    const std::string paths = shell_quote(corpus);
    const fs::path audit_cache = dir.path() / "audit-cache";
    for (const std::string options : {"", " --by country", " --by tags --all --all-ids"}) {
        for (const std::string format : {"text", "json", "markdown", "csv", "html"}) {
            INFO(format << options);
            const std::string arguments = "audit " + paths + " --format " + format + options;
            const auto cold = run_appraise(arguments + " -j 1");
            const auto fill = run_appraise(arguments + " -j 2 --cache " + shell_quote(audit_cache));
            const auto warm = run_appraise(arguments + " -j 2 --cache " + shell_quote(audit_cache));
            CHECK(fill.out == cold.out);
            CHECK(warm.out == cold.out);
            CHECK(warm.err == cold.err);  // the coding's problems, echoed from the kept results
            CHECK(warm.exit_code == cold.exit_code);
            CHECK(cold.exit_code == 2);
            const auto counted = run_appraise("-v " + arguments + " --cache " + shell_quote(audit_cache));
            CHECK(cache_counts(counted.err).find(" files from the cache") != std::string::npos);
            CHECK(has(cache_counts(counted.err), ", 0 read"));
            CHECK(counted.out == cold.out);
        }
    }
    // The same corpus's run keeps whole results: the audit's entries are a
    // part of them (measured: 35 KB against 115 KB, packed).
    const fs::path run_cache = dir.path() / "run-cache";
    REQUIRE(run_appraise("run " + paths + " --format json --cache " + shell_quote(run_cache)).exit_code == 2);
    const auto total = [](const fs::path& cache) {
        return std::stol(cache_query(cache / appraise::cache_file_name, "SELECT sum(length(result)) FROM results"));
    };
    const long whole = total(run_cache);
    const long view = total(audit_cache) / 3;  // three groupings: three run identities in the audit's cache
    INFO("whole " << whole << " bytes, audit " << view);
    CHECK(view * 2 < whole);
}

TEST_CASE("an audit's cache keeps each text once and is rebuilt when its symbols are changed", "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    // A coding error the rubric finds (an answer code it does not allow):
    // the audit's exit code comes from the digest's count of them.
    replace_in(corpus / "studies" / "lan-2009-sport.toml", "q7 = \"yes\"", "q7 = \"maybe\"");
    let_settle();
    const fs::path cache = dir.path() / "cache";
    const fs::path file = cache / appraise::cache_file_name;
    const std::string arguments = "audit " + shell_quote(corpus) + " --format json";
    const std::string cached = arguments + " -j 2 --cache " + shell_quote(cache);
    const auto cold = run_appraise(arguments + " -j 1");
    REQUIRE(cold.exit_code == 2);
    REQUIRE(run_appraise(cached).out == cold.out);
    const auto warm = run_appraise("-v " + cached);
    CHECK(warm.out == cold.out);
    CHECK(warm.exit_code == 2);
    CHECK(cache_counts(warm.err) == "17 files from the cache (17 of them not read), 0 read");
    // Each text once for the whole cache, sealed in its meta table.
    const long symbols = std::stol(cache_query(file, "SELECT count(*) FROM symbols"));
    CHECK(symbols > 50);
    CHECK(cache_query(file, "SELECT count(DISTINCT text) FROM symbols") == std::to_string(symbols));
    CHECK(cache_query(file, "SELECT max(id) + 1 FROM symbols") == std::to_string(symbols));
    CHECK(has(cache_query(file, "SELECT value FROM meta WHERE key = 'symbols'"), std::to_string(symbols) + " "));
    // A run keeps whole results beside the audit's, and leaves its symbols as they were.
    REQUIRE(run_appraise("run " + shell_quote(corpus) + " -o /dev/null --cache " + shell_quote(cache)).exit_code == 2);
    const auto after_run = run_appraise("-v " + cached);
    CHECK(after_run.out == cold.out);
    CHECK(cache_counts(after_run.err) == "17 files from the cache (17 of them not read), 0 read");

    // A symbol's text changed, or one removed, would have the entries name
    // other texts: the cache is rebuilt, and the audit is the cold one.
    for (const std::string change :
         {"UPDATE symbols SET text = 'tampered' WHERE id = 1",
          "DELETE FROM symbols WHERE id = (SELECT max(id) FROM symbols)", "DELETE FROM meta WHERE key = 'symbols'"}) {
        INFO(change);
        cache_query(file, change);
        const auto rebuilt = run_appraise(cached);
        CHECK(has(rebuilt.err, "[cache/rebuilt]"));
        CHECK(has(rebuilt.err, "symbols"));
        CHECK(rebuilt.out == cold.out);
        CHECK(rebuilt.exit_code == 2);
        const auto next = run_appraise("-v " + cached);
        CHECK(next.out == cold.out);
        CHECK_FALSE(has(next.err, "[cache/"));
        CHECK(cache_counts(next.err) == "17 files from the cache (17 of them not read), 0 read");
    }
}

TEST_CASE("files looked up out of the index's order or past removed entries are all found in the cache",
          "[cli][cache]") {
    // Folders named in the opposite order to their names' ("b" then "a"):
    // the corpus is walked "b/" first while the cache's index holds "a/"
    // first, so its cursors must go back; 40 files removed between two kept
    // ones make a cursor step past more entries than it steps before
    // looking up anew.
    temp_dir dir;
    const fs::path corpus = dir.path() / "corpus";
    const std::string study =
        read_file(source_dir / "examples" / "left-behind-children" / "studies" / "chen-2017-sport.toml");
    const std::string id = "id = \"chen-2017-sport\"";
    REQUIRE(study.find(id) != std::string::npos);
    int n = 0;
    const auto write_study = [&](const fs::path& file) {
        fs::create_directories(file.parent_path());
        std::string text = study;
        text.replace(text.find(id), id.size(), "id = \"s-" + std::to_string(n++) + "\"");
        std::ofstream(file, std::ios::binary) << text;
    };
    for (const std::string folder : {"a", "a-b", "b"})
        for (int k = 0; k < 3; ++k) write_study(corpus / folder / ("f" + std::to_string(k) + ".toml"));
    for (int k = 0; k < 40; ++k) write_study(corpus / "b" / ("g" + std::to_string(100 + k) + ".toml"));
    write_study(corpus / "b" / "z.toml");
    let_settle();
    const fs::path cache = dir.path() / "cache";
    const std::string paths =
        shell_quote(corpus / "b") + " " + shell_quote(corpus / "a-b") + " " + shell_quote(corpus / "a");
    for (const std::string command : {"audit", "run"}) {
        INFO(command);
        const std::string arguments = command + " " + paths + " --format json";
        const std::string cached = arguments + " --cache " + shell_quote(cache);
        REQUIRE(run_appraise(cached + " -j 1").exit_code == 0);
        for (const std::string threads : {" -j 1", " -j 2"}) {
            const auto warm = run_appraise("-v " + cached + threads);
            CHECK(cache_counts(warm.err) == "50 files from the cache (50 of them not read), 0 read");
            CHECK(warm.out == run_appraise(arguments).out);
        }
    }
    // The 40 gone (their entries stay until a run forgets them): every file left is still found.
    for (int k = 0; k < 40; ++k) fs::remove(corpus / "b" / ("g" + std::to_string(100 + k) + ".toml"));
    for (const std::string command : {"audit", "run"}) {
        INFO(command);
        const std::string arguments = command + " " + paths + " --format json";
        const auto warm = run_appraise("-v " + arguments + " -j 1 --cache " + shell_quote(cache));
        CHECK(cache_counts(warm.err) == "10 files from the cache (10 of them not read), 0 read");
        CHECK(warm.out == run_appraise(arguments).out);
    }
}

TEST_CASE("a cache keeps the results of the last four run identities and drops the older ones", "[cli][cache]") {
    temp_dir dir;
    const fs::path corpus = copy_example(dir);
    const fs::path cache = dir.path() / "cache";
    const fs::path file = cache / appraise::cache_file_name;
    const std::vector<std::string> rubrics = {"design-weakness", "ephpp", "rob2", "mmat-2018", "jbi-qe-2017"};
    for (const auto& rubric : rubrics)
        REQUIRE(
            run_appraise("run " + shell_quote(corpus) + " -r " + rubric + " -o /dev/null --cache " + shell_quote(cache))
                .exit_code == 0);
    CHECK(cache_query(file, "SELECT count(*) FROM runs") == std::to_string(appraise::cache_identities_kept));
    CHECK(cache_query(file, "SELECT count(DISTINCT identity) FROM results") ==
          std::to_string(appraise::cache_identities_kept));
    CHECK(cache_query(file, "SELECT count(*) FROM results WHERE identity NOT IN (SELECT identity FROM runs)") == "0");
    // The oldest is the one dropped: its run reads every file again, the newest none.
    const auto oldest = run_appraise("-v run " + shell_quote(corpus) + " -r design-weakness -o /dev/null --cache " +
                                     shell_quote(cache));
    CHECK(has(cache_counts(oldest.err), "0 files from the cache"));
    const auto newest =
        run_appraise("-v run " + shell_quote(corpus) + " -r jbi-qe-2017 -o /dev/null --cache " + shell_quote(cache));
    CHECK(has(cache_counts(newest.err), ", 0 read"));
}
