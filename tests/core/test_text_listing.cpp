// Sorted directory listing and PATH-style lists (core/input).
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "appraise/input/directory_listing.hpp"
#include "appraise/input/path_list.hpp"

namespace fs = std::filesystem;
using namespace appraise;

TEST_CASE("split_path_list: colon-separated, empty parts ignored", "[core][input]") {
    CHECK(split_path_list("").empty());
    CHECK(split_path_list("a") == std::vector<fs::path>{"a"});
    CHECK(split_path_list("a::/b c:") == std::vector<fs::path>{"a", "/b c"});
    CHECK(split_path_list(":x") == std::vector<fs::path>{"x"});
    ::setenv("APPRAISE_TEST_PATH_LIST", "/one:/two", 1);
    CHECK(path_list_from_env("APPRAISE_TEST_PATH_LIST") == std::vector<fs::path>{"/one", "/two"});
    ::unsetenv("APPRAISE_TEST_PATH_LIST");
    CHECK(path_list_from_env("APPRAISE_TEST_PATH_LIST").empty());
}

TEST_CASE("list_directory: sorted by name, folders marked", "[core][input]") {
    const fs::path root = fs::temp_directory_path() / ("appraise-listing-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "b");
    fs::create_directories(root / "a.so");
    for (const char* name : {"c.so", "a.so.x", "B.so", "appraise.toml", "z.toml"}) std::ofstream(root / name) << "x";
    std::error_code error;
    const auto entries = list_directory(root, error);
    REQUIRE_FALSE(error);
    std::vector<std::string> names;
    for (const auto& e : entries) names.push_back(e.name);
    CHECK(names == std::vector<std::string>{"B.so", "a.so.x", "a.so/", "appraise.toml", "b/", "c.so", "z.toml"});
    CHECK(entries[2].folder);
    CHECK(entries[0].regular);
    const auto so = list_files(root, ".so", error);
    CHECK(so == std::vector<fs::path>{root / "B.so", root / "a.so", root / "c.so"});
    CHECK(list_files(root, ".toml", error, "appraise.toml") == std::vector<fs::path>{root / "z.toml"});
    fs::remove_all(root);
    const auto missing = list_directory(root, error);
    CHECK(error);
    CHECK(missing.empty());
}
