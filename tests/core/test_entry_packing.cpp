// The cache's packed entries (entry_packing.hpp): lossless, a dictionary
// trained once on the first entries and then used, and every frame this
// packer cannot take as its own refused with cache_error, since the cache
// file is untrusted input.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "appraise/cache/entry_packing.hpp"
#include "appraise/cache/result_codec.hpp"

namespace {

using namespace appraise;

// An entry like the cache's: the same ids and words in every study, with a
// few values of its own (what a trained dictionary is for).
std::string entry(int n) {
    std::string text = "study-" + std::to_string(n) + ";";
    for (int domain = 0; domain < 12; ++domain) {
        text += "domain d" + std::to_string(domain) + " judgement " + (n % 3 == 0 ? "low" : "some-concerns");
        for (int item = 0; item < 8; ++item)
            text += " answer " + std::to_string(domain) + "." + std::to_string(item) + "=" +
                    ((n + item) % 2 == 0 ? "probably-yes" : "no-information") + " provenance derived;";
        text +=
            " rationale: the worst answer in this domain decides its judgement, study " + std::to_string(n * 7) + ";";
    }
    return text;
}

}  // namespace

TEST_CASE("a packed entry unpacks to its bytes with and without a dictionary", "[cache][packing]") {
    entry_packer packer;
    CHECK(packer.dictionary_id() == 0);
    const std::string first = entry(0);
    const std::string frame = packer.pack(first);
    CHECK(frame.size() < first.size());
    CHECK(packer.unpack(frame) == first);
    CHECK(packer.unpack(packer.pack("")) == "");

    // The 128th entry trains the dictionary: kept once, used from then on.
    std::vector<std::string> before;
    for (int n = 1; n < static_cast<int>(entry_packer::samples_wanted); ++n) before.push_back(packer.pack(entry(n)));
    REQUIRE(packer.dictionary_id() != 0);
    const auto trained = packer.take_trained_dictionary();
    REQUIRE(trained);
    CHECK(trained->size() <= entry_packer::dictionary_capacity);
    CHECK_FALSE(packer.take_trained_dictionary());
    CHECK(packer.dictionary_bytes() == *trained);

    const std::string later = entry(1000);
    const std::string with_dictionary = packer.pack(later);
    CHECK(packer.unpack(with_dictionary) == later);
    entry_packer plain;
    const std::string without = plain.pack(later);
    INFO("with a dictionary " << with_dictionary.size() << " bytes, without " << without.size());
    CHECK(with_dictionary.size() < without.size());
    // Entries packed before the dictionary are still read.
    for (int n = 1; n < static_cast<int>(before.size()); n += 31) CHECK(packer.unpack(before[n - 1]) == entry(n));

    SECTION("another packer reads the frames once it holds the kept dictionary") {
        entry_packer reader;
        CHECK_THROWS_AS(reader.unpack(with_dictionary), cache_error);  // not the dictionary it holds (none)
        CHECK(reader.unpack(without) == later);
        REQUIRE(reader.use_dictionary(*trained));
        CHECK(reader.dictionary_id() == packer.dictionary_id());
        CHECK(reader.unpack(with_dictionary) == later);
        // A packer that holds a dictionary packs with it and trains none.
        CHECK(reader.unpack(reader.pack(entry(5))) == entry(5));
        CHECK_FALSE(reader.take_trained_dictionary());
    }
    SECTION("a frame packed with another dictionary is refused") {
        entry_packer other;
        for (int n = 0; n < static_cast<int>(entry_packer::samples_wanted); ++n)
            (void)other.pack(entry(n + 5000) + "x");
        REQUIRE(other.dictionary_id() != 0);
        if (other.dictionary_id() != packer.dictionary_id())
            CHECK_THROWS_AS(other.unpack(with_dictionary), cache_error);
    }
    SECTION("a damaged frame is refused, never unpacked wrong") {
        CHECK_THROWS_AS(packer.unpack(""), cache_error);
        CHECK_THROWS_AS(packer.unpack("not a frame"), cache_error);
        CHECK_THROWS_AS(packer.unpack(with_dictionary.substr(0, with_dictionary.size() - 1)), cache_error);
        CHECK_THROWS_AS(packer.unpack(with_dictionary + "x"), cache_error);              // trailing bytes
        CHECK_THROWS_AS(packer.unpack(with_dictionary + with_dictionary), cache_error);  // two frames
        // Every single flipped byte: refused, or (a bit no check covers) the very bytes.
        int refused = 0;
        for (std::size_t at = 0; at < with_dictionary.size(); ++at) {
            std::string damaged = with_dictionary;
            damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
            std::string back;
            try {
                back = packer.unpack(damaged);
            } catch (const cache_error&) {
                ++refused;
                continue;
            }
            CHECK(back == later);
        }
        CHECK(refused > static_cast<int>(with_dictionary.size()) - 8);
    }
}

TEST_CASE("a kept dictionary that is not a trained zstd dictionary is refused", "[cache][packing]") {
    entry_packer packer;
    CHECK_FALSE(packer.use_dictionary(""));
    CHECK_FALSE(packer.use_dictionary("raw bytes are a zstd dictionary too, but have no id"));
    CHECK_FALSE(packer.use_dictionary(std::string(entry_packer::max_dictionary_size + 1, 'x')));
    CHECK(packer.dictionary_id() == 0);
    // Still collecting: it trains its own.
    for (int n = 0; n < static_cast<int>(entry_packer::samples_wanted); ++n) (void)packer.pack(entry(n));
    CHECK(packer.dictionary_id() != 0);
}

TEST_CASE("samples a dictionary cannot be trained on leave the entries packed without one", "[cache][packing]") {
    entry_packer packer;
    for (int n = 0; n < static_cast<int>(entry_packer::samples_wanted); ++n) {
        const std::string frame = packer.pack("");
        CHECK(packer.unpack(frame).empty());
    }
    CHECK(packer.dictionary_id() == 0);
    CHECK_FALSE(packer.take_trained_dictionary());
    CHECK(packer.unpack(packer.pack("y")) == "y");
}
