#include "appraise/cache/entry_packing.hpp"

#define ZDICT_STATIC_LINKING_ONLY  // ZDICT_trainFromBuffer_fastCover, to choose its memory and time
#include <zdict.h>
#include <zstd.h>

#include <new>

#include "appraise/cache/result_codec.hpp"

namespace appraise {
namespace {

// Level 1: the fastest, and with a dictionary as small as level 3 within a
// few percent here (zstd -b1 -e3 on kept entries).
constexpr int pack_level = 1;

struct cctx_free {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct dctx_free {
    void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

// One context per thread, reused (making one costs more than packing an entry).
ZSTD_CCtx* thread_cctx() {
    thread_local std::unique_ptr<ZSTD_CCtx, cctx_free> cctx{ZSTD_createCCtx()};
    if (!cctx) throw std::bad_alloc();
    return cctx.get();
}
ZSTD_DCtx* thread_dctx() {
    thread_local std::unique_ptr<ZSTD_DCtx, dctx_free> dctx{ZSTD_createDCtx()};
    if (!dctx) throw std::bad_alloc();
    return dctx.get();
}

}  // namespace

struct entry_packer::dictionary {
    std::string bytes;
    std::uint32_t id = 0;
    ZSTD_CDict* cdict = nullptr;
    ZSTD_DDict* ddict = nullptr;

    dictionary(const dictionary&) = delete;
    dictionary& operator=(const dictionary&) = delete;
    dictionary(dictionary&&) = delete;
    dictionary& operator=(dictionary&&) = delete;

    // nullptr when `bytes` is not a zstd dictionary with an id.
    static std::shared_ptr<const dictionary> make(std::string bytes) {
        if (bytes.empty() || bytes.size() > max_dictionary_size) return nullptr;
        const unsigned id = ZDICT_getDictID(bytes.data(), bytes.size());
        if (id == 0) return nullptr;  // not a trained dictionary (raw bytes would also load)
        auto made = std::shared_ptr<dictionary>(new dictionary(std::move(bytes), id));
        if (made->cdict == nullptr || made->ddict == nullptr) return nullptr;
        return made;
    }
    ~dictionary() {
        ZSTD_freeCDict(cdict);
        ZSTD_freeDDict(ddict);
    }

private:
    dictionary(std::string b, std::uint32_t i) : bytes(std::move(b)), id(i) {
        cdict = ZSTD_createCDict(bytes.data(), bytes.size(), pack_level);
        ddict = ZSTD_createDDict(bytes.data(), bytes.size());
    }
};

entry_packer::entry_packer() = default;
entry_packer::~entry_packer() = default;

bool entry_packer::use_dictionary(std::string_view bytes) {
    auto made = dictionary::make(std::string(bytes));
    if (!made) return false;
    std::lock_guard lock(mutex_);
    dictionary_ = std::move(made);
    collecting_ = false;
    samples_.clear();
    sample_sizes_.clear();
    return true;
}

std::shared_ptr<const entry_packer::dictionary> entry_packer::current() const {
    std::lock_guard lock(mutex_);
    return dictionary_;
}

std::uint32_t entry_packer::dictionary_id() const {
    const auto dict = current();
    return dict ? dict->id : 0;
}

std::string entry_packer::dictionary_bytes() const {
    const auto dict = current();
    return dict ? dict->bytes : std::string{};
}

std::string entry_packer::pack(std::string_view encoded) {
    std::shared_ptr<const dictionary> dict;
    std::string to_train;
    std::vector<std::size_t> sizes;
    {
        std::lock_guard lock(mutex_);
        dict = dictionary_;
        if (!dict && collecting_) {
            samples_.append(encoded);
            sample_sizes_.push_back(encoded.size());
            if (sample_sizes_.size() >= samples_wanted || samples_.size() >= samples_bytes_limit) {
                to_train = std::move(samples_);
                sizes = std::move(sample_sizes_);
                samples_.clear();
                sample_sizes_.clear();
                collecting_ = false;  // one try a run
            }
        }
    }
    ZSTD_CCtx* cctx = thread_cctx();
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, pack_level);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    if (dict) ZSTD_CCtx_refCDict(cctx, dict->cdict);
    std::string frame(ZSTD_compressBound(encoded.size()), '\0');
    const std::size_t size = ZSTD_compress2(cctx, frame.data(), frame.size(), encoded.data(), encoded.size());
    if (ZSTD_isError(size) != 0U)
        throw cache_error(std::string("zstd cannot pack an entry: ") + ZSTD_getErrorName(size));
    frame.resize(size);
    if (!sizes.empty()) train(to_train, sizes);  // after this entry: it is packed either way
    return frame;
}

void entry_packer::train(const std::string& samples, const std::vector<std::size_t>& sizes) {
    // fastCover with fixed parameters rather than ZDICT_trainFromBuffer's
    // search over them: on 128 entries of 23 KB, 16 ms and no memory beyond
    // the samples, against 84 ms and 11 MB, for entries 4 % larger.
    ZDICT_fastCover_params_t params{};
    params.k = 1024;  // segment size
    params.d = 8;     // dmer size
    params.f = 16;    // log2 of the frequency table's entries (256 KB)
    params.accel = 1;
    params.splitPoint = 1.0;  // train on every sample (no held-out part: nothing is tuned)
    params.zParams.compressionLevel = pack_level;
    std::string bytes(dictionary_capacity, '\0');
    const std::size_t size = ZDICT_trainFromBuffer_fastCover(bytes.data(), bytes.size(), samples.data(), sizes.data(),
                                                             static_cast<unsigned>(sizes.size()), params);
    // Too few or too alike samples: the entries stay packed without one.
    if (ZDICT_isError(size) != 0U) return;
    bytes.resize(size);
    auto made = dictionary::make(bytes);
    if (!made) return;
    std::lock_guard lock(mutex_);
    dictionary_ = std::move(made);
    trained_ = std::move(bytes);
}

std::optional<std::string> entry_packer::take_trained_dictionary() {
    std::lock_guard lock(mutex_);
    auto taken = std::move(trained_);
    trained_.reset();
    return taken;
}

std::string entry_packer::unpack(std::string_view frame) const {
    if (ZSTD_findFrameCompressedSize(frame.data(), frame.size()) != frame.size())
        throw cache_error("not one whole zstd frame");
    const unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (declared == ZSTD_CONTENTSIZE_UNKNOWN || declared == ZSTD_CONTENTSIZE_ERROR)
        throw cache_error("a frame without its size");
    if (declared > max_encoded_result) throw cache_error("a frame larger than any file's results can be");
    const unsigned wanted_dictionary = ZSTD_getDictID_fromFrame(frame.data(), frame.size());
    const auto dict = current();
    if (wanted_dictionary != 0 && (!dict || dict->id != wanted_dictionary))
        throw cache_error("packed with a dictionary this cache does not hold");
    std::string encoded(static_cast<std::size_t>(declared), '\0');
    ZSTD_DCtx* dctx = thread_dctx();
    const std::size_t size =
        wanted_dictionary != 0
            ? ZSTD_decompress_usingDDict(dctx, encoded.data(), encoded.size(), frame.data(), frame.size(), dict->ddict)
            : ZSTD_decompressDCtx(dctx, encoded.data(), encoded.size(), frame.data(), frame.size());
    if (ZSTD_isError(size) != 0U) throw cache_error(std::string("a damaged frame (") + ZSTD_getErrorName(size) + ")");
    if (size != encoded.size()) throw cache_error("a frame shorter than it says");
    return encoded;
}

}  // namespace appraise
