// A lossless binary form of one file's results (file_result), for the run
// cache and for shard files. Private to one build of appraise: whoever reads
// it checks the build's identity first (run_identity.hpp). Every length and
// count is checked against what is left, so bytes from a damaged or foreign
// file are refused (cache_error), never trusted.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "appraise/model/study_result.hpp"

namespace appraise {

class cache_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The most bytes one encoded file_result may take: a study file is at most
// 8 MiB, and its results are a few times that at most.
inline constexpr std::size_t max_encoded_result = std::size_t{256} << 20;

[[nodiscard]] std::string encode_file_result(const file_result& result);
// Throws cache_error on anything that does not decode exactly.
[[nodiscard]] file_result decode_file_result(std::string_view bytes);

}  // namespace appraise
