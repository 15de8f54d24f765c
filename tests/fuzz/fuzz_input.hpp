// Shared by the fuzz harnesses: the rubrics a fuzzed study or rubric is
// appraised with, loaded once per process, and the studies a fuzzed rubric is
// evaluated over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "appraise/model/rubric_registry.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise::fuzz {

// The bundled plugins and rubric files of this build.
[[nodiscard]] const rubric_registry& bundled_registry();

// Each of them created with its default options.
[[nodiscard]] const std::vector<std::unique_ptr<sdk::rubric>>& bundled_rubrics();

// The example corpus, loaded once: a fuzzed rubric is evaluated over every study.
[[nodiscard]] const std::vector<sdk::study>& example_studies();

// An invariant of the code under test: abort (a crash the fuzzer keeps) when false.
inline void require(bool holds) {
    if (!holds) __builtin_trap();
}

[[nodiscard]] inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace appraise::fuzz
