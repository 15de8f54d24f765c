// Fuzzes what the cache and shard files hand back: any bytes either decode
// or are refused with cache_error, and what decodes encodes to the same bytes
// (result_codec: the form is lossless, so a cache hit is the result itself).
// The same bytes are also taken as a packed entry (entry_packing: one zstd
// frame, with no dictionary or with one trained here once) and as a kept
// dictionary, which must be refused or loaded, never crash.
#include "appraise/cache/entry_packing.hpp"
#include "appraise/cache/result_codec.hpp"
#include "fuzz_input.hpp"

namespace {

void decode_and_again(std::string_view bytes) {
    using namespace appraise;
    try {
        const file_result result = decode_file_result(bytes);
        const std::string again = encode_file_result(result);
        fuzz::require(decode_file_result(again).studies.size() == result.studies.size());
        fuzz::require(encode_file_result(decode_file_result(again)) == again);
    } catch (const cache_error&) {
        // refused: what a damaged entry must be
    }
}

// A packer holding a dictionary trained on entries like the seeds'.
appraise::entry_packer& trained_packer() {
    static appraise::entry_packer* packer = [] {
        auto* made = new appraise::entry_packer;
        for (int n = 0; n < static_cast<int>(appraise::entry_packer::samples_wanted); ++n) {
            std::string sample;
            for (int i = 0; i < 60; ++i)
                sample += "domain " + std::to_string(i % 7) + " answer " + std::to_string((n * 31 + i) % 97) +
                          " derived no-weakness not-reported ";
            (void)made->pack(sample);
        }
        return made;
    }();
    return *packer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace appraise;
    const std::string_view bytes = fuzz::as_text(data, size);
    decode_and_again(bytes);
    static const entry_packer without_dictionary;
    const entry_packer* packers[] = {&without_dictionary, &trained_packer()};
    for (const entry_packer* packer : packers) {
        try {
            const std::string unpacked = packer->unpack(bytes);
            fuzz::require(unpacked.size() <= max_encoded_result);
            decode_and_again(unpacked);
        } catch (const cache_error&) {
            // refused: not one whole frame of this packer's
        }
    }
    entry_packer loader;
    if (loader.use_dictionary(bytes)) {
        fuzz::require(loader.dictionary_id() != 0);
        const std::string entry = "an entry packed with a dictionary read from the cache";
        fuzz::require(loader.unpack(loader.pack(entry)) == entry);
    }
    return 0;
}
