// "Did you mean ...?": the edit distance and the choice of the nearest word.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "appraise/model/suggest.hpp"

using appraise::edit_distance;
using appraise::nearest;
using strings = std::vector<std::string>;

TEST_CASE("edit_distance counts insertions, deletions and substitutions", "[core][suggest]") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("random", "random") == 0);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("", "abcd") == 4);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("randm", "random") == 1);    // insertion
    CHECK(edit_distance("randoom", "random") == 1);  // deletion
    CHECK(edit_distance("rendom", "random") == 1);   // substitution
    CHECK(edit_distance("itt", "per-protocol") == edit_distance("per-protocol", "itt"));
}

TEST_CASE("edit_distance counts an adjacent transposition as one edit", "[core][suggest]") {
    CHECK(edit_distance("ab", "ba") == 1);
    CHECK(edit_distance("alloaction", "allocation") == 1);
    CHECK(edit_distance("comparatro", "comparator") == 1);
    CHECK(edit_distance("rtc", "rct") == 1);
    // Optimal string alignment: a transposed pair is not edited again.
    CHECK(edit_distance("ca", "abc") == 3);
}

TEST_CASE("edit_distance ignores case, in transpositions too", "[core][suggest]") {
    CHECK(edit_distance("RCT", "rct") == 0);
    CHECK(edit_distance("Random", "random") == 0);
    CHECK(edit_distance("RTC", "rct") == 1);
    CHECK(edit_distance("AB", "ba") == 1);
}

TEST_CASE("nearest suggests a close candidate", "[core][suggest]") {
    const strings allocation = {"random", "quasi-random", "non-random", "none"};
    CHECK(nearest("randm", allocation) == std::optional<std::string>("random"));
    CHECK(nearest("quasi-randon", allocation) == std::optional<std::string>("quasi-random"));
    CHECK(nearest("alocation", {"type", "allocation", "comparator"}) == std::optional<std::string>("allocation"));
    CHECK(nearest("typ", {"type", "unit"}) == std::optional<std::string>("type"));
    // The closest wins, whatever the order.
    CHECK(nearest("rando", {"randomised", "random"}) == std::optional<std::string>("random"));
    CHECK(nearest("rando", {"random", "randomised"}) == std::optional<std::string>("random"));
    // A long word tolerates up to three edits.
    CHECK(nearest("nonrandomizedcontrolled", {"non-randomised-controlled", "cohort"}) ==
          std::optional<std::string>("non-randomised-controlled"));
}

TEST_CASE("nearest gives nothing when no candidate is a plausible typo", "[core][suggest]") {
    CHECK_FALSE(nearest("xyz", {"allocation", "comparator"}).has_value());
    CHECK_FALSE(nearest("anything", {}).has_value());
    // Short words allow one edit only.
    CHECK_FALSE(nearest("ab", {"xy"}).has_value());
    CHECK_FALSE(nearest("itt", {"rct"}).has_value());
    // Never more than three edits, however long the word.
    CHECK_FALSE(nearest("nonrandomizedcontroled", {"non-randomised-controlled"}).has_value());
    CHECK_FALSE(nearest("publication", {"allocation"}).has_value());
}

TEST_CASE("edit_distance is the same whichever word is longer", "[core][suggest]") {
    CHECK(edit_distance("kitten", "sitting") == edit_distance("sitting", "kitten"));
    CHECK(edit_distance("alloaction", "allocation-x") == edit_distance("allocation-x", "alloaction"));
    CHECK(edit_distance("a", "abcdefgh") == 7);
}

// Issue 12: a 7 MB unknown key took 20 s and 1.8 GB (a full matrix against
// every candidate). A word over the bound gets no suggestion and no work.
TEST_CASE("nearest makes no suggestion for a word longer than any key", "[core][suggest]") {
    const std::string pasted(7'000'000, 'a');
    CHECK_FALSE(nearest(pasted, {"allocation", "comparator", std::string(64, 'a')}).has_value());
    const std::string longest(appraise::sdk::longest_suggestible_word, 'a');
    CHECK(nearest(longest, {longest + "b"}) == std::optional<std::string>(longest + "b"));
    CHECK_FALSE(nearest(longest + "a", {longest}).has_value());
}
