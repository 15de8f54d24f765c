// Fuzzes what the cache and shard files hand back (result_codec): any bytes
// either decode or are refused with cache_error, and what decodes encodes to
// the same bytes (the form is lossless, so a cache hit is the result itself).
#include "appraise/cache/result_codec.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace appraise;
    const std::string_view bytes = fuzz::as_text(data, size);
    try {
        const file_result result = decode_file_result(bytes);
        const std::string again = encode_file_result(result);
        fuzz::require(decode_file_result(again).studies.size() == result.studies.size());
        fuzz::require(encode_file_result(decode_file_result(again)) == again);
    } catch (const cache_error&) {
        // refused: what a damaged entry must be
    }
    return 0;
}
