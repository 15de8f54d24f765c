// What crosses the socket between the host and an isolated plugin worker
// (isolated_rubric.hpp): a study one way, the rubric's reply the other. The
// encoding is private to one build (both ends are the same executable after
// fork), so it is plain length-prefixed binary with no versioning; the host
// still checks every length, because a dying worker may send half a reply.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise::wire {

// A message that does not decode: truncated, or lengths that do not fit.
class wire_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What the worker answers for one study.
struct worker_reply {
    enum class outcome { appraised, threw, threw_unknown };
    outcome result = outcome::appraised;
    std::vector<sdk::appraisal> appraisals;  // outcome::appraised
    std::string message;                     // outcome::threw: the exception's what()
    std::string written;                     // what the plugin wrote to stdout meanwhile (the start of it)
    std::uint64_t written_total = 0;         // how many bytes it wrote
};

[[nodiscard]] std::string encode_study(const sdk::study& study);
[[nodiscard]] sdk::study decode_study(std::string_view bytes);

[[nodiscard]] std::string encode_reply(const worker_reply& reply);
[[nodiscard]] worker_reply decode_reply(std::string_view bytes);

}  // namespace appraise::wire
