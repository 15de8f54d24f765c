// How a cache entry is stored: the encoded result (result_codec.hpp)
// compressed as one zstd frame, with a dictionary trained on the first
// entries of the run that began the cache for its identity.
//
// Why: an entry is 20-25 KB with every rubric (more than the study file it is
// kept for, almost as much as its JSON report), nearly all of it the same
// ids, answer words, rationales and messages in every study. zstd alone takes
// it to about a quarter; a dictionary trained on 128 entries (64 KiB, 16 ms,
// once) to about a thirteenth, at about 1.5 GB/s to pack and 4.5 GB/s to
// unpack, so a cache of a million studies is about 2.6 GB (with its rows and
// index) instead of 24, and a warm run reads a thirteenth of the bytes.
// Entries packed before the dictionary exists are packed without one and
// stay readable.
//
// The frames come from the cache file, which is untrusted: exactly one frame,
// its declared size at most max_encoded_result, its dictionary the one this
// packer holds (by id), and its checksum right, or cache_error. A dictionary
// read from the file is refused unless it is a zstd dictionary of at most
// max_dictionary_size bytes with an id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace appraise {

class entry_packer {
public:
    // The dictionary is trained on this many entries (or fewer, once their
    // bytes reach samples_bytes_limit), and is at most dictionary_capacity bytes.
    static constexpr std::size_t samples_wanted = 128;
    static constexpr std::size_t samples_bytes_limit = std::size_t{8} << 20;
    static constexpr std::size_t dictionary_capacity = std::size_t{64} << 10;
    static constexpr std::size_t max_dictionary_size = std::size_t{1} << 20;

    // Without a dictionary: pack() collects samples and trains one.
    entry_packer();
    entry_packer(const entry_packer&) = delete;
    entry_packer& operator=(const entry_packer&) = delete;
    entry_packer(entry_packer&&) = delete;
    entry_packer& operator=(entry_packer&&) = delete;
    ~entry_packer();

    // Takes a dictionary kept in the cache (untrusted bytes); false when it
    // is refused (and the packer is as it was). Call before any pack().
    bool use_dictionary(std::string_view bytes);

    // One entry's frame (thread-safe). While there is no dictionary, the
    // entry is packed without one and kept as a sample; the call that
    // completes the samples trains the dictionary, which the following calls use.
    [[nodiscard]] std::string pack(std::string_view encoded);
    // The encoded result back; throws cache_error on any frame it cannot
    // take as described above. Thread-safe.
    [[nodiscard]] std::string unpack(std::string_view frame) const;

    // The dictionary trained by this packer, once, for the cache to keep
    // (nullopt: none, or already taken).
    [[nodiscard]] std::optional<std::string> take_trained_dictionary();
    // The id of the dictionary in use (0: none), and its bytes (empty: none).
    [[nodiscard]] std::uint32_t dictionary_id() const;
    [[nodiscard]] std::string dictionary_bytes() const;

private:
    struct dictionary;
    [[nodiscard]] std::shared_ptr<const dictionary> current() const;
    void train(const std::string& samples, const std::vector<std::size_t>& sizes);

    mutable std::mutex mutex_;
    std::shared_ptr<const dictionary> dictionary_;
    std::string samples_;  // the samples end to end, as the trainer takes them
    std::vector<std::size_t> sample_sizes_;
    bool collecting_ = true;  // until a dictionary is in use or training was tried
    std::optional<std::string> trained_;
};

}  // namespace appraise
