// The run-wide index of study ids: exact (every id compared in full), the
// first place kept whatever the size of its numbers, and compact.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "appraise/input/study_id_index.hpp"

using appraise::first_place;
using appraise::study_id_index;

TEST_CASE("study_id_index returns where an id was first written, and only for the same id", "[ids]") {
    study_id_index ids;
    CHECK_FALSE(ids.insert("lan-2009", {0, 1, 6}));
    CHECK_FALSE(ids.insert("Lan-2009", {1, 1, 6}));   // case matters here: the ids differ
    CHECK_FALSE(ids.insert("lan-2009 ", {2, 1, 6}));  // a prefix is not the id
    CHECK_FALSE(ids.insert("lan-200", {3, 1, 6}));
    const auto again = ids.insert("lan-2009", {7, 40, 9});
    REQUIRE(again);
    CHECK(again->file == 0);
    CHECK(again->line == 1);
    CHECK(again->column == 6);
    CHECK(ids.size() == 4);
}

TEST_CASE("study_id_index keeps large file numbers, lines and columns exactly", "[ids]") {
    study_id_index ids;
    const first_place big{4'000'000'000U, 123'456'789U, 70'000U};
    CHECK_FALSE(ids.insert("x", big));
    const auto found = ids.insert("x", {1, 1, 1});
    REQUIRE(found);
    CHECK(found->file == big.file);
    CHECK(found->line == big.line);
    CHECK(found->column == big.column);
}

TEST_CASE("study_id_index: a million ids, every one found again, in about 30 bytes each", "[ids]") {
    study_id_index ids;
    constexpr std::uint32_t count = 1'000'000;
    for (std::uint32_t i = 0; i < count; ++i) {
        char id[32];
        const int n = std::snprintf(id, sizeof id, "synth-%07u", i);
        REQUIRE_FALSE(ids.insert(std::string_view(id, static_cast<std::size_t>(n)), {i / 1000, i % 97 + 1, 6}));
    }
    for (std::uint32_t i = 0; i < count; i += 997) {
        char id[32];
        const int n = std::snprintf(id, sizeof id, "synth-%07u", i);
        const auto found = ids.insert(std::string_view(id, static_cast<std::size_t>(n)), {0, 0, 0});
        REQUIRE(found);
        CHECK(found->file == i / 1000);
        CHECK(found->line == i % 97 + 1);
    }
    CHECK(ids.size() == count);
    // 13-byte ids: 1 + 13 + 3 + 1 + 1 bytes of record and 8 of slots at this
    // load; the old layout held about 37.
    CHECK(ids.bytes_held() < std::size_t{30} * count);
}

TEST_CASE("study_id_index: ids over a chunk's size have a chunk of their own, and the next ids still fit", "[ids]") {
    study_id_index ids;
    const std::string huge(3 << 20, 'a');
    CHECK_FALSE(ids.insert("before", {0, 1, 1}));
    CHECK_FALSE(ids.insert(huge, {1, 2, 3}));
    CHECK_FALSE(ids.insert("after", {2, 4, 5}));
    std::string other = huge;
    other.back() = 'b';
    CHECK_FALSE(ids.insert(other, {3, 1, 1}));
    REQUIRE(ids.insert(huge, {9, 9, 9}));
    CHECK(ids.insert(huge, {9, 9, 9})->file == 1);
    CHECK(ids.insert("after", {9, 9, 9})->line == 4);
    CHECK(ids.insert("before", {9, 9, 9})->file == 0);
    CHECK(ids.insert(other, {9, 9, 9})->file == 3);
}
