// Differential fuzzing of the study format's fast path against toml++: when
// the fast path handles an input, the reference path must parse it too and
// give the same tree (keys, order, types, values, every location) and the
// same dates. Not handled is always allowed.
#include <cstdio>

#include "../support/node_difference.hpp"
#include "appraise/input/study_fast_parser.hpp"
#include "appraise/input/toml_reader.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace appraise;
    const std::string_view text = fuzz::as_text(data, size);
    const auto fast = parse_study_fast(text, "fuzz.toml");
    if (!fast) return 0;
    const toml_document reference = parse_toml_reference(text, "fuzz.toml");
    if (!reference.root) {
        std::fprintf(stderr, "fast path accepted what toml++ refuses: %s\n",
                     reference.problems.empty() ? "?" : reference.problems.front().message.c_str());
        fuzz::require(false);
    }
    const std::string difference = testing::node_difference(fast->root, *reference.root);
    const std::string dates = testing::dates_difference(fast->dates, reference.dates);
    if (!difference.empty() || !dates.empty())
        std::fprintf(stderr, "fast / toml++: %s%s\n", difference.c_str(), dates.c_str());
    fuzz::require(difference.empty() && dates.empty());
    return 0;
}
