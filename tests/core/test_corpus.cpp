// Listing the corpus: which files a run reads, and in which order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "appraise/input/corpus.hpp"
#include "test_support.hpp"

using namespace appraise;
namespace fs = std::filesystem;
using strings = std::vector<std::string>;

namespace {

strings displays(const corpus_listing& listing) {
    strings out;
    for (const auto& file : listing.files) out.push_back(file.display);
    return out;
}

// The paths relative to `base`, generic form.
strings relative(const corpus_listing& listing, const fs::path& base) {
    strings out;
    for (const auto& file : listing.files) out.push_back(file.path.lexically_relative(base).generic_string());
    return out;
}

}  // namespace

TEST_CASE("a directory lists every *.toml below it in sorted path order", "[core][corpus]") {
    const test::temp_dir dir;
    // Written out of order on purpose.
    for (const char* name :
         {"studies/zhang-2019.toml", "studies/b/nested.toml", "studies/b.toml", "studies/a/deep/er/x.toml",
          "studies/Upper.toml", "studies/lan-2009.toml", "studies/appraise.toml", "studies/b/appraise.toml",
          "studies/notes.md", "studies/data.toml.bak", "studies/README", "studies/c/not-toml.TOML"})
        dir.write(name, "id = \"x\"\n");
    fs::create_directories(dir.path() / "studies/empty-folder");

    const corpus_listing listing = list_corpus({(dir.path() / "studies").string()});
    CHECK(listing.problems.empty());
    // Sorted by generic path string: '.' (0x2E) sorts before '/' (0x2F), capitals before lower case.
    CHECK(relative(listing, dir.path() / "studies") ==
          strings{"Upper.toml", "a/deep/er/x.toml", "b.toml", "b/nested.toml", "lan-2009.toml", "zhang-2019.toml"});
    for (const auto& file : listing.files) {
        CHECK(fs::is_regular_file(file.path));
        CHECK(file.display == file.path.lexically_normal().generic_string());
    }
}

TEST_CASE("the display path keeps the path as the user wrote it, normalised", "[core][corpus]") {
    const test::temp_dir dir;
    dir.write("corpus/one.toml", "id = \"one\"\n");
    dir.write("corpus/sub/two.toml", "id = \"two\"\n");
    const std::string given = (dir.path() / "corpus" / "." / "sub" / "..").string();
    const corpus_listing listing = list_corpus({given});
    CHECK(listing.problems.empty());
    const std::string base = (dir.path() / "corpus").generic_string();
    CHECK(displays(listing) == strings{base + "/one.toml", base + "/sub/two.toml"});
}

// The walker normalises each folder once and appends names; this holds it
// to normalising each file's whole path, on relative and dotted paths, and
// to path::extension() on names that begin with dots.
TEST_CASE("display paths and the .toml rule agree with normalising each whole path", "[core][corpus]") {
    const test::temp_dir dir;
    for (const char* name : {"corpus/a.toml", "corpus/..toml", "corpus/.toml", "corpus/.hidden.toml",
                             "corpus/sub/b.toml", "corpus/sub/x.toml.toml"})
        dir.write(name, "id = \"x\"\n");
    fs::create_symlink(dir.path() / "corpus/a.toml", dir.path() / "corpus/link.toml");
    struct back_where_we_were {
        fs::path before = fs::current_path();
        back_where_we_were() = default;
        back_where_we_were(const back_where_we_were&) = delete;
        back_where_we_were& operator=(const back_where_we_were&) = delete;
        ~back_where_we_were() { fs::current_path(before); }
    } const restore;
    fs::current_path(dir.path() / "corpus" / "sub");
    for (const std::string given : {".", "./", "..", "../", "../sub/..", "./../sub", "../../corpus/./"}) {
        INFO(given);
        const corpus_listing listing = list_corpus({given});
        CHECK(listing.problems.empty());
        strings expected;
        for (const auto& file : listing.files) {
            CHECK(file.display == file.path.lexically_normal().generic_string());
            if (file.path.extension() == ".toml") expected.push_back(file.path.filename().string());
        }
        strings names;
        for (const auto& file : listing.files) names.push_back(file.path.filename().string());
        CHECK(names == expected);
    }
    CHECK(displays(list_corpus({"."})) == strings{"b.toml", "x.toml.toml"});
    CHECK(displays(list_corpus({".."})) ==
          strings{"../..toml", "../.hidden.toml", "../a.toml", "../link.toml", "../sub/b.toml", "../sub/x.toml.toml"});
}

TEST_CASE("a missing path is an error naming it, other paths still count", "[core][corpus]") {
    const test::temp_dir dir;
    const fs::path study = dir.write("a.toml", "id = \"a\"\n");
    const std::string missing = (dir.path() / "no-such-dir").string();
    const corpus_listing listing = list_corpus({missing, study.string()});
    REQUIRE(listing.problems.size() == 1);
    CHECK(listing.problems[0].code == "coding/path-not-found");
    CHECK(listing.problems[0].level == severity::error);
    CHECK(listing.problems[0].where.file == missing);
    CHECK_THAT(listing.problems[0].message, Catch::Contains(missing));
    REQUIRE(listing.files.size() == 1);
    CHECK(listing.files[0].path == study);
}

TEST_CASE("a directory without studies is an error", "[core][corpus]") {
    const test::temp_dir dir;
    dir.write("project/appraise.toml", "rubrics = []\n");
    dir.write("project/notes.txt", "nothing here\n");
    dir.write("project/sub/appraise.toml", "rubrics = []\n");
    const std::string given = (dir.path() / "project").string();
    const corpus_listing listing = list_corpus({given});
    CHECK(listing.files.empty());
    REQUIRE(listing.problems.size() == 1);
    CHECK(listing.problems[0].code == "coding/no-studies");
    CHECK(listing.problems[0].where.file == given);

    fs::create_directories(dir.path() / "blank");
    const corpus_listing blank = list_corpus({(dir.path() / "blank").string()});
    REQUIRE(blank.problems.size() == 1);
    CHECK(blank.problems[0].code == "coding/no-studies");
}

TEST_CASE("a file argument is taken as given", "[core][corpus]") {
    const test::temp_dir dir;
    const fs::path text = dir.write("notes.txt", "id = \"n\"\n");
    const fs::path config = dir.write("appraise.toml", "id = \"c\"\n");
    const fs::path study = dir.write("z.toml", "id = \"z\"\n");
    // Not filtered by name, and kept in the order given.
    const corpus_listing listing = list_corpus({study.string(), text.string(), config.string()});
    CHECK(listing.problems.empty());
    REQUIRE(listing.files.size() == 3);
    CHECK(listing.files[0].path == study);
    CHECK(listing.files[1].path == text);
    CHECK(listing.files[2].path == config);
    CHECK(listing.files[1].display == text.generic_string());
}

TEST_CASE("a file named twice is listed once", "[core][corpus]") {
    const test::temp_dir dir;
    dir.write("c/a.toml", "id = \"a\"\n");
    dir.write("c/b.toml", "id = \"b\"\n");
    const std::string folder = (dir.path() / "c").string();
    const std::string a = (dir.path() / "c" / "a.toml").string();
    const std::string a_again = (dir.path() / "c" / "." / "a.toml").string();
    SECTION("the file first") {
        const corpus_listing listing = list_corpus({a, folder, a_again, folder});
        CHECK(listing.problems.empty());
        CHECK(relative(listing, dir.path() / "c") == strings{"a.toml", "b.toml"});
    }
    SECTION("the folder first") {
        const corpus_listing listing = list_corpus({folder, a});
        CHECK(listing.problems.empty());
        strings found = relative(listing, dir.path() / "c");
        std::sort(found.begin(), found.end());
        CHECK(found == strings{"a.toml", "b.toml"});
    }
}

TEST_CASE("a folder inside another folder argument is listed once", "[core][corpus]") {
    const test::temp_dir dir;
    dir.write("c/top.toml", "id = \"top\"\n");
    dir.write("c/sub/inner.toml", "id = \"inner\"\n");
    const std::string outer = (dir.path() / "c").string();
    const std::string inner = (dir.path() / "c" / "sub").string();
    SECTION("outer first") {
        const corpus_listing listing = list_corpus({outer, inner});
        CHECK(listing.problems.empty());
        CHECK(relative(listing, dir.path() / "c") == strings{"sub/inner.toml", "top.toml"});
    }
    SECTION("inner first") {
        const corpus_listing listing = list_corpus({inner, outer});
        CHECK(listing.problems.empty());
        strings found = relative(listing, dir.path() / "c");
        std::sort(found.begin(), found.end());
        CHECK(found == strings{"sub/inner.toml", "top.toml"});
    }
    SECTION("the same folder twice") {
        const corpus_listing listing = list_corpus({outer, outer + "/"});
        CHECK(listing.problems.empty());
        CHECK(listing.files.size() == 2);
    }
}

TEST_CASE("the walker yields files and problems one at a time, in order", "[core][corpus]") {
    const test::temp_dir dir;
    dir.write("c/b.toml", "id = \"b\"\n");
    dir.write("c/a.toml", "id = \"a\"\n");
    const std::string missing = (dir.path() / "missing").string();
    corpus_walker walker({(dir.path() / "c").string(), missing});
    auto first = walker.next();
    REQUIRE(first.has_value());
    REQUIRE(first->file.has_value());
    CHECK(first->file->path.filename() == "a.toml");
    CHECK(first->problems.empty());
    auto second = walker.next();
    REQUIRE(second.has_value());
    REQUIRE(second->file.has_value());
    CHECK(second->file->path.filename() == "b.toml");
    auto third = walker.next();
    REQUIRE(third.has_value());
    CHECK_FALSE(third->file.has_value());
    REQUIRE(third->problems.size() == 1);
    CHECK(third->problems[0].code == "coding/path-not-found");
    CHECK_FALSE(walker.next().has_value());
    CHECK_FALSE(walker.next().has_value());
}

TEST_CASE("several directories keep the order they were given in", "[core][corpus]") {
    const test::temp_dir dir;
    dir.write("second/a.toml", "id = \"a\"\n");
    dir.write("first/z.toml", "id = \"z\"\n");
    const corpus_listing listing = list_corpus({(dir.path() / "first").string(), (dir.path() / "second").string()});
    CHECK(listing.problems.empty());
    CHECK(relative(listing, dir.path()) == strings{"first/z.toml", "second/a.toml"});
}

TEST_CASE("no paths, no files", "[core][corpus]") {
    const corpus_listing listing = list_corpus({});
    CHECK(listing.files.empty());
    CHECK(listing.problems.empty());
}
