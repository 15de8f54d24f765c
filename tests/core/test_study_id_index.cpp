// The run-wide index of study ids: exact (every id compared in full), the
// first place kept whatever the size of its numbers, and compact.
#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <string>
#include <unordered_map>

#include "appraise/input/study_id_index.hpp"

using appraise::first_place;
using appraise::id_index_limits;
using appraise::study_id_index;

namespace {

// "synth-0000042": the generator's ids, 13 bytes each.
std::string synth_id(std::uint32_t i) {
    char id[32];
    const int n = std::snprintf(id, sizeof id, "synth-%07u", i);
    return {id, static_cast<std::size_t>(n)};
}

// Every 997th of `count` synth ids is found again, at the place it was first inserted.
void check_found_again(study_id_index& ids, std::uint32_t count) {
    for (std::uint32_t i = 0; i < count; i += 997) {
        const auto found = ids.insert(synth_id(i), {0, 0, 0});
        REQUIRE(found);
        CHECK(found->file == i / 1000);
        CHECK(found->line == i % 97 + 1);
    }
}

}  // namespace

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

TEST_CASE("study_id_index kept in memory: a million ids, every one found again, in under 38 bytes each", "[ids]") {
    study_id_index ids(id_index_limits{0, nullptr});  // never spilled
    constexpr std::uint32_t count = 1'000'000;
    for (std::uint32_t i = 0; i < count; ++i) {
        REQUIRE_FALSE(ids.insert(synth_id(i), {i / 1000, i % 97 + 1, 6}));
    }
    check_found_again(ids, count);
    CHECK(ids.size() == count);
    // 13-byte ids: 1 + 13 + 3 + 1 + 1 bytes of record and 16 of 8-byte slots
    // at this load (35.7 bytes an id). The slots carry hash bits, so a probe
    // passes other ids without reading their records: 4-byte slots held 27.3
    // bytes an id, and 2,000,000 inserts and finds at the engine's budget
    // took 2.4 s of CPU instead of 1.7.
    CHECK(ids.bytes_held() < std::size_t{38} * count);
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

namespace {

// Ids the index is given, with the first place of each as an oracle would
// keep it: a duplicate must be answered with exactly that place, a new id
// with nothing.
void check_against_oracle(study_id_index& ids, std::uint32_t count, std::uint32_t distinct, unsigned seed) {
    std::unordered_map<std::string, first_place> oracle;
    std::mt19937 random(seed);
    std::uniform_int_distribution<std::uint32_t> pick(0, distinct - 1);
    std::uniform_int_distribution<int> length(0, 40);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t n = pick(random);
        // Ids of many lengths, some long, some sharing long prefixes.
        std::string id = "study-" + std::to_string(n) + std::string(static_cast<std::size_t>(n % 41), 'x');
        const first_place here{i, i % 1000 + 1, static_cast<std::uint32_t>(length(random))};
        const auto answer = ids.insert(id, here);
        const auto known = oracle.find(id);
        if (known == oracle.end()) {
            REQUIRE_FALSE(answer);
            oracle.emplace(id, here);
        } else {
            REQUIRE(answer);
            REQUIRE(answer->file == known->second.file);
            REQUIRE(answer->line == known->second.line);
            REQUIRE(answer->column == known->second.column);
        }
    }
    CHECK(ids.size() == oracle.size());
}

// A hash that puts many ids on one value, so that runs hold long stretches
// of equal hashes and groups split them.
std::uint64_t crowded_hash(std::string_view id) {
    return id.size() % 7;
}

}  // namespace

TEST_CASE("study_id_index spilled to a file answers exactly as one kept in memory", "[ids]") {
    SECTION("many spills and merges, the standard hash") {
        study_id_index ids(id_index_limits{4096, nullptr});
        check_against_oracle(ids, 60'000, 20'000, 1);
        CHECK(ids.spilled() > 10'000);
        CHECK(ids.spilled_runs() >= 1);
        CHECK(ids.spilled_runs() <= 9);  // merged, not one run per spill
    }
    SECTION("hashes that collide across groups and runs") {
        study_id_index ids(id_index_limits{2048, crowded_hash});
        check_against_oracle(ids, 6'000, 2'500, 2);
        CHECK(ids.spilled() > 1'000);
    }
    SECTION("an id larger than the budget") {
        study_id_index ids(id_index_limits{1024, nullptr});
        const std::string huge(5000, 'h');
        CHECK_FALSE(ids.insert("a", {0, 1, 1}));
        CHECK_FALSE(ids.insert(huge, {1, 2, 3}));
        for (std::uint32_t i = 0; i < 500; ++i) CHECK_FALSE(ids.insert("id-" + std::to_string(i), {2, i + 1, 1}));
        CHECK(ids.spilled() > 0);
        REQUIRE(ids.insert(huge, {9, 9, 9}));
        CHECK(ids.insert(huge, {9, 9, 9})->column == 3);
        CHECK(ids.insert("a", {9, 9, 9})->line == 1);
        CHECK(ids.insert("id-499", {9, 9, 9})->line == 500);
    }
}

TEST_CASE("study_id_index: two million ids in memory that stops growing at its budget", "[ids]") {
    study_id_index ids;  // the engine's limits
    constexpr std::uint32_t count = 2'000'000;
    std::size_t held_at_200k = 0;
    std::size_t most_held = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        REQUIRE_FALSE(ids.insert(synth_id(i), {i / 1000, i % 97 + 1, 6}));
        if (i % 1000 == 0) most_held = std::max(most_held, ids.bytes_held());
        if (i == 200'000) held_at_200k = ids.bytes_held();
    }
    check_found_again(ids, count);
    CHECK(ids.size() == count);
    CHECK(ids.spilled() > count / 2);
    // The budget (2 MiB of records, about 2 MiB of their slots) and the
    // spill's 2 MiB filter; the group indexes add under 0.1 byte an id. Kept
    // in memory, two million ids would take about 71 MB.
    CHECK(most_held < std::size_t{7} << 20);
    CHECK(ids.bytes_held() < held_at_200k + (std::size_t{1} << 20));
}
